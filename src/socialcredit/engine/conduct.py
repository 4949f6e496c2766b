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
from typing import Literal

import numpy as np
import numpy.typing as npt

from socialcredit.engine.candidates import Candidates, Drawn, Parts, Shares, alike, candidates
from socialcredit.engine.drivers import DriverPlan
from socialcredit.engine.gaming import Gaming, lay_out
from socialcredit.engine.model import ConductPlan
from socialcredit.engine.multipliers import ResponseMultipliers
from socialcredit.engine.population import Population
from socialcredit.engine.strategist import Strategist
from socialcredit.engine.strategy import GAMED, HIDDEN, IMPROVED, WITHDRAWN
from socialcredit.engine.streams import Streams
from socialcredit.engine.thinner import NO_KEEP, Effort, Thinned, Thinning
from socialcredit.engine.thinning import Part, Standing, stream_tables

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


@dataclass
class Acts:
    citizen: I64
    behaviour: npt.NDArray[np.int32]
    good: npt.NDArray[np.bool_]


class Conduct:
    """The acts of one shard's citizens, day by day.

    Each stream draws its candidates from its own generators, one stream after another; from
    there on the day's candidates of every stream are worked on together, in one compiled pass
    (`engine.thinning`), or by the array rule (`compiled` False) that the tests hold the pass
    to. Every step is per candidate, so the acts are the same as if each stream were kept on
    its own."""

    def __init__(
        self,
        plan: ConductPlan,
        population: Population,
        streams: Streams,
        good: Mask,
        drivers: DriverPlan | None = None,
        strategist: Strategist | None = None,
    ) -> None:
        self.plan = plan
        self.population = population
        self._drivers = drivers
        self._strategist = strategist
        """Citizens' strategic effort (None: off, and the acts are as without it)."""
        self.gamed = _no_acts()
        """Today's gamed deeds: booked where seen, never true conduct (`engine.strategy`)."""
        """Dated drivers: a driven behaviour is drawn at its largest rate over the run and kept
        at the day's year's share of it, by the candidate's own acceptance draw."""
        kinds = plan.streams
        self._driven = np.array(
            [
                drivers is not None and bool((drivers.keep[:, s.behaviours] != 1.0).any())
                for s in kinds
            ],
            dtype=np.bool_,
        )
        self._good = good
        """Per world behaviour: good in truth."""
        self._rngs = [streams(f"conduct:{s.name}") for s in kinds]
        self._more_rngs = [streams(f"conduct:{s.name}:more") for s in kinds]
        self._bounds = [
            s.daily_rate * population.propensity_max[s.name] * float(s.group_rate.max())
            for s in kinds
        ]
        self._good_stream = np.array([s.good for s in kinds], dtype=np.bool_)
        self._propensity_row = np.array(
            [population.propensity_rows.index(s.name) for s in kinds], dtype=np.int64
        )
        # Where every group has the stream's rate and shares (no group multiplier, no
        # behaviour's `by_group`), a candidate's rate is its propensity times one number;
        # elsewhere its propensity times the stream's rate times its group's rate.
        uniform = np.array([alike(s.group_rate) for s in kinds], dtype=np.bool_)
        self._varied_rate = ~uniform
        self._factor = np.array(
            [
                np.float32(s.daily_rate * float(s.group_rate[0]) if same else s.daily_rate)
                for s, same in zip(kinds, uniform, strict=True)
            ],
            dtype=np.float32,
        )
        groups = max((len(s.group_rate) for s in kinds), default=1)
        self._group_rate = np.ones((len(kinds), groups), dtype=np.float32)
        for i, s in enumerate(kinds):
            self._group_rate[i, : len(s.group_rate)] = s.group_rate.astype(np.float32)
        self._shares = [Shares.of(s) for s in kinds]
        self.compiled = True
        """Draw the candidates in one compiled call and thin them in one compiled pass
        (`engine.thinning`); False: numpy's draws stream by stream and the array rule below,
        which the tests hold it to. Set before the first day: the compiled path takes the
        streams' generator states out on its first day."""
        self._parts: Parts | None = None
        self._gaming: Gaming | Literal[False] | None = None
        self._thinning = Thinning(
            stream_tables(
                self._propensity_row,
                self._factor,
                self._varied_rate,
                self._group_rate,
                self._driven,
                [(sh.behaviours, sh.cumulative, sh.flat, sh.width) for sh in self._shares],
            ),
            self._good_stream,
            plan.responses,
            population,
            drivers,
        )
        responses = plan.responses
        self._good_excess, self._bad_excess = responses.good_excess, responses.bad_excess
        if strategist is not None:
            # Improving raises good acts by up to its share: more extra acts to draw from.
            lift = 1.0 + strategist.plan.improve_share
            self._good_excess = (1.0 + responses.good_excess) * lift - 1.0
            gameable = strategist.plan.gameable
            self._gamed_rngs = {
                i: streams(f"conduct:{s.name}:gamed")
                for i, s in enumerate(kinds)
                if s.good and bool(gameable[s.behaviours].any())
            }
            self._gamers = np.flatnonzero(strategist.game > 0)
            withdrawable = strategist.plan.withdrawable
            # Per stream: its row of the strategist's multipliers (good + 2 × withdrawable).
            self._strategy_class = np.array(
                [int(s.good) + 2 * int(withdrawable[s.behaviours].any()) for s in kinds],
                dtype=np.int64,
            )
            self._thinning.effort = Effort(
                self._strategy_class, strategist.multiplier, strategist.withdraws, strategist.away
            )

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
        strategist = self._strategist
        live = not plan.responses.off
        moved = live or strategist is not None
        # The draws, stream by stream: the world's candidates at its bound, then the extra
        # ones at the excess that responses (and improving) can reach, then the gamed deeds.
        # The compiled path draws the same numbers for every stream in one call (`_candidates`,
        # `engine.gaming`).
        parts: list[Part] = []
        gamed: list[Part] = []
        for s, stream in enumerate([] if self.compiled else plan.streams):
            bound = self._bounds[s]
            if bound <= 0 or pop.n == 0:
                continue
            parts.append((s, False, bound, *candidates(self._rngs[s], pop.n, bound)))
            excess = self._good_excess if stream.good else self._bad_excess
            if moved and excess > 0:
                at = bound * excess
                parts.append((s, True, at, *candidates(self._more_rngs[s], pop.n, at)))
            if strategist is not None and s in self._gamed_rngs and len(self._gamers):
                # Only citizens who game can do gamed deeds: candidates among them alone.
                at = bound * strategist.plan.game_lift
                who, accept, pick = candidates(self._gamed_rngs[s], len(self._gamers), at)
                gamed.append((s, True, at, self._gamers[who], accept, pick))
        if strategist is not None and not self.compiled:
            self.gamed = self._gamed(gamed, day) if gamed else _no_acts()
        elif strategist is not None:
            self.gamed = self._gamed_compiled(day)
        if not self.compiled:
            if not parts:
                return _no_acts()
            acts = self._by_arrays(parts, (score, black_since, red_since), day)
        else:
            drawn = self._candidates()
            if drawn is None:
                return _no_acts()
            thinned = self._thinning.kept(drawn, (score, black_since, red_since), day)
            if strategist is not None:
                self._booked_against_twin(thinned)
            acts = Acts(thinned.citizen, thinned.behaviour, self._good[thinned.behaviour])
        if strategist is not None and strategist.hides:
            hid = np.flatnonzero(~acts.good & (strategist.hide[acts.citizen] > 0))
            who = acts.citizen[hid]
            hidden = strategist.hidden_value(who, acts.behaviour[hid])
            strategist.tally.add(HIDDEN, pop.group[who], hidden)
        return acts

    def _gamed_compiled(self, day: int) -> Acts:
        """Today's gamed deeds by the compiled pass (`engine.gaming`), booked as `_gamed`
        books them; the gamed streams are laid out on the first day."""
        strategist, pop = self._strategist, self.population
        assert strategist is not None
        if self._gaming is None:
            bounds = self._bounds if pop.n else [0.0] * len(self._bounds)
            tables = self._thinning.tables
            self._gaming = lay_out(bounds, self._gamed_rngs, self._gamers, tables, strategist)
        if self._gaming is False:
            return _no_acts()
        keep = NO_KEEP if self._drivers is None else self._drivers.keep_today(day)
        deeds = self._gaming.deeds(pop.propensities, pop.group, keep.astype(np.float32))
        deeds.book(strategist.tally)
        return Acts(deeds.citizen, deeds.behaviour, self._good[deeds.behaviour])

    def _candidates(self) -> Candidates | None:
        """The day's candidates of every stream (None: none drawn), in the compiled path's one
        call; the parts are laid out, and the generators' states taken out, on the first day."""
        if self._parts is None:
            pop = self.population
            moved = not self.plan.responses.off or self._strategist is not None
            excess = [
                (self._good_excess if s.good else self._bad_excess) if moved else 0.0
                for s in self.plan.streams
            ]
            bounds = self._bounds if pop.n else [0.0] * len(self._bounds)
            self._parts = Parts.of(bounds, excess, self._rngs, self._more_rngs, pop.n)
        return self._parts.draw()

    def _booked_against_twin(self, thinned: Thinned) -> None:
        """The compiled pass's acts that differ from the twin's without scoring, booked as
        `_account` books them: the withdrawn first, then those kept or not otherwise."""
        strategist = self._strategist
        assert strategist is not None
        tally, group = strategist.tally, self.population.group
        if strategist.withdraws:
            who, w = thinned.gone_citizen, thinned.gone_behaviour
            g = group[who]
            tally.add(WITHDRAWN, g, -strategist.booked(who, w))
            good = self._good[w]
            tally.count(tally.withdrawn_good, g[good])
            tally.count(tally.withdrawn_bad, g[~good])
        who, w = thinned.changed_citizen, thinned.changed_behaviour
        tally.add(IMPROVED, group[who], thinned.changed_sign * strategist.booked(who, w))

    def _by_arrays(self, parts: list[Part], standing: Standing, day: int) -> Acts:
        """The day's acts of `parts` by the array rule: the candidates' rates, the responses'
        and efforts' multipliers, and the candidates kept, with the strategic accounting."""
        plan, pop = self.plan, self.population
        strategist = self._strategist
        live = not plan.responses.off
        moved = live or strategist is not None
        drawn = self._drawn(parts, day)
        sizes, kind, cand, accept = drawn.sizes, drawn.kind, drawn.cand, drawn.accept
        which, rate, bounds = drawn.which, drawn.rate, drawn.bounds
        # The world's acts thinned where the multiplier is under 1; the extra acts where it
        # is over 1, at the excess. A world's candidate its own rate turns down is turned
        # down at any multiplier (the rate times one at most is no larger), under scoring
        # and without it, so everything after is worked out only for the others.
        scaled = accept * bounds
        if not moved:
            kept = np.flatnonzero(scaled < rate)
        else:
            extra = np.repeat(np.array([part[1] for part in parts], dtype=np.bool_), sizes)
            maybe = np.flatnonzero(extra | (scaled < rate))
            cand_m, kind_m, which_m = cand[maybe], kind[maybe], which[maybe]
            good = self._good_stream[kind_m]
            base, extra, scaled = rate[maybe], extra[maybe], scaled[maybe]
            if live:
                responses = ResponseMultipliers(plan.responses, pop, *standing, day)
                deters = plan.responses.deterrence is not None
                mult = responses.multipliers(cand_m, good, which_m if deters else None)
            else:
                mult = np.ones(len(maybe), dtype=np.float32)
            if strategist is not None:
                row = self._strategy_class[kind_m] * pop.n + cand_m
                mult *= strategist.multiplier[row]
            rate = base * np.where(extra, np.maximum(mult - 1.0, 0.0), np.minimum(mult, 1.0))
            kept_m = scaled < rate
            if strategist is not None:
                away = None
                if strategist.withdraws:
                    away = strategist.away[(row >= 2 * pop.n) * pop.n + cand_m]
                group_m = drawn.group[maybe]
                self._account(cand_m, which_m, group_m, extra, scaled, (base, away, kept_m))
            kept = maybe[kept_m]
        behaviour = which[kept]
        return Acts(cand[kept], behaviour, self._good[behaviour])

    def _drawn(self, parts: list[Part], day: int) -> Drawn:
        """The day's candidates of `parts` together: each one's stream, behaviour and rate
        before any response (the stream's rate, the group's, the year's share of a driven
        behaviour's largest rate), and the bound it was drawn at."""
        pop = self.population
        sizes = [len(part[3]) for part in parts]
        kind = np.repeat(np.array([part[0] for part in parts], dtype=np.int64), sizes)
        cand = np.concatenate([part[3] for part in parts])
        accept = np.concatenate([part[4] for part in parts])
        group = pop.group[cand]
        which = np.empty(len(cand), dtype=np.int32)
        start = 0
        for size, part in zip(sizes, parts, strict=True):
            end = start + size
            which[start:end] = self._shares[part[0]].which(group[start:end], part[5])
            start = end
        rate = pop.propensities[self._propensity_row[kind], cand] * self._factor[kind]
        varied = self._varied_rate[kind]
        if varied.any():
            rate[varied] *= self._group_rate[kind[varied], group[varied]]
        if self._drivers is not None and self._driven.any():
            # The year's share of the largest rate, through the same acceptance draw, so a
            # driven act is kept or not alike under every policy and response.
            keep = self._drivers.keep_today(day).astype(np.float32)
            driven = self._driven[kind]
            rate[driven] *= keep[which[driven]]
        bounds = np.repeat(np.array([part[2] for part in parts], dtype=np.float64), sizes)
        return Drawn(sizes, kind, cand, accept, group, which, rate, bounds)

    def _account(
        self,
        cand: I64,
        which: npt.NDArray[np.int32],
        group: npt.NDArray[np.int8],
        extra: Mask,
        drawn: F64,
        rates: tuple[F32, F32 | npt.NDArray[np.float64] | None, Mask],
    ) -> None:
        """Against the twin without scoring (the same candidates at the multiplier 1): the
        acts withdrawn first, then those improvement (and the responses) took away or added,
        in expected observed points, by group (`engine.strategy`)."""
        strategist = self._strategist
        assert strategist is not None
        base, away, kept = rates
        tally = strategist.tally
        stayed = ~extra & (drawn < base)
        if away is not None:
            twin = stayed
            stayed = ~extra & (drawn < base * away)
            gone = np.flatnonzero(twin & ~stayed)
            g, w = group[gone], which[gone]
            tally.add(WITHDRAWN, g, -strategist.booked(cand[gone], w))
            good = self._good[w]
            tally.count(tally.withdrawn_good, g[good])
            tally.count(tally.withdrawn_bad, g[~good])
        changed = np.flatnonzero(kept != stayed)
        sign = np.where(kept[changed], 1.0, -1.0)
        value = strategist.booked(cand[changed], which[changed])
        tally.add(IMPROVED, group[changed], sign * value)

    def _gamed(self, parts: list[Part], day: int) -> Acts:
        """Today's gamed deeds: candidates of the gameable behaviours at the game's bound,
        kept at the citizen's rate times their gaming effort."""
        strategist = self._strategist
        assert strategist is not None
        plan = strategist.plan
        drawn = self._drawn(parts, day)
        cand, group, which, rate = drawn.cand, drawn.group, drawn.which, drawn.rate
        rate *= np.float32(plan.game_lift) * strategist.game[cand]
        kept = np.flatnonzero(plan.gameable[which] & (drawn.accept * drawn.bounds < rate))
        # A deed is done for show only where it books points for its doer.
        booked = strategist.booked(cand[kept], which[kept])
        kept, booked = kept[booked > 0], booked[booked > 0]
        citizen, behaviour = cand[kept], which[kept]
        tally = strategist.tally
        tally.add(GAMED, group[kept], booked)
        tally.count(tally.gamed, group[kept])
        return Acts(citizen, behaviour, self._good[behaviour])


def _no_acts() -> Acts:
    return Acts(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.bool_))
