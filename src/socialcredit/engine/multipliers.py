"""How yesterday's standing scales a candidate's acts today: the responses' multipliers of
good and bad acts (pride, shame, giving up, deterrence), worked out for the candidates the
sampler draws, not for everyone: the array rule of `engine.conduct`, the reference its compiled
pass (`engine.thinning`) is held to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.population import Population
from socialcredit.engine.responses import ResponsePlan

F32 = npt.NDArray[np.float32]
Mask = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ResponseMultipliers:
    """Yesterday's standing, from which each candidate's good and bad multipliers are worked out
    (only for the candidates the sampler draws, not for everyone)."""

    plan: ResponsePlan
    population: Population
    score: npt.NDArray[np.int32]
    black_since: npt.NDArray[np.int32]
    """Per citizen: the day their black listing began, -1 when not listed."""
    red_since: npt.NDArray[np.int32]
    day: int

    def given_up(self, who: I64) -> Mask:
        """Whether each listed citizen has given up by now: their draw falls below the chance
        of giving up over the days they have been listed."""
        daily = self.plan.give_up_daily
        since = self.black_since[who]
        if daily == 0.0:
            return np.zeros(len(who), dtype=np.bool_)
        days = np.maximum(self.day - since, 0)
        chance = -np.expm1(-daily * days)
        quit_: Mask = (since >= 0) & (self.population.give_up_draw[who] < chance)
        return quit_

    def multipliers(self, who: I64, good: Mask, behaviour: npt.NDArray[np.int32] | None) -> F32:
        """The multipliers of candidates `who` whose acts are good or not (`good`), of world
        behaviours `behaviour` (None where the plan deters nothing). Each factor is applied in
        the same order to every candidate of its kind, so a candidate's multiplier does not
        depend on which others are worked out with it."""
        p = self.plan
        bad = ~good
        mult = np.ones(len(who), dtype=np.float32)
        score = self.score[who]
        quitting = p.quit_good != 1.0 or p.quit_bad != 1.0 or p.published_shame
        quit_ = self.given_up(who) if quitting else np.zeros(len(who), dtype=np.bool_)
        if p.private_pride:
            mult[good & (score > p.base_score)] *= np.float32(1.0 + p.private_pride)
        if p.published_pride:
            mult[good & (self.red_since[who] >= 0)] *= np.float32(1.0 + p.published_pride)
        if p.quit_good != 1.0:
            mult[good & quit_] *= np.float32(p.quit_good)
        if p.private_shame:
            mult[bad & (score < p.base_score)] *= np.float32(1.0 - p.private_shame)
        if p.published_shame:
            listed = self.black_since[who] >= 0
            mult[bad & listed & ~quit_] *= np.float32(1.0 - p.published_shame)
        if p.quit_bad != 1.0:
            mult[bad & quit_] *= np.float32(p.quit_bad)
        if p.deterrence is not None and behaviour is not None and bad.any():
            pop, harm = self.population, who[bad]
            consent = pop.consent[harm].astype(np.int64)
            mult[bad] *= p.deterrence[consent, pop.group[harm].astype(np.int64), behaviour[bad]]
        return mult
