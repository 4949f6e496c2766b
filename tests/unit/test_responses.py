"""Responses as the evidence has them: deterrence by the chance of being recorded (and only
weakly by severity), shame and pride by what is published, giving up by how long and how
publicly a citizen is listed; every shipped response with a plausible range and its source."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from socialcredit.domain.response_range import DIRECTION, value_of
from socialcredit.domain.responses import Responses
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import compile_model
from socialcredit.engine.conduct import ResponseMultipliers
from socialcredit.engine.responses import ResponsePlan, recorded_chance
from socialcredit.engine.shard import ShardSimulation
from socialcredit.inputs import SHIPPED_SCENARIOS, load_policy, load_population_scenario
from tests.support import scenario

NONE, CLASSIC, DEFAULT = (load_policy(p) for p in ("none", "classic", "default"))
OFF: dict[str, Any] = {"certainty": 0.0, "give_up": {"hazard": 0.0}}


def chance_of(sc: PopulationScenario, code: str, consent: int = 1, policy: Any = CLASSIC) -> float:
    column = list(sc.population.behaviours).index(code)
    return float(recorded_chance(policy, sc)[consent, 0, column])


def plan_of(policy: Any, behaviour: dict[str, Any]) -> ResponsePlan:
    return compile_model(policy, scenario("baseline", behaviour=behaviour)).conduct.responses


class TestDeterrenceByCertainty:
    def test_under_no_scoring_nothing_is_recorded_so_nothing_is_deterred(self) -> None:
        plan = plan_of(NONE, OFF | {"certainty": 0.5, "severity": 0.05})
        assert plan.deterrence is not None
        assert (plan.deterrence == 1.0).all()

    def test_a_behaviour_the_policy_cannot_observe_is_not_deterred(self) -> None:
        # Classic has no feed for tax and no collector reports it: nobody records it.
        sc = scenario("baseline")
        world = sc.population.model_dump()["behaviours"]
        world["smuggling"] = {"category": "misconduct", "kind": "harmful", "per_year": 0.1}
        sc = scenario("baseline", population__behaviours=world)
        assert chance_of(sc, "smuggling") == 0.0

    def test_a_feed_records_with_its_coverage_and_double_coverage_deters_twice_as_much(
        self,
    ) -> None:
        certainty = 0.4
        feeds = scenario("baseline").observation.model_dump()["feeds"]
        low = scenario(
            "baseline",
            behaviour=OFF | {"certainty": certainty},
            observation__feeds=feeds | {"social_media": {"coverage": 0.3}},
        )
        high = scenario(
            "baseline",
            behaviour=OFF | {"certainty": certainty},
            observation__feeds=feeds | {"social_media": {"coverage": 0.6}},
        )
        column = list(low.population.behaviours).index("fake_reviews")
        deterred = [
            1.0 - float(compile_model(CLASSIC, sc).conduct.responses.deterrence[1, 0, column])  # type: ignore[index]
            for sc in (low, high)
        ]
        assert deterred[0] == pytest.approx(certainty * 0.3, rel=1e-6)
        assert deterred[1] == pytest.approx(2 * deterred[0], rel=1e-6)

    def test_collectors_record_with_the_chance_their_density_gives(self) -> None:
        # Littering only collectors report under classic: 2 per 1,000 at coverage 0.1 each.
        sc = scenario("baseline")
        assert chance_of(sc, "littering") == pytest.approx(1.0 - 0.9**2, rel=1e-9)

    def test_without_consent_only_legal_violations_are_recorded(self) -> None:
        sc = scenario("baseline")
        assert chance_of(sc, "traffic_ticket", 0, DEFAULT) == chance_of(
            sc, "traffic_ticket", 1, DEFAULT
        )
        assert chance_of(sc, "traffic_ticket", 1, DEFAULT) > 0
        assert chance_of(sc, "late_utility_fees", 0, DEFAULT) == 0.0
        assert chance_of(sc, "late_utility_fees", 1, DEFAULT) > 0

    def test_good_acts_are_never_deterred(self) -> None:
        sc = scenario("baseline", behaviour=OFF | {"certainty": 1.0})
        plan = compile_model(CLASSIC, sc).conduct.responses
        assert plan.deterrence is not None
        good = np.array([b.good for b in sc.population.behaviours.values()])
        assert (plan.deterrence[:, :, good] == 1.0).all()
        assert (plan.deterrence[:, :, ~good] < 1.0).any()

    def test_severity_adds_only_to_acts_that_list_at_once(self) -> None:
        sc = scenario("baseline", behaviour=OFF | {"certainty": 0.2, "severity": 0.05})
        plan = compile_model(CLASSIC, sc).conduct.responses
        chance = recorded_chance(CLASSIC, sc)
        assert plan.deterrence is not None
        extra = 1.0 - plan.deterrence[1, 0] - 0.2 * chance[1, 0]
        codes = list(sc.population.behaviours)
        listing = set(CLASSIC.lists.black.enter.behaviours)
        for i, code in enumerate(codes):
            if sc.population.behaviours[code].good:
                continue
            want = 0.05 * chance[1, 0, i] if code in listing else 0.0
            assert extra[i] == pytest.approx(want, abs=1e-6), code


class TestShameAndPrideByPublication:
    def test_published_shame_and_pride_follow_how_each_list_is_published(self) -> None:
        responses = OFF | {
            "shame": {"published": 0.2},
            "pride": {"published": 0.3},
            "masked": 0.5,
        }
        classic, default = plan_of(CLASSIC, responses), plan_of(DEFAULT, responses)
        # Classic publishes both lists in full, default masks the names.
        assert (classic.published_shame, classic.published_pride) == (0.2, 0.3)
        assert (default.published_shame, default.published_pride) == (0.1, 0.15)

    def test_an_unpublished_list_shames_no_one(self) -> None:
        data = CLASSIC.model_dump(mode="json")
        data["lists"]["black"]["publish"] = "none"
        data["lists"]["red"]["publish"] = "none"
        quiet = type(CLASSIC).model_validate(data)
        plan = plan_of(quiet, OFF | {"shame": {"published": 0.2}, "pride": {"published": 0.3}})
        assert (plan.published_shame, plan.published_pride) == (0.0, 0.0)


class TestGivingUp:
    @staticmethod
    def multipliers(policy: Any, day: int, since: int) -> tuple[ResponseMultipliers, int]:
        sc = scenario(
            "baseline",
            citizens=8000,
            days=10,
            behaviour=OFF | {"give_up": {"hazard": 0.5, "publicity": 2.0}},
        )
        model = compile_model(policy, sc)
        sim = ShardSimulation(model, (0, sc.population.districts), np.random.SeedSequence(4))
        n = sim.population.n
        listed = np.full(n, since, dtype=np.int32)
        score = np.full(n, policy.base_score, dtype=np.int32)
        never = np.full(n, -1, dtype=np.int32)
        plan = model.conduct.responses
        return ResponseMultipliers(plan, sim.population, score, listed, never, day), n

    def test_the_share_given_up_grows_with_days_listed_as_the_hazard_says(self) -> None:
        shares = []
        quits = []
        for days in (30, 365, 730):
            m, n = self.multipliers(CLASSIC, 1000, 1000 - days)
            quit_ = m.given_up(np.arange(n))
            quits.append(quit_)
            shares.append(quit_.mean())
            # Classic publishes its black list: the hazard is `publicity` times higher.
            assert quit_.mean() == pytest.approx(1 - math.exp(-0.5 * 2 * days / 365), abs=0.02)
        assert shares[0] < shares[1] < shares[2]
        # The same citizens stay given up as the listing goes on.
        assert not (quits[0] & ~quits[1]).any()

    def test_no_one_unlisted_gives_up(self) -> None:
        m, n = self.multipliers(CLASSIC, 1000, -1)
        assert not m.given_up(np.arange(n)).any()


class TestDocuments:
    def test_the_earlier_model_loads_mapped_to_this_one(self) -> None:
        old = {
            "pride": 0.1,
            "shame": 0.2,
            "deterrence": 0.3,
            "publicity": 1.5,
            "give_up": {"share": 0.2, "good_multiplier": 0.5, "bad_multiplier": 1.5},
        }
        r = Responses.model_validate(old)
        assert (r.pride.private, r.shame.private, r.give_up.publicity) == (0.1, 0.2, 1.5)
        assert 1 - math.exp(-r.give_up.hazard) == pytest.approx(0.2)
        assert (r.certainty, r.severity, r.shame.published, r.pride.published) == (0, 0, 0, 0)

    @pytest.mark.parametrize("name", SHIPPED_SCENARIOS)
    def test_every_shipped_response_carries_a_range_with_its_source(self, name: str) -> None:
        sc = load_population_scenario(name) if name != "reputation-game" else None
        if sc is None or sc.behaviour.off:
            return
        ranges = sc.behaviour.ranges
        assert set(ranges) == set(DIRECTION)
        for key, plausible in ranges.items():
            assert plausible.low <= value_of(sc.behaviour, key) <= plausible.high
            assert len(plausible.source) > 60, key
