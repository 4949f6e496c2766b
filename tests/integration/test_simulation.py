"""The population simulator: the same rules as the ledger, truth beside observation, and the
effects each observation and behaviour model should have."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt
import pytest

from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.scoring import EntryColumns, score_many
from socialcredit.engine import compile_model, run_population, summarise
from socialcredit.engine.shard import ShardSimulation
from socialcredit.inputs import load_policy, shipped_text
from tests.support import scenario

DEFAULT = load_policy("default")
CLASSIC = load_policy("classic")


Ledger = list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], int, npt.NDArray[np.bool_]]]
"""Per day's call: the entries offered (citizens, behaviours), the day, and which counted."""


def recorded_run(
    policy: Policy, sc: PopulationScenario, seed: int
) -> tuple[ShardSimulation, Ledger]:
    """One shard of all districts, with every entry offered to the observed ledger recorded
    beside it with whether it counted (the engine itself keeps no such list)."""
    simulation = ShardSimulation(
        compile_model(policy, sc), (0, sc.population.districts), np.random.SeedSequence(seed)
    )
    ledger: Ledger = []
    add = simulation.observed.add

    def recording_add(
        day: int, citizens: npt.NDArray[np.int64], behaviours: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.bool_]:
        kept = add(day, citizens, behaviours)
        ledger.append((citizens, behaviours, day, kept))
        return kept

    simulation.observed.add = recording_add  # type: ignore[method-assign]
    for day in range(sc.population.days):
        simulation.step(day)
    return simulation, ledger


class TestSameRulesAsTheLedger:
    @pytest.mark.parametrize("policy", [DEFAULT, CLASSIC], ids=["default", "classic"])
    def test_running_scores_equal_a_replay_of_the_simulated_ledger(self, policy: Policy) -> None:
        # Disputes off: reversals have their own replay (tests/integration/test_redress.py).
        quiet = {"false_entry": 0.0, "true_entry": 0.0, "aware_unnotified": 0.0}
        sc = scenario("malicious-collectors", citizens=1500, days=200, redress={"disputes": quiet})
        simulation, ledger = recorded_run(policy, sc, 7)
        # Every entry offered, counted or not: the replay applies consent and the caps itself.
        cit = np.concatenate([c for c, _, _, _ in ledger])
        beh = np.concatenate([b for _, b, _, _ in ledger])
        day = np.concatenate([np.full(len(c), d) for c, _, d, _ in ledger])
        refused = sum(int((~kept).sum()) for _, _, _, kept in ledger)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        columns = EntryColumns(
            citizen=cit.astype(np.int64),
            behaviour=beh.astype(np.int32),
            occurred=(int(start.timestamp()) + day * 86_400).astype(np.int64),
            id=np.arange(len(cit), dtype=np.int64),
            reversed_at=np.full(len(cit), np.iinfo(np.int64).max),
        )
        end_of_run = start + timedelta(days=200) - timedelta(seconds=1)
        consent = simulation.population.consent
        replay = score_many(policy, columns, end_of_run, 1500, consent=consent)
        assert len(cit) > 5000
        assert refused > 0
        np.testing.assert_array_equal(replay, simulation.observed.score)


class TestTruth:
    def test_with_perfect_observation_nobody_is_listed_or_denied_wrongly(self) -> None:
        perfect = {cat: {"coverage": 1.0, "false_positive_rate": 0.0} for cat in CLASSIC.categories}
        sc = scenario(
            "baseline",
            observation__feeds=perfect,
            observation__collectors={"per_1000": 50, "coverage": 1.0, "false_report_rate": 0.0},
        )
        run = run_population(CLASSIC, sc, seed=3)
        np.testing.assert_array_equal(run.column("black"), run.column("black_true"))
        np.testing.assert_array_equal(run.column("entries"), run.column("entries_true"))
        for name in CLASSIC.services:
            assert run.column(f"denied_wrongful.{name}").sum() == 0
            assert run.column(f"restricted_wrongful.{name}").sum() == 0
        assert run.column("black").max() > 0
        assert run.totals["ever_wrongly_blacklisted"] == 0
        assert all(run.totals[f"ever_wrongly_harmed.{name}"] == 0 for name in CLASSIC.services)

    def test_imperfect_observation_lists_some_wrongly_and_misses_others(self) -> None:
        s = summarise(run_population(CLASSIC, scenario("malicious-collectors", days=365), seed=1))
        assert s["black_wrongful.final"] > 0
        assert s["black_missed.final"] > 0
        assert s["denied_wrongful.train.citizen_days"] > 0
        assert 0 < s["ever_wrongly_harmed.train"] <= s["ever_wrongly_blacklisted"]


class TestObservationModels:
    def test_biased_collectors_push_the_minority_below_what_its_conduct_warrants(self) -> None:
        sc = scenario("biased-collectors", citizens=10_000, days=365)
        s = summarise(run_population(CLASSIC, sc, seed=2))
        # score_gap: mean observed score minus mean score of true conduct.
        assert s["group.minority.score_gap.final"] < 2 * s["group.majority.score_gap.final"] < 0
        assert s["group.minority.mean_score_true.final"] == pytest.approx(
            s["group.majority.mean_score_true.final"], abs=3
        )
        assert s["group.minority.bad_acts_per_citizen_year"] == pytest.approx(
            s["group.majority.bad_acts_per_citizen_year"], rel=0.1
        )

    def test_review_stops_most_invented_reports(self) -> None:
        grudges = {"per_1000": 2, "coverage": 0.1, "false_report_rate": 0.02}
        grudges |= {"malicious_share": 0.3, "malicious_reports_per_day": 0.5}
        sc = scenario(
            "malicious-collectors", citizens=6000, days=120, observation__collectors=grudges
        )
        reviewed = summarise(run_population(DEFAULT, sc, seed=4))
        unreviewed = summarise(run_population(CLASSIC, sc, seed=4))
        assert reviewed["collectors.malicious"]
        assert reviewed["false_reports_landed_share"] < 0.5
        assert unreviewed["false_reports_landed_share"] == 1.0
        assert (
            reviewed["collectors.malicious.upheld_share"]
            < reviewed["collectors.honest.upheld_share"]
        )

    def test_collectors_never_report_themselves_and_keep_to_the_daily_limit(self) -> None:
        sc = scenario(
            "malicious-collectors",
            citizens=2000,
            days=60,
            observation__collectors={
                "per_1000": 2,
                "coverage": 0.1,
                "malicious_share": 1.0,
                "malicious_reports_per_day": 40.0,
            },
        )
        run = run_population(DEFAULT, sc, seed=5)
        assert run.column("reports_over_limit").sum() > 0
        per_collector_day = run.column("reports_collector") / run.totals["collectors"]
        assert per_collector_day.max() <= DEFAULT.sources.collectors.daily_limit

    def test_records_of_an_untrusted_feed_wait_for_review(self) -> None:
        text = shipped_text("policy", "default").replace(
            "    - code: bank\n      category: financial\n",
            "    - code: bank\n      category: financial\n      trusted: false\n",
        )
        policy = parse_policy(text)
        bank_only = {"card_arrears_cycle", "contract_breach_lending", "on_time_repayment"}
        index = [policy.behaviour_index[c] for c in sorted(bank_only)]
        strict = scenario(
            "baseline",
            citizens=2000,
            days=60,
            observation__review={"catch_rate": 1.0, "false_rejection_rate": 1.0},
        )
        lenient = scenario(
            "baseline",
            citizens=2000,
            days=60,
            observation__review={"catch_rate": 0.0, "false_rejection_rate": 0.0},
        )
        landed = {}
        for name, sc in (("strict", strict), ("lenient", lenient)):
            _, ledger = recorded_run(policy, sc, 3)
            behaviours = np.concatenate([b[kept] for _, b, _, kept in ledger])
            landed[name] = int(np.isin(behaviours, index).sum())
        assert landed["strict"] == 0
        assert landed["lenient"] > 100

    def test_a_policy_naming_a_behaviour_the_world_lacks_is_refused(self) -> None:
        world = scenario("baseline").population.model_dump()["behaviours"]
        del world["littering"]
        sc = scenario("baseline", population__behaviours=world)
        with pytest.raises(PolicyError, match="littering") as err:
            compile_model(DEFAULT, sc)
        assert err.value.field == f"behaviours.{DEFAULT.behaviour_index['littering']}.code"


class TestBehaviourModel:
    def test_with_responses_off_conduct_stays_the_same(self) -> None:
        off = {
            "certainty": 0.0,
            "severity": 0.0,
            "shame": {},
            "pride": {},
            "give_up": {"hazard": 0.0},
        }
        run = run_population(CLASSIC, scenario("baseline", days=240, behaviour=off), seed=6)
        bad = run.column("acts_bad")
        first, last = bad[:120].sum(), bad[120:].sum()
        assert abs(last - first) < 4 * np.sqrt(first + last)

    @pytest.mark.parametrize(
        ("response", "direction"),
        [
            ({"shame": {"private": 0.8}}, -1),
            ({"certainty": 1.0}, -1),
            ({"give_up": {"hazard": 10.0, "good_multiplier": 0.2, "bad_multiplier": 3.0}}, +1),
        ],
        ids=["shame", "certainty", "giving-up"],
    )
    def test_each_response_moves_bad_conduct_its_way(
        self, response: dict[str, object], direction: int
    ) -> None:
        off = {
            "certainty": 0.0,
            "severity": 0.0,
            "shame": {},
            "pride": {},
            "give_up": {"hazard": 0.0},
        }
        sc_off = scenario("baseline", citizens=10_000, days=365, behaviour=off)
        sc_on = scenario("baseline", citizens=10_000, days=365, behaviour={**off, **response})
        bad_off = run_population(CLASSIC, sc_off, seed=8).column("acts_bad").sum()
        bad_on = run_population(CLASSIC, sc_on, seed=8).column("acts_bad").sum()
        noise = 3 * np.sqrt(bad_off + bad_on)
        assert direction * (bad_on - bad_off) > noise


class TestUndefinedFigures:
    def test_a_change_from_nothing_is_undefined_not_zero(self) -> None:
        world = scenario("baseline").population.model_dump()["behaviours"]
        quiet = {code: b | {"per_year": 0.0} for code, b in world.items() if b["kind"] != "good"}
        sc = scenario("baseline", citizens=500, days=40, population__behaviours=world | quiet)
        figures = summarise(run_population(DEFAULT, sc, seed=1))
        assert figures["behaviour.good_acts_change"] is not None
        assert figures["behaviour.bad_acts_change"] is None


class TestConsent:
    def test_without_consent_no_one_is_honoured_under_the_default(self) -> None:
        run = run_population(DEFAULT, scenario("baseline", population__consent_share=0.0), seed=9)
        assert run.column("red").max() == 0


class TestReproducibility:
    def test_same_seed_same_run_and_another_seed_differs(self) -> None:
        sc = scenario("baseline", citizens=2000, days=60)
        a, b = run_population(CLASSIC, sc, seed=11), run_population(CLASSIC, sc, seed=11)
        c = run_population(CLASSIC, sc, seed=12)
        np.testing.assert_array_equal(a.series, b.series)
        assert not np.array_equal(a.series, c.series)
