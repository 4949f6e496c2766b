"""`socialcredit calibrate` as users run it: a tiny calibration from a real shell, and bad input
refused with one line naming the file, line and field or the option, exit status 2 and nothing
written."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from socialcredit.cli import main
from socialcredit.inputs import shipped_text
from tests.calibration_files import TARGETS, TINY, write_targets
from tests.e2e.test_cli import assert_one_line_error, cli


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def test_a_tiny_calibration_from_the_shell_writes_its_report(tmp_path: Path) -> None:
    targets = write_targets(tmp_path)
    out = tmp_path / "out"
    done = cli(
        "calibrate",
        "court-blacklist",
        "--policy",
        "court-defaulters",
        "--targets",
        str(targets),
        "--out",
        str(out),
        *TINY,
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("calibrated court-blacklist: "), last
    assert last.endswith(f"in {out}: {out / 'report.html'}"), last
    assert "effective sample size" in done.stderr
    assert "held-out targets: " in done.stderr
    assert "forecast skill on the held-out figures" in done.stderr
    assert "  listings, flights and rail (2): error " in done.stderr
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_small_effective_sample_is_warned_of_in_one_line(tmp_path: Path) -> None:
    """Six parameter sets cannot make an effective sample of 50: the command still succeeds,
    and says so once."""
    out = tmp_path / "out"
    code, err = run(
        "calibrate",
        "court-blacklist",
        "--policy",
        "court-defaulters",
        "--targets",
        str(write_targets(tmp_path)),
        "--out",
        str(out),
        *TINY,
    )
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1, err
    assert warnings[0].startswith("warning: effective sample size ")
    assert " is under 50: " in warnings[0]
    assert (out / "report.html").exists()


def scenario_with(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = shipped_text("scenario", "court-blacklist")
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, line in enumerate(text.splitlines(), 1) if new.strip() in line)
    return path, line


class TestBadInput:
    """Each case: one line, exit 2, and the output directory never made."""

    def refused(self, tmp_path: Path, *args: str, scenario: str = "court-blacklist") -> str:
        out = tmp_path / "out"
        targets = write_targets(tmp_path)
        base = ["calibrate", scenario, "--policy", "court-defaulters", "--targets", str(targets)]
        code, err = run(*base, "--out", str(out), *TINY, *args)
        assert code == 2, err
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("error: ")
        assert "Traceback" not in err
        assert not out.exists()
        return lines[0]

    def test_an_unknown_targets_file_is_named(self, tmp_path: Path) -> None:
        line = self.refused(tmp_path, "--targets", str(tmp_path / "nowhere.yaml"))
        assert f"{tmp_path / 'nowhere.yaml'}: no such published record file" in line

    @pytest.mark.parametrize("when", ["2019-02-30", "July 2019", "2010-01-01", "2034-06-30"])
    def test_a_bad_or_unreachable_prediction_date_names_the_option(
        self, tmp_path: Path, when: str
    ) -> None:
        line = self.refused(tmp_path, "--predict", when)
        assert line.startswith("error: --predict: ")

    @pytest.mark.parametrize(
        ("option", "value"), [("--rounds", "0"), ("--simulations", "1"), ("--seeds", "x")]
    )
    def test_a_bad_option_is_named(self, tmp_path: Path, option: str, value: str) -> None:
        assert option in self.refused(tmp_path, option, value)

    def test_a_missing_option_is_named_in_words(self, tmp_path: Path) -> None:
        code, err = run("calibrate", "court-blacklist", "--out", str(tmp_path / "cal"))
        assert code == 2
        assert err.strip() == "error: --policy: Missing option '--policy'."
        assert not (tmp_path / "cal").exists()

    def test_too_few_parameter_sets_for_the_rounds_names_the_option(self, tmp_path: Path) -> None:
        line = self.refused(tmp_path, "--rounds", "4")
        assert line.startswith("error: --simulations: 6 parameter sets cannot make 4 rounds")

    def test_an_unknown_free_path_names_the_scenario_line_and_field(self, tmp_path: Path) -> None:
        path, line = scenario_with(
            tmp_path,
            "- path: scenario.population.behaviours.court_defaulter.per_year",
            "- path: scenario.population.behaviours.court_defaulterz.per_year",
        )
        message = self.refused(tmp_path, scenario=str(path))
        assert message.startswith(f"error: {path}:{line} (calibration.free.0.path): ")
        assert "no entry 'court_defaulterz'" in message

    def test_a_prior_end_the_scenario_cannot_hold_names_its_line(self, tmp_path: Path) -> None:
        path, line = scenario_with(tmp_path, "      high: 0.5\n", "      high: 1.5\n")
        message = self.refused(tmp_path, scenario=str(path))
        assert message.startswith(f"error: {path}:{line} (calibration.free.2.high): ")
        assert "ramp.start" in message

    def test_a_scenario_without_free_rates_is_refused(self, tmp_path: Path) -> None:
        message = self.refused(tmp_path, scenario="baseline")
        assert message.startswith("error: baseline.yaml:1 (calibration): the scenario declares no ")

    def test_a_fit_target_before_the_scenario_starts_names_its_line(self, tmp_path: Path) -> None:
        text = TARGETS.replace("date: 2013-11-05", "date: 2013-09-05", 1)
        targets = tmp_path / "early.yaml"
        targets.write_text(text, encoding="utf-8")
        line = next(i for i, x in enumerate(text.splitlines(), 1) if "2013-09-05" in x)
        message = self.refused(tmp_path, "--targets", str(targets))
        assert message.startswith(f"error: {targets}:{line} (targets.0.date): ")

    def test_from_the_shell_too(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        done = cli(
            "calibrate",
            "court-blacklist",
            "--policy",
            "court-defaulters",
            "--targets",
            str(write_targets(tmp_path)),
            "--out",
            str(out),
            "--predict",
            "2019-13-01",
        )
        assert_one_line_error(done, "--predict", "2019-13-01")
        assert not out.exists()
