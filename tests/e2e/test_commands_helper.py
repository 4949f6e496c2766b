"""The tests' command runner (`tests.commands`): a command run as a fork of the warmed helper
gives what the same command gives in a new interpreter: exit status, output and error, and the
files it writes, in its own directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands import run_command


def _both(monkeypatch: pytest.MonkeyPatch, *args: str, cwd: Path) -> tuple[object, object]:
    forked = run_command(*args, cwd=cwd)
    monkeypatch.setenv("SOCIALCREDIT_TESTS_FORK", "0")
    fresh = run_command(*args, cwd=cwd)
    monkeypatch.delenv("SOCIALCREDIT_TESTS_FORK")
    return (forked.returncode, forked.stdout, forked.stderr), (
        fresh.returncode,
        fresh.stdout,
        fresh.stderr,
    )


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
    monkeypatch.setenv("SOCIALCREDIT_TESTS_FORK", "0")
    fresh = run_command(*args, cwd=tmp_path / "b")
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        fresh.returncode,
        fresh.stdout,
        fresh.stderr,
    )
    for name in ("metrics.json", "series.parquet", "report.html"):
        assert (tmp_path / "a" / "run" / name).read_bytes() == (
            tmp_path / "b" / "run" / name
        ).read_bytes(), name
