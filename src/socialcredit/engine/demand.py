"""Service demand: citizens try to use services, and the lab counts the attempts refused.

Published figures count refused attempts (flight and rail tickets blocked), not days of a state.
Each citizen tries each service at the scenario's rate (times the group's multiplier), whatever
their standing: an attempt on a day the observed standing denies the service is refused, on a
day it restricts the service is restricted, and it is wrongly so where the true standing would
not deny it (or would admit the citizen freely). Attempts are independent of standing: a refused
citizen does not give up trying, and nobody tries more for being privileged.

Each day, for each service the scenario gives demand and each group, the number of attempts is
Poisson with mean (citizens of the group) × (daily rate), and each attempt falls on a member
drawn uniformly: the same distribution as every citizen's own Poisson attempts, at a cost of the
day's attempts rather than the population. The draws depend on the scenario alone (its demand,
in its order, and the group sizes), never on the policy: the same citizens try the same
services on the same days under every rulebook, so differences between policies are paired
(common random numbers), also for a policy that lacks a service (its draws are made and not
counted).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.decisions import EFFECT_CODE
from socialcredit.domain.effects import Effect
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.storylog import StoryLog
from socialcredit.engine.tally import Tally

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

DENY = int(EFFECT_CODE[Effect.DENY])
RESTRICTED = int(EFFECT_CODE[Effect.RESTRICTED])
COUNTS = (
    "attempts",
    "attempts_refused",
    "attempts_restricted",
    "attempts_wrongly_refused",
    "attempts_wrongly_restricted",
)
"""The series of each service, in the catalogue's order."""


@dataclass(frozen=True)
class ServiceDemandPlan:
    service: int
    """The service's index in the policy, or -1 where the policy lacks it."""
    daily: F64
    """Per group: attempts per citizen per day."""


@dataclass(frozen=True)
class DemandPlan:
    services: tuple[ServiceDemandPlan, ...] = ()
    """In the scenario's order."""


def demand_plan(policy: Policy, scenario: PopulationScenario) -> DemandPlan:
    """Attempts per citizen per day, by service the scenario gives demand (in its order) and
    group. Demand for a service the policy does not have is drawn and not counted: a town's
    travel is the same under any rulebook, and a rulebook without flights refuses none."""
    groups = scenario.population.groups
    services = list(policy.services)
    return DemandPlan(
        tuple(
            ServiceDemandPlan(
                services.index(name) if name in services else -1,
                np.array(
                    [demand.per_year * demand.by_group.get(g.name, 1.0) / 365.0 for g in groups],
                    dtype=np.float64,
                ),
            )
            for name, demand in scenario.population.demand.items()
        )
    )


def demand_columns(services: tuple[str, ...]) -> list[str]:
    return [f"{kind}.{s}" for kind in COUNTS for s in services]


class Demand:
    """A shard's attempts, day by day."""

    def __init__(
        self,
        plan: DemandPlan,
        tally: Tally,
        groups: npt.NDArray[np.int8],
        rng: np.random.Generator,
    ) -> None:
        self.plan = plan
        self.tally = tally
        self.rng = rng
        self._members = [np.flatnonzero(groups == g) for g in range(tally.groups)]
        self._services = tally.effects.shape[0]

    def count(self, pairs: I64, log: StoryLog | None = None) -> F64:
        """The day's counts, per series of `COUNTS` and service (in that order, flattened),
        given each citizen's (observed, true) standing pair; the refused and restricted
        attempts also go to `log` when the run keeps stories.

        The attempts of every service and group are drawn first, in the plan's order, then
        judged together."""
        out = np.zeros((len(COUNTS), self._services), dtype=np.float64)
        states = self.tally.states
        attempts: list[I64] = []
        services: list[int] = []
        for demand in self.plan.services:
            for members, daily in zip(self._members, demand.daily, strict=True):
                if daily <= 0 or not len(members):
                    continue
                n = self.rng.poisson(len(members) * daily)
                who = members[self.rng.integers(0, len(members), size=n)]
                if demand.service < 0 or not n:
                    continue
                attempts.append(who)
                services.append(demand.service)
        if not attempts:
            return out.reshape(-1)
        sizes = [len(who) for who in attempts]
        who = np.concatenate(attempts)
        service = np.repeat(np.array(services, dtype=np.int64), sizes)
        pair = pairs[who]
        effects = self.tally.effects
        obs = effects[service, pair // states]
        true = effects[service, pair % states]
        refused, restricted = obs == DENY, obs == RESTRICTED
        width = self._services
        out[0] = np.bincount(service, minlength=width)
        out[1] = np.bincount(service, weights=refused, minlength=width)
        out[2] = np.bincount(service, weights=restricted, minlength=width)
        out[3] = np.bincount(service, weights=refused & (true != DENY), minlength=width)
        out[4] = np.bincount(service, weights=restricted & (true < RESTRICTED), minlength=width)
        if log is not None:
            start = 0
            for size, svc in zip(sizes, services, strict=True):
                end = start + size
                hurt = start + np.flatnonzero(obs[start:end] >= RESTRICTED)
                log.add("attempt", who[hurt], service=svc, effect=obs[hurt], effect_true=true[hurt])
                start = end
        return out.reshape(-1)
