"""What `simulate compare` refuses before it compares, and where its page goes by default.

A comparison of a run with itself shows nothing but zeros, and one of towns of different sizes
sets counts of different populations side by side; both are refused unless the user asks for
them (`--allow-unlike`), and a directory given twice is refused always. The default page is
named after the runs it compares, beside the last of them, and never replaces an earlier page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from socialcredit.runs.comparison import run_tag
from socialcredit.runs.differences import Differences
from socialcredit.runs.schema import PopulationRecord

REMEDY = "; give --allow-unlike to compare them anyway"
MAX_NAME = 80
"""The longest default page name, in characters, before `.html`."""


@dataclass(frozen=True)
class Unlike:
    """Why two of the runs should not be compared: the message, the argument it names, and
    whether `--allow-unlike` lifts it."""

    message: str
    argument: str
    always: bool = False

    @property
    def remedy(self) -> str:
        return "" if self.always else REMEDY


def _size(record: PopulationRecord) -> str:
    return f"{record.citizens:,} citizens × {record.days:,} days"


def unlike(runs: Sequence[Path], records: Sequence[PopulationRecord]) -> Unlike | None:
    """The first run (after A) that is A's directory, a copy of another run, or of another size
    than A; None when every run may be compared."""
    first = records[0]
    seen: dict[Path, int] = {}
    for i, (path, record) in enumerate(zip(runs, records, strict=True)):
        tag = f"RUN_{run_tag(i)}"
        where = path.resolve()
        if where in seen:
            return Unlike(
                f"{path} is given twice (as RUN_{run_tag(seen[where])} and {tag}); a run "
                "compared with itself differs in nothing",
                tag,
                always=True,
            )
        seen[where] = i
        for j, other in enumerate(records[:i]):
            if record == other:
                return Unlike(
                    f"{path} is a copy of RUN_{run_tag(j)} (the same policy, scenario, seeds and "
                    "figures); the comparison would differ in nothing",
                    tag,
                )
        if (record.citizens, record.days) != (first.citizens, first.days):
            return Unlike(
                f"{path} has {_size(record)} and RUN_A {_size(first)}: counts of different "
                "towns would stand side by side",
                tag,
            )
    return None


def pairs_summary(diffs: Differences) -> str:
    """How each difference is taken, in a few words: "B − A paired, C − A not paired"."""
    return ", ".join(f"{p.label} {'paired' if p.paired else 'not paired'}" for p in diffs.pairs)


def default_page(runs: Sequence[Path]) -> Path:
    """compare-A-vs-B[-vs-C….].html beside the last run, named after the run directories, with
    -2, -3, … added where that name is taken."""
    names = [re.sub(r"[^A-Za-z0-9._-]+", "_", p.resolve().name) or "run" for p in runs]
    stem = ("compare-" + "-vs-".join(names))[:MAX_NAME]
    folder = runs[-1].parent
    page = folder / f"{stem}.html"
    n = 2
    while page.exists():
        page = folder / f"{stem}-{n}.html"
        n += 1
    return page
