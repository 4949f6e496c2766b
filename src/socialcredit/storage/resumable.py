"""A resumable directory: a plan that decides the work, a journal of the work done, and the
outputs written from them.

Opening one is decided before anything is touched (`contents`): a new or empty directory is
started; one holding the same plan is resumed; one holding another plan is started again only
when the caller says so; one holding anything else is never touched. While a process works in a
directory it holds the directory's lock, so a second process cannot write into it at the same
time.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from socialcredit.storage.errors import StorageError
from socialcredit.storage.whole import temporary_name, write_whole


@dataclass(frozen=True)
class Layout:
    """What a kind of resumable directory holds."""

    plan: str
    """The file whose text decides the work: the same text resumes, another starts again."""
    files: frozenset[str]
    """Every file the directory may hold, the plan and the journal among them."""

    def stale(self, out: Path) -> set[str]:
        """Temporary files of whole writes into `out` left by a process that was killed."""
        return {temporary_name(n) for n in self.files if (out / temporary_name(n)).exists()}


class Contents(Enum):
    NOTHING = "nothing"
    """No directory, or an empty one (temporary files of a killed write aside)."""
    PLANNED = "planned"
    """A plan and files of this layout only."""
    FOREIGN = "foreign"
    """Something that is not this layout's: never touched."""


def contents(out: Path, layout: Layout) -> Contents:
    """What `out` holds, read without touching anything."""
    if out.exists() and not out.is_dir():
        raise StorageError(f"{out} exists and is not a directory")
    if not out.is_dir():
        return Contents.NOTHING
    names = {p.name for p in out.iterdir()} - layout.stale(out)
    if not names:
        return Contents.NOTHING
    if layout.plan in names and names <= layout.files:
        return Contents.PLANNED
    return Contents.FOREIGN


def open_resumable(out: Path, layout: Layout, plan: str, *, start_again: bool) -> None:
    """Create `out` if need be and hold its lock for the life of this process, remove what a
    killed write left, remove every file of the layout when starting again, and write the plan
    unless it is there."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot write to {out}: {exc.strerror or exc}") from None
    lock_directory(out)
    try:
        for name in layout.stale(out):
            (out / name).unlink()
        if start_again:
            for name in layout.files:
                if (out / name).exists():
                    (out / name).unlink()
        if not (out / layout.plan).exists():
            write_whole(out / layout.plan, plan.encode("utf-8"))
    except OSError as exc:
        raise StorageError(f"cannot write to {out}: {exc.strerror or exc}") from None


def lock_directory(out: Path) -> None:
    """Hold `out`'s lock for the life of this process; refuse if another process holds it."""
    key = os.path.realpath(out)
    if key in _LOCKS:
        return
    try:
        lock = os.open(out, os.O_RDONLY)
    except OSError as exc:
        raise StorageError(f"cannot open {out}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        raise StorageError(
            f"{out} is in use by another socialcredit process; wait for it to finish"
        ) from None
    _LOCKS[key] = lock


_LOCKS: dict[str, int] = {}
"""Directory locks this process holds, by real path (released when it exits)."""
