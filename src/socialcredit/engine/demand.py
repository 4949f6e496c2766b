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
counted). The day's draws and counts are one compiled call, drawing numpy's numbers from the
demand stream's state (`engine.pcg`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.decisions import EFFECT_CODE
from socialcredit.domain.effects import Effect
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.compiled import compiled
from socialcredit.engine.pcg import U64, States, check_range, fill_integers, poisson
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
        check_range(len(groups))
        self._states = States([rng])
        members = [np.flatnonzero(groups == g) for g in range(tally.groups)]
        self._members = np.concatenate([np.zeros(0, np.int64), *members])
        self._starts = np.cumsum([0, *(len(m) for m in members)], dtype=np.int64)
        self._services = tally.effects.shape[0]
        # The draws in the plan's order: per service the scenario gives demand and group, the
        # attempts' mean (members × daily rate), where there is any to draw.
        slots = [
            (len(m) * daily, g, demand.service)
            for demand in plan.services
            for g, (m, daily) in enumerate(zip(members, demand.daily, strict=True))
            if daily > 0 and len(m)
        ]
        self._lam = np.array([float(lam) for lam, _, _ in slots], dtype=np.float64)
        self._group = np.array([g for _, g, _ in slots], dtype=np.int64)
        self._service = np.array([svc for _, _, svc in slots], dtype=np.int64)

    def count(self, pairs: I64, log: StoryLog | None = None) -> F64:
        """The day's counts, per series of `COUNTS` and service (in that order, flattened),
        given each citizen's (observed, true) standing pair; the refused and restricted
        attempts also go to `log` when the run keeps stories.

        The attempts are drawn service by service and group by group, in the plan's order, and
        judged as they are drawn, in one compiled call."""
        out = np.zeros((len(COUNTS), self._services), dtype=np.float64)
        if not len(self._lam):
            return out.reshape(-1)
        tally = self.tally
        who, service, ends = _attempts(
            self._states.rows,
            self._lam,
            self._group,
            self._service,
            self._members,
            self._starts,
            tally.effects,
            tally.states,
            pairs,
            out,
        )
        if log is not None and len(who):
            obs = tally.effects[service, pairs[who] // tally.states]
            true = tally.effects[service, pairs[who] % tally.states]
            start = 0
            for end in ends:
                hurt = start + np.flatnonzero(obs[start:end] >= RESTRICTED)
                svc = int(service[start])
                start = end
                log.add("attempt", who[hurt], service=svc, effect=obs[hurt], effect_true=true[hurt])
        return out.reshape(-1)


@compiled
def _attempts(
    rows: U64,
    lam: F64,
    group: I64,
    service: I64,
    members: I64,
    starts: I64,
    effects: npt.NDArray[np.int8],
    states: int,
    pairs: I64,
    out: F64,
) -> tuple[I64, I64, I64]:
    """The day's attempts, slot after slot (the count, then who, from the one stream), those
    of services the policy has counted into `out`; returns them (citizens and services) and
    where each slot's attempts end."""
    who = np.empty(0, dtype=np.int64)
    svc = np.empty(0, dtype=np.int64)
    ends = np.empty(len(lam), dtype=np.int64)
    slots = 0
    for i in range(len(lam)):
        n = poisson(rows, 0, lam[i])
        lo, hi = starts[group[i]], starts[group[i] + 1]
        at = np.empty(n, dtype=np.int64)
        fill_integers(rows, 0, hi - lo, at)
        s = service[i]
        if s < 0 or n == 0:
            continue
        at += lo
        for j in range(n):
            at[j] = members[at[j]]
            pair = pairs[at[j]]
            obs, true = effects[s, pair // states], effects[s, pair % states]
            out[0, s] += 1.0
            if obs == DENY:
                out[1, s] += 1.0
                if true != DENY:
                    out[3, s] += 1.0
            elif obs == RESTRICTED:
                out[2, s] += 1.0
                if true < RESTRICTED:
                    out[4, s] += 1.0
        who = np.concatenate((who, at))
        svc = np.concatenate((svc, np.full(n, s, dtype=np.int64)))
        ends[slots] = len(who)
        slots += 1
    return who, svc, ends[:slots]
