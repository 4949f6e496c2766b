"""A journal file: one JSON object a line, each flushed to disk before the next piece of work
counts as done.

A process killed while writing leaves at most one torn last line, which reading drops and cuts
off, so the next line starts clean. What each entry holds is the caller's: a line the caller
cannot read as a whole entry is simply work to do again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any


class JournalFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self) -> Iterator[dict[str, Any]]:
        """The whole entries, in the order written; a torn last line is dropped and cut from
        the file, a line that is not a JSON object skipped."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            with self.path.open("r+b") as f:
                f.truncate(end)
        for line in data[:end].splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                yield entry

    def append(self, entry: Mapping[str, Any]) -> None:
        """Add one entry, on disk before this returns. Floats go through JSON's shortest
        round-trip form, so an entry reads back as the same numbers."""
        line = json.dumps(entry, separators=(",", ":"))
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())
