"""The experiment directory: the resolved experiment, the journal of finished runs, the tables.

```
DIR/experiment.yaml     the resolved experiment: every variant spelt out, with hashes
DIR/runs.jsonl          the journal: one line per finished run (what a resume reads)
DIR/results.parquet     one row per (variant, seed)
DIR/results.csv         the same, as text
DIR/summary.csv         per variant and outcome: mean, interval, difference to the reference
DIR/frontier.csv        per variant: benefit and prices, and whether it is efficient
DIR/analysis.json       sensitivity indices and discovered boxes (`experiment analyse`)
DIR/report.html         the page
```

`open_directory` is called once everything is validated and before any run: a new or empty
directory is started; one holding the same resolved experiment is resumed; one holding another
experiment is refused, naming what changed, unless `force`, which starts it afresh. A directory
holding anything else is never touched (`storage.resumable`). Each table is written whole
(`storage.write_whole`), so a reader never sees half a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from socialcredit.domain.errors import UsageError
from socialcredit.experiment.journal import Journal
from socialcredit.storage import (
    Contents,
    Layout,
    StorageError,
    contents,
    lock_directory,
    open_resumable,
)

EXPERIMENT = "experiment.yaml"
JOURNAL = "runs.jsonl"
RESULTS = "results.parquet"
RESULTS_CSV = "results.csv"
SUMMARY = "summary.csv"
FRONTIER = "frontier.csv"
ANALYSIS = "analysis.json"
REPORT = "report.html"
FILES = frozenset({EXPERIMENT, JOURNAL, RESULTS, RESULTS_CSV, SUMMARY, FRONTIER, ANALYSIS, REPORT})
LAYOUT = Layout(plan=EXPERIMENT, files=FILES)


def dump(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _short(value: Any) -> str:
    return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    for key in dict.fromkeys([*new, *old]):
        if key == "variants" or old.get(key) == new.get(key):
            continue
        was, now = old.get(key), new.get(key)
        text = f"{key} ({_short(was)} → {_short(now)})"
        out.append(text if len(text) < 120 else f"{key}")
    old_v = {v["id"]: v for v in old.get("variants") or [] if isinstance(v, dict) and "id" in v}
    new_v = {v["id"]: v for v in new.get("variants") or []}
    changed = [i for i in new_v if i in old_v and old_v[i] != new_v[i]]
    added = [i for i in new_v if i not in old_v]
    removed = [i for i in old_v if i not in new_v]
    parts = []
    if changed:
        parts.append(f"{', '.join(changed[:3])}{' …' if len(changed) > 3 else ''} changed")
    if added:
        parts.append(f"{len(added)} added")
    if removed:
        parts.append(f"{len(removed)} removed")
    if parts:
        out.append(f"variants ({'; '.join(parts)})")
    return out or ["its text"]


@dataclass(frozen=True)
class Plan:
    """What opening the directory will do, decided before anything is touched."""

    out: Path
    text: str
    start_again: bool
    """A forced start over a different experiment: the old files go when the run opens."""


def check_directory(out: Path, document: dict[str, Any], *, force: bool, option: str) -> Plan:
    """Refuse what must not be overwritten; touches nothing."""
    text = dump(document)
    try:
        held = contents(out, LAYOUT)
    except StorageError as exc:
        raise UsageError(str(exc), argument=option) from None
    if held is Contents.FOREIGN:
        raise UsageError(
            f"{out} holds files that are not part of an experiment; choose a new or empty "
            "directory",
            argument=option,
        )
    start_again = False
    if held is Contents.PLANNED:
        stored = (out / EXPERIMENT).read_text(encoding="utf-8")
        if stored != text:
            if not force:
                try:
                    old = yaml.safe_load(stored)
                except yaml.YAMLError:
                    old = {}
                what = ", ".join(_changes(old if isinstance(old, dict) else {}, document))
                raise UsageError(
                    f"{out} holds another experiment (changed: {what}); give --force to "
                    "start it again there, or choose another directory",
                    argument=option,
                )
            start_again = True
    return Plan(out, text, start_again)


def open_directory(out: Path, document: dict[str, Any], *, force: bool, option: str) -> Journal:
    """Start or resume the experiment in `out` (`check_directory`, then `open_plan`)."""
    return open_plan(check_directory(out, document, force=force, option=option), option=option)


def open_plan(plan: Plan, *, option: str) -> Journal:
    """Create or clear the directory as planned, write the resolved experiment, and hold the
    directory's lock for the life of this process, so that a second process cannot write
    into it at the same time."""
    try:
        open_resumable(plan.out, LAYOUT, plan.text, start_again=plan.start_again)
    except StorageError as exc:
        raise UsageError(str(exc), argument=option) from None
    return Journal(plan.out / JOURNAL)


def lock_experiment(out: Path, *, option: str) -> None:
    """Hold `out`'s lock for the life of this process; refuse if another process holds it."""
    try:
        lock_directory(out)
    except StorageError as exc:
        raise UsageError(str(exc), argument=option) from None
