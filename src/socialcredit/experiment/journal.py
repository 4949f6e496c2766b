"""The journal of finished runs: what makes an experiment resumable.

Each finished run is one entry of a `storage.JournalFile` (variant, seed, every figure), on disk
before the next one is counted as done. A run already in the journal is never run or written
again, so a resumed experiment has exactly one row per run. Floats go through JSON's shortest
round-trip form, so a resumed table is byte-identical to an uninterrupted one.
"""

from __future__ import annotations

from pathlib import Path

from socialcredit.domain.catalogue import Figures
from socialcredit.storage import JournalFile

Key = tuple[str, int]
"""(variant id, seed)."""


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = JournalFile(path)

    def read(self) -> dict[Key, Figures]:
        """The finished runs; a torn last line is dropped and cut from the file."""
        out: dict[Key, Figures] = {}
        for entry in self.file.entries():
            try:
                key = (str(entry["variant"]), int(entry["seed"]))
                figures = {
                    str(k): (None if v is None else float(v)) for k, v in entry["metrics"].items()
                }
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line that is not a whole entry: the run is simply done again
            out.setdefault(key, figures)
        return out

    def append(self, variant: str, seed: int, figures: Figures) -> None:
        self.file.append({"variant": variant, "seed": seed, "metrics": figures})
