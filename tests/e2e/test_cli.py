"""The command line as users script it: outputs they can open, errors they can act on."""

from __future__ import annotations

import ast
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

import socialcredit
from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.inputs import (
    SHIPPED_SCENARIOS,
    load_policy,
    load_population_scenario,
    shipped_text,
)
from socialcredit.reputation import analytic_good_share, exact_good_share
from socialcredit.runs.schema import RUN_RECORD, PopulationRecord, ReputationRecord
from socialcredit.stories import stories_schema
from tests.commands import run_command

ROOT = Path(__file__).resolve().parents[2]
T_975_ONE_DOF = 12.706204736174698  # Student t quantile, 0.975, 1 degree of freedom


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # A run's benefit over the response range takes three more simulations; the command-line
    # tests leave them out unless they name the option (tests/integration/test_benefit.py runs
    # them, and the default, end to end).
    runs = args[:1] == ("simulate",) and args[1:2] != ("compare",)
    if runs and not any("response-range" in a for a in args):
        args = (*args, "--no-response-range")
    return run_command(*args, cwd=cwd)


def assert_one_line_error(out: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in out.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def edited(
    tmp_path: Path, kind: str, name: str, old: str, new: str, marker: str
) -> tuple[Path, int]:
    """A shipped document with one edit, written to a file; and the line holding `marker`."""
    text = shipped_text(kind, name)  # type: ignore[arg-type]
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / f"{name}-edited.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)
    return path, line


class TestPolicyCommands:
    def test_show_json_lists_hash_behaviours_grades_and_services(self) -> None:
        out = cli("policy", "show", "--policy", "classic", "--json")
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)
        assert {"hash", "base_score", "behaviours", "grades", "services", "footprint"} <= set(doc)
        assert {"code", "category", "points", "expires_after_days"} <= set(doc["behaviours"][0])
        assert [s["name"] for s in doc["services"]] == [
            "school",
            "job",
            "housing",
            "loan",
            "internet",
            "train",
            "flight",
        ]

    def test_show_says_every_part_of_the_rulebook_in_words(self) -> None:
        out = cli("policy", "show", "--policy", "classic")
        assert out.returncode == 0, out.stderr
        policy = load_policy("classic")
        text = out.stdout
        for heading in (
            "Data categories:",
            "Behaviours that score, by category:",
            "Where evidence comes from:",
            "Grades (from the top):",
            "Watched: citizens with a score below",
            "Lists:",
            "Services (the first rule that matches decides):",
            "Appeals:",
            "Data footprint:",
        ):
            assert heading in text
        for b in policy.behaviours:  # every behaviour, whole, with its points
            assert f"    {b.code}: {b.points:+,} point" in text
        for feed in policy.sources.feeds:
            assert f"  feed {feed.code} ({feed.category}" in text
        black = policy.lists.black
        assert f"black list: entered on a score below {black.enter.score_below:,}" in text
        for name, service in policy.services.items():
            assert f"\n  {name}" in text
            assert len(service.rules) == 0 or f"    {len(service.rules)}. if " in text
        assert "{" not in text  # words, not Python's dicts
        assert "…" not in text  # nothing cut to fit a terminal

    def test_init_writes_a_commented_starter_that_checks_and_runs(self, tmp_path: Path) -> None:
        file = tmp_path / "My Town.yaml"
        out = cli("policy", "init", str(file), "--from", "classic")
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith(f"wrote {file}, policy 'my-town' started from 'classic'")
        text = file.read_text(encoding="utf-8")
        assert text.startswith(
            f"# A starter policy, written by `socialcredit policy init '{file}' --from classic`."
        )
        assert shipped_text("policy", "classic").replace("name: classic", "name: my-town") in text
        checked = cli("policy", "check", str(file))
        assert checked.returncode == 0, checked.stderr
        assert "policy 'my-town' is valid" in checked.stdout
        again = cli("policy", "init", str(file))
        assert_one_line_error(again, "FILE", "exists; give --force")
        assert file.read_text(encoding="utf-8") == text
        assert cli("policy", "init", str(file), "--force").returncode == 0
        assert "It is 'default' as it stands" in file.read_text(encoding="utf-8")

    def test_check_takes_a_shipped_name(self) -> None:
        out = cli("policy", "check", "default")
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("default.yaml: policy 'default' is valid")

    def test_check_of_a_broken_file_names_file_line_and_field(self, tmp_path: Path) -> None:
        bad = tmp_path / "town.yaml"
        bad.write_text("name: town\nbase_score: lots\n")
        assert_one_line_error(cli("policy", "check", str(bad)), f"{bad}:2 (base_score)")

    def test_check_prints_a_warning_on_stderr_and_still_passes(self) -> None:
        out = cli("policy", "check", "default")
        assert out.returncode == 0, out.stderr
        line = next(i for i, row in enumerate(shipped_text("policy", "default").splitlines(), 1)
                    if "enter: {score_below: 850" in row)  # fmt: skip
        [warning] = out.stderr.strip().splitlines()
        assert warning.startswith(
            f"warning: default.yaml:{line} (lists.black.enter.score_below): one drunk_driving "
        ), warning
        assert warning.endswith("[act-near-list-threshold]")

    def test_check_json_gives_the_warnings(self) -> None:
        out = cli("policy", "check", "default", "--json")
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)
        assert (doc["name"], doc["valid"], doc["file"]) == ("default", True, "default.yaml")
        [warning] = doc["warnings"]
        assert warning["rule"] == "act-near-list-threshold"
        assert warning["field"] == "lists.black.enter.score_below"
        assert f"{warning['file']}:{warning['line']}" in out.stderr
        assert json.loads(cli("policy", "check", "classic", "--json").stdout)["warnings"] == []

    def test_show_json_gives_the_warnings(self) -> None:
        doc = json.loads(cli("policy", "show", "--json").stdout)
        assert [w["rule"] for w in doc["warnings"]] == ["act-near-list-threshold"]

    def test_check_refuses_a_black_list_entered_above_where_it_is_left(
        self, tmp_path: Path
    ) -> None:
        path, line = edited(
            tmp_path,
            "policy",
            "default",
            "enter: {score_below: 850,",
            "enter: {score_below: 950,",
            "exit: {score_at_least: 900}",
        )
        out = cli("policy", "check", str(path))
        assert_one_line_error(
            out,
            f"{path}:{line} (lists.black.exit.score_at_least): ",
            "scores 900–949",
            "[list-exit-overlaps-entry]",
        )
        assert "warning" not in out.stderr


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = tmp_path_factory.mktemp("sim") / "run"
    out = cli(
        "simulate",
        "--policy",
        "classic",
        "--scenario",
        "biased-collectors",
        "--citizens",
        "600",
        "--days",
        "40",
        "--seeds",
        "2",
        "--out",
        str(run),
    )
    assert out.returncode == 0, out.stderr
    return run


class TestSimulate:
    def test_writes_a_record_that_validates_with_every_catalogue_metric(self, run: Path) -> None:
        record = RUN_RECORD.validate_json((run / "metrics.json").read_text())
        assert isinstance(record, PopulationRecord)
        assert record.seeds == [0, 1]
        assert list(record.metrics) == CATALOGUE.metric_names(record.dimensions.catalogue())
        assert record.policy.footprint.sensitive_categories_enabled == ["health", "dating"]

    def test_means_and_intervals_are_the_t_intervals_of_the_seeds_cut_to_range(
        self, run: Path
    ) -> None:
        record = RUN_RECORD.validate_json((run / "metrics.json").read_text())
        assert isinstance(record, PopulationRecord)
        checked = 0
        for name, estimate in record.metrics.items():
            values = [r.metrics[name] for r in record.runs]
            if any(v is None for v in values):
                continue
            a, b = values
            assert a is not None
            assert b is not None
            half = T_975_ONE_DOF * abs(a - b) / 2  # sd of two values is |a - b| / sqrt(2)
            low, high = CATALOGUE.metric(name).range
            expected_low = (a + b) / 2 - half if low is None else max(low, (a + b) / 2 - half)
            expected_high = (a + b) / 2 + half if high is None else min(high, (a + b) / 2 + half)
            assert estimate.mean == pytest.approx((a + b) / 2), name
            assert estimate.low == pytest.approx(expected_low, abs=1e-6), name
            assert estimate.high == pytest.approx(expected_high, abs=1e-6), name
            checked += 1
        assert checked > 150

    def test_writes_one_series_row_per_seed_and_day_with_the_catalogue_columns(
        self, run: Path
    ) -> None:
        series = pq.read_table(run / "series.parquet")
        assert series.num_rows == 80
        record = RUN_RECORD.validate_json((run / "metrics.json").read_text())
        assert isinstance(record, PopulationRecord)
        assert set(record.series) < set(series.column_names)
        assert {"seed", "day", "date", "denied_wrongful.train", "mean_score.minority"} <= set(
            series.column_names
        )
        assert (run / "report.html").read_text().startswith("<!DOCTYPE html>")

    def test_stories_go_into_stories_json_and_the_report(self, tmp_path: Path) -> None:
        out = cli(
            "simulate",
            "--policy",
            "classic",
            "--scenario",
            "malicious-collectors",
            "--citizens",
            "800",
            "--days",
            "120",
            "--stories",
            "2",
            "--out",
            str(tmp_path / "lives"),
        )
        assert out.returncode == 0, out.stderr
        document = json.loads((tmp_path / "lives" / "stories.json").read_text())
        Draft202012Validator(stories_schema()).validate(document)
        assert document["per_kind"] == 2
        assert len(document["kinds"]["random"]) == 2
        report = (tmp_path / "lives" / "report.html").read_text()
        assert 'id="stories"' in report
        for citizen in document["kinds"]["random"]:
            assert f'id="story-{citizen}"' in report

    def test_without_stories_a_run_writes_none(self, run: Path) -> None:
        assert not (run / "stories.json").exists()

    def test_refuses_to_overwrite_a_run_unless_forced(self, run: Path) -> None:
        before = (run / "metrics.json").read_bytes()
        assert_one_line_error(cli("simulate", "--out", str(run)), "already holds a run", "--force")
        assert (run / "metrics.json").read_bytes() == before

    def test_force_replaces_a_run_whole(self, tmp_path: Path) -> None:
        out = tmp_path / "run"
        common = ["simulate", "--citizens", "300", "--days", "5", "--out", str(out)]
        assert cli(*common).returncode == 0
        again = cli(*common, "--seed", "3", "--force")
        assert again.returncode == 0, again.stderr
        record = RUN_RECORD.validate_json((out / "metrics.json").read_text())
        assert isinstance(record, PopulationRecord)
        assert record.seeds == [3]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]

    def test_a_rulebook_that_fails_the_audit_runs_and_says_so_in_one_line(
        self, tmp_path: Path
    ) -> None:
        # Health data on with no legal basis: unlawful (gdpr-9) but runnable.
        policy, _ = edited(
            tmp_path,
            "policy",
            "default",
            '  health: {description: "Health records.", sensitive: true, enabled: false}',
            '  health: {description: "Health records.", sensitive: true}',
            "  health:",
        )
        out = tmp_path / "run"
        done = cli(
            "simulate",
            "--policy",
            str(policy),
            "--citizens",
            "300",
            "--days",
            "5",
            "--out",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        assert {"metrics.json", "series.parquet", "report.html"} <= {p.name for p in out.iterdir()}
        [note] = [line for line in done.stderr.splitlines() if "audit" in line]
        assert note.startswith("note: policy 'default' fails the audit (")
        assert "gdpr-9" in note
        assert note.endswith(f"see why with `socialcredit audit {shlex.quote(str(policy))}`")
        assert "Traceback" not in done.stderr

    def test_a_rulebook_the_audit_passes_runs_without_a_note(self, tmp_path: Path) -> None:
        done = cli(
            "simulate",
            "--policy",
            "none",
            "--citizens",
            "300",
            "--days",
            "5",
            "--out",
            str(tmp_path / "run"),
        )
        assert done.returncode == 0, done.stderr
        assert "audit" not in done.stderr

    def test_compare_reports_b_minus_a_paired_over_shared_seeds(self, tmp_path: Path) -> None:
        for policy in ("default", "classic"):
            out = cli(
                "simulate",
                "--policy",
                policy,
                "--citizens",
                "300",
                "--days",
                "20",
                "--seeds",
                "2",
                "--out",
                str(tmp_path / policy),
            )
            assert out.returncode == 0, out.stderr
        page = tmp_path / "cmp.html"
        out = cli(
            "simulate",
            "compare",
            str(tmp_path / "default"),
            str(tmp_path / "classic"),
            "--out",
            str(page),
            "--json",
        )
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)  # nothing but the JSON on stdout
        a = json.loads((tmp_path / "default" / "metrics.json").read_text())
        b = json.loads((tmp_path / "classic" / "metrics.json").read_text())
        name = "entries"
        diffs = [
            rb["metrics"][name] - ra["metrics"][name]
            for ra, rb in zip(a["runs"], b["runs"], strict=True)
        ]
        assert doc[name]["b_minus_a"]["mean"] == pytest.approx(float(np.mean(diffs)))
        assert doc[name]["b_minus_a"]["n"] == 2
        assert "paired" in page.read_text()

    def test_compare_refuses_a_run_with_itself(self, tmp_path: Path) -> None:
        run = tmp_path / "run"
        options = ("--citizens", "200", "--days", "10", "--out", str(run))
        assert cli("simulate", *options).returncode == 0
        twice = cli("simulate", "compare", str(run), str(run), "--allow-unlike")
        assert twice.returncode == 2
        assert twice.stderr == (
            f"error: RUN_B: {run} is given twice (as RUN_A and RUN_B); a run compared with "
            "itself differs in nothing\n"
        )
        shutil.copytree(run, tmp_path / "copy")
        copy = cli("simulate", "compare", str(run), str(tmp_path / "copy"))
        assert copy.returncode == 2
        assert "is a copy of RUN_A" in copy.stderr
        assert "--allow-unlike" in copy.stderr
        assert not list(tmp_path.glob("*.html"))
        copy_twice = (str(run), str(tmp_path / "copy"), str(tmp_path / "copy"))
        twice = cli("simulate", "compare", *copy_twice, "--allow-unlike")
        assert twice.returncode == 2  # --allow-unlike lifts the copy, never the repeat after it
        assert "is given twice (as RUN_B and RUN_C)" in twice.stderr
        allowed = cli("simulate", "compare", str(run), str(tmp_path / "copy"), "--allow-unlike")
        assert allowed.returncode == 0, allowed.stderr
        assert allowed.stderr.startswith(f"warning: {tmp_path / 'copy'} is a copy of RUN_A")
        assert (tmp_path / "compare-run-vs-copy.html").is_file()

    def test_compare_takes_three_runs_each_against_the_first(self, tmp_path: Path) -> None:
        runs = {
            "default": ["--policy", "default", "--citizens", "300"],
            "classic": ["--policy", "classic", "--citizens", "300"],
            "bigger": ["--policy", "classic", "--citizens", "400"],
        }
        for name, options in runs.items():
            out = cli(
                "simulate", *options, "--days", "20", "--seeds", "2", "--out", str(tmp_path / name)
            )
            assert out.returncode == 0, out.stderr
        paths = [str(tmp_path / name) for name in runs]
        refused = cli("simulate", "compare", *paths, "--json")
        assert refused.returncode == 2
        assert refused.stderr.startswith(
            f"error: RUN_C: {paths[2]} has 400 citizens × 20 days and RUN_A 300 citizens × 20 "
            "days: counts of different towns would stand side by side; give --allow-unlike"
        ), refused.stderr
        out = cli("simulate", "compare", *paths, "--json", "--allow-unlike")
        assert out.returncode == 0, out.stderr
        assert out.stderr.startswith(f"warning: {paths[2]} has 400 citizens"), out.stderr
        assert not list(tmp_path.glob("*.html"))  # --json writes no page unless --out is given
        doc = json.loads(out.stdout)
        assert doc["runs"] == paths
        assert doc["differences"]["B"]["paired"] is True
        assert doc["differences"]["C"]["paired"] is False
        assert doc["differences"]["C"]["reading"].startswith(
            "C \u2212 A is not paired (the two scenarios describe different citizens"
        )
        records = [json.loads((Path(p) / "metrics.json").read_text()) for p in paths]
        name = "entries"
        assert [doc[name][tag]["mean"] for tag in "ABC"] == [
            r["metrics"][name]["mean"] for r in records
        ]
        a, b, c = ([run["metrics"][name] for run in r["runs"]] for r in records)
        assert doc[name]["B_minus_A"]["mean"] == pytest.approx(float(np.mean(b) - np.mean(a)))
        assert doc[name]["C_minus_A"]["mean"] == pytest.approx(float(np.mean(c) - np.mean(a)))
        assert doc[name]["b_minus_a"] == doc[name]["B_minus_A"]  # the two-run keys still hold
        table = cli("simulate", "compare", *paths, "--allow-unlike")
        assert table.returncode == 0, table.stderr
        page = tmp_path / "compare-default-vs-classic-vs-bigger.html"  # beside the last run
        assert table.stdout.rstrip().endswith(
            f"compared 3 runs (B \u2212 A paired, C \u2212 A not paired); wrote the page {page}"
        ), table.stdout
        text = page.read_text()
        assert "C \u2212 A" in text
        assert "A solid, B dashed, C dotted" in text
        again = cli("simulate", "compare", *paths, "--allow-unlike")
        assert again.returncode == 0, again.stderr
        assert again.stdout.rstrip().endswith(f"{page.with_name(page.stem + '-2.html')}")
        assert page.read_text() == text  # an earlier page is never replaced by default
        for column in ("A: default", "B: classic", "C: classic", "B − A", "C − A"):
            assert column in table.stdout  # the table wraps headers, never splits these

    def test_reputation_game_matches_its_exact_expectation(self, tmp_path: Path) -> None:
        out = cli(
            "simulate",
            "--scenario",
            "reputation-game",
            "--citizens",
            "60",
            "--out",
            str(tmp_path / "game"),
        )
        assert out.returncode == 0, out.stderr
        record = RUN_RECORD.validate_json((tmp_path / "game" / "metrics.json").read_text())
        assert isinstance(record, ReputationRecord)
        sc = record.scenario
        assert record.analytic_good_share == analytic_good_share(
            sc.norm, sc.execution_error, sc.assessment_error
        )
        assert (
            record.exact_good_share
            == exact_good_share(sc.norm, 60, sc.execution_error, sc.assessment_error)[0]
        )
        good = record.good_share
        assert good.mean is not None
        assert good.high is not None
        assert abs(good.mean - record.expected_good_share) <= 2 * (good.high - good.mean)


SHIPPED = Path(socialcredit.__file__).parent
"""The package's folder, where the shipped policies and scenarios live."""


class TestBadInput:
    @pytest.mark.parametrize(
        ("args", "needles"),
        [
            (["simulate", "--scenario", "nowhere.yaml", "--out", "x"], ["no such scenario file"]),
            (["simulate", "--policy", "nowhere.yaml", "--out", "x"], ["no such policy file"]),
            (["simulate"], ["--out"]),
            (["simulate", "compare", ".", "."], ["is not a run directory"]),
            (["simulate", "compare", "."], ["RUNS", "at least two run directories", "not 1"]),
            (["simulate", "compare"], ["RUNS", "at least two run directories", "not 0"]),
            (["simulate", "compare", ".", ".", "nowhere"], ["RUN_A", "is not a run directory"]),
            (
                ["simulate", "--scenario", "reputation-game", "--seeds", "3", "--out", "x"],
                ["not --seeds"],
            ),
            (
                [
                    "simulate",
                    "--scenario",
                    "reputation-game",
                    "--citizens",
                    "2000000",
                    "--out",
                    "x",
                ],
                ["--citizens", "less than or equal to 1000000"],
            ),
            (["simulate", "--citizens", "0", "--out", "x"], ["--citizens", "10<=x<=1500000000"]),
            (["simulate", "--days", "0", "--out", "x"], ["--days", "1<=x<=7305"]),
            (["simulate", "--seeds", "0", "--out", "x"], ["--seeds", "1<=x<=1000"]),
            (["simulate", "--stories", "-1", "--out", "x"], ["--stories", "0<=x<=10000"]),
            (
                ["simulate", "--scenario", "reputation-game", "--stories", "3", "--out", "x"],
                ["not --stories"],
            ),
            (["simulate", "--seed", "9223372036854775808", "--out", "x"], ["--seed"]),
            (
                ["simulate", "--seed", "9223372036854775807", "--seeds", "2", "--out", "x"],
                ["--seeds", "go past"],
            ),
            (["simulate", "--frobnicate", "--out", "x"], ["--frobnicate"]),
            (
                ["simulate", "--workers", "2", "--dask-scheduler", "tcp://a:1", "--out", "x"],
                ["--workers"],
            ),
            (
                ["simulate", "--workers", str(len(os.sched_getaffinity(0)) + 1), "--out", "x"],
                ["--workers", "is more than the", "cores of this machine"],
            ),
            (["explore", "--save-to", "nowhere"], ["--save-to", "nowhere is not a directory"]),
            (["explore", "--citizens", "5"], ["--citizens", "10<=x<=1000000"]),
            (
                ["explore", "--scenario", "reputation-game"],
                ["reputation-game.yaml", "reputation-game scenario, not a population one"],
            ),
            (["simulate", "--scenario", "classic", "--out", "x"], ["a shipped policy, not a"]),
            (["simulate", "--policy", "baseline", "--out", "x"], ["a shipped scenario, not a"]),
            (
                ["simulate", "--scenario", str(SHIPPED / "policies/classic.yaml"), "--out", "x"],
                ["classic.yaml:1:", "this is a policy", "give it as --policy", "not a scenario"],
            ),
            (
                ["simulate", "--policy", str(SHIPPED / "scenarios/baseline.yaml"), "--out", "x"],
                ["baseline.yaml:1:", "this is a scenario", "not a policy"],
            ),
        ],
    )
    def test_each_gets_one_clear_line_exit_2_and_writes_nothing(
        self, tmp_path: Path, args: list[str], needles: list[str]
    ) -> None:
        assert_one_line_error(cli(*args, cwd=tmp_path), *needles)
        assert not (tmp_path / "x").exists()

    @pytest.mark.parametrize(
        ("kind", "old", "new", "field", "marker"),
        [
            (
                "scenario",
                "start: 2026-01-01",
                "start: 2026-02-30",
                "population.start",
                "2026-02-30",
            ),
            (
                "policy",
                "{code: littering, category: misconduct,",
                "{code: littering, category: civic,",
                "behaviours.10.category",
                "{code: littering, category: civic,",
            ),
            (
                "scenario",
                "    dating: {coverage: 0.5",
                "    tarot: {coverage: 0.5",
                "observation.feeds.tarot",
                "tarot",
            ),
            (
                "scenario",
                "    heroic_act: {category: civic, kind: good,",
                "    heroic_act: {category: civic, kind: nice,",
                "population.behaviours.heroic_act.kind",
                "kind: nice",
            ),
            (
                "scenario",
                "    false_report_rate: 0.02\n",
                "    false_report_rate: 0.02\n    bias: {group: martians, factor: 2}\n",
                "observation.collectors.bias.group",
                "martians",
            ),
            (
                "policy",
                "category: misconduct, points: -10,",
                "category: misconduct, pointz: -10,",
                "behaviours.10.pointz",
                "pointz",
            ),
            (
                "policy",
                "    min_days: 90\n    max_days: 730",
                "    min_days: true\n    max_days: 730",
                "lists.black.min_days",
                "min_days: true",
            ),
            (
                "policy",
                "    min_days: 90\n    max_days: 730",
                '    min_days: "90"\n    max_days: 730',
                "lists.black.min_days",
                'min_days: "90"',
            ),
            (
                "policy",
                "  - {name: A, min_score: 960}",
                "  - {name: A, min_score: 1060}",
                "grades.2.min_score",
                "min_score: 1060",
            ),
        ],
        ids=[
            "impossible-date",
            "behaviour-in-another-category",
            "unknown-feed",
            "unknown-kind",
            "undeclared-bias-group",
            "misspelt-field",
            "bool-for-days",
            "string-for-days",
            "grade-out-of-order",
        ],
    )
    def test_a_broken_document_is_named_by_file_line_and_field_before_anything_runs(
        self, tmp_path: Path, kind: str, old: str, new: str, field: str, marker: str
    ) -> None:
        name = "baseline" if kind == "scenario" else "default"
        path, line = edited(tmp_path, kind, name, old, new, marker)
        out = cli("simulate", f"--{kind}", str(path), "--out", str(tmp_path / "x"))
        assert_one_line_error(out, f"{path}:{line} ({field})")
        assert not (tmp_path / "x").exists()

    def test_a_policy_naming_a_behaviour_the_world_lacks_is_named_in_the_policy(
        self, tmp_path: Path
    ) -> None:
        scenario, _ = edited(
            tmp_path, "scenario", "baseline", "    littering: {", "    litter: {", "litter:"
        )
        policy, line = edited(tmp_path, "policy", "default", "", "", "{code: littering,")
        out = cli(
            "simulate",
            "--policy",
            str(policy),
            "--scenario",
            str(scenario),
            "--out",
            str(tmp_path / "x"),
        )
        assert_one_line_error(out, f"{policy}:{line} (behaviours.10.code)", "'littering'")
        assert not (tmp_path / "x").exists()

    @pytest.mark.parametrize(
        "where",
        ["under-a-file", "in-proc"],
    )
    def test_an_unwritable_output_is_refused_before_the_run(
        self, tmp_path: Path, where: str
    ) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("keep me")
        out = blocker / "run" if where == "under-a-file" else Path("/proc/socialcredit-run")
        started = time.monotonic()
        result = cli("simulate", "--out", str(out))
        assert time.monotonic() - started < 20  # far less than a run of the town
        assert_one_line_error(result, "--out")
        assert blocker.read_text() == "keep me"
        assert not out.exists()

    def test_a_directory_of_other_files_is_never_replaced(self, tmp_path: Path) -> None:
        home = tmp_path / "home"
        home.mkdir()
        (home / "notes.txt").write_text("mine")
        result = cli("simulate", "--out", str(home), "--force")
        assert_one_line_error(result, "not part of a run")
        assert (home / "notes.txt").read_text() == "mine"

    def test_a_run_with_other_files_beside_it_is_never_replaced(self, tmp_path: Path) -> None:
        run = tmp_path / "run"
        assert (
            cli("simulate", "--citizens", "300", "--days", "5", "--out", str(run)).returncode == 0
        )
        (run / "thesis.tex").write_text("mine")
        result = cli("simulate", "--citizens", "300", "--days", "5", "--out", str(run), "--force")
        assert_one_line_error(result, "not part of a run")
        assert (run / "thesis.tex").read_text() == "mine"

    def test_the_current_directory_is_refused_before_the_run(self, tmp_path: Path) -> None:
        started = time.monotonic()
        result = cli("simulate", "--out", ".", "--force", cwd=tmp_path)
        assert time.monotonic() - started < 20
        assert_one_line_error(result, "holds the current directory")

    def test_a_run_directory_is_readable_by_everyone_the_umask_allows(self, run: Path) -> None:
        assert run.stat().st_mode & 0o755 == 0o755

    @pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "nonsense"])
    def test_an_unreachable_scheduler_is_one_line_fast(self, tmp_path: Path, address: str) -> None:
        started = time.monotonic()
        result = cli(
            "simulate",
            "--dask-scheduler",
            address,
            "--dask-timeout",
            "2",
            "--out",
            str(tmp_path / "x"),
        )
        assert time.monotonic() - started < 25
        assert_one_line_error(result, "Dask scheduler", repr(address))
        assert not (tmp_path / "x").exists()

    def test_compare_refuses_a_reputation_game_run(self, tmp_path: Path) -> None:
        game, town = tmp_path / "game", tmp_path / "town"
        assert (
            cli(
                "simulate", "--scenario", "reputation-game", "--citizens", "20", "--out", str(game)
            ).returncode
            == 0
        )
        assert (
            cli("simulate", "--citizens", "300", "--days", "5", "--out", str(town)).returncode == 0
        )
        assert_one_line_error(
            cli("simulate", "compare", str(town), str(game), "--out", str(tmp_path / "c.html")),
            "RUN_B",
            "reputation-game run",
        )
        assert not (tmp_path / "c.html").exists()

    def test_a_binary_policy_file_is_called_what_it_is(self, tmp_path: Path) -> None:
        path = tmp_path / "rules.yaml"
        path.write_bytes(bytes(range(256)))
        assert_one_line_error(cli("policy", "check", str(path)), str(path), "not a text file")

    def test_the_upper_limit_of_citizens_is_in_the_help(self) -> None:
        out = subprocess.run(
            [sys.executable, "-m", "socialcredit", "simulate", "--help"],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "COLUMNS": "200"},
            check=False,
        )
        assert out.returncode == 0
        # The whole country (1.4 billion) fits.
        assert "10<=x<=1500000000" in out.stdout

    @pytest.mark.parametrize("name", [n for n in SHIPPED_SCENARIOS if n != "reputation-game"])
    def test_the_documented_minimum_of_citizens_runs_every_shipped_scenario(
        self, tmp_path: Path, name: str
    ) -> None:
        # The court list's world holds court findings alone: it runs under the court list.
        policy = ["--policy", "court-defaulters"] if name == "court-blacklist" else []
        out = cli(
            "simulate",
            "--scenario",
            name,
            *policy,
            "--citizens",
            "10",
            "--days",
            "3",
            "--out",
            str(tmp_path / name),
        )
        assert out.returncode == 0, out.stderr
        record = RUN_RECORD.validate_json((tmp_path / name / "metrics.json").read_text())
        assert isinstance(record, PopulationRecord)
        assert record.citizens == 10
        # Fewer citizens than districts lowers the districts to one citizen each.
        shipped = load_population_scenario(name).population.districts
        assert record.scenario.population.districts == min(10, shipped)


class TestStartUp:
    """A command imports what it runs on and no more: the static audit and a policy check start
    without the engine, numpy, the cluster or the plotting and analysis libraries."""

    HEAVY = (
        "numpy",
        "numba",
        "pandas",
        "scipy",
        "SALib",
        "matplotlib",
        "dask",
        "socialcredit.engine",
    )

    @staticmethod
    def _loaded(args: list[str], which: str) -> list[str]:
        """The modules a command has imported when it ends, of those `which` (an expression of
        `m`, each module's name) selects, from a new interpreter."""
        code = (
            "import sys\n"
            "from socialcredit.cli import main\n"
            "try:\n"
            f"    main({args!r})\n"
            "except SystemExit:\n"
            "    pass\n"
            f"print(sorted(m for m in list(sys.modules) if {which}), file=sys.stderr)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
        )
        loaded: list[str] = ast.literal_eval(out.stderr.strip().splitlines()[-1])
        return loaded

    @pytest.mark.parametrize("args", [("audit", "default"), ("policy", "check", "classic")])
    def test_a_static_command_imports_nothing_heavy(self, args: tuple[str, ...]) -> None:
        assert self._loaded(list(args), f"m in {self.HEAVY!r}") == []

    def test_a_run_and_its_report_load_no_plotting_library(self, tmp_path: Path) -> None:
        """The run report's plots are plain SVG: `simulate` pays for no plotting library."""
        out_dir = tmp_path / "run"
        args = ["simulate", "--citizens", "300", "--days", "30", "--out", str(out_dir)]
        assert self._loaded(args, "m.startswith('matplotlib')") == []
        assert (out_dir / "report.html").read_text(encoding="utf-8").count("<svg") >= 10

    def test_a_grid_experiment_and_its_report_load_no_plotting_or_sampling_library(
        self, tmp_path: Path
    ) -> None:
        """The experiment report's plots are plain SVG, and SALib (with SciPy's statistics)
        is loaded only to sample a design or to analyse one: a grid sweep needs neither."""
        out_dir = tmp_path / "sweep"
        args = ["sweep", "--policy", "none", "--policy", "classic", "--scenario", "baseline"]
        args += ["--set", "policy.lists.black.enter.score_below=850,950", "--seeds", "1"]
        args += ["--citizens", "100", "--days", "10", "--out", str(out_dir)]
        which = "m.split('.')[0] in ('matplotlib', 'SALib') or m == 'scipy.stats'"
        assert self._loaded(args, which) == []
        page = (out_dir / "report.html").read_text(encoding="utf-8")
        assert page.count("<svg") >= 3  # a frontier per price and the effects of the input


class TestDev:
    def test_relative_paths_resolve_against_the_callers_directory(self, tmp_path: Path) -> None:
        (tmp_path / "mine.yaml").write_text(shipped_text("policy", "classic"))
        env = {**os.environ, "CI": "true"}
        out = subprocess.run(
            [str(ROOT / "dev"), "policy", "check", "mine.yaml"],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("mine.yaml: policy 'classic' is valid")


class TestHouseholds:
    def test_a_town_with_households_shows_what_relatives_suffer(self, tmp_path: Path) -> None:
        town, _ = edited(
            tmp_path,
            "scenario",
            "baseline",
            "  consent_share: 0.85\n",
            "  consent_share: 0.85\n  households: {sizes: [0.2, 0.3, 0.3, 0.2]}\n",
            "households",
        )
        out = tmp_path / "run"
        args = ["--policy", "court-defaulters", "--scenario", str(town), "--citizens", "3000"]
        done = cli("simulate", *args, "--days", "150", "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "Through relatives" in done.stdout
        record = json.loads((out / "metrics.json").read_text())
        assert record["scenario"]["population"]["households"]["spouse_share"] == 0.7
        assert record["metrics"]["collateral.school.citizen_days"]["mean"] > 0
        assert record["metrics"]["children"]["mean"] > 0
        plain = cli(
            "simulate",
            "--policy",
            "court-defaulters",
            "--citizens",
            "500",
            "--days",
            "20",
            "--out",
            str(tmp_path / "plain"),
        )
        assert plain.returncode == 0, plain.stderr
        assert "Through relatives" not in plain.stdout
