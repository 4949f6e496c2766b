"""The compiled thinning as `Conduct` calls it: what the pass reads besides the day's
candidates (the streams' tables, the responses' factors, the population, citizens' efforts), and
what it gives back (`Thinned`). The pass itself is `thinning.thin`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socialcredit.engine.candidates import Candidates
from socialcredit.engine.drivers import DriverPlan
from socialcredit.engine.population import Population
from socialcredit.engine.responses import ResponsePlan
from socialcredit.engine.thinning import Standing, StreamTables, thin

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

NO_KEEP = np.ones(1, dtype=np.float32)
_NO_DETERRENCE = np.ones((1, 1, 1), dtype=np.float32)
_NO_CLASS = np.zeros(1, dtype=np.int64)
_NO_EFFORT = np.ones((1, 8), dtype=np.float32)


@dataclass(frozen=True)
class Effort:
    """Citizens' strategic effort as the pass reads it (`engine.strategist`)."""

    stream_class: I64
    """Per stream: its row of `multiplier` (good + 2 × withdrawable)."""
    multiplier: F32
    """(class, citizen), flattened: the multiplier of their acts of each class of stream."""
    withdraws: bool
    away: F32
    """(withdrawable or not, citizen), flattened: the share of acts a citizen still does."""
    by_citizen: F32 = field(init=False)
    """The same values a citizen at a time, (citizen, place): the four classes' multipliers,
    then the two shares, side by side in memory (padded to 8), so that the pass reads a
    candidate's effort from one place."""

    def __post_init__(self) -> None:
        n = len(self.away) // 2
        table = np.ones((n, 8), dtype=np.float32)
        table[:, :4] = self.multiplier.reshape(4, n).T
        table[:, 4:6] = self.away.reshape(2, n).T
        object.__setattr__(self, "by_citizen", table)


@dataclass
class Thinned:
    """What the pass gives: the acts, and where citizens spend effort the acts that differ from
    the twin's without scoring (changed: +1 kept where the twin's was not, -1 the other way;
    gone: withdrawn)."""

    citizen: I64
    behaviour: I32
    changed_citizen: I64
    changed_behaviour: I32
    changed_sign: F64
    gone_citizen: I64
    gone_behaviour: I32

    def cut(self, kept: int, changed: int, gone: int) -> Thinned:
        """Each list cut to what the pass filled."""
        return Thinned(
            self.citizen[:kept],
            self.behaviour[:kept],
            self.changed_citizen[:changed],
            self.changed_behaviour[:changed],
            self.changed_sign[:changed],
            self.gone_citizen[:gone],
            self.gone_behaviour[:gone],
        )


@dataclass
class Thinning:
    """The compiled pass with what it reads besides the day's candidates: the streams' tables,
    the responses' factors (each as the array rule multiplies with it) and the population."""

    tables: StreamTables
    good_stream: npt.NDArray[np.bool_]
    responses: ResponsePlan
    population: Population
    drivers: DriverPlan | None
    effort: Effort | None = None
    """Where citizens spend effort on their scores: their multipliers (None: nobody does)."""
    factors: F32 = field(init=False)
    """1 + private pride, 1 + published pride, the good's giving-up factor, 1 - private shame,
    1 - published shame, the bad's giving-up factor (each 1 where off)."""
    give_up_chance: F64 = field(init=False)
    """The chance of having given up after each number of days listed, as
    `ResponseMultipliers.given_up` works it out (grown as the days pass)."""

    def __post_init__(self) -> None:
        p, one = self.responses, np.float32(1.0)
        self.factors = np.array(
            [
                np.float32(1.0 + p.private_pride) if p.private_pride else one,
                np.float32(1.0 + p.published_pride) if p.published_pride else one,
                np.float32(p.quit_good) if p.quit_good != 1.0 else one,
                np.float32(1.0 - p.private_shame) if p.private_shame else one,
                np.float32(1.0 - p.published_shame) if p.published_shame else one,
                np.float32(p.quit_bad) if p.quit_bad != 1.0 else one,
            ],
            dtype=np.float32,
        )
        self.give_up_chance = np.zeros(0, dtype=np.float64)

    def kept(self, drawn: Candidates, standing: Standing, day: int) -> Thinned:
        """The day's acts, in candidate order, and where citizens spend effort the acts that
        differ from the twin's without scoring."""
        p, pop, t = self.responses, self.population, self.tables
        quitting = p.quit_good != 1.0 or p.quit_bad != 1.0 or bool(p.published_shame)
        quitting = quitting and p.give_up_daily != 0.0
        if quitting and len(self.give_up_chance) <= day:
            self.give_up_chance = -np.expm1(-p.give_up_daily * np.arange(2 * day + 2))
        cand = drawn.cand
        keep = NO_KEEP if self.drivers is None else self.drivers.keep_today(day).astype(np.float32)
        effort = self.effort
        size, sized = len(cand), len(cand) if effort is not None else 0
        gone = sized if effort is not None and effort.withdraws else 0
        out = Thinned(
            np.empty(size, dtype=np.int64),
            np.empty(size, dtype=np.int32),
            np.empty(sized, dtype=np.int64),
            np.empty(sized, dtype=np.int32),
            np.empty(sized, dtype=np.float64),
            np.empty(gone, dtype=np.int64),
            np.empty(gone, dtype=np.int32),
        )
        counts = thin(
            drawn.kind,
            drawn.extra,
            drawn.bound,
            drawn.ends,
            cand,
            drawn.accept,
            drawn.pick,
            t.row,
            t.factor,
            t.varied,
            t.group_rate,
            t.driven,
            t.pick_kind,
            t.behaviours,
            t.width,
            t.cumulative,
            t.length,
            self.good_stream,
            keep,
            pop.propensities,
            pop.group,
            pop.consent,
            pop.give_up_draw,
            *standing,
            day,
            not p.off,
            p.base_score,
            self.factors,
            quitting,
            self.give_up_chance,
            p.deterrence is not None,
            _NO_DETERRENCE if p.deterrence is None else p.deterrence,
            effort is not None,
            _NO_CLASS if effort is None else effort.stream_class,
            _NO_EFFORT if effort is None else effort.by_citizen,
            effort is not None and effort.withdraws,
            out.citizen,
            out.behaviour,
            out.changed_citizen,
            out.changed_behaviour,
            out.changed_sign,
            out.gone_citizen,
            out.gone_behaviour,
        )
        return out.cut(*counts)
