"""An experiment directory written before a metric was declared still resumes and analyses: its
journal keeps each run's figures by name, so the new metric is an empty column of the results
tables, and every figure the runs recorded reads as before."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from socialcredit.cli import main
from socialcredit.experiment.store import ANALYSIS, JOURNAL, REPORT, RESULTS_CSV
from tests.support import LATER_METRICS, declare

SWEEP = [
    "sweep",
    "--policy",
    "none",
    "--policy",
    "default",
    "--scenario",
    "biased-collectors",
    "--set",
    "scenario.observation.collectors.bias.factor=1,4",
    "--seeds",
    "2",
    "--citizens",
    "200",
    "--days",
    "30",
]


def results(out: Path) -> list[dict[str, str]]:
    with (out / RESULTS_CSV).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def written_before(tmp_path: Path) -> Path:
    """An experiment run to the end by today's catalogue."""
    out = tmp_path / "sweep"
    main([*SWEEP, "--out", str(out)])
    assert "black_wrongful.peak" not in results(out)[0]
    return out


class TestAnExperimentWrittenBeforeAMetricWasDeclared:
    def test_resumes_with_nothing_to_run_and_leaves_the_new_metric_empty(
        self, written_before: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        journal = (written_before / JOURNAL).read_bytes()
        before = results(written_before)
        declare(monkeypatch, *LATER_METRICS)
        main([*SWEEP, "--out", str(written_before)])
        assert (written_before / JOURNAL).read_bytes() == journal, "no run was done again"
        after = results(written_before)
        assert [r["black_wrongful.peak"] for r in after] == [""] * len(after)
        assert [{k: r[k] for k in before[0]} for r in after] == before

    def test_analyses(
        self,
        written_before: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        declare(monkeypatch, *LATER_METRICS)
        (written_before / REPORT).unlink()
        capsys.readouterr()
        main(["experiment", "analyse", str(written_before), "--discover", "black.final > 0"])
        assert capsys.readouterr().out.strip().endswith(f"the report {written_before / REPORT}")
        assert (written_before / ANALYSIS).is_file()
        assert (written_before / REPORT).is_file()
