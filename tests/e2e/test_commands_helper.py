"""The tests' command runner (`tests.commands`): a command run as a fork of the warmed helper
gives what the same command gives in a new interpreter: exit status, output and error, and the
files it writes, in its own directory."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.commands import forking, run_command

pytestmark = pytest.mark.skipif(not forking(), reason="commands run in new interpreters here")


def _answer(done: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    """Exit status, output and error, the progress bar's clock set aside (it reads the time
    the command took, which a new interpreter's first run may round up a second)."""
    clock = re.compile(r"\b\d+:\d\d:\d\d\b")
    return done.returncode, done.stdout, clock.sub("H:MM:SS", done.stderr)


def _both(monkeypatch: pytest.MonkeyPatch, *args: str, cwd: Path) -> tuple[object, object]:
    forked = run_command(*args, cwd=cwd)
    assert forked.args[0] == "fork", "the command ran in a fork of the helper"
    monkeypatch.setenv("SOCIALCREDIT_TESTS_FORK", "0")
    fresh = run_command(*args, cwd=cwd)
    assert fresh.args[0] != "fork"
    monkeypatch.delenv("SOCIALCREDIT_TESTS_FORK")
    return _answer(forked), _answer(fresh)


@pytest.mark.parametrize(
    "args",
    [
        ("policy", "check", "classic"),
        ("policy", "check", "no-such-policy"),
        ("simulate", "--citizens", "0"),
        ("simulate", "--help"),
        ("audit", "default", "--format", "json"),
    ],
)
def test_a_fork_answers_as_a_new_interpreter_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: tuple[str, ...]
) -> None:
    forked, fresh = _both(monkeypatch, *args, cwd=tmp_path)
    assert forked == fresh


def test_a_run_written_by_a_fork_is_the_run_a_new_interpreter_writes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Relative paths resolve in the command's own directory; the files are the same."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    args = ("simulate", "--citizens", "150", "--days", "8", "--no-response-range", "--out", "run")
    forked = run_command(*args, cwd=tmp_path / "a")
    assert forked.args[0] == "fork"
    monkeypatch.setenv("SOCIALCREDIT_TESTS_FORK", "0")
    fresh = run_command(*args, cwd=tmp_path / "b")
    assert _answer(forked) == _answer(fresh)
    for name in ("metrics.json", "series.parquet", "report.html"):
        assert (tmp_path / "a" / "run" / name).read_bytes() == (
            tmp_path / "b" / "run" / name
        ).read_bytes(), name
