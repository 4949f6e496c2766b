"""What citizens truly do each day, and how they respond to the system.

Acts of each stream (a category, good or bad) arrive as a Poisson process per citizen whose rate is
the stream's base rate times the citizen's propensity, group multiplier and response multiplier.
It is sampled by thinning: candidates at the bounding rate, each kept with probability rate/bound,
so the work grows with the number of acts, not the number of citizens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.simulation.model import Model
from socialcredit.simulation.population import Shard

F32 = npt.NDArray[np.float32]


@dataclass
class Acts:
    citizen: npt.NDArray[np.int64]
    behaviour: npt.NDArray[np.int32]
    good: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Responses:
    """How yesterday's standing scales each citizen's good and bad acts today.

    Multipliers are worked out only for the candidates the sampler draws, not for everyone, and
    `good_max` / `bad_max` bound them so that thinning stays exact.
    """

    score: npt.NDArray[np.int32]
    black_listed: npt.NDArray[np.bool_]
    gives_up: npt.NDArray[np.bool_]
    base: int
    pride: float = 0.0
    shame: float = 0.0
    deterred: float = 1.0
    """Multiplier of bad acts for listed citizens who do not give up."""
    quit_good: float = 1.0
    quit_bad: float = 1.0
    off: bool = True

    @property
    def good_max(self) -> float:
        return max(1.0, 1.0 + self.pride, self.quit_good * (1.0 + self.pride))

    @property
    def bad_max(self) -> float:
        return max(1.0, self.quit_bad)

    def good(self, who: npt.NDArray[np.int64]) -> F32:
        mult = np.ones(len(who), dtype=np.float32)
        if self.pride:
            mult[self.score[who] > self.base] *= np.float32(1.0 + self.pride)
        if self.quit_good != 1.0:
            mult[self.black_listed[who] & self.gives_up[who]] *= np.float32(self.quit_good)
        return mult

    def bad(self, who: npt.NDArray[np.int64]) -> F32:
        mult = np.ones(len(who), dtype=np.float32)
        if self.shame:
            mult[self.score[who] < self.base] *= np.float32(1.0 - self.shame)
        listed = self.black_listed[who]
        if self.deterred != 1.0:
            mult[listed & ~self.gives_up[who]] *= np.float32(self.deterred)
        if self.quit_bad != 1.0:
            mult[listed & self.gives_up[who]] *= np.float32(self.quit_bad)
        return mult


def respond(
    model: Model,
    shard: Shard,
    score: npt.NDArray[np.int32],
    black_listed: npt.NDArray[np.bool_],
) -> Responses:
    """The day's responses to yesterday's standing; all multipliers 1 when the model is off."""
    r = model.scenario.behaviour
    base = model.policy.base_score
    if r.off:
        return Responses(score, black_listed, shard.gives_up, base)
    published = model.policy.lists.black.publish.value != "none"
    strength = r.publicity if published else 1.0
    gu = r.give_up
    return Responses(
        score,
        black_listed,
        shard.gives_up,
        base,
        pride=r.pride,
        shame=r.shame,
        deterred=max(0.0, 1.0 - r.deterrence * strength),
        quit_good=max(0.0, 1.0 - (1.0 - gu.good_multiplier) * strength) if gu.share else 1.0,
        quit_bad=max(0.0, 1.0 + (gu.bad_multiplier - 1.0) * strength) if gu.share else 1.0,
        off=False,
    )


def sample_acts(model: Model, shard: Shard, responses: Responses, rng: np.random.Generator) -> Acts:
    groups = model.scenario.population.groups
    good_mult = np.array([g.good_rate_multiplier for g in groups], dtype=np.float32)
    bad_mult = np.array([g.bad_rate_multiplier for g in groups], dtype=np.float32)
    citizens: list[npt.NDArray[np.int64]] = []
    behaviours: list[npt.NDArray[np.int32]] = []
    goods: list[npt.NDArray[np.bool_]] = []
    for s, stream in enumerate(model.streams):
        group_mult = good_mult if stream.good else bad_mult
        resp_max = responses.good_max if stream.good else responses.bad_max
        bound = stream.daily_rate * shard.propensity_max[s] * float(group_mult.max()) * resp_max
        if bound <= 0 or shard.n == 0:
            continue
        k = rng.poisson(shard.n * bound)
        cand = rng.integers(0, shard.n, size=k)
        rate = stream.daily_rate * shard.propensity[s, cand] * group_mult[shard.group[cand]]
        if not responses.off:
            rate = rate * (responses.good(cand) if stream.good else responses.bad(cand))
        who = cand[rng.random(k) < rate / bound]
        which = np.searchsorted(np.cumsum(stream.weights), rng.random(len(who)), side="right")
        which = np.minimum(which, len(stream.behaviours) - 1)
        citizens.append(who)
        behaviours.append(stream.behaviours[which])
        goods.append(np.full(len(who), stream.good))
    if not citizens:
        return Acts(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.bool_))
    return Acts(np.concatenate(citizens), np.concatenate(behaviours), np.concatenate(goods))
