"""Experiments from the command line: a sweep, its files, a kill -9 and a resume that ends in
the same table, Ctrl-C, refusals of bad input and of a changed experiment, and the analysis."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from tests.e2e.test_cli import assert_one_line_error, cli

SWEEP = [
    "sweep",
    "--policy",
    "none",
    "--policy",
    "classic",
    "--scenario",
    "biased-collectors",
    "--set",
    "scenario.observation.collectors.bias.factor=1,4",
    "--set",
    "policy.lists.black.enter.score_below=850,950",
    "--seeds",
    "3",
    "--citizens",
    "300",
    "--days",
    "40",
]
"""2 counterfactual + 4 scoring variants × 3 seeds = 18 runs. `classic`, whose black list is
left at 960, may be entered below 950; `default`'s, left at 900, may not."""


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sweep") / "out"
    done = cli(*SWEEP, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_a_sweep_writes_tidy_tables_a_summary_and_a_resolved_experiment(swept: Path) -> None:
    names = {p.name for p in swept.iterdir()}
    assert names == {
        "experiment.yaml",
        "runs.jsonl",
        "results.parquet",
        "results.csv",
        "summary.csv",
        "frontier.csv",
        "report.html",
    }
    table = pq.read_table(swept / "results.parquet")
    assert table.num_rows == 18
    assert table.column_names[:8] == [
        "variant",
        "seed",
        "policy",
        "scenario",
        "status",
        "reason",
        "policy.lists.black.enter.score_below",
        "scenario.observation.collectors.bias.factor",
    ]
    with (swept / "results.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 18
    assert rows[0]["ever_wrongly_blacklisted_per_1000"] == repr(
        table.column("ever_wrongly_blacklisted_per_1000")[0].as_py()
    )
    with (swept / "summary.csv").open() as f:
        summary = list(csv.DictReader(f))
    assert {r["reference"] for r in summary} == {"v000"}
    assert {r["paired"] for r in summary} == {"true"}
    resolved = yaml.safe_load((swept / "experiment.yaml").read_text())
    assert len(resolved["variants"]) == 6
    assert all(len(v["policy_hash"]) == 64 for v in resolved["variants"])
    assert resolved["generator"].startswith("socialcredit ")


def test_the_resolved_experiment_reruns_exactly(swept: Path, tmp_path: Path) -> None:
    again = cli("experiment", "run", str(swept / "experiment.yaml"), "--out", str(tmp_path / "o"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "o" / "results.csv").read_bytes() == (swept / "results.csv").read_bytes()


def test_rerunning_a_finished_sweep_runs_nothing_and_changes_nothing(swept: Path) -> None:
    before = (swept / "runs.jsonl").read_bytes()
    again = cli(*SWEEP, "--out", str(swept))
    assert again.returncode == 0, again.stderr
    assert (swept / "runs.jsonl").read_bytes() == before


def _start(out: Path) -> subprocess.Popen[str]:
    # As from a terminal: Ctrl-C raises KeyboardInterrupt. A test runner started in the
    # background by a non-interactive shell inherits SIGINT ignored, and so would the child.
    code = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from socialcredit.cli import main; main(sys.argv[1:])"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, *SWEEP, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_runs(out: Path, proc: subprocess.Popen[str], at_least: int) -> int:
    journal = out / "runs.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists():
            n = journal.read_bytes().count(b"\n")
            if n >= at_least:
                return n
        if proc.poll() is not None:
            pytest.fail(f"the sweep ended before it could be interrupted: {proc.stderr.read()}")
        time.sleep(0.02)
    pytest.fail("the sweep made no progress")


@pytest.mark.slow
def test_kill_9_and_the_same_command_resumes_to_an_identical_table(
    swept: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    proc = _start(out)
    _wait_for_runs(out, proc, 4)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    done_before = (out / "runs.jsonl").read_bytes().count(b"\n")
    assert not (out / "results.csv").exists()
    resumed = cli(*SWEEP, "--out", str(out))
    assert resumed.returncode == 0, resumed.stderr
    entries = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
    keys = [(e["variant"], e["seed"]) for e in entries]
    assert 4 <= done_before < len(keys), "killed part-way"
    assert len(keys) == len(set(keys)), "every run once, none twice"
    # Each variant on each seed, and each scoring variant also at both ends of the scenario's
    # response range (`v003@weakest`), on the same seeds.
    central = {k for k in keys if "@" not in k[0]}
    assert len(central) == 18
    ends = {(v.split("@")[0], seed, v.split("@")[1]) for v, seed in keys if "@" in v}
    assert ends == {(v, seed, end) for v, seed, _ in ends for end in ("weakest", "strongest")}
    assert {(v, seed) for v, seed, _ in ends} <= central
    for name in ("results.csv", "summary.csv", "frontier.csv", "results.parquet"):
        assert (out / name).read_bytes() == (swept / name).read_bytes(), name


@pytest.mark.slow
def test_ctrl_c_leaves_a_resumable_directory(swept: Path, tmp_path: Path) -> None:
    out = tmp_path / "interrupted"
    proc = _start(out)
    _wait_for_runs(out, proc, 3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err
    resumed = cli(*SWEEP, "--out", str(out))
    assert resumed.returncode == 0, resumed.stderr
    assert (out / "results.csv").read_bytes() == (swept / "results.csv").read_bytes()


def test_a_changed_sweep_is_refused_naming_the_change_unless_forced(
    swept: Path, tmp_path: Path
) -> None:
    out = tmp_path / "changed"
    first = cli(*SWEEP[:-6], "--seeds", "1", "--citizens", "300", "--days", "20", "--out", str(out))
    assert first.returncode == 0, first.stderr
    changed = cli(
        *SWEEP[:-6], "--seeds", "2", "--citizens", "300", "--days", "20", "--out", str(out)
    )
    assert_one_line_error(changed, "--out", "changed: seeds ([0] → [0, 1])", "--force")
    forced = cli(
        *SWEEP[:-6],
        "--seeds",
        "2",
        "--citizens",
        "300",
        "--days",
        "20",
        "--out",
        str(out),
        "--force",
    )
    assert forced.returncode == 0, forced.stderr
    assert pq.read_table(out / "results.parquet").num_rows == 6 * 2


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--set", "policy.behaviours.litering.points=-5"], ["--set", "did you mean 'littering'"]),
        (["--set", "policy.lists.black.min_days=abc"], ["--set", "min_days=abc", "integer"]),
        (["--set", "scenario.observation.feeds.health.coverage=0.5,2"], ["--set", "coverage=2"]),
        (["--set", "colour=red"], ["--set", "policy. or scenario."]),
        (["--set", "policy.lists.black.min_days"], ["--set", "PATH=V1,V2"]),
        (["--seeds", "0"], ["--seeds"]),
        (["--workers", "2", "--dask-scheduler", "tcp://127.0.0.1:1"], ["--workers"]),
    ],
)
def test_bad_sweep_input_is_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], needles: list[str]
) -> None:
    out = tmp_path / "never"
    done = cli(
        "sweep",
        "--policy",
        "default",
        "--scenario",
        "baseline",
        "--citizens",
        "100",
        "--days",
        "5",
        "--seeds",
        "1",
        *args,
        "--out",
        str(out),
    )
    assert_one_line_error(done, *needles)
    assert not out.exists()


def test_a_broken_experiment_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(
        "kind: experiment\nname: e\npolicies: [default]\nscenarios: [baseline]\n"
        "uncertainties:\n  - {path: scenario.observation.feeds.helth.coverage, values: [0.5]}\n",
        encoding="utf-8",
    )
    done = cli("experiment", "run", str(path), "--out", str(tmp_path / "o"))
    assert_one_line_error(done, f"{path}:6", "uncertainties.0.path", "category 'helth'")
    assert not (tmp_path / "o").exists()


def test_analyse_refuses_a_design_not_made_for_the_method(swept: Path) -> None:
    done = cli("experiment", "analyse", str(swept), "--sensitivity", "sobol")
    assert_one_line_error(done, "--sensitivity", "sampled by grid")
    done = cli("experiment", "analyse", str(swept), "--discover", "black.final >> 2")
    assert_one_line_error(done, "--discover", "not a condition")


def test_discovery_on_a_sweep_writes_boxes_into_the_report(swept: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(swept, copy)
    # In 40 days a threshold no higher than the list's exit lists nobody more: collectors'
    # reports, which their bias drives, differ between the variants.
    metric = "surveillance.collector_reports_per_resident_year"
    by_variant: dict[str, list[float]] = {}
    with (swept / "results.csv").open() as f:
        for r in csv.DictReader(f):
            if r["policy"] != "none":
                by_variant.setdefault(r["variant"], []).append(float(r[metric]))
    means = sorted(sum(v) / len(v) for v in by_variant.values())
    threshold = (means[0] + means[-1]) / 2
    assert means[0] < threshold < means[-1]
    condition = f"{metric} > {threshold:g}"
    done = cli("experiment", "analyse", str(copy), "--discover", condition)
    assert done.returncode == 0, done.stderr
    analysis = json.loads((copy / "analysis.json").read_text())
    found = analysis["discovery"]
    assert found["condition"] == condition
    assert 0 < found["cases"] < found["total"] == 4
    box = found["boxes"][0]
    assert box["limits"]
    assert 0 < box["coverage"] <= 1
    assert 0 < box["density"] <= 1
    assert "Scenario discovery" in (copy / "report.html").read_text()


@pytest.mark.slow
def test_morris_sensitivity_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "kind: experiment\nname: m\npolicies: [classic]\nscenarios: [biased-collectors]\n"
        "levers:\n  - {path: policy.lists.black.enter.score_below, range: [850, 950]}\n"
        "uncertainties:\n  - {path: scenario.observation.collectors.false_report_rate, "
        "range: [0.0, 0.5]}\n"
        "sampling: {method: morris, samples: 4}\nseeds: 2\ncitizens: 300\ndays: 120\n"
        "outcomes: [ever_blacklisted_per_1000]\nresponse_range: false\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    assert cli("experiment", "run", str(path), "--out", str(out)).returncode == 0
    done = cli("experiment", "analyse", str(out), "--sensitivity", "morris")
    assert done.returncode == 0, done.stderr
    item = json.loads((out / "analysis.json").read_text())["sensitivity"][0]
    mu = {i["factor"]: i["value"] for i in item["first"]}
    assert all(i["low"] is not None and i["low"] >= 0 for i in item["first"])
    assert "Sensitivity" in (out / "report.html").read_text()
    # μ* by hand: along each trajectory, consecutive points differ in one input; the
    # elementary effect is the change in the outcome over the step (in the unit cube).
    from SALib.sample import morris as morris_sample

    from socialcredit.experiment.design import problem_of
    from socialcredit.experiment.document import Experiment

    experiment = Experiment.model_validate(yaml.safe_load(path.read_text()))
    unit = morris_sample.sample(problem_of(experiment.factors), 4, num_levels=4, seed=0)
    means: dict[str, list[float]] = {}
    with (out / "results.csv").open() as f:
        for r in csv.DictReader(f):
            means.setdefault(r["variant"], []).append(float(r["ever_blacklisted_per_1000"]))
    # One policy and no counterfactual: variant k is design point k.
    y = [sum(means[v]) / len(means[v]) for v in sorted(means)]
    assert len(y) == len(unit)
    effects: dict[int, list[float]] = {0: [], 1: []}
    for t in range(4):
        for j in range(2):
            a, b = t * 3 + j, t * 3 + j + 1
            i = int(next(k for k in range(2) if unit[a, k] != unit[b, k]))
            effects[i].append(abs((y[b] - y[a]) / (unit[b, i] - unit[a, i])))
    names = [f.path for f in experiment.factors]
    for i, name in enumerate(names):
        assert mu[name] == pytest.approx(sum(effects[i]) / len(effects[i]))


def test_an_unreachable_cluster_touches_nothing_even_with_force(
    swept: Path, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(swept, copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    done = cli(
        *SWEEP[:-2],
        "--days",
        "30",
        "--out",
        str(copy),
        "--force",
        "--dask-scheduler",
        "tcp://127.0.0.1:9",
        "--dask-timeout",
        "0.5",
    )
    assert_one_line_error(done, "cannot reach a Dask scheduler")
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


def test_a_directory_in_use_is_refused(swept: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "busy"
    shutil.copytree(swept, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from socialcredit.storage import lock_directory; "
            f"lock_directory(Path({str(copy)!r})); print('locked', flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        done = cli(*SWEEP, "--out", str(copy))
        assert_one_line_error(done, "in use by another socialcredit process")
        done = cli("experiment", "analyse", str(copy), "--discover", "black.final > 1")
        assert_one_line_error(done, "in use by another socialcredit process")
    finally:
        holder.kill()
        holder.wait()
    assert cli(*SWEEP, "--out", str(copy)).returncode == 0, "free again once the holder is gone"


def test_an_analysis_is_kept_when_the_report_is_written_again(swept: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "kept"
    shutil.copytree(swept, copy)
    assert cli("experiment", "analyse", str(copy), "--discover", "black.final > 1").returncode == 0
    again = cli(*SWEEP, "--out", str(copy))
    assert again.returncode == 0, again.stderr
    analysis = json.loads((copy / "analysis.json").read_text())
    assert analysis["requested"] == {"sensitivity": None, "discover": "black.final > 1"}
    assert "Scenario discovery" in (copy / "report.html").read_text()


def test_sweep_outcomes_are_named_and_checked(tmp_path: Path) -> None:
    out = tmp_path / "gap"
    base = [
        "sweep",
        "--policy",
        "default",
        "--scenario",
        "biased-collectors",
        "--set",
        "scenario.observation.collectors.bias.factor=1,8",
        "--seeds",
        "2",
        "--citizens",
        "200",
        "--days",
        "20",
    ]
    done = cli(
        *base, "--outcome", "disparity.minority_vs_majority.score_gap.difference", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    with (out / "summary.csv").open() as f:
        outcomes = {r["outcome"] for r in csv.DictReader(f)}
    assert outcomes == {"disparity.minority_vs_majority.score_gap.difference"}
    wrong = cli(*base, "--outcome", "score_gap", "--out", str(tmp_path / "never"))
    assert_one_line_error(wrong, "--outcome", "not a metric of these runs")
    assert not (tmp_path / "never").exists()


def test_a_variant_whose_rulebook_is_invalid_is_listed_not_run_and_reported(
    tmp_path: Path,
) -> None:
    """Entering `default`'s black list below 950, above where it is left (900), cannot work:
    that variant is checked, listed with its reason, left out of the runs and the analyses,
    and the results and the report say so; the others run."""
    path = tmp_path / "e.yaml"
    path.write_text(
        "kind: experiment\nname: e\npolicies: [none, default]\nscenarios: [baseline]\n"
        "levers:\n  - {path: policy.lists.black.enter.score_below, values: [850, 950]}\n"
        "seeds: 2\ncitizens: 40\ndays: 5\n",
        encoding="utf-8",
    )
    checked = cli("experiment", "check", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "2 variants × 2 seeds = 4 runs (grid); 1 variant not run (invalid rulebooks: " in (
        checked.stdout
    )
    [listed] = [line for line in checked.stdout.splitlines() if "is not run" in line]
    assert listed.strip().startswith("v002 (default × baseline, score_below=950) is not run: ")
    assert listed.endswith("[list-exit-overlaps-entry]")
    out = tmp_path / "o"
    done = cli("experiment", "run", str(path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    summary = done.stdout.splitlines()
    assert summary[-2].startswith("e: 2 variants × 2 seeds, and 1 scoring variant also at both "), (
        done.stdout
    )
    assert "1 variant not run (invalid rulebooks: list-exit-overlaps-entry × 1)" in summary[-2]
    assert summary[-2].endswith("run now, 0 read from the journal")
    assert summary[-1] == (
        f"wrote the results, the tables and the report in {out}: {out / 'report.html'}"
    )
    with (out / "results.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [(r["variant"], r["seed"], r["status"]) for r in rows] == [
        ("v000", "0", "ok"),
        ("v000", "1", "ok"),
        ("v001", "0", "ok"),
        ("v001", "1", "ok"),
        ("v002", "", "invalid"),
    ]
    assert rows[4]["reason"].startswith("lists.black.exit.score_at_least: ")
    assert rows[4]["reason"].endswith("[list-exit-overlaps-entry]")
    assert rows[4]["policy.lists.black.enter.score_below"] == "950"
    assert rows[4]["ever_blacklisted_per_1000"] == ""
    # The two variants on two seeds, and the scoring one at both ends of the response range.
    journal = [json.loads(x)["variant"] for x in (out / "runs.jsonl").read_text().splitlines()]
    assert (
        sorted(journal)
        == ["v000"] * 2 + ["v001"] * 2 + ["v001@strongest"] * 2 + ["v001@weakest"] * 2
    )
    with (out / "summary.csv").open() as f:
        assert {r["variant"] for r in csv.DictReader(f)} == {"v000", "v001"}
    with (out / "frontier.csv").open() as f:
        assert [r["variant"] for r in csv.DictReader(f)] == ["v001"]
    page = (out / "report.html").read_text()
    assert "1 more variant not run" in page
    assert "Variants not run" in page
    assert "list-exit-overlaps-entry" in page
    assert "1 of 3 variants was not run" in page
