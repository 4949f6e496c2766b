"""Common random numbers: conduct belongs to the world, not to the policy.

For the same scenario and seed, every policy meets the same citizens (groups, districts,
consent, propensities, collectors); with every behavioural response at zero they do the same
acts, day by day and citizen by citizen, whatever behaviours a policy names and whatever points
it gives them. A response parameter changes only the acts of the citizens it touches. So the
difference between two policies' figures is the policies' doing, not sampling noise.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import compile_model, run_population
from socialcredit.engine.conduct import Acts, Conduct
from socialcredit.engine.shard import ShardSimulation
from socialcredit.engine.streams import Streams
from socialcredit.inputs import load_policy, shipped_text
from tests.support import scenario

RESPONSES_OFF = {
    "certainty": 0.0,
    "severity": 0.0,
    "shame": {},
    "pride": {},
    "give_up": {"hazard": 0.0},
}
DEFAULT = load_policy("default")
CLASSIC = load_policy("classic")
COURT = load_policy("court-defaulters")
NONE = load_policy("none")


def without_dating() -> Policy:
    """The default policy naming no dating behaviour and reading no dating feed (the category
    stays declared, off, so that the towns' dating observation still names a category)."""
    text = shipped_text("policy", "default")
    text = re.sub(r"  # dating\n(  - \{code: .*category: dating.*\}\n)+", "", text)
    text = re.sub(r"    - code: dating_app\n(      .*\n){2}", "", text)
    policy = parse_policy(text)
    assert not any(b.category == "dating" for b in policy.behaviours)
    return policy


def littering_at(points: int) -> Policy:
    """The default policy with littering worth `points`: the lever the issue swept."""
    text = shipped_text("policy", "default")
    text = text.replace(
        "{code: littering, category: misconduct, points: -10,",
        f"{{code: littering, category: misconduct, points: {points},",
    )
    policy = parse_policy(text)
    assert policy.behaviour("littering").points == points
    return policy


POLICIES = {
    "classic": CLASSIC,
    "court-defaulters": COURT,
    "none": NONE,
    "no-dating": without_dating(),
    "littering-50": littering_at(-50),
    "littering-2": littering_at(-2),
}


def population_of(policy: Policy, sc: PopulationScenario, seed: int) -> ShardSimulation:
    model = compile_model(policy, sc)
    return ShardSimulation(model, (0, sc.population.districts), np.random.SeedSequence(seed))


def acts_of_every_day(
    policy: Policy, sc: PopulationScenario, seed: int, districts: tuple[int, int] | None = None
) -> list[Acts]:
    """Every day's acts of a whole run (the world's, before anything observes them)."""
    model = compile_model(policy, sc)
    span = districts or (0, sc.population.districts)
    sim = ShardSimulation(model, span, np.random.SeedSequence(seed, spawn_key=(0,)))
    days: list[Acts] = []
    sample = sim.conduct.sample

    def recording(*args: Any) -> Acts:
        acts = sample(*args)
        days.append(acts)
        return acts

    sim.conduct.sample = recording  # type: ignore[method-assign]
    for day in range(model.days):
        sim.step(day)
    return days


def digest(days: list[Acts]) -> list[str]:
    """One fingerprint per day of who did what, in order."""
    return [
        hashlib.sha256(a.citizen.tobytes() + a.behaviour.tobytes() + a.good.tobytes()).hexdigest()
        for a in days
    ]


def assert_same_acts(a: list[Acts], b: list[Acts]) -> None:
    assert len(a) == len(b)
    for day, (x, y) in enumerate(zip(a, b, strict=True)):
        np.testing.assert_array_equal(x.citizen, y.citizen, err_msg=f"day {day}")
        np.testing.assert_array_equal(x.behaviour, y.behaviour, err_msg=f"day {day}")
        np.testing.assert_array_equal(x.good, y.good, err_msg=f"day {day}")


class TestThePopulationIsThePolicysNone:
    @pytest.mark.parametrize("other", list(POLICIES.values()), ids=list(POLICIES))
    def test_citizens_groups_districts_consent_and_collectors_are_the_same(
        self, other: Policy
    ) -> None:
        sc = scenario("malicious-collectors", citizens=3000, days=10)
        a, b = population_of(DEFAULT, sc, 5).population, population_of(other, sc, 5).population
        for trait in (
            "district",
            "group",
            "consent",
            "give_up_draw",
            "collector_citizen",
            "collector_start",
            "malicious",
            "grudges",
        ):
            np.testing.assert_array_equal(getattr(a, trait), getattr(b, trait), err_msg=trait)
        assert set(a.propensity) == set(b.propensity)
        for stream in a.propensity:
            np.testing.assert_array_equal(a.propensity[stream], b.propensity[stream], stream)


class TestConductIsTheWorlds:
    @pytest.mark.parametrize("other", list(POLICIES.values()), ids=list(POLICIES))
    def test_with_responses_off_every_citizen_does_the_same_acts_every_day(
        self, other: Policy
    ) -> None:
        sc = scenario("biased-collectors", citizens=2000, days=60, behaviour=RESPONSES_OFF)
        reference = acts_of_every_day(DEFAULT, sc, 11)
        assert sum(len(a.citizen) for a in reference) > 10_000
        assert_same_acts(acts_of_every_day(other, sc, 11), reference)

    def test_points_set_no_rate_and_an_uncounted_behaviour_still_happens(self) -> None:
        # Littering at -2, -10 or -50 points: the same littering, and none of it is a court
        # finding, which is all the court list can see, yet every act is in the true figures.
        sc = scenario("baseline", citizens=4000, days=90, behaviour=RESPONSES_OFF)
        runs = {
            name: run_population(policy, sc, seed=3)
            for name, policy in (
                ("default", DEFAULT),
                ("-50", POLICIES["littering-50"]),
                ("-2", POLICIES["littering-2"]),
                ("court", COURT),
            )
        }
        reference = runs["default"]
        behaviours = [c for c in reference.columns if c.startswith("acts.")]
        assert len(behaviours) == len(sc.population.behaviours)
        for run in runs.values():
            for column in [*behaviours, "acts_good", "acts_bad"]:
                np.testing.assert_array_equal(run.column(column), reference.column(column))
        assert reference.column("acts.littering").sum() > 50
        court = runs["court"]
        assert 0 < np.sum(court.column("entries")) < np.sum(reference.column("entries"))
        harmful = [f"acts.{c}" for c, b in sc.population.behaviours.items() if not b.good]
        assert sum(court.column(c).sum() for c in harmful) == court.column("acts_bad").sum()

    def test_with_responses_to_standing_the_first_day_is_the_same_and_later_days_differ(
        self,
    ) -> None:
        standing = RESPONSES_OFF | STANDING_SETTINGS["shame"] | STANDING_SETTINGS["pride-0.1"]
        sc = scenario("baseline", citizens=4000, days=120, behaviour=standing)
        a = run_population(DEFAULT, sc, seed=2)
        b = run_population(CLASSIC, sc, seed=2)
        assert a.column("acts_bad")[0] == b.column("acts_bad")[0]
        assert not np.array_equal(a.column("acts_bad"), b.column("acts_bad"))

    def test_deterrence_by_certainty_differs_from_the_first_day(self) -> None:
        # The chance of being recorded is known before anyone is scored.
        sc = scenario("baseline", citizens=4000, days=5)
        a = run_population(DEFAULT, sc, seed=2)
        b = run_population(CLASSIC, sc, seed=2)
        assert a.column("acts_bad")[0] != b.column("acts_bad")[0]

    def test_another_seed_gives_another_population(self) -> None:
        sc = scenario("baseline", citizens=2000, days=20, behaviour=RESPONSES_OFF)
        a = run_population(DEFAULT, sc, seed=1)
        b = run_population(DEFAULT, sc, seed=2)
        assert not np.array_equal(a.column("acts_bad"), b.column("acts_bad"))


STANDING_SETTINGS = {
    "pride-0.1": {"pride": {"private": 0.1, "published": 0.1}},
    "pride-0.5": {"pride": {"private": 0.5, "published": 0.5}},
    "shame": {"shame": {"private": 0.6, "published": 0.6}},
    "giving-up": {"give_up": {"hazard": 3.0, "good_multiplier": 0.2, "bad_multiplier": 3.0}},
}
"""Responses to a citizen's own standing: they touch only those off the base score or listed."""
RESPONSE_SETTINGS = STANDING_SETTINGS | {
    "certainty": {"certainty": 0.9},
    "severity": {"certainty": 0.1, "severity": 0.5},
    "all": {
        "certainty": 0.3,
        "severity": 0.05,
        "pride": {"private": 0.3, "published": 0.2},
        "shame": {"private": 0.2, "published": 0.3},
        "give_up": {"hazard": 0.5, "publicity": 2.0},
    },
}


class TestResponsesChangeOnlyTheActsTheyActOn:
    @pytest.mark.parametrize(
        "response", list(RESPONSE_SETTINGS.values()), ids=list(RESPONSE_SETTINGS)
    )
    def test_under_no_scoring_any_response_setting_gives_the_same_acts(
        self, response: dict[str, object]
    ) -> None:
        # Nobody's score ever moves and nobody is listed, so no response touches anybody.
        off = scenario("baseline", citizens=2000, days=60, behaviour=RESPONSES_OFF)
        on = scenario("baseline", citizens=2000, days=60, behaviour=RESPONSES_OFF | response)
        assert digest(acts_of_every_day(NONE, on, 7)) == digest(acts_of_every_day(NONE, off, 7))

    @pytest.mark.parametrize(
        "response", list(STANDING_SETTINGS.values()), ids=list(STANDING_SETTINGS)
    )
    def test_citizens_no_response_touches_keep_their_acts(
        self, response: dict[str, object]
    ) -> None:
        # The same standing meets two response settings: those at the base score and not
        # listed have every multiplier at 1, and do exactly what they do with responses off.
        days = 40
        off = scenario("baseline", citizens=3000, days=days, behaviour=RESPONSES_OFF)
        on = scenario("baseline", citizens=3000, days=days, behaviour=RESPONSES_OFF | response)
        sample_off, n = self.sampler(off)
        sample_on, _ = self.sampler(on)
        standing = np.random.default_rng(0)
        base = CLASSIC.base_score
        changed = 0
        for day in range(days):
            score = (base + standing.choice([-50, 0, 0, 0, 40], size=n)).astype(np.int32)
            listed = standing.random(n) < 0.1
            since = np.where(listed, 0, -1).astype(np.int32)
            a, b = sample_off(score, since, since, day), sample_on(score, since, since, day)
            untouched = (score == base) & ~listed
            keep_a, keep_b = untouched[a.citizen], untouched[b.citizen]
            np.testing.assert_array_equal(a.citizen[keep_a], b.citizen[keep_b])
            np.testing.assert_array_equal(a.behaviour[keep_a], b.behaviour[keep_b])
            changed += int((~keep_a).sum() != (~keep_b).sum())
        assert changed > 0  # the touched ones do respond

    def test_deterrence_keeps_a_subset_of_the_acts_it_thins_and_the_rest_alike(self) -> None:
        # Deterrence only lowers rates: every act with it is an act without it, and the good
        # acts and the acts the policy cannot record are all kept.
        days = 20
        off = scenario("baseline", citizens=3000, days=days, behaviour=RESPONSES_OFF)
        on = scenario(
            "baseline", citizens=3000, days=days, behaviour=RESPONSES_OFF | {"certainty": 0.5}
        )
        sample_off, n = self.sampler(off)
        sample_on, _ = self.sampler(on)
        chance = compile_model(CLASSIC, on).conduct.responses.deterrence
        assert chance is not None
        unrecorded = (chance == 1.0).all(axis=(0, 1))
        score = np.full(n, CLASSIC.base_score, dtype=np.int32)
        never = np.full(n, -1, dtype=np.int32)
        fewer = 0
        for day in range(days):
            a, b = sample_off(score, never, never, day), sample_on(score, never, never, day)
            key_a = set(zip(a.citizen.tolist(), a.behaviour.tolist(), strict=True))
            key_b = list(zip(b.citizen.tolist(), b.behaviour.tolist(), strict=True))
            assert set(key_b) <= key_a
            alike = a.good | unrecorded[a.behaviour]
            assert int(alike.sum()) == int((b.good | unrecorded[b.behaviour]).sum())
            fewer += len(key_a) - len(set(key_b))
        assert fewer > 0

    def test_a_driven_behaviour_keeps_the_subset_too(self) -> None:
        # A dated driver thins a behaviour's acts by the candidate's own acceptance draw, so
        # deterrence on top of it still keeps a subset of the driven acts, not other ones.
        days = 20
        driven: dict[str, Any] = {
            "cases": {
                "unit": "a test index",
                "base_year": 2025,
                "values": {2025: 2.0, 2026: 1.0},
                "source": "a test",
            }
        }
        littering = {"category": "misconduct", "kind": "harmful", "per_year": 3.0}
        extra = {"drivers": driven, "population__behaviours__littering": littering}
        extra["population__behaviours__littering"]["driver"] = "cases"
        off = scenario("baseline", citizens=3000, days=days, behaviour=RESPONSES_OFF, **extra)
        on = scenario(
            "baseline",
            citizens=3000,
            days=days,
            behaviour=RESPONSES_OFF | {"certainty": 0.5},
            **extra,
        )
        sample_off, n = self.sampler(off)
        sample_on, _ = self.sampler(on)
        littering_code = list(off.population.behaviours).index("littering")
        score = np.full(n, CLASSIC.base_score, dtype=np.int32)
        never = np.full(n, -1, dtype=np.int32)
        driven_acts = fewer = 0
        for day in range(days):
            a, b = sample_off(score, never, never, day), sample_on(score, never, never, day)
            key_a = set(zip(a.citizen.tolist(), a.behaviour.tolist(), strict=True))
            key_b = set(zip(b.citizen.tolist(), b.behaviour.tolist(), strict=True))
            assert key_b <= key_a
            driven_acts += int((a.behaviour == littering_code).sum())
            fewer += len(key_a) - len(key_b)
        # 2026 is half the base year's index: half of 3 a year, over 3,000 citizens and 20 days.
        expected = 0.5 * 3.0 * 3000 * days / 365
        assert 0.8 * expected < driven_acts < 1.2 * expected
        assert fewer > 0

    @staticmethod
    def sampler(
        sc: PopulationScenario,
    ) -> tuple[Callable[..., Acts], int]:
        model = compile_model(CLASSIC, sc)
        sim = ShardSimulation(model, (0, sc.population.districts), np.random.SeedSequence(3))
        streams = Streams(np.random.SeedSequence(3))
        conduct = Conduct(model.conduct, sim.population, streams, model.world.good, model.drivers)
        return conduct.sample, sim.population.n
