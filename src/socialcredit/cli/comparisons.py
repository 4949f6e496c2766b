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


def unlike(runs: Sequence[Path], records: Sequence[PopulationRecord]) -> list[Unlike]:
    """Every run (after A) that is a directory given before, a copy of an earlier run, or of
    another size than A, in the order given; empty when every run may be compared."""
    first = records[0]
    seen: dict[Path, int] = {}
    found: list[Unlike] = []
    for i, (path, record) in enumerate(zip(runs, records, strict=True)):
        tag = f"RUN_{run_tag(i)}"
        where = path.resolve()
        if where in seen:
            found.append(
                Unlike(
                    f"{path} is given twice (as RUN_{run_tag(seen[where])} and {tag}); a run "
                    "compared with itself differs in nothing",
                    tag,
                    always=True,
                )
            )
            continue
        seen[where] = i
        copy = next((j for j, other in enumerate(records[:i]) if record == other), None)
        if copy is not None:
            found.append(
                Unlike(
                    f"{path} is a copy of RUN_{run_tag(copy)} (the same policy, scenario, seeds "
                    "and figures); the comparison would differ in nothing",
                    tag,
                )
            )
        if (record.citizens, record.days) != (first.citizens, first.days):
            found.append(
                Unlike(
                    f"{path} has {_size(record)} and RUN_A {_size(first)}: counts of different "
                    "towns would stand side by side",
                    tag,
                )
            )
    return found


def refused(found: Sequence[Unlike], allowed: bool) -> Unlike | None:
    """The problem that stops the comparison: the first that `--allow-unlike` cannot lift, or
    the first of all when it is not given; None when the comparison may go on."""
    always = next((u for u in found if u.always), None)
    if always is not None:
        return always
    return None if allowed or not found else found[0]


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
