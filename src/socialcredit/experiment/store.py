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
holding anything else is never touched. Each table is written to a temporary file and renamed,
so a reader never sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from socialcredit.domain.errors import UsageError
from socialcredit.experiment.journal import Journal

EXPERIMENT = "experiment.yaml"
JOURNAL = "runs.jsonl"
RESULTS = "results.parquet"
RESULTS_CSV = "results.csv"
SUMMARY = "summary.csv"
FRONTIER = "frontier.csv"
ANALYSIS = "analysis.json"
REPORT = "report.html"
FILES = frozenset({EXPERIMENT, JOURNAL, RESULTS, RESULTS_CSV, SUMMARY, FRONTIER, ANALYSIS, REPORT})


def dump(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _short(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10**6).strip()


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


def open_directory(out: Path, document: dict[str, Any], *, force: bool, option: str) -> Journal:
    """Start or resume the experiment in `out`; refuse what must not be overwritten."""
    text = dump(document)
    target = out / EXPERIMENT
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory", argument=option)
    if out.is_dir():
        for stale in out.glob(".*.tmp"):  # left by a write that was killed
            stale.unlink()
        names = {p.name for p in out.iterdir()}
        if names and not (EXPERIMENT in names and names <= FILES):
            raise UsageError(
                f"{out} holds files that are not part of an experiment; choose a new or empty "
                "directory",
                argument=option,
            )
        if EXPERIMENT in names:
            stored = target.read_text(encoding="utf-8")
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
                for name in names:
                    (out / name).unlink()
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            write_file(out, EXPERIMENT, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}", argument=option) from None
    return Journal(out / JOURNAL)


def write_file(out: Path, name: str, data: bytes) -> None:
    tmp = out / f".{name}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, out / name)


def read_resolved(out: Path) -> dict[str, Any]:
    """The resolved experiment of a directory, as plain data."""
    target = out / EXPERIMENT
    if not target.is_file():
        raise UsageError(f"{out} is not an experiment directory (no {EXPERIMENT})", argument="DIR")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise UsageError(f"{target} is not a resolved experiment", argument="DIR")
    return data
