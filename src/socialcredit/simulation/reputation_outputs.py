"""Writing a reputation-game run: metrics.json, series.parquet and report.html."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from socialcredit.simulation.outputs import write_run_files
from socialcredit.simulation.report import render_reputation_report
from socialcredit.simulation.reputation import ReputationResult


def write_reputation_run(out: Path, result: ReputationResult) -> dict[str, Any]:
    doc = result.to_json()
    doc["kind"] = "reputation-game"
    table = pa.table(
        {"round": pa.array(result.series_rounds), "good_share": pa.array(result.series)}
    )
    write_run_files(out, doc, table, render_reputation_report(doc))
    return doc
