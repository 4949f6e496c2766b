"""An experiment over a scenario whose responses carry plausible ranges: each scoring variant is
also run at both ends, shares its world's no-scoring twin, and the frontier, the headline and
the findings say what holds across the range."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from socialcredit.experiment import frontier, load_experiment, pending, resolve, run_experiment
from socialcredit.experiment.digest import WRONGFUL, digest
from socialcredit.experiment.ends import jobs, variant_ends
from socialcredit.experiment.journal import Journal
from socialcredit.experiment.store import JOURNAL, open_directory
from socialcredit.experiment.variants import Resolved
from socialcredit.experiment.worlds import worlds
from socialcredit.inputs.scenarios import load_population_scenario
from socialcredit.report.experiment.headline import headline
from tests.support import with_ranges, write_scenario

ROOT = Path(__file__).resolve().parents[2]
RANGES = {
    "certainty": {"low": 0.0, "high": 0.9, "source": "A test range"},
    "shame.private": {"low": 0.0, "high": 0.5, "source": "Another test range"},
}

EXPERIMENT = """kind: experiment
name: over-the-range
policies: [none, default]
scenarios: [{scenario}]
levers:
  - {{path: policy.lists.black.enter.score_below, values: [850, 900]}}
citizens: 400
days: 60
seeds: 2
{extra}"""


def ranged_town(folder: Path) -> Path:
    town = with_ranges(load_population_scenario("baseline"), RANGES)
    return write_scenario(town, folder / "ranged.yaml")


def unranged_town(folder: Path) -> Path:
    town = with_ranges(load_population_scenario("baseline"), {})
    return write_scenario(town, folder / "unranged.yaml")


def make(folder: Path, scenario: str, extra: str = "") -> Resolved:
    path = folder / "experiment.yaml"
    path.write_text(EXPERIMENT.format(scenario=scenario, extra=extra), encoding="utf-8")
    experiment, file, lines = load_experiment(path)
    return resolve(experiment, file=file, lines=lines, base_dir=folder)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Resolved, Path]:
    folder = tmp_path_factory.mktemp("ends")
    resolved = make(folder, str(ranged_town(folder)))
    out = folder / "out"
    run_experiment(resolved, open_directory(out, resolved.document(), force=False, option="--out"))
    return resolved, out


class TestEndRuns:
    def test_each_scoring_variant_runs_at_both_ends_on_the_same_seeds(
        self, ran: tuple[Resolved, Path]
    ) -> None:
        resolved, out = ran
        keys = set(Journal(out / JOURNAL).read())
        scoring = [v for v in resolved.variants if not v.counterfactual]
        twin = next(v for v in resolved.variants if v.counterfactual)
        for v in scoring:
            for end in ("weakest", "strongest"):
                assert {(f"{v.id}@{end}", s) for s in resolved.seeds} <= keys
        assert not any(k.startswith(f"{twin.id}@") for k, _ in keys)
        assert len(keys) == (len(resolved.variants) + 2 * len(scoring)) * len(resolved.seeds)

    def test_a_resumed_experiment_has_nothing_left_to_run(self, ran: tuple[Resolved, Path]) -> None:
        resolved, out = ran
        _, todo = pending(resolved, Journal(out / JOURNAL))
        assert todo == []

    def test_the_frontier_shows_each_variants_benefit_at_both_ends(
        self, ran: tuple[Resolved, Path]
    ) -> None:
        resolved, out = ran
        results, _ = pending(resolved, Journal(out / JOURNAL))
        front = frontier(results)
        assert front is not None
        assert front.ranged
        for point in front.points:
            assert point.ends is not None
            weakest, strongest = point.ends
            assert weakest.n == strongest.n == 2
            assert weakest.mean is not None
            assert strongest.mean is not None
            # Deterrence from 0 to 0.9: the strongest end deters far more.
            assert strongest.mean > weakest.mean

    def test_the_headline_says_whether_the_order_holds_across_the_range(
        self, ran: tuple[Resolved, Path]
    ) -> None:
        resolved, out = ran
        results, _ = pending(resolved, Journal(out / JOURNAL))
        text = headline(digest(results, frontier(results)))
        assert "Across the plausible range of the responses" in text

    def test_findings_say_which_conclusions_hold_across_the_range(
        self, ran: tuple[Resolved, Path]
    ) -> None:
        resolved, out = ran
        results, _ = pending(resolved, Journal(out / JOURNAL))
        front = frontier(results)
        assert front is not None
        findings = docs_findings()
        text = "\n".join(findings.range_section(results, worlds(results, front, WRONGFUL)))
        assert "The order holds in" in text
        assert ("| holds |" in text) or ("depends on it" in text)


def docs_findings() -> ModuleType:
    """docs/findings.py, as the integrator runs it (it imports docs/calibration.py beside it)."""
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        spec = importlib.util.spec_from_file_location("findings", ROOT / "docs" / "findings.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "docs"))
    return module


class TestWithoutEnds:
    def test_response_range_false_runs_no_ends_and_says_so_in_the_document(
        self, tmp_path: Path
    ) -> None:
        resolved = make(tmp_path, str(ranged_town(tmp_path)), "response_range: false\n")
        assert [j.key for j in jobs(resolved)] == [v.id for v in resolved.variants]
        assert resolved.document()["response_range"] is False

    def test_a_scenario_without_ranges_resolves_and_runs_as_before(self, tmp_path: Path) -> None:
        resolved = make(tmp_path, str(unranged_town(tmp_path)))
        assert [j.key for j in jobs(resolved)] == [v.id for v in resolved.variants]
        assert "response_range" not in resolved.document()


class TestAResponseTheExperimentSets:
    def test_may_leave_its_plausible_range_and_is_left_out_of_the_ends(
        self, tmp_path: Path
    ) -> None:
        # The ranged town's certainty is ranged 0 to 0.9; the experiment sets it to 0.95.
        extra = "uncertainties:\n  - {path: scenario.behaviour.certainty, values: [0.95]}\n"
        resolved = make(tmp_path, str(ranged_town(tmp_path)), extra)
        assert not [v for v in resolved.invalid if "certainty" in v.reason]
        scoring = [v for v in resolved.variants if not v.counterfactual]
        assert scoring
        for variant in scoring:
            assert variant.scenario.behaviour.certainty == 0.95
            assert "certainty" not in variant.scenario.behaviour.ranges
            ends = variant_ends(variant)
            assert ends is not None
            assert ends.weakest.behaviour.certainty == ends.strongest.behaviour.certainty == 0.95
