"""Common random numbers: conduct belongs to the population, not to the policy.

For the same scenario and seed, every policy meets the same citizens (groups, districts,
consent, propensities, collectors); with every behavioural response at zero they do the same
acts, day by day, whether or not a policy counts a category. So the difference between two
policies' figures is the policies' doing, not sampling noise.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.engine.model import compile_model
from socialcredit.engine.run import run_population
from socialcredit.engine.scenario import PopulationScenario
from socialcredit.engine.shard import ShardSimulation
from socialcredit.inputs import load_policy, shipped_text
from tests.support import scenario

RESPONSES_OFF = {"pride": 0.0, "shame": 0.0, "deterrence": 0.0, "give_up": {"share": 0.0}}
DEFAULT = load_policy("default")
CLASSIC = load_policy("classic")
COURT = load_policy("court-defaulters")


def without_dating() -> Policy:
    """The default policy with the whole dating category gone: another behaviour catalogue."""
    text = shipped_text("policy", "default")
    text = re.sub(r"  dating: \{.*\}\n", "", text)
    text = re.sub(r"  # dating\n(  - \{code: .*category: dating.*\}\n)+", "", text)
    text = re.sub(r"    - code: dating_app\n(      .*\n){2}", "", text)
    policy = parse_policy(text)
    assert "dating" not in policy.categories
    return policy


def undated(name: str, **changes: object) -> PopulationScenario:
    """A shipped scenario without dating conduct, so that a policy without dating fits it."""
    sc = scenario(name, **changes)  # type: ignore[arg-type]
    data = sc.model_dump()
    pop, obs = data["population"], data["observation"]
    pop["conduct"].pop("dating", None)
    pop["behaviour_rates"].pop("verified_dating_identity", None)
    obs["feeds"].pop("dating", None)
    return PopulationScenario.model_validate(data)


def population_of(policy: Policy, sc: PopulationScenario, seed: int) -> ShardSimulation:
    model = compile_model(policy, sc)
    return ShardSimulation(model, (0, sc.population.districts), np.random.SeedSequence(seed))


class TestThePopulationIsThePolicysNone:
    @pytest.mark.parametrize(
        "other",
        [CLASSIC, COURT, without_dating()],
        ids=["classic", "court-defaulters", "no-dating"],
    )
    def test_citizens_groups_districts_consent_and_collectors_are_the_same(
        self, other: Policy
    ) -> None:
        sc = undated("malicious-collectors", citizens=3000, days=10)
        a, b = population_of(DEFAULT, sc, 5).population, population_of(other, sc, 5).population
        for trait in (
            "district",
            "group",
            "consent",
            "gives_up",
            "collector_citizen",
            "collector_start",
            "malicious",
            "grudges",
        ):
            np.testing.assert_array_equal(getattr(a, trait), getattr(b, trait), err_msg=trait)

    @pytest.mark.parametrize(
        "other",
        [CLASSIC, COURT, without_dating()],
        ids=["classic", "court-defaulters", "no-dating"],
    )
    def test_propensities_are_the_same_for_every_stream_both_policies_have(
        self, other: Policy
    ) -> None:
        sc = undated("baseline", citizens=3000, days=10)
        a, b = population_of(DEFAULT, sc, 5).population, population_of(other, sc, 5).population
        shared = set(a.propensity) & set(b.propensity)
        assert len(shared) >= 10
        for stream in shared:
            np.testing.assert_array_equal(a.propensity[stream], b.propensity[stream], stream)


class TestConductIsThePopulations:
    def test_with_responses_off_every_act_series_is_the_same_under_both_policies(self) -> None:
        sc = scenario("biased-collectors", citizens=4000, days=90, behaviour=RESPONSES_OFF)
        a = run_population(DEFAULT, sc, seed=11)
        b = run_population(CLASSIC, sc, seed=11)
        acts = [c for c in a.columns if c.startswith("acts_")]
        assert len(acts) == 6  # good and bad, overall and per group
        for column in acts:
            np.testing.assert_array_equal(a.column(column), b.column(column), err_msg=column)
        # ... although the policies count different categories and see differently.
        assert DEFAULT.counts(DEFAULT.behaviour("online_harassment")) is False
        assert CLASSIC.counts(CLASSIC.behaviour("online_harassment")) is True
        assert not np.array_equal(a.column("entries"), b.column("entries"))

    def test_the_court_list_sees_the_same_acts_and_counts_only_court_findings(self) -> None:
        sc = scenario("baseline", citizens=2000, days=60, behaviour=RESPONSES_OFF)
        a = run_population(DEFAULT, sc, seed=3)
        b = run_population(COURT, sc, seed=3)
        for column in (c for c in a.columns if c.startswith("acts_")):
            np.testing.assert_array_equal(a.column(column), b.column(column), err_msg=column)
        assert 0 < np.sum(b.column("entries")) < np.sum(a.column("entries"))

    @pytest.mark.parametrize("dating_in_a", [False, True], ids=["same-scenario", "dating-too"])
    def test_acts_do_not_depend_on_the_categories_a_policy_declares(
        self, dating_in_a: bool
    ) -> None:
        # Streams are keyed by name: whether or not another category exists and is done (the
        # dating acts of the full scenario), every other category's acts stay the same.
        sc = undated("baseline", citizens=3000, days=30, behaviour=RESPONSES_OFF)
        full = scenario("baseline", citizens=3000, days=30, behaviour=RESPONSES_OFF)
        a = population_of(DEFAULT, full if dating_in_a else sc, 9)
        b = population_of(without_dating(), sc, 9)
        index_a = {i: beh.code for i, beh in enumerate(DEFAULT.behaviours)}
        index_b = {i: beh.code for i, beh in enumerate(without_dating().behaviours)}
        for day in range(30):
            acts_a = a.conduct.sample(a.observed.score, a.lists.black >= 0)
            acts_b = b.conduct.sample(b.observed.score, b.lists.black >= 0)
            dating = {b.code for b in DEFAULT.behaviours if b.category == "dating"}
            seen_a = sorted(
                (int(c), index_a[int(x)])
                for c, x in zip(acts_a.citizen, acts_a.behaviour, strict=True)
                if index_a[int(x)] not in dating
            )
            seen_b = sorted(
                (int(c), index_b[int(x)])
                for c, x in zip(acts_b.citizen, acts_b.behaviour, strict=True)
            )
            assert seen_a == seen_b, day
            assert len(seen_a) > 100

    def test_with_responses_on_the_first_day_is_the_same_and_later_days_differ(self) -> None:
        sc = scenario("baseline", citizens=4000, days=120)
        a = run_population(DEFAULT, sc, seed=2)
        b = run_population(CLASSIC, sc, seed=2)
        assert a.column("acts_bad")[0] == b.column("acts_bad")[0]
        assert not np.array_equal(a.column("acts_bad"), b.column("acts_bad"))

    def test_another_seed_gives_another_population(self) -> None:
        sc = scenario("baseline", citizens=2000, days=20, behaviour=RESPONSES_OFF)
        a = run_population(DEFAULT, sc, seed=1)
        b = run_population(DEFAULT, sc, seed=2)
        assert not np.array_equal(a.column("acts_bad"), b.column("acts_bad"))
