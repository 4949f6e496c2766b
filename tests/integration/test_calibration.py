"""`calibrate` on a tiny budget: every file with its columns, a resume that runs nothing and
writes the same posterior, and the plan's reading of dates and targets."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from socialcredit.calibration import READINGS, calibrate, make_plan
from socialcredit.calibration.store import check_directory, open_directory
from socialcredit.calibration.tables import posterior_bytes
from socialcredit.cli import main
from tests.calibration_files import TINY, write_targets

FREE = [
    "scenario.population.behaviours.court_defaulter.per_year",
    "scenario.observation.feeds.public_records.ramp.days",
    "scenario.observation.feeds.public_records.ramp.start",
    "scenario.population.demand.flight.per_year",
    "scenario.population.demand.train.per_year",
    "scenario.redress.rehabilitation.per_year",
    "scenario.redress.term_share",
    "scenario.redress.restoration.per_year",
]


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calibration")
    targets = write_targets(folder)
    out = folder / "out"
    args = ["calibrate", "court-blacklist", "--policy", "court-defaulters"]
    code, err = run(*args, "--targets", str(targets), "--out", str(out), *TINY)
    assert code == 0, err
    return out


def test_writes_every_file(calibrated: Path) -> None:
    assert {p.name for p in calibrated.iterdir()} == {
        "plan.yaml",
        "runs.jsonl",
        "posterior.parquet",
        "fit.csv",
        "judge.csv",
        "predictions.csv",
        "calibration.json",
        "report.html",
    }


def test_the_posterior_has_a_row_per_parameter_set_with_rates_weights_and_seeds(
    calibrated: Path,
) -> None:
    table = pq.read_table(calibrated / "posterior.parquet")
    assert table.column_names == [
        "draw",
        "round",
        *FREE,
        "log_likelihood",
        "smoothed_log_likelihood",
        "weight",
        "seeds",
    ]
    assert table.num_rows == 6
    assert sum(table.column("weight").to_pylist()) == pytest.approx(1.0)
    assert table.column("seeds").to_pylist() == [[0]] * 6
    assert table.column("round").to_pylist() == [1, 1, 1, 2, 2, 2]
    days = table.column("scenario.observation.feeds.public_records.ramp.days").to_pylist()
    assert all(isinstance(d, int) and 180 <= d <= 2000 for d in days)


def test_fit_judge_and_predictions_have_their_rows_and_columns(calibrated: Path) -> None:
    columns = ["target", "quantity", "date", "published", "relative_sd"]
    columns += ["mean", "low", "high", "within"]
    fit = rows(calibrated / "fit.csv")
    assert list(fit[0]) == columns
    assert [r["target"] for r in fit] == ["listed-a", "paid-a", "current-a", "flights-a", "rail-a"]
    judge = rows(calibrated / "judge.csv")
    # The target dated beyond the run (2016) is not judged.
    assert [r["target"] for r in judge] == ["listed-b", "flights-b"]
    assert list(judge[0]) == [*columns, "naive_line", "naive_last", "naive_log_trend"]
    # One fitted figure per quantity: its value is the last-figure forecast, and a line or a
    # trend needs two.
    assert [(r["naive_last"], r["naive_line"], r["naive_log_trend"]) for r in judge] == [
        ("30000", "", ""),
        ("20000", "", ""),
    ]
    for r in fit + judge:
        inside = int(r["low"]) <= int(r["published"]) <= int(r["high"])
        assert r["within"] == str(inside).lower()
    predictions = rows(calibrated / "predictions.csv")
    assert list(predictions[0]) == ["date", "quantity", "mean", "low", "high"]
    assert [(r["date"], r["quantity"]) for r in predictions] == [
        ("2014-06-30", q.value) for q in READINGS
    ]


def test_the_record_names_the_command_the_inputs_and_the_effective_sample_size(
    calibrated: Path,
) -> None:
    record = json.loads((calibrated / "calibration.json").read_text(encoding="utf-8"))
    assert record["command"].startswith("socialcredit calibrate court-blacklist --policy ")
    assert "--simulations 6 --rounds 2 --seeds 1 --citizens 500" in record["command"]
    assert len(record["inputs"]["targets"]["sha256"]) == 64
    assert len(record["inputs"]["policy"]["hash"]) == 64
    assert record["simulations"] == {
        "parameter_sets": 6,
        "runs": 30,
        "run_now": 30,
        "resumed": 0,
    }
    assert 1.0 <= record["ess"] <= 6.0
    assert [f["path"] for f in record["free"]] == FREE
    assert record["seconds"] > 0
    assert "commit" not in json.dumps(record)


def test_the_same_command_resumes_runs_nothing_and_writes_the_same_posterior(
    calibrated: Path,
) -> None:
    before = (calibrated / "posterior.parquet").read_bytes()
    plan = make_plan(
        scenario_ref="court-blacklist",
        policy_ref="court-defaulters",
        targets=calibrated.parent / "targets.yaml",
        predict=[date(2014, 6, 30)],
        simulations=6,
        rounds=2,
        seeds=1,
        citizens=500,
    )
    log = open_directory(check_directory(calibrated, plan.document(), force=False))
    fit = calibrate(plan, log)
    assert (fit.runs, fit.resumed) == (0, 30)
    assert posterior_bytes(fit) == before


def test_a_plan_reads_the_run_length_from_the_latest_date_it_needs(tmp_path: Path) -> None:
    targets = write_targets(tmp_path)
    plan = make_plan(
        scenario_ref="court-blacklist",
        policy_ref="court-defaulters",
        targets=targets,
        predict=[],
        simulations=4,
        rounds=2,
        seeds=2,
        citizens=100,
    )
    # The last fit target is 2014-03-31, 181 days after 1 October 2013.
    assert plan.scenario.population.days == 182
    assert plan.judge == []
    assert plan.noise_seeds == list(range(2, 26))
    assert plan.scale == pytest.approx(1_390_000_000 / 100)
    assert plan.days["listed_current"][-1] == 181


def test_the_same_command_again_adds_a_call_that_ran_nothing(calibrated: Path) -> None:
    before = json.loads((calibrated / "calibration.json").read_text(encoding="utf-8"))
    args = ["calibrate", "court-blacklist", "--policy", "court-defaulters"]
    targets = calibrated.parent / "targets.yaml"
    code, err = run(*args, "--targets", str(targets), "--out", str(calibrated), *TINY)
    assert code == 0, err
    after = json.loads((calibrated / "calibration.json").read_text(encoding="utf-8"))
    assert after["calls"][0] == before["calls"][0]
    assert after["calls"][1]["runs"] == 0
    assert after["seconds"] == pytest.approx(sum(c["seconds"] for c in after["calls"]), abs=0.11)
    assert after["simulations"]["resumed"] == 30
