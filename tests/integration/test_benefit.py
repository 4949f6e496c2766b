"""The benefit of a run over the plausible range of its responses: the no-scoring twin, the two
ends, and what the record, the report and the comparison page say of them."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

from socialcredit.domain.catalogue import metrics
from socialcredit.domain.response_range import response_ends
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_pairs, summarise
from socialcredit.inputs import load_policy
from socialcredit.runs.benefit import NO_SCORING, benefit_plan, benefit_reading
from socialcredit.runs.document import population_record
from tests.commands import run_command
from tests.support import parse, scenario, with_ranges, write_scenario

RANGES = {
    "certainty": {"low": 0.0, "high": 0.9, "source": "A test range, wide on purpose"},
    "give_up.hazard": {"low": 0.1, "high": 0.4, "source": "A second test range"},
}
BAD_ACTS = metrics.BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS


def ranged(citizens: int = 2000, days: int = 120) -> PopulationScenario:
    return with_ranges(scenario("baseline", citizens=citizens, days=days), RANGES)


@functools.cache
def measured() -> Any:
    """default over the ranged town on seeds 0 and 1, with its twin and both ends."""
    policy, town = load_policy("default"), ranged()
    plan = benefit_plan(policy, town, load_policy(NO_SCORING))
    assert plan is not None
    runs, twin, weakest, strongest = run_pairs([(policy, town), *plan.pairs], [0, 1])
    return runs, twin, weakest, strongest


class TestTheNoScoringTwin:
    def test_policy_none_does_the_same_bad_acts_at_both_ends_and_the_centre(self) -> None:
        # The benefit's three figures share one twin: that is only fair if, with no one
        # scored, how people respond to scores changes nothing.
        town = ranged(citizens=600, days=60)
        ends = response_ends(town)
        assert ends is not None
        none = load_policy(NO_SCORING)
        runs = run_pairs([(none, town), (none, ends.weakest), (none, ends.strongest)], [3])
        acts = [summarise(r[0])[BAD_ACTS] for r in runs]
        assert acts[0] == acts[1] == acts[2]

    def test_a_scoring_policy_does_not(self) -> None:
        _, _, weakest, strongest = measured()
        assert summarise(weakest[0])[BAD_ACTS] != summarise(strongest[0])[BAD_ACTS]


class TestBenefitPlan:
    def test_no_plan_for_the_no_scoring_policy_itself(self) -> None:
        none = load_policy(NO_SCORING)
        assert benefit_plan(none, ranged(), none) is None

    def test_no_plan_for_a_scenario_without_ranges(self) -> None:
        plain = with_ranges(scenario("baseline", citizens=300, days=30), {})
        assert benefit_plan(load_policy("default"), plain, load_policy(NO_SCORING)) is None

    def test_the_ends_run_the_policy_with_the_ranged_responses_at_their_ends(self) -> None:
        plan = benefit_plan(load_policy("default"), ranged(), load_policy(NO_SCORING))
        assert plan is not None
        assert plan.twin[0].name == NO_SCORING
        assert plan.twin[1] == ranged()
        assert plan.weakest[1].behaviour.certainty == 0.0
        assert plan.weakest[1].behaviour.give_up.hazard == 0.4
        assert plan.strongest[1].behaviour.certainty == 0.9
        assert plan.strongest[1].behaviour.give_up.hazard == 0.1


class TestBenefitInTheRecord:
    def test_each_seeds_benefit_is_the_twins_bad_acts_minus_the_runs(self) -> None:
        runs, twin, weakest, strongest = measured()
        record = population_record(runs, (twin, weakest, strongest))
        for k, seed_figures in enumerate(record.runs):
            own, theirs = summarise(runs[k])[BAD_ACTS], summarise(twin[k])[BAD_ACTS]
            assert own is not None
            assert theirs is not None
            assert seed_figures.metrics[metrics.BENEFIT] == theirs - own
            low = summarise(weakest[k])[BAD_ACTS]
            assert low is not None
            assert seed_figures.metrics[metrics.BENEFIT_WEAKEST] == theirs - low

    def test_the_strongest_end_deters_more_than_the_weakest(self) -> None:
        runs, twin, weakest, strongest = measured()
        reading = benefit_reading(population_record(runs, (twin, weakest, strongest)))
        assert reading.absent is None
        assert reading.weakest is not None
        assert reading.strongest is not None
        assert reading.weakest.mean is not None
        assert reading.strongest.mean is not None
        assert reading.strongest.mean > reading.weakest.mean
        assert reading.weakest.n == reading.strongest.n == 2

    def test_without_its_runs_the_benefit_is_undefined_and_says_why(self) -> None:
        runs = measured()[0]
        record = population_record(runs)
        assert record.metrics[metrics.BENEFIT].mean is None
        assert benefit_reading(record).absent == "not-measured"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_command(*args)


class TestSimulateShowsTheBenefit:
    def test_simulate_records_the_range_and_the_pages_say_it(self, tmp_path: Path) -> None:
        town = write_scenario(ranged(), tmp_path / "ranged.yaml")
        small = ["--scenario", str(town), "--seeds", "2", "--citizens", "400", "--days", "60"]
        on = cli("simulate", *small, "--out", str(tmp_path / "on"))
        off = cli("simulate", *small, "--out", str(tmp_path / "off"), "--no-response-range")
        assert on.returncode == 0, on.stderr
        assert off.returncode == 0, off.stderr
        record = json.loads((tmp_path / "on" / "metrics.json").read_text())
        for name in (metrics.BENEFIT, metrics.BENEFIT_WEAKEST, metrics.BENEFIT_STRONGEST):
            assert record["metrics"][name]["n"] == 2
        off_record = json.loads((tmp_path / "off" / "metrics.json").read_text())
        assert off_record["metrics"][metrics.BENEFIT]["mean"] is None

        report = parse((tmp_path / "on" / "report.html").read_text()).text()
        assert "fewer true bad acts per 1,000 citizen-years than the same town" in report
        assert "behaviour.certainty" in report
        assert "A test range, wide on purpose" in report
        off_report = parse((tmp_path / "off" / "report.html").read_text()).text()
        assert "made with --no-response-range" in off_report

        page = tmp_path / "compare.html"
        both = cli(
            "simulate", "compare", str(tmp_path / "on"), str(tmp_path / "off"), "--out", str(page)
        )
        assert both.returncode == 0, both.stderr
        words = [
            p.text() for p in parse(page.read_text()).all("p") if "benefit-words" in p.classes()
        ]
        assert words[0].startswith("A (default on baseline):")
        assert "across the response range" in words[0]
        assert "--no-response-range" in words[1]
