"""Writing and reading a run directory: metrics.json, series.parquet and report.html.

`series.parquet` holds one row per seed and day: the seed, the day number, the date, and every
daily column (counts summed over citizens, and per-group mean scores).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from socialcredit.domain.errors import UsageError
from socialcredit.simulation.run import RunResult
from socialcredit.simulation.summary import combine, derived_series

METRICS = "metrics.json"
SERIES = "series.parquet"
REPORT = "report.html"


def series_table(runs: Sequence[RunResult]) -> pa.Table:
    tables = []
    for run in runs:
        cols = derived_series(run)
        days = run.scenario.population.days
        start = run.scenario.population.start
        data: dict[str, Any] = {
            "seed": pa.array(np.full(days, run.seed, dtype=np.int64)),
            "day": pa.array(np.arange(days, dtype=np.int32)),
            "date": pa.array([start + timedelta(days=d) for d in range(days)], type=pa.date32()),
        }
        data.update({name: pa.array(values) for name, values in cols.items()})
        tables.append(pa.table(data))
    return pa.concat_tables(tables)


def write_run(out: Path, runs: Sequence[RunResult]) -> dict[str, Any]:
    """Write metrics.json, series.parquet and report.html into `out`; return the metrics.

    Everything is rendered before anything is written, and each file replaces its old version
    in one step, so a failure leaves the directory as it was.
    """
    from socialcredit.simulation.report import render_report

    metrics = combine(runs)
    table = series_table(runs)
    write_run_files(out, metrics, table, render_report(metrics, table))
    return metrics


def write_run_files(out: Path, metrics: dict[str, Any], series: pa.Table, report: str) -> None:
    """Write a rendered run into `out`; each file replaces its old version in one step."""
    sink = pa.BufferOutputStream()
    pq.write_table(series, sink)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        SERIES: sink.getvalue().to_pybytes(),
        METRICS: (json.dumps(metrics, indent=2) + "\n").encode(),
        REPORT: report.encode(),
    }
    for name, data in files.items():
        tmp = out / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out / name)


@dataclass(frozen=True)
class StoredRun:
    path: Path
    metrics: dict[str, Any]
    series: pa.Table


def read_run(path: Path) -> StoredRun:
    """A run directory written by `write_run`; a clear error if it is not one."""
    metrics_file, series_file = path / METRICS, path / SERIES
    if not metrics_file.is_file() or not series_file.is_file():
        raise UsageError(
            f"{path} is not a simulation run (needs {METRICS} and {SERIES})", argument="RUN"
        )
    try:
        metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
        series = pq.read_table(series_file)
    except (json.JSONDecodeError, pa.ArrowInvalid, OSError) as exc:
        raise UsageError(f"{path} holds an unreadable run: {exc}", argument="RUN") from None
    return StoredRun(path, metrics, series)
