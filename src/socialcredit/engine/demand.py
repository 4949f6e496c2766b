"""Service demand: citizens try to use services, and the lab counts the attempts refused.

Published figures count refused attempts (flight and rail tickets blocked), not days of a state.
Each citizen tries each service at the scenario's rate (times the group's multiplier), whatever
their standing: an attempt on a day the observed standing denies the service is refused, on a
day it restricts the service is restricted, and it is wrongly so where the true standing would
not deny (or restrict) it. Attempts are independent of standing: a refused citizen does not give
up trying, and nobody tries more for being privileged.

A day's attempts by citizens of one group, observed standing and true standing are Poisson with
mean (citizens in that cell) × (daily rate), drawn from the demand stream: the sum of the
citizens' own Poisson attempts, drawn at once. The cells come from the tally's histogram, so the
cost does not grow with the population.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.decisions import EFFECT_CODE
from socialcredit.domain.effects import Effect
from socialcredit.engine.tally import Tally

F64 = npt.NDArray[np.float64]

DENY = int(EFFECT_CODE[Effect.DENY])
RESTRICTED = int(EFFECT_CODE[Effect.RESTRICTED])
KINDS = ("attempts", "attempts_refused", "attempts_restricted")
WRONG = ("attempts_wrongly_refused", "attempts_wrongly_restricted")
COUNTS = (*KINDS, *WRONG)
"""The series of each service, in the catalogue's order."""


@dataclass(frozen=True)
class DemandPlan:
    daily: F64
    """(service, group): attempts per citizen per day; all zero without demand."""

    @property
    def any(self) -> bool:
        return bool(self.daily.any())


def demand_columns(services: tuple[str, ...]) -> list[str]:
    return [f"{kind}.{s}" for kind in COUNTS for s in services]


class Demand:
    """A shard's attempts, day by day."""

    def __init__(self, plan: DemandPlan, tally: Tally, rng: np.random.Generator) -> None:
        self.plan = plan
        self.rng = rng
        s = tally.states
        groups = tally.groups
        bins = np.arange(groups * s * s)
        self._group = bins // (s * s)
        obs, true = (bins // s) % s, bins % s
        # Per bin and service: the effect the observed and the true standing give.
        self._obs = tally.effects[:, obs]
        self._true = tally.effects[:, true]
        services = tally.effects.shape[0]
        self._rate = plan.daily[:, self._group] if services else np.zeros((0, len(bins)))

    def count(self, hist: npt.NDArray[np.int64]) -> F64:
        """The day's counts, per series of `COUNTS` and service (in that order, flattened)."""
        services = self._obs.shape[0]
        out = np.zeros((len(COUNTS), services), dtype=np.float64)
        occupied = np.flatnonzero(hist)
        if not self.plan.any or not len(occupied):
            return out.reshape(-1)
        mean = self._rate[:, occupied] * hist[occupied]
        attempts = self.rng.poisson(mean).astype(np.float64)
        obs, true = self._obs[:, occupied], self._true[:, occupied]
        refused = obs == DENY
        restricted = obs == RESTRICTED
        out[0] = attempts.sum(axis=1)
        out[1] = (attempts * refused).sum(axis=1)
        out[2] = (attempts * restricted).sum(axis=1)
        out[3] = (attempts * (refused & (true != DENY))).sum(axis=1)
        out[4] = (attempts * (restricted & (true < RESTRICTED))).sum(axis=1)
        return out.reshape(-1)
