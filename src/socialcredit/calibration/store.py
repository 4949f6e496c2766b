"""The calibration directory: the plan, the journal of finished runs, and the outputs.

```
DIR/plan.yaml           what decides the runs and draws (a rerun resumes the same plan)
DIR/runs.jsonl          one line per finished run: parameter set, seed, its values, its counts
DIR/posterior.parquet   one row per parameter set: free rates, log-likelihood, weight, seeds
DIR/fit.csv             each fit target against the posterior predictive
DIR/judge.csv           each held-out target the runs reach, against the same
DIR/predictions.csv     each quantity on each --predict date, at national scale
DIR/calibration.json    the record: command, input hashes, simulations, seconds, ESS
DIR/report.html         the page
```

As for experiments: the directory is checked before anything is written, a run is in the
journal before it counts as done (a killed calibration loses at most the runs in flight, and
the same command resumes), a directory holding another plan is refused unless `--force`, one
holding anything else is never touched (`storage.resumable`), and each output is written whole
(`storage.write_whole`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socialcredit.calibration.quantities import Counts
from socialcredit.domain.errors import UsageError
from socialcredit.experiment.store import dump
from socialcredit.storage import (
    Contents,
    JournalFile,
    Layout,
    StorageError,
    contents,
    open_resumable,
)

PLAN = "plan.yaml"
JOURNAL = "runs.jsonl"
POSTERIOR = "posterior.parquet"
FIT = "fit.csv"
JUDGE = "judge.csv"
PREDICTIONS = "predictions.csv"
RECORD = "calibration.json"
REPORT = "report.html"
FILES = frozenset({PLAN, JOURNAL, POSTERIOR, FIT, JUDGE, PREDICTIONS, RECORD, REPORT})
LAYOUT = Layout(plan=PLAN, files=FILES)

Values = dict[str, float | int]
"""A parameter set: free path → value."""
Key = tuple[str, int]
"""(parameter set, seed)."""


@dataclass(frozen=True)
class Opening:
    """What opening the directory will do, decided before anything is touched."""

    out: Path
    text: str
    start_again: bool


def check_directory(out: Path, plan: dict[str, Any], *, force: bool) -> Opening:
    """Refuse what must not be overwritten; touches nothing."""
    text = dump(plan)
    try:
        held = contents(out, LAYOUT)
    except StorageError as exc:
        raise UsageError(str(exc), argument="--out") from None
    if held is Contents.FOREIGN:
        raise UsageError(
            f"{out} holds files that are not a calibration's; choose a new or empty directory",
            argument="--out",
        )
    start_again = False
    if held is Contents.PLANNED and (out / PLAN).read_text(encoding="utf-8") != text:
        if not force:
            raise UsageError(
                f"{out} holds another calibration (its plan.yaml differs); give --force to "
                "start again there, or choose another directory",
                argument="--out",
            )
        start_again = True
    return Opening(out, text, start_again)


def open_directory(opening: Opening) -> RunLog:
    """Create or clear the directory as planned, write the plan and hold the directory's lock."""
    try:
        open_resumable(opening.out, LAYOUT, opening.text, start_again=opening.start_again)
    except StorageError as exc:
        raise UsageError(str(exc), argument="--out") from None
    return RunLog(opening.out / JOURNAL)


class RunLog:
    """The journal: one entry of a `storage.JournalFile` per finished run, on disk before the
    next counts as done. A torn last line (a run killed while writing) is dropped and cut off
    when read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = JournalFile(path)

    def read(self) -> dict[Key, tuple[Values, Counts]]:
        out: dict[Key, tuple[Values, Counts]] = {}
        for entry in self.file.entries():
            try:
                key = (str(entry["draw"]), int(entry["seed"]))
                values = {str(k): v for k, v in entry["values"].items()}
                counts = {str(q): [float(x) for x in c] for q, c in entry["counts"].items()}
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not a whole entry: the run is done again
            out.setdefault(key, (values, counts))
        return out

    def append(self, draw: str, seed: int, values: Values, counts: Counts) -> None:
        # Counts are whole numbers: written as integers, they keep the journal small.
        compact = {
            q: [int(x) if float(x).is_integer() else x for x in c] for q, c in counts.items()
        }
        self.file.append({"draw": draw, "seed": seed, "values": values, "counts": compact})
