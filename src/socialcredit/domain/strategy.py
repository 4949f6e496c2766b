"""Strategic effort: what citizens do about being scored, beyond responding (a scenario's
`strategy`; docs/strategy.md gives the model, its sources and the checks with known answers).

Each citizen has an effort budget a year and four ways to spend it, each with a cost per unit
(one unit: the way taken to its full extent):
- **improve**: fewer true bad acts and more true good acts (what a scheme intends);
- **game**: visible good deeds done for their points (the `gameable` behaviours), which the
  observed ledger books and true conduct does not count;
- **hide**: the same bad acts where fewer sources look, so fewer are recorded;
- **withdraw**: less of everything in the `withdrawable` categories (posting, dating), which
  records fewer bad acts and costs the legitimate activity given up.

A citizen spends the budget on the ways with the most observed points per unit of effort, the
best first (the linear effort model of Kleinberg and Raghavan, 2019). A budget of 0 (or no
`strategy` at all) is the model without strategic effort, draw for draw.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from socialcredit.domain.catalogue.terms import STRATEGY_WAYS
from socialcredit.domain.documents import Strict
from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.responses import Plausible
from socialcredit.domain.rulebook import Code

WAYS = STRATEGY_WAYS
"""The ways to spend effort, in the order every array of them keeps."""

Cost = Annotated[float, Field(gt=0.0, allow_inf_nan=True)]
"""Effort for one unit of a way; infinite (through the API: a document holds no infinite
number) puts the way out of reach."""


class Costs(Strict):
    """Effort for one unit of each way (the way at its full extent), in budget units; in
    `by_group`, multipliers of those costs for one group (1 where not given)."""

    improve: Cost = 1.0
    game: Cost = 1.0
    hide: Cost = 1.0
    withdraw: Cost = 1.0

    def of(self, way: str) -> float:
        return float(getattr(self, way))


class Strategy(Strict):
    """How citizens spend effort on their scores. Off with a budget of 0."""

    budget: Annotated[float, Field(ge=0.0, le=10.0)] = 0.0
    """Effort per citizen, in units of the costs below: a budget of 1 takes one way of cost 1
    to its full extent."""
    horizon_days: Annotated[int, Field(ge=1, le=3650)] = 365
    """How far ahead citizens look: an entry's points count for the share of the horizon they
    last (points that expire after 30 days weigh 30/365 of lasting ones at 365)."""
    costs: Costs = Field(default_factory=Costs)
    spread: Annotated[float, Field(ge=0.0, le=3.0)] = 0.5
    """How citizens' costs differ: each citizen's cost of each way is the group's times a
    lognormal factor of mean 1 with this log standard deviation."""
    improve_share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """At full improving effort: bad acts fall by this share and good acts rise by it."""
    game_lift: Annotated[float, Field(ge=0.0, le=10.0)] = 1.0
    """At full gaming effort: gamed deeds of each gameable behaviour, as a multiple of its own
    rate."""
    gameable: list[Code] = Field(default_factory=list)
    """Good behaviours of the world that can be done for show (logged volunteering, approved
    purchases, donations that carry points)."""
    withdrawable: list[Code] = Field(default_factory=list)
    """Categories of the world a citizen can stay away from (social media, dating)."""
    by_group: dict[str, Costs] = Field(default_factory=dict)
    """Keyed by group: multipliers of the costs."""
    ranges: dict[str, Plausible] = Field(default_factory=dict)
    """Keyed by a parameter's path under `strategy` (`budget`, `costs.game`): its plausible
    range and source."""

    @model_validator(mode="after")
    def _ranges_hold_their_values(self) -> Strategy:
        for key, plausible in self.ranges.items():
            if key not in RANGEABLE:
                raise ScenarioError(
                    f"{key!r} cannot carry a range; these can: {', '.join(RANGEABLE)}",
                    field=f"strategy.ranges.{key}",
                )
            value = strategy_value(self, key)
            if not plausible.low <= value <= plausible.high:
                raise ScenarioError(
                    f"strategy.{key} is {value:g}, outside its plausible range "
                    f"[{plausible.low:g}, {plausible.high:g}]",
                    field=f"strategy.ranges.{key}",
                )
        return self

    @property
    def off(self) -> bool:
        return self.budget == 0.0

    def cost(self, way: str, group: str) -> float:
        """The cost of one unit of `way` for a citizen of `group`, before their own factor."""
        by_group = self.by_group.get(group)
        return self.costs.of(way) * (1.0 if by_group is None else by_group.of(way))


RANGEABLE = (
    "budget",
    "horizon_days",
    "spread",
    "improve_share",
    "game_lift",
    *(f"costs.{way}" for way in WAYS),
)
"""The parameters that may carry a plausible range in the scenario (an experiment may vary
these and any other field of the block, `by_group` among them)."""


def strategy_value(strategy: Strategy, key: str) -> float:
    """The value of the parameter at `key` (a path under `strategy`)."""
    if key.startswith("costs."):
        return strategy.costs.of(key.removeprefix("costs."))
    return float(getattr(strategy, key))
