"""Writing a reputation-game run: metrics.json, series.parquet and report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from socialcredit.simulation.outputs import METRICS, REPORT, SERIES
from socialcredit.simulation.report import render_reputation_report
from socialcredit.simulation.reputation import ReputationResult


def write_reputation_run(out: Path, result: ReputationResult) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    doc = result.to_json()
    doc["kind"] = "reputation-game"
    (out / METRICS).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    table = pa.table({"round": pa.array(result.series_rounds), "good_share": pa.array(result.series)})
    pq.write_table(table, out / SERIES)
    (out / REPORT).write_text(render_reputation_report(doc), encoding="utf-8")
    return doc
