"""The compiled thinning gives the acts of the array rule, act for act, whatever the standing.

`Conduct` thins the day's candidates in one compiled pass; with `compiled` False it takes the
array rule (the candidates' rates, the responses' and efforts' multipliers, the candidates kept,
the strategic accounting against the twin without scoring). Two samplers on the same seed, one
each way, are fed the same random standings (scores on both sides of the base, listings begun
on any earlier day, in notice or in force) and must give the same acts every day, and where
citizens spend effort on their scores the same booked points, part by part and group by group.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import compile_model
from socialcredit.engine.conduct import Acts, Conduct
from socialcredit.engine.multipliers import ResponseMultipliers
from socialcredit.engine.population import build_population
from socialcredit.engine.strategist import Strategist
from socialcredit.engine.streams import Streams
from socialcredit.engine.thinning import Part, Standing
from socialcredit.inputs import load_policy
from tests.support import scenario

DAYS = 40


class Unpruned(Conduct):
    """The array rule as it stood before the compiled pass, with no candidate set aside early:
    every candidate's multipliers worked out, every rate thinned (for towns where nobody spends
    effort on their score). The compiled pass and `Conduct`'s own array rule both skip the
    candidates their world rate turns down; this holds them to the rule that skips nothing."""

    def _by_arrays(self, parts: list[Part], standing: Standing, day: int) -> Acts:
        assert self._strategist is None
        plan, pop = self.plan, self.population
        drawn = self._drawn(parts, day)
        rate = drawn.rate
        if not plan.responses.off:
            responses = ResponseMultipliers(plan.responses, pop, *standing, day)
            deters = plan.responses.deterrence is not None
            good = self._good_stream[drawn.kind]
            mult = responses.multipliers(drawn.cand, good, drawn.which if deters else None)
            extra = np.repeat(np.array([part[1] for part in parts], dtype=np.bool_), drawn.sizes)
            rate *= np.where(extra, np.maximum(mult - 1.0, 0.0), np.minimum(mult, 1.0))
        kept = drawn.accept * drawn.bounds < rate
        behaviour = drawn.which[kept]
        return Acts(drawn.cand[kept], behaviour, self._good[behaviour])


def samplers(policy: Policy, town: PopulationScenario, seed: int) -> tuple[Conduct, Conduct]:
    model = compile_model(policy, town)
    out = []
    for compiled in (True, False):
        streams = Streams(np.random.SeedSequence(seed))
        pop = build_population(model.population, (0, town.population.districts), streams)
        strategist = None
        if model.strategy is not None:
            rows = [pop.propensity_rows.index(s.name) for s in model.conduct.streams]
            strategist = Strategist(model.strategy, pop, streams("strategy"), np.array(rows))
        conduct = Conduct(model.conduct, pop, streams, model.world.good, model.drivers, strategist)
        conduct.compiled = compiled
        out.append(conduct)
    return out[0], out[1]


def assert_same_days(policy: Policy, town: PopulationScenario, seed: int) -> tuple[int, Conduct]:
    """Both samplers over the town's days of random standings; returns how many acts there
    were, and the compiled sampler."""
    fast, reference = samplers(policy, town, seed)
    n = fast.population.n
    rng = np.random.default_rng(seed)
    acts = gamed = 0
    for day in range(town.population.days):
        score = rng.integers(600, 1300, size=n).astype(np.int32)
        # Listed on a day up to today (or not at all): within notice or in force, given up or not.
        black = np.where(rng.random(n) < 0.3, rng.integers(0, day + 1, size=n), -1)
        red = np.where(rng.random(n) < 0.2, rng.integers(0, day + 1, size=n), -1)
        state = (score, black.astype(np.int32), red.astype(np.int32))
        a, b = fast.sample(*state, day), reference.sample(*state, day)
        assert np.array_equal(a.citizen, b.citizen), f"day {day}: citizens differ"
        assert np.array_equal(a.behaviour, b.behaviour), f"day {day}: behaviours differ"
        assert np.array_equal(a.good, b.good)
        assert a.behaviour.dtype == b.behaviour.dtype
        # Gamed deeds (strategic towns): the compiled pass's are the array rule's.
        assert np.array_equal(fast.gamed.citizen, reference.gamed.citizen), f"day {day}: gamed"
        assert np.array_equal(fast.gamed.behaviour, reference.gamed.behaviour)
        assert fast.gamed.behaviour.dtype == reference.gamed.behaviour.dtype
        gamed += len(fast.gamed.citizen)
        acts += len(a.citizen)
    if fast._strategist is not None:
        assert reference._strategist is not None
        mine, theirs = fast._strategist.tally, reference._strategist.tally
        for part in ("points", "withdrawn_good", "withdrawn_bad", "gamed"):
            np.testing.assert_array_equal(getattr(mine, part), getattr(theirs, part))
        assert np.abs(mine.points).sum() > 0
        if fast._strategist.plan.game_lift > 0 and fast._strategist.game.any():
            assert gamed > 0
    return acts, fast


class TestTheCompiledPassIsTheArrayRule:
    @pytest.mark.parametrize(
        ("policy", "place"),
        [
            ("classic", "baseline"),
            ("default", "heavy-surveillance"),
            ("classic", "biased-collectors"),
            ("none", "baseline"),
            ("classic", "strategic"),
            ("default", "strategic"),
        ],
    )
    def test_shipped_towns(self, policy: str, place: str) -> None:
        town = scenario(place, citizens=3000, days=DAYS)
        assert assert_same_days(load_policy(policy), town, seed=7)[0] > 1000

    def test_a_driven_behaviour_across_a_new_year(self) -> None:
        # The court town starts on 1 October: its driven acts are thinned to 2013's share of
        # the largest year's rate, then to 2014's.
        world = {
            "court_defaulter": {
                "category": "financial",
                "kind": "harmful",
                "per_year": 30.0,
                "driver": "enforcement_cases",
            }
        }
        town = scenario(
            "court-blacklist",
            citizens=2000,
            days=120,
            population__behaviours=world,
            calibration=None,
        )
        assert assert_same_days(load_policy("court-defaulters"), town, seed=11)[0] > 1000

    @settings(max_examples=24, deadline=None)
    @given(
        seed=st.integers(0, 2**32 - 1),
        pride=st.sampled_from([0.0, 0.3]),
        shame=st.sampled_from([0.0, 0.4]),
        hazard=st.sampled_from([0.0, 2.0]),
        certainty=st.sampled_from([0.0, 0.5]),
        worse=st.sampled_from([1.5, 3.0]),
    )
    def test_any_responses(
        self, seed: int, pride: float, shame: float, hazard: float, certainty: float, worse: float
    ) -> None:
        # `worse`: the bad acts of those who give up rise by this factor; at 3 the extra acts
        # are drawn at twice the world's bound (an excess over 1).
        town = scenario(
            "baseline",
            citizens=1500,
            days=DAYS,
            behaviour__pride={"private": pride, "published": pride},
            behaviour__shame={"private": shame, "published": shame},
            behaviour__give_up={
                "hazard": hazard,
                "publicity": 1.5,
                "good_multiplier": 0.5,
                "bad_multiplier": worse,
            },
            behaviour__certainty=certainty,
            behaviour__severity=certainty / 10,
            behaviour__ranges={},  # the plausible ranges would refuse the ends tried here
        )
        assert_same_days(load_policy("classic"), town, seed)

    def test_groups_with_their_own_shares(self) -> None:
        # 70 groups, the last doing only the first of two occult acts: the shares' rows are
        # offset one past another, past what a small integer holds.
        groups: list[dict[str, Any]] = [{"name": f"g{i}", "share": 1 / 70} for i in range(70)]
        world = scenario("baseline").population.model_dump()["behaviours"]
        world |= {
            "astrology": {"category": "occult", "kind": "harmful", "per_year": 100.0},
            "tarot": {
                "category": "occult",
                "kind": "harmful",
                "per_year": 100.0,
                "by_group": {"g69": 0.0},
            },
        }
        town = scenario(
            "baseline",
            citizens=3000,
            days=DAYS,
            population__behaviours=world,
            population__groups=groups,
        )
        assert assert_same_days(load_policy("none"), town, seed=3)[0] > 1000

    def test_citizens_who_withdraw_as_well(self) -> None:
        # Withdrawing cheap: many citizens put effort into it, so withdrawn acts are booked.
        town = scenario(
            "strategic",
            citizens=3000,
            days=DAYS,
            strategy__costs__withdraw=0.05,
            strategy__ranges={},
        )
        acts, fast = assert_same_days(load_policy("classic"), town, seed=9)
        assert acts > 1000
        assert fast._strategist is not None
        assert fast._strategist.withdraws
        assert fast._strategist.tally.withdrawn_good.sum() > 0

    def test_responses_off(self) -> None:
        town = scenario(
            "baseline",
            citizens=3000,
            days=DAYS,
            behaviour__certainty=0.0,
            behaviour__severity=0.0,
            behaviour__shame={"private": 0.0, "published": 0.0},
            behaviour__pride={"private": 0.0, "published": 0.0},
            behaviour__give_up={"hazard": 0.0},
            behaviour__ranges={},
        )
        assert town.behaviour.off
        assert assert_same_days(load_policy("classic"), town, seed=5)[0] > 1000
