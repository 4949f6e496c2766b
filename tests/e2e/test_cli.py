"""The command line as users script it: outputs they can open, errors they can act on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "socialcredit", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        check=False,
    )


class TestPolicyCommands:
    def test_show_json_lists_hash_behaviours_grades_and_services(self) -> None:
        out = cli("policy", "show", "--policy", "classic", "--json")
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)
        assert {"hash", "base_score", "behaviours", "grades", "services", "footprint"} <= set(doc)
        assert {"code", "category", "points", "expires_after_days"} <= set(doc["behaviours"][0])
        assert {s["name"] for s in doc["services"]} == {
            "school",
            "job",
            "housing",
            "loan",
            "internet",
            "train",
            "flight",
        }

    def test_check_of_a_broken_file_names_file_line_and_field(self, tmp_path: Path) -> None:
        bad = tmp_path / "town.yaml"
        bad.write_text("name: town\nbase_score: lots\n")
        out = cli("policy", "check", str(bad))
        assert out.returncode == 2
        assert f"{bad}:2 (base_score)" in out.stderr
        assert "Traceback" not in out.stderr


class TestSimulate:
    def test_writes_metrics_series_and_report_with_intervals_over_seeds(
        self, tmp_path: Path
    ) -> None:
        run = tmp_path / "run"
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
        metrics = json.loads((run / "metrics.json").read_text())
        assert metrics["seeds"] == [0, 1]
        black = metrics["metrics"]["black.final"]
        assert black["n"] == 2
        assert black["low"] <= black["mean"] <= black["high"]
        assert metrics["policy"]["footprint"]["sensitive_categories_enabled"] == [
            "health",
            "dating",
        ]
        series = pq.read_table(run / "series.parquet")
        assert series.num_rows == 80
        assert {"seed", "day", "date", "black", "black_true", "deny_wrongful:train"} <= set(
            series.column_names
        )
        assert (run / "report.html").read_text().startswith("<!DOCTYPE html>")

    def test_compare_renders_two_runs_side_by_side(self, tmp_path: Path) -> None:
        for policy in ("default", "classic"):
            out = cli(
                "simulate",
                "--policy",
                policy,
                "--citizens",
                "300",
                "--days",
                "20",
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
        )
        assert out.returncode == 0, out.stderr
        text = page.read_text()
        assert "default" in text
        assert "classic" in text

    def test_reputation_game_scenario_reports_simulated_and_analytic_values(
        self, tmp_path: Path
    ) -> None:
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
        doc = json.loads((tmp_path / "game" / "metrics.json").read_text())
        assert 0 < doc["analytic_good_share"] <= 1
        assert doc["good_share"]["low"] <= doc["good_share"]["mean"] <= doc["good_share"]["high"]


class TestBadInput:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["simulate", "--scenario", "nowhere.yaml", "--out", "x"], "no such scenario file"),
            (["simulate", "--policy", "nowhere.yaml", "--out", "x"], "no such policy file"),
            (["simulate", "--citizens", "10", "--out", "x"], "more districts than citizens"),
            (["simulate"], "--out"),
            (["simulate", "compare", ".", "."], "is not a simulation run"),
            (
                ["simulate", "--scenario", "reputation-game", "--seeds", "3", "--out", "x"],
                "takes --citizens, --seed and --out only, not --seeds",
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
                "--citizens: Input should be less than or equal to 1000000",
            ),
        ],
    )
    def test_each_gets_one_clear_message_and_exit_2(
        self, tmp_path: Path, args: list[str], message: str
    ) -> None:
        out = cli(*args, cwd=tmp_path)
        assert out.returncode == 2
        assert message in out.stderr
        assert "Traceback" not in out.stderr
        assert not (tmp_path / "x").exists()

    def test_an_output_path_that_is_a_file_is_refused_before_the_run(self, tmp_path: Path) -> None:
        taken = tmp_path / "taken"
        taken.write_text("keep me")
        out = cli("simulate", "--out", str(taken))
        assert out.returncode == 2
        assert "exists and is not a directory" in out.stderr
        assert taken.read_text() == "keep me"

    def test_a_broken_scenario_file_names_its_line(self, tmp_path: Path) -> None:
        bad = tmp_path / "s.yaml"
        bad.write_text("kind: population\nname: s\npopulation:\n  citizens: many\n")
        out = cli("simulate", "--scenario", str(bad), "--out", str(tmp_path / "x"))
        assert out.returncode == 2
        assert f"{bad}:4 (population.citizens)" in out.stderr
