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
    """Per-citizen multipliers of good and bad acts for one day, with their upper bounds."""

    good: F32 | None
    bad: F32 | None
    good_max: float = 1.0
    bad_max: float = 1.0


def respond(
    model: Model,
    shard: Shard,
    score: npt.NDArray[np.int32],
    black_listed: npt.NDArray[np.bool_],
) -> Responses:
    """Multipliers from yesterday's standing; none at all when the behaviour model is off."""
    r = model.scenario.behaviour
    if r.off:
        return Responses(None, None)
    base = model.policy.base_score
    good = np.ones(shard.n, dtype=np.float32)
    bad = np.ones(shard.n, dtype=np.float32)
    if r.pride:
        good[score > base] *= np.float32(1.0 + r.pride)
    if r.shame:
        bad[score < base] *= np.float32(1.0 - r.shame)
    published = model.policy.lists.black.publish.value != "none"
    strength = r.publicity if published else 1.0
    if r.deterrence:
        deterred = black_listed & ~shard.gives_up
        bad[deterred] *= np.float32(max(0.0, 1.0 - r.deterrence * strength))
    gu = r.give_up
    if gu.share:
        quit_ = black_listed & shard.gives_up
        good[quit_] *= np.float32(max(0.0, 1.0 - (1.0 - gu.good_multiplier) * strength))
        bad[quit_] *= np.float32(max(0.0, 1.0 + (gu.bad_multiplier - 1.0) * strength))
    return Responses(good, bad, float(good.max(initial=1.0)), float(bad.max(initial=1.0)))


def sample_acts(model: Model, shard: Shard, responses: Responses, rng: np.random.Generator) -> Acts:
    groups = model.scenario.population.groups
    good_mult = np.array([g.good_rate_multiplier for g in groups], dtype=np.float32)
    bad_mult = np.array([g.bad_rate_multiplier for g in groups], dtype=np.float32)
    citizens: list[npt.NDArray[np.int64]] = []
    behaviours: list[npt.NDArray[np.int32]] = []
    goods: list[npt.NDArray[np.bool_]] = []
    for s, stream in enumerate(model.streams):
        group_mult = good_mult if stream.good else bad_mult
        resp = responses.good if stream.good else responses.bad
        resp_max = responses.good_max if stream.good else responses.bad_max
        bound = stream.daily_rate * shard.propensity_max[s] * float(group_mult.max()) * resp_max
        if bound <= 0 or shard.n == 0:
            continue
        k = rng.poisson(shard.n * bound)
        cand = rng.integers(0, shard.n, size=k)
        rate = stream.daily_rate * shard.propensity[s, cand] * group_mult[shard.group[cand]]
        if resp is not None:
            rate = rate * resp[cand]
        who = cand[rng.random(k) < rate / bound]
        which = np.searchsorted(np.cumsum(stream.weights), rng.random(len(who)), side="right")
        which = np.minimum(which, len(stream.behaviours) - 1)
        citizens.append(who)
        behaviours.append(stream.behaviours[which])
        goods.append(np.full(len(who), stream.good))
    if not citizens:
        return Acts(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.bool_))
    return Acts(np.concatenate(citizens), np.concatenate(behaviours), np.concatenate(goods))
