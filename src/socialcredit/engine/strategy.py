"""Strategic effort compiled against the policy, and how a citizen chooses.

What a unit of each way (improve, game, hide, withdraw; `domain.strategy`) is worth to a
citizen is the observed points it moves a year, at the policy's points, the chance an act is
recorded (`engine.responses.recorded_chance`) and the room a cap leaves, each entry weighted by
the share of the horizon it lasts, and at the citizen's own propensities. The accounting counts
the same points unweighted: what the observed ledger books. Each citizen's costs are the
group's times a lognormal factor of their own, drawn once from the `strategy` stream; they
spend the budget on the ways with the most points per unit of effort, the best first, each up
to its full extent (the optimum of the linear effort model: Kleinberg and Raghavan, 2019).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue.terms import STRATEGY_PARTS
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.strategy import WAYS
from socialcredit.engine.responses import recorded_chance
from socialcredit.engine.world import ActStream

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

IMPROVE, GAME, HIDE, WITHDRAW = range(len(WAYS))
PARTS = STRATEGY_PARTS
"""The parts of the rise of booked points, in the order of `WAYS`."""
IMPROVED, GAMED, HIDDEN, WITHDRAWN = range(len(PARTS))


@dataclass(frozen=True)
class StrategyPlan:
    """What each citizen needs to choose and what each act is worth; None in a model where
    strategic effort is off."""

    budget: float
    cost: F64
    """(group, way): the cost of one unit, before a citizen's own factor (inf: out of reach)."""
    spread: float
    improve_share: float
    game_lift: float
    gain: F64
    """(consent, group, stream, way): observed points a year that one unit of the way moves,
    per unit of the citizen's propensity for the stream."""
    booked: F64
    """(consent, group, world behaviour): the expected points one act books in the observed
    ledger: the chance it is recorded times its points and, for a capped behaviour, the chance
    the cap still has room (`_under_cap`). What the accounting counts."""
    booked_hidden: F64
    """The same for an act hidden at full effort."""
    gameable: Mask
    """Per world behaviour: can be done for show."""
    withdrawable: Mask
    """Per world behaviour: its category is one a citizen can stay away from."""


def _points(policy: Policy, scenario: PopulationScenario) -> F64:
    """Per world behaviour: its points under the policy (0 where the policy does not name it)."""
    index = policy.behaviour_index
    return np.array(
        [policy.behaviour(c).points if c in index else 0 for c in scenario.population.behaviours],
        dtype=np.float64,
    )


def _horizon(policy: Policy, scenario: PopulationScenario, horizon: int) -> F64:
    """Per world behaviour: the share of the horizon an entry of it lasts (1 where the policy
    does not name it: it books nothing anyway)."""
    out = np.ones(len(scenario.population.behaviours), dtype=np.float64)
    for i, code in enumerate(scenario.population.behaviours):
        if code in policy.behaviour_index:
            out[i] = min(policy.behaviour(code).expires_after_days, horizon) / horizon
    return out


def _under_cap(policy: Policy, scenario: PopulationScenario, rates: F64, chance: F64) -> F64:
    """(consent, group, world behaviour): the chance that one more recorded act of a capped
    behaviour still books its points, for an average citizen of the group: that fewer than the
    cap's `max` others were recorded in its period, `P(N < max)` for `N` Poisson with the
    recorded acts of a period as its mean (the derivative of `E[min(N, max)]` in the mean);
    1 for a behaviour without a cap."""
    out = np.ones_like(chance)
    yearly = rates.sum(axis=1)  # (group, behaviour): acts a year, every stream together
    for i, code in enumerate(scenario.population.behaviours):
        cap = policy.behaviour(code).cap if code in policy.behaviour_index else None
        if cap is None:
            continue
        mean = yearly[None, :, i] * cap.period_days / 365.0 * chance[:, :, i]
        term = np.exp(-mean)
        below = term.copy()
        for j in range(1, cap.max):
            term = term * mean / j
            below = below + term
        out[:, :, i] = below
    return out


def _rates(streams: tuple[ActStream, ...], groups: int, behaviours: int) -> F64:
    """(group, stream, world behaviour): acts a year of an average citizen (propensity 1)."""
    out = np.zeros((groups, len(streams), behaviours), dtype=np.float64)
    for s, stream in enumerate(streams):
        shares = np.diff(stream.cumulative, axis=1, prepend=0.0)
        per_year = stream.daily_rate * 365.0 * stream.group_rate
        out[:, s, stream.behaviours] = per_year[:, None] * shares
    return out


def strategy_plan(
    policy: Policy, scenario: PopulationScenario, streams: tuple[ActStream, ...]
) -> StrategyPlan | None:
    strategy = scenario.strategy
    if strategy is None or strategy.off:
        return None
    pop = scenario.population
    codes = list(pop.behaviours)
    rates = _rates(streams, len(pop.groups), len(codes))
    chance = recorded_chance(policy, scenario)
    room = _under_cap(policy, scenario, rates, chance)
    booked = chance * room * _points(policy, scenario)
    booked_hidden = (
        recorded_chance(policy, scenario, hidden=True) * room * _points(policy, scenario)
    )
    # What an act is worth to a citizen: its booked points, each entry weighted by the share
    # of the citizen's horizon it lasts.
    horizon = _horizon(policy, scenario, strategy.horizon_days)
    value, value_hidden = booked * horizon, booked_hidden * horizon
    good = np.array([pop.behaviours[c].good for c in codes], dtype=np.bool_)
    gameable = np.isin(codes, strategy.gameable)
    withdrawable = np.array([pop.behaviours[c].category in strategy.withdrawable for c in codes])
    gain = np.zeros((2, len(pop.groups), len(streams), len(WAYS)), dtype=np.float64)
    # Rates (group, stream, behaviour) against values (consent, group, behaviour).
    per_act = rates[None, :, :, :] * value[:, :, None, :]
    hidden = rates[None, :, :, :] * (value_hidden - value)[:, :, None, :]
    gain[..., IMPROVE] = strategy.improve_share * np.where(good, per_act, -per_act).sum(axis=-1)
    gain[..., GAME] = strategy.game_lift * np.where(gameable, per_act, 0.0).sum(axis=-1)
    gain[..., HIDE] = np.where(good, 0.0, hidden).sum(axis=-1)
    gain[..., WITHDRAW] = -np.where(withdrawable, per_act, 0.0).sum(axis=-1)
    cost = np.array(
        [[strategy.cost(way, g.name) for way in WAYS] for g in pop.groups], dtype=np.float64
    )
    return StrategyPlan(
        budget=strategy.budget,
        cost=cost,
        spread=strategy.spread,
        improve_share=strategy.improve_share,
        game_lift=strategy.game_lift,
        gain=gain,
        booked=booked,
        booked_hidden=booked_hidden,
        gameable=gameable,
        withdrawable=withdrawable,
    )


def choose(gain: F64, cost: F64, budget: float) -> tuple[F64, F64]:
    """Each citizen's effort in each way (citizen, way), between 0 and 1, and the budget each
    spends there: the ways with the most points per unit of effort first, each to its full
    extent while the budget lasts; a way that moves no points up gets none."""
    n = len(gain)
    ratio = np.where(np.isfinite(cost), gain / cost, 0.0)
    order = np.argsort(-ratio, axis=1, kind="stable")
    effort = np.zeros((n, len(WAYS)), dtype=np.float64)
    spent = np.zeros((n, len(WAYS)), dtype=np.float64)
    left = np.full(n, budget, dtype=np.float64)
    rows = np.arange(n)
    for rank in range(len(WAYS)):
        way = order[:, rank]
        worth = ratio[rows, way] > 0.0
        c = cost[rows, way]
        with np.errstate(divide="ignore", invalid="ignore"):
            e = np.where(worth, np.minimum(1.0, left / c), 0.0)
        effort[rows, way] = e
        spent[rows, way] = e * np.where(worth, c, 0.0)
        left = np.maximum(0.0, left - spent[rows, way])
    return effort, spent
