"""One shard's citizens' strategic effort (`engine.strategy`), and the accounting of it.

The accounting is in expected booked points, per group: of every act the world drew, whether
the citizen's twin without any scoring would have done it (the same candidate and draw, at the
multiplier 1: common random numbers make the twin's acts a subset of the candidates), and what
each act that differs would book (its chance of being recorded times its points, and for a
capped behaviour the chance the cap has room, for an average citizen of the group). So the rise
of booked points against no scoring splits into improvement (true conduct changed, by responses
or by effort), gaming (gamed deeds), hiding (bad acts kept from sight; linear in the effort
between none and full, exact for one source) and withdrawal (activity given up). Expiry within
the run and false records are left out of the split; docs/strategy.md checks it against
observed scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socialcredit.domain.strategy import WAYS
from socialcredit.engine.population import Population
from socialcredit.engine.strategy import (
    GAME,
    HIDE,
    IMPROVE,
    PARTS,
    WITHDRAW,
    StrategyPlan,
    choose,
)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass
class StrategyTally:
    """Per group over the run: booked points by part, acts withdrawn, gamed deeds."""

    groups: int
    points: F64 = field(init=False)
    """(part, group): expected observed points against the twin without scoring."""
    withdrawn_good: F64 = field(init=False)
    withdrawn_bad: F64 = field(init=False)
    gamed: F64 = field(init=False)

    def __post_init__(self) -> None:
        self.points = np.zeros((len(PARTS), self.groups), dtype=np.float64)
        self.withdrawn_good = np.zeros(self.groups, dtype=np.float64)
        self.withdrawn_bad = np.zeros(self.groups, dtype=np.float64)
        self.gamed = np.zeros(self.groups, dtype=np.float64)

    def add(self, part: int, group: npt.NDArray[np.int8], values: F64) -> None:
        self.points[part] += np.bincount(group, weights=values, minlength=self.groups)

    def count(self, into: F64, group: npt.NDArray[np.int8]) -> None:
        into += np.bincount(group, minlength=self.groups)


class Strategist:
    """One shard's citizens' choices, and the tally of what they did."""

    def __init__(
        self, plan: StrategyPlan, population: Population, rng: np.random.Generator, rows: I64
    ) -> None:
        self.plan = plan
        pop = population
        groups = plan.cost.shape[0]
        consent = pop.consent.astype(np.int64)
        group = pop.group.astype(np.int64)
        # (citizen, way): each citizen's points a year per unit, at their own propensities,
        # one consent and group at a time (a (citizen, stream, way) table would be large).
        gain = np.zeros((pop.n, len(WAYS)), dtype=np.float64)
        propensities = pop.propensities[rows]
        for k in range(2):
            for g in range(groups):
                who = np.flatnonzero((consent == k) & (group == g))
                if len(who):
                    gain[who] = propensities[:, who].T.astype(np.float64) @ plan.gain[k, g]
        spread = plan.spread
        factor = np.exp(spread * rng.standard_normal((pop.n, len(WAYS))) - spread**2 / 2.0)
        cost = plan.cost[group] * factor
        effort, spent = choose(gain, cost, plan.budget)
        self.effort = effort
        self.spent = spent
        self.improve = effort[:, IMPROVE].astype(np.float32)
        self.game = effort[:, GAME].astype(np.float32)
        self.hide = effort[:, HIDE].astype(np.float32)
        self.withdraw = effort[:, WITHDRAW].astype(np.float32)
        # Per citizen, the multiplier of their acts of each class of stream (row: good + 2 ×
        # withdrawable): improving cuts bad acts and adds good ones, withdrawing cuts both where
        # the category is withdrawable. And the withdrawing part alone (row: withdrawable).
        lift = np.float32(plan.improve_share) * self.improve
        away = np.float32(1.0) - self.withdraw
        self.multiplier = np.concatenate(
            [1 - lift, 1 + lift, (1 - lift) * away, (1 + lift) * away]
        ).astype(np.float32)
        self.away = np.concatenate([np.ones(pop.n, np.float32), away])
        self.tally = StrategyTally(groups)
        self.withdraws = bool(self.withdraw.any())
        self.hides = bool(self.hide.any())
        self._group = pop.group
        # Each citizen's row of the flattened (consent, group, behaviour) tables of values.
        width = plan.booked.shape[2]
        self._row = (consent * groups + group) * width
        self._booked = plan.booked.ravel()
        self._hidden = (plan.booked_hidden - plan.booked).ravel()

    @property
    def booked_rows(self) -> tuple[F64, I64]:
        """What `booked` reads: the (consent, group, behaviour) table flattened, and each
        citizen's row of it."""
        return self._booked, self._row

    def booked(self, citizens: I64, behaviours: npt.NDArray[np.int32]) -> F64:
        """The expected points each act books in the observed ledger (world behaviours)."""
        out: F64 = self._booked[self._row[citizens] + behaviours]
        return out

    def hidden_value(self, citizens: I64, behaviours: npt.NDArray[np.int32]) -> F64:
        """What hiding spares each act in expected booked points, at the citizen's effort
        (linear between none and full)."""
        out: F64 = self.hide[citizens] * self._hidden[self._row[citizens] + behaviours]
        return out

    def totals(self, group_names: tuple[str, ...], days: int) -> dict[str, float]:
        """The run totals `strategy.*` of this shard (sums over its citizens), overall and
        per group."""
        t = self.tally
        years = days / 365.0
        in_group = [self._group == gi for gi in range(len(group_names))]
        per_group: dict[str, list[float]] = {
            "strategy.citizen_years": [float(m.sum()) * years for m in in_group],
            **{f"strategy.points_{part}": list(t.points[pi]) for pi, part in enumerate(PARTS)},
            "strategy.withdrawn_good": list(t.withdrawn_good),
            "strategy.withdrawn_bad": list(t.withdrawn_bad),
            "strategy.gamed_deeds": list(t.gamed),
            **{
                f"strategy.effort_{way}": [float(self.spent[m, wi].sum()) * years for m in in_group]
                for wi, way in enumerate(WAYS)
            },
        }
        out: dict[str, float] = {}
        for name, values in per_group.items():
            out[name] = float(sum(values))
            for g, value in zip(group_names, values, strict=True):
                out[f"{name}.{g}"] = float(value)
        return out
