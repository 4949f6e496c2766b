"""Writing a reputation-game run: metrics.json, series.parquet and report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from socialcredit.simulation.outputs import METRICS, REPORT, SERIES, atomic_write
from socialcredit.simulation.report import render_reputation_report
from socialcredit.simulation.reputation import ReputationResult


def write_reputation_run(out: Path, result: ReputationResult) -> dict[str, Any]:
    doc = result.to_json()
    doc["kind"] = "reputation-game"
    report = render_reputation_report(doc)
    table = pa.table(
        {"round": pa.array(result.series_rounds), "good_share": pa.array(result.series)}
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / SERIES, sink.getvalue().to_pybytes())
    atomic_write(out / METRICS, (json.dumps(doc, indent=2) + "\n").encode())
    atomic_write(out / REPORT, report.encode())
    return doc
