"""What citizens truly do each day, and how they respond to the system.

Acts of each stream (a category, good or bad) arrive as a Poisson process per citizen whose rate is
the stream's base rate times the citizen's propensity, group multiplier and response multiplier.
It is sampled by thinning: candidates at a bounding rate, each kept with probability rate/bound,
so the work grows with the number of acts, not the number of citizens.

Each stream draws from its own generator, and every day it draws the same numbers whatever the
policy: the bound comes from the scenario alone, and the acceptance and behaviour draws are made
for every candidate before any is kept. So with behavioural responses off the acts are the same
under any two policies that declare the same behaviours; with responses on, the same candidates
and draws meet different acceptance chances, and the acts differ only where the responses do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.model import ConductPlan, ResponsePlan
from socialcredit.engine.population import Population
from socialcredit.engine.streams import Streams

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


@dataclass
class Acts:
    citizen: I64
    behaviour: npt.NDArray[np.int32]
    good: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ResponseMultipliers:
    """Yesterday's standing, from which each candidate's good and bad multipliers are worked out
    (only for the candidates the sampler draws, not for everyone)."""

    plan: ResponsePlan
    score: npt.NDArray[np.int32]
    black_listed: npt.NDArray[np.bool_]
    gives_up: npt.NDArray[np.bool_]

    def good(self, who: I64) -> F32:
        p = self.plan
        mult = np.ones(len(who), dtype=np.float32)
        if p.pride:
            mult[self.score[who] > p.base_score] *= np.float32(1.0 + p.pride)
        if p.quit_good != 1.0:
            mult[self.black_listed[who] & self.gives_up[who]] *= np.float32(p.quit_good)
        return mult

    def bad(self, who: I64) -> F32:
        p = self.plan
        mult = np.ones(len(who), dtype=np.float32)
        if p.shame:
            mult[self.score[who] < p.base_score] *= np.float32(1.0 - p.shame)
        listed = self.black_listed[who]
        if p.deterred != 1.0:
            mult[listed & ~self.gives_up[who]] *= np.float32(p.deterred)
        if p.quit_bad != 1.0:
            mult[listed & self.gives_up[who]] *= np.float32(p.quit_bad)
        return mult


class Conduct:
    """The acts of one shard's citizens, day by day."""

    def __init__(self, plan: ConductPlan, population: Population, streams: Streams) -> None:
        self.plan = plan
        self.population = population
        self._rngs = [streams(f"conduct:{s.name}") for s in plan.streams]
        responses = plan.responses
        group_good = float(plan.good_multiplier.max()) if len(plan.good_multiplier) else 1.0
        group_bad = float(plan.bad_multiplier.max()) if len(plan.bad_multiplier) else 1.0
        self._bounds = [
            s.daily_rate
            * population.propensity_max[s.name]
            * (group_good * responses.good_bound if s.good else group_bad * responses.bad_bound)
            for s in plan.streams
        ]

    def sample(self, score: npt.NDArray[np.int32], black_listed: npt.NDArray[np.bool_]) -> Acts:
        """Today's acts, given the observed scores and black list at the end of yesterday."""
        plan, pop = self.plan, self.population
        responses = None
        if not plan.responses.off:
            responses = ResponseMultipliers(plan.responses, score, black_listed, pop.gives_up)
        citizens: list[I64] = []
        behaviours: list[npt.NDArray[np.int32]] = []
        goods: list[npt.NDArray[np.bool_]] = []
        for stream, rng, bound in zip(plan.streams, self._rngs, self._bounds, strict=True):
            if bound <= 0 or pop.n == 0:
                continue
            k = rng.poisson(pop.n * bound)
            cand = rng.integers(0, pop.n, size=k)
            accept = rng.random(k)
            pick = rng.random(k)
            group_mult = plan.good_multiplier if stream.good else plan.bad_multiplier
            rate = (
                stream.daily_rate * pop.propensity[stream.name][cand] * group_mult[pop.group[cand]]
            )
            if responses is not None:
                rate = rate * (responses.good(cand) if stream.good else responses.bad(cand))
            kept = accept * bound < rate
            which = np.searchsorted(stream.cumulative, pick[kept], side="right")
            which = np.minimum(which, len(stream.behaviours) - 1)
            citizens.append(cand[kept])
            behaviours.append(stream.behaviours[which])
            goods.append(np.full(len(which), stream.good))
        if not citizens:
            return Acts(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.bool_))
        return Acts(np.concatenate(citizens), np.concatenate(behaviours), np.concatenate(goods))
