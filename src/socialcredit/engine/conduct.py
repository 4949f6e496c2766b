"""What citizens truly do each day, and how they respond to the system.

Acts of each stream (a category of the world's behaviours, good or harmful) arrive as a Poisson
process per citizen whose rate is the stream's base rate times the citizen's propensity, the
group's rate and the response multiplier. It is sampled by thinning: candidates at a bounding
rate, each kept with probability rate/bound, so the work grows with the number of acts, not the
number of citizens.

The world alone sets the draws. Each stream draws from its own generator at a bound that comes
from the scenario's rates, never from the policy or the responses, and makes its acceptance and
behaviour draws for every candidate before any is kept. So:
- with responses off, the acts are the same under any two policies, whatever behaviours they
  count and whatever their points (the behaviours are the world's, numbered in its order);
- a response multiplier under 1 (deterrence, shame, giving up good deeds) thins the same
  candidates harder, and one over 1 (pride, giving up into worse conduct) adds acts from a
  second generator per stream (`conduct:<category>:<kind>:more`), drawn at the excess the
  scenario's responses can reach; a citizen whose multiplier is 1 keeps exactly the acts they
  would do with responses off, and a response setting changes nobody else's acts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.drivers import DriverPlan
from socialcredit.engine.model import ConductPlan
from socialcredit.engine.population import Population
from socialcredit.engine.responses import ResponsePlan
from socialcredit.engine.streams import Streams
from socialcredit.engine.world import ActStream

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
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

    def good(self, who: I64) -> F32:
        p = self.plan
        mult = np.ones(len(who), dtype=np.float32)
        if p.private_pride:
            mult[self.score[who] > p.base_score] *= np.float32(1.0 + p.private_pride)
        if p.published_pride:
            mult[self.red_since[who] >= 0] *= np.float32(1.0 + p.published_pride)
        if p.quit_good != 1.0:
            mult[self.given_up(who)] *= np.float32(p.quit_good)
        return mult

    def bad(self, who: I64, behaviour: npt.NDArray[np.int32] | None) -> F32:
        """Bad multipliers of candidates `who` of world behaviours `behaviour` (None where the
        plan deters nothing)."""
        p, pop = self.plan, self.population
        mult = np.ones(len(who), dtype=np.float32)
        if p.private_shame:
            mult[self.score[who] < p.base_score] *= np.float32(1.0 - p.private_shame)
        listed = self.black_since[who] >= 0
        quit_ = self.given_up(who)
        if p.published_shame:
            mult[listed & ~quit_] *= np.float32(1.0 - p.published_shame)
        if p.quit_bad != 1.0:
            mult[quit_] *= np.float32(p.quit_bad)
        if p.deterrence is not None and behaviour is not None:
            consent = pop.consent[who].astype(np.int64)
            mult *= p.deterrence[consent, pop.group[who].astype(np.int64), behaviour]
        return mult


class Conduct:
    """The acts of one shard's citizens, day by day."""

    def __init__(
        self,
        plan: ConductPlan,
        population: Population,
        streams: Streams,
        good: Mask,
        drivers: DriverPlan | None = None,
    ) -> None:
        self.plan = plan
        self.population = population
        self._drivers = drivers
        """Dated drivers: a driven behaviour is drawn at its largest rate over the run and kept
        at the day's year's share of it, by the candidate's own acceptance draw."""
        self._driven = [
            drivers is not None and bool((drivers.keep[:, s.behaviours] != 1.0).any())
            for s in plan.streams
        ]
        self._good = good
        """Per world behaviour: good in truth."""
        self._rngs = [streams(f"conduct:{s.name}") for s in plan.streams]
        self._more_rngs = [streams(f"conduct:{s.name}:more") for s in plan.streams]
        self._bounds = [
            s.daily_rate * population.propensity_max[s.name] * float(s.group_rate.max())
            for s in plan.streams
        ]
        # Where every group has the stream's rate and shares (no group multiplier, no
        # behaviour's `by_group`), a candidate's rate is its propensity times one number.
        self._scale = [
            s.daily_rate * float(s.group_rate[0]) if _alike(s.group_rate) else None
            for s in plan.streams
        ]
        self._group_rate = [s.group_rate.astype(np.float32) for s in plan.streams]
        self._same_shares = [_alike(s.cumulative) for s in plan.streams]

    def sample(
        self,
        score: npt.NDArray[np.int32],
        black_since: npt.NDArray[np.int32],
        red_since: npt.NDArray[np.int32],
        day: int,
    ) -> Acts:
        """Today's acts, given the observed scores and lists (the day each listing began, -1
        when not listed) at the end of yesterday."""
        plan, pop = self.plan, self.population
        responses = None
        if not plan.responses.off:
            responses = ResponseMultipliers(plan.responses, pop, score, black_since, red_since, day)
        deters = plan.responses.deterrence is not None
        keep = self._drivers.keep_today(day).astype(np.float32) if self._drivers else None
        citizens: list[I64] = []
        behaviours: list[npt.NDArray[np.int32]] = []
        parts = zip(plan.streams, self._rngs, self._more_rngs, self._bounds, strict=True)
        for s, (stream, rng, more_rng, bound) in enumerate(parts):
            if bound <= 0 or pop.n == 0:
                continue
            excess = plan.responses.good_excess if stream.good else plan.responses.bad_excess
            draws = [(rng, bound, False)]
            if responses is not None and excess > 0:
                draws.append((more_rng, bound * excess, True))
            for generator, at, extra in draws:
                cand, accept, pick = _candidates(generator, pop.n, at)
                rate = self._rate(s, stream, cand)
                # Deterrence differs by behaviour: each candidate's behaviour is then picked
                # before keeping (from the same draw, so the kept acts' behaviours are alike).
                which = None
                if (responses is not None and deters and not stream.good) or self._driven[s]:
                    which = self._which(s, stream, cand, pick)
                if self._driven[s] and keep is not None and which is not None:
                    # The year's share of the largest rate, through the same acceptance draw,
                    # so a driven act is kept or not alike under every policy and response.
                    rate = rate * keep[which]
                if responses is not None:
                    mult = responses.good(cand) if stream.good else responses.bad(cand, which)
                    # The world's acts thinned where the multiplier is under 1; the extra acts
                    # where it is over 1, at the excess.
                    rate = rate * (np.maximum(mult - 1.0, 0.0) if extra else np.minimum(mult, 1.0))
                kept = accept * at < rate
                citizens.append(cand[kept])
                if which is None:
                    behaviours.append(self._which(s, stream, cand[kept], pick[kept]))
                else:
                    behaviours.append(which[kept])
        if not citizens:
            return Acts(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.bool_))
        behaviour = np.concatenate(behaviours)
        return Acts(np.concatenate(citizens), behaviour, self._good[behaviour])

    def _rate(self, s: int, stream: ActStream, cand: I64) -> F32:
        """Each candidate's rate of the stream's acts with no response."""
        pop = self.population
        propensity = pop.propensity[stream.name][cand]
        scale = self._scale[s]
        if scale is not None:
            same: F32 = propensity * np.float32(scale)
            return same
        rate: F32 = (
            propensity * np.float32(stream.daily_rate) * self._group_rate[s][pop.group[cand]]
        )
        return rate

    def _which(self, s: int, stream: ActStream, who: I64, pick: F64) -> npt.NDArray[np.int32]:
        """The behaviour of each kept act: its group's shares of the stream's behaviours."""
        cumulative = stream.cumulative
        if len(stream.behaviours) == 1:
            return np.full(len(who), stream.behaviours[0], dtype=np.int32)
        if self._same_shares[s]:
            which = np.searchsorted(cumulative[0], pick, side="right")
        else:
            row = self.population.group[who].astype(np.int64)
            # Within a row the shares rise from 0 to 1: offset each row past the one before.
            flat = (cumulative + np.arange(len(cumulative))[:, None]).ravel()
            which = np.searchsorted(flat, pick + row, side="right") - row * cumulative.shape[1]
        which = np.minimum(which, len(stream.behaviours) - 1)
        return stream.behaviours[which]


def _alike(rows: npt.NDArray[np.float64]) -> bool:
    """Whether every group's row is the first's."""
    return bool((rows == rows[0]).all())


def _candidates(rng: np.random.Generator, n: int, bound: float) -> tuple[I64, F64, F64]:
    """Candidates at `bound` per citizen per day, with an acceptance and a behaviour draw each
    (all drawn before any is kept, so the draws never depend on what is kept)."""
    k = rng.poisson(n * bound)
    cand = rng.integers(0, n, size=k)
    return cand, rng.random(k), rng.random(k)
