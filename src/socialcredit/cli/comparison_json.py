"""`simulate compare --json`: every figure of every run compared, and each run's difference with
run A, as one JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.runs.differences import NO_DIFFERENCE, Differences
from socialcredit.runs.schema import PopulationRecord


def comparison_json(
    paths: list[Path], records: list[PopulationRecord], diffs: Differences
) -> dict[str, Any]:
    """Every figure of every run and each run's difference with run A:

    {"runs": [paths], "differences": {"B": {"paired", "reading"}, "C": …},
     metric: {"A": estimate, "B": …, "B_minus_A": interval, "C_minus_A": …}}

    Run A and B and B − A are also under the lower-case keys of the two-run format: "a", "b",
    "b_minus_a" in each metric and a top-level "b_minus_a" with how B − A is taken. The metrics
    are the catalogue's for each run's dimensions: a run without one, or whose record does not
    hold it, gives null (and so does a difference with it); a metric the catalogue no longer
    declares is left out.
    """
    tags, pairs = diffs.tags, diffs.pairs
    out: dict[str, Any] = {
        "runs": [str(p) for p in paths],
        "differences": {c.b_tag: {"paired": c.paired, "reading": c.reading} for c in pairs},
        "b_minus_a": {"paired": pairs[0].paired, "reading": pairs[0].reading},
    }
    names = (n for r in records for n in CATALOGUE.metric_names(r.dimensions.catalogue()))
    for name in dict.fromkeys(names):
        figure: dict[str, Any] = {
            tag: r.metrics[name].model_dump() if name in r.metrics else None
            for tag, r in zip(tags, records, strict=True)
        }
        for c in pairs:
            difference = c.of(name)
            figure[f"{c.b_tag}_minus_{c.a_tag}"] = (
                NO_DIFFERENCE if difference is None else difference
            ).to_json()
        figure["a"], figure["b"], figure["b_minus_a"] = (
            figure["A"],
            figure["B"],
            figure["B_minus_A"],
        )
        out[name] = figure
    return out
