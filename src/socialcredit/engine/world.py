"""The scenario's world compiled: the act streams people's conduct is drawn from, and how a
policy names the world's behaviours.

Both come from the scenario alone, except the policy's numbering of the behaviours it names:
every policy meets the same streams, numbered in the world's order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.drivers import largest_multiplier

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ActStream:
    """Acts of one category and kind (good or harmful): how often, and which behaviour they are.
    Built from the scenario's world alone, so every policy meets the same streams."""

    category: str
    good: bool
    daily_rate: float
    """Acts per average citizen per day, all behaviours of the stream together."""
    behaviours: I32
    """World behaviour numbers of the stream's acts."""
    group_rate: F64
    """Per group: the stream's rate against `daily_rate`, from the behaviours' `by_group`
    multipliers and the group's good or bad multiplier."""
    cumulative: F64
    """(group, behaviour): cumulative shares of the behaviours within each group, ending at 1."""

    @property
    def name(self) -> str:
        return f"{self.category}:{'good' if self.good else 'bad'}"


@dataclass(frozen=True)
class World:
    """The scenario's behaviours, numbered in its order, and how the policy names them."""

    codes: tuple[str, ...]
    good: Mask
    """Per world behaviour: good in truth (else harmful)."""
    declared: I32
    """Per world behaviour: its number in the policy, or -1 where the policy does not name
    it (its acts happen, and nothing can see them)."""


def act_streams(scenario: PopulationScenario) -> tuple[ActStream, ...]:
    """One stream per category and kind the world's behaviours have, in the order their
    categories first appear, good before harmful."""
    pop = scenario.population
    codes = list(pop.behaviours)
    # A driven behaviour is drawn at its largest rate over the run and thinned day by day.
    top = {code: largest_multiplier(scenario, code) for code in codes}
    categories = dict.fromkeys(b.category for b in pop.behaviours.values())
    group_mult = {
        True: np.array([g.good_rate_multiplier for g in pop.groups], dtype=np.float64),
        False: np.array([g.bad_rate_multiplier for g in pop.groups], dtype=np.float64),
    }
    streams: list[ActStream] = []
    for cat in categories:
        for good in (True, False):
            members = [
                i
                for i, code in enumerate(codes)
                if pop.behaviours[code].category == cat and pop.behaviours[code].good == good
            ]
            per_year = np.array(
                [pop.behaviours[codes[i]].per_year * top[codes[i]] for i in members]
            )
            if per_year.sum() <= 0:
                continue
            # (group, behaviour) rates: each behaviour's by_group multiplier, 1 by default.
            rates = np.array(
                [
                    [
                        r * pop.behaviours[codes[i]].by_group.get(g.name, 1.0)
                        for i, r in zip(members, per_year, strict=True)
                    ]
                    for g in pop.groups
                ]
            )
            totals = rates.sum(axis=1)
            cumulative = np.cumsum(rates / np.where(totals > 0, totals, 1.0)[:, None], axis=1)
            cumulative[:, -1] = 1.0
            streams.append(
                ActStream(
                    category=cat,
                    good=good,
                    daily_rate=float(per_year.sum()) / 365.0,
                    behaviours=np.array(members, dtype=np.int32),
                    group_rate=totals / per_year.sum() * group_mult[good],
                    cumulative=cumulative,
                )
            )
    return tuple(streams)


def world_of(policy: Policy, scenario: PopulationScenario) -> World:
    behaviours = scenario.population.behaviours
    index = policy.behaviour_index
    return World(
        codes=tuple(behaviours),
        good=np.array([b.good for b in behaviours.values()], dtype=np.bool_),
        declared=np.array([index.get(code, -1) for code in behaviours], dtype=np.int32),
    )
