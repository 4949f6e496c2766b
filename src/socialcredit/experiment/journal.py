"""The journal of finished runs: what makes an experiment resumable.

Each finished run is one JSON line (variant, seed, every figure), written and flushed to disk
before the next one is counted as done. A run killed while writing leaves at most one torn last
line, which reading drops (and cuts off, so the next line starts clean). A run already in the
journal is never run or written again, so a resumed experiment has exactly one row per run.
Floats go through JSON's shortest round-trip form, so a resumed table is byte-identical to an
uninterrupted one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

Figures = dict[str, float | None]
Key = tuple[str, int]
"""(variant id, seed)."""


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[Key, Figures]:
        """The finished runs; a torn last line is dropped and cut from the file."""
        if not self.path.exists():
            return {}
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            with self.path.open("r+b") as f:
                f.truncate(end)
        out: dict[Key, Figures] = {}
        for line in data[:end].splitlines():
            try:
                entry = json.loads(line)
                key = (str(entry["variant"]), int(entry["seed"]))
                figures = {
                    str(k): (None if v is None else float(v)) for k, v in entry["metrics"].items()
                }
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line that is not a whole entry: the run is simply done again
            out.setdefault(key, figures)
        return out

    def append(self, variant: str, seed: int, figures: Figures) -> None:
        line = json.dumps(
            {"variant": variant, "seed": seed, "metrics": figures}, separators=(",", ":")
        )
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())
