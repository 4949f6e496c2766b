"""The storage kit: whole writes leave the old file or the new one, never half of one; a journal
drops a torn last line; a resumable directory says what it holds and is locked while open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from socialcredit.storage import (
    Contents,
    JournalFile,
    Layout,
    StorageError,
    contents,
    lock_directory,
    open_resumable,
    replace_directory,
    write_whole,
)

LAYOUT = Layout(plan="plan.yaml", files=frozenset({"plan.yaml", "runs.jsonl", "table.csv"}))


def _refuse_writing(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make writing a file called `name` fail as a full disk would, once it has begun."""
    write_bytes = Path.write_bytes

    def refusing(path: Path, data: bytes) -> int:
        if path.name == name:
            write_bytes(path, data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", refusing)


class TestWriteWhole:
    def test_writes_the_bytes_and_leaves_no_temporary_file(self, tmp_path: Path) -> None:
        write_whole(tmp_path / "a.csv", b"x,y\n")
        assert (tmp_path / "a.csv").read_bytes() == b"x,y\n"
        assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]

    def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (tmp_path / "a.csv").write_bytes(b"old\n")
        _refuse_writing(monkeypatch, ".a.csv.tmp")
        with pytest.raises(OSError, match="No space left"):
            write_whole(tmp_path / "a.csv", b"new\n")
        assert (tmp_path / "a.csv").read_bytes() == b"old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]

    def test_a_missing_directory_raises_the_os_error(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            write_whole(tmp_path / "none" / "a.csv", b"x")


class TestReplaceDirectory:
    def test_writes_every_file_into_a_new_directory(self, tmp_path: Path) -> None:
        replace_directory(tmp_path / "run", {"a": b"1", "b": b"2"})
        assert {p.name: p.read_bytes() for p in (tmp_path / "run").iterdir()} == {
            "a": b"1",
            "b": b"2",
        }
        assert [p.name for p in tmp_path.iterdir()] == ["run"]

    def test_replaces_the_old_directory_whole(self, tmp_path: Path) -> None:
        replace_directory(tmp_path / "run", {"a": b"1", "b": b"2"})
        replace_directory(tmp_path / "run", {"a": b"3"})
        assert {p.name: p.read_bytes() for p in (tmp_path / "run").iterdir()} == {"a": b"3"}
        assert [p.name for p in tmp_path.iterdir()] == ["run"]

    def test_a_failure_puts_the_old_directory_back_and_leaves_nothing_else(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        replace_directory(tmp_path / "run", {"a": b"1"})
        _refuse_writing(monkeypatch, "b")
        with pytest.raises(OSError, match="No space left"):
            replace_directory(tmp_path / "run", {"a": b"2", "b": b"3"})
        assert {p.name: p.read_bytes() for p in (tmp_path / "run").iterdir()} == {"a": b"1"}
        assert [p.name for p in tmp_path.iterdir()] == ["run"]


class TestJournalFile:
    def test_reads_back_the_entries_in_the_order_written(self, tmp_path: Path) -> None:
        journal = JournalFile(tmp_path / "runs.jsonl")
        journal.append({"run": "a", "value": 0.1})
        journal.append({"run": "b", "value": None})
        assert list(journal.entries()) == [{"run": "a", "value": 0.1}, {"run": "b", "value": None}]

    def test_an_absent_journal_has_no_entries(self, tmp_path: Path) -> None:
        assert list(JournalFile(tmp_path / "runs.jsonl").entries()) == []

    def test_a_torn_last_line_is_dropped_and_cut_from_the_file(self, tmp_path: Path) -> None:
        journal = JournalFile(tmp_path / "runs.jsonl")
        journal.append({"run": "a"})
        with journal.path.open("a") as f:
            f.write('{"run": "b", "val')
        assert list(journal.entries()) == [{"run": "a"}]
        assert journal.path.read_text() == '{"run":"a"}\n'
        journal.append({"run": "b"})
        assert list(journal.entries()) == [{"run": "a"}, {"run": "b"}]

    def test_a_line_that_is_not_an_object_is_skipped(self, tmp_path: Path) -> None:
        journal = JournalFile(tmp_path / "runs.jsonl")
        journal.path.write_text('[1, 2]\nnot json\n{"run": "a"}\n')
        assert list(journal.entries()) == [{"run": "a"}]


class TestResumableDirectory:
    def test_an_absent_or_empty_directory_holds_nothing(self, tmp_path: Path) -> None:
        assert contents(tmp_path / "new", LAYOUT) is Contents.NOTHING
        (tmp_path / "empty").mkdir()
        (tmp_path / "empty" / ".table.csv.tmp").write_text("killed")
        assert contents(tmp_path / "empty", LAYOUT) is Contents.NOTHING

    def test_a_plan_with_files_of_the_layout_is_planned(self, tmp_path: Path) -> None:
        open_resumable(tmp_path / "d", LAYOUT, "plan: 1\n", start_again=False)
        (tmp_path / "d" / "table.csv").write_text("x\n")
        assert contents(tmp_path / "d", LAYOUT) is Contents.PLANNED

    def test_anything_else_is_foreign(self, tmp_path: Path) -> None:
        (tmp_path / "plan.yaml").write_text("plan: 1\n")
        (tmp_path / "notes.txt").write_text("mine")
        assert contents(tmp_path, LAYOUT) is Contents.FOREIGN

    def test_a_file_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "f").write_text("")
        with pytest.raises(StorageError, match="exists and is not a directory"):
            contents(tmp_path / "f", LAYOUT)

    def test_opening_writes_the_plan_and_removes_what_a_killed_write_left(
        self, tmp_path: Path
    ) -> None:
        out = tmp_path / "d"
        out.mkdir()
        (out / ".table.csv.tmp").write_text("killed")
        open_resumable(out, LAYOUT, "plan: 1\n", start_again=False)
        assert {p.name for p in out.iterdir()} == {"plan.yaml"}
        assert (out / "plan.yaml").read_text() == "plan: 1\n"

    def test_resuming_keeps_the_journal_and_starting_again_removes_it(self, tmp_path: Path) -> None:
        out = tmp_path / "d"
        open_resumable(out, LAYOUT, "plan: 1\n", start_again=False)
        (out / "runs.jsonl").write_text('{"run":"a"}\n')
        open_resumable(out, LAYOUT, "plan: 1\n", start_again=False)
        assert (out / "runs.jsonl").exists()
        open_resumable(out, LAYOUT, "plan: 2\n", start_again=True)
        assert {p.name for p in out.iterdir()} == {"plan.yaml"}
        assert (out / "plan.yaml").read_text() == "plan: 2\n"

    def test_a_directory_locked_by_another_process_is_refused(self, tmp_path: Path) -> None:
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import time; from pathlib import Path; "
                "from socialcredit.storage import lock_directory; "
                f"lock_directory(Path({str(tmp_path)!r})); print('locked', flush=True); "
                "time.sleep(60)",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(StorageError, match="in use by another socialcredit process"):
                lock_directory(tmp_path)
        finally:
            holder.kill()
            holder.wait()
