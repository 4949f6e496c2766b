"""The run directory: `metrics.json`, `series.parquet` and whatever pages go with them.

Writing is all or nothing. `check_output` is called before a run starts: it refuses a path that
is a file, a directory that holds something other than a run, an existing run unless asked to
replace it, and a place where nothing can be written. `write_run_directory` then writes every
file into a fresh directory beside the target and moves it into place in one step, so a failure
leaves neither a half-written run nor a changed old one. The store writes what it is given; it
never renders.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from socialcredit.domain.errors import LocatedError, UsageError
from socialcredit.runs.schema import (
    RUN_RECORD,
    PopulationRecord,
    ReputationRecord,
    version_refusal,
)
from socialcredit.storage import replace_directory

METRICS = "metrics.json"
SERIES = "series.parquet"
REPORT = "report.html"
STORIES = "stories.json"

Record = PopulationRecord | ReputationRecord


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path.cwd()  # pragma: no cover - the root always exists


RUN_FILES = frozenset({METRICS, SERIES, REPORT, STORIES})
"""What a run directory holds; a directory with anything else is never replaced."""


def _absolute(path: Path) -> Path:
    """The path made absolute without following links, so a later change of directory or a
    rename of the working directory cannot change what it names."""
    return Path(os.path.abspath(path))


def _is_run(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    if METRICS not in names or not names <= RUN_FILES:
        return False
    try:
        data = json.loads((folder / METRICS).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and str(data.get("generator", "")).startswith("socialcredit")


def check_output(out: Path, *, force: bool = False, option: str = "--out") -> None:
    """Refuse an output directory that cannot or should not be written, before any work."""
    out = _absolute(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory", argument=option)
    here = _absolute(Path.cwd())
    if out == here or out in here.parents:
        raise UsageError(
            f"{out} holds the current directory; write the run somewhere else", argument=option
        )
    if out.is_dir() and any(out.iterdir()):
        if not _is_run(out):
            raise UsageError(
                f"{out} holds files that are not part of a run; choose a new or empty directory",
                argument=option,
            )
        if not force:
            raise UsageError(
                f"{out} already holds a run; give --force to replace it", argument=option
            )
    parent = _nearest_existing(out.parent if not out.exists() else out)
    if not parent.is_dir():
        raise UsageError(f"cannot create {out}: {parent} is not a directory", argument=option)
    try:
        probe = tempfile.mkdtemp(prefix=".socialcredit-probe-", dir=parent)
    except OSError as exc:
        raise UsageError(
            f"cannot write to {out}: {exc.strerror or exc} ({parent})", argument=option
        ) from None
    os.rmdir(probe)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def record_bytes(record: Record) -> bytes:
    return (record.model_dump_json(indent=2) + "\n").encode("utf-8")


def write_run_directory(
    out: Path, files: Mapping[str, bytes], *, force: bool = False, option: str = "--out"
) -> None:
    """Write `files` (name to content) as the directory `out`, all at once
    (`storage.replace_directory`): a failure or an interruption leaves the run that was there."""
    out = _absolute(out)
    check_output(out, force=force, option=option)
    try:
        replace_directory(out, files)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}", argument=option) from None


@dataclass(frozen=True)
class StoredRun:
    path: Path
    record: Record
    series: pa.Table


def read_run(path: Path, *, argument: str = "RUN") -> StoredRun:
    """A run directory written by this lab; one clear error if it is not one."""
    metrics_file, series_file = path / METRICS, path / SERIES
    if not metrics_file.is_file() or not series_file.is_file():
        raise UsageError(
            f"{path} is not a run directory (needs {METRICS} and {SERIES})", argument=argument
        )
    try:
        data = json.loads(metrics_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{metrics_file} cannot be read: {exc}", argument=argument) from None
    if not isinstance(data, dict):
        raise UsageError(f"{metrics_file} is not a run record (not an object)", argument=argument)
    # A record without the field predates versioning: version 1.
    refusal = version_refusal(data.get("schema_version", 1))
    if refusal is not None:
        raise UsageError(f"{metrics_file}: {refusal}", argument=argument)
    try:
        record = RUN_RECORD.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UsageError(
            f"{metrics_file} is not a valid run record ({where}: {first['msg']})",
            argument=argument,
        ) from None
    except LocatedError as exc:
        raise UsageError(
            f"{metrics_file} is not a valid run record: {exc}", argument=argument
        ) from None
    try:
        # One file: read as it is, without `read_table`'s datasets (which load pandas, about a
        # third of a second of a command that compares runs); the same table.
        with pq.ParquetFile(series_file) as parquet:
            series = parquet.read()
    except (pa.ArrowInvalid, OSError) as exc:
        raise UsageError(f"{series_file} cannot be read: {exc}", argument=argument) from None
    expected = _series_columns(record)
    missing = [c for c in expected if c not in series.column_names]
    if missing:
        raise UsageError(
            f"{series_file} lacks columns the record names ({', '.join(missing[:5])})",
            argument=argument,
        )
    return StoredRun(path, record, series)


def _series_columns(record: Record) -> list[str]:
    if isinstance(record, PopulationRecord):
        return ["seed", "day", "date", *record.series]
    return ["round", "good_share"]
