"""An experiment's tables: one row per (variant, seed), and a summary per variant and outcome.

`results` has the columns `variant`, `seed`, `policy`, `scenario`, `status` (`ok`: the variant
ran; `invalid`: its rulebook cannot mean what it says, and it was not run), `reason` (why, for an
invalid variant: the field, the message and the check's id), one per varied path (named by the
path; empty where a variant does not set it, as the counterfactual never sets a lever) and one
per catalogue metric (named as in `metrics.json`; empty where a variant's runs lack it). A
variant that ran has a row per finished seed; an invalid one has a single row, without seed or
figures. Rows are in the order of the variants and the seeds, whatever order the runs finished
in.

`summary` has, per variant and outcome, the mean and 95% interval over seeds, and the difference
to the reference variant: paired seed by seed where both describe the same citizens (common
random numbers; `engine.sharing` says what two variants share), else a Welch difference of
means.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from socialcredit.domain.catalogue import CATALOGUE, End, Figures
from socialcredit.domain.scenario_references import dimensions
from socialcredit.engine import shared
from socialcredit.experiment.ends import end_key
from socialcredit.experiment.journal import Key
from socialcredit.experiment.variants import InvalidVariant, Resolved, Variant
from socialcredit.stats import (
    CONFIDENCE,
    Interval,
    difference_of_means,
    interval,
    paired_difference,
)

FIXED = ("variant", "seed", "policy", "scenario", "status", "reason")
OK = "ok"
INVALID = "invalid"


def metric_columns(resolved: Resolved) -> list[str]:
    """Every metric any variant has, in the catalogue's order as first met."""
    names: dict[str, None] = {}
    for v in resolved.variants:
        names.update(
            dict.fromkeys(
                CATALOGUE.metric_names(dimensions(v.policy, v.scenario), against_twin=False)
            )
        )
    return list(names)


def _path_type(values: list[Any]) -> pa.DataType:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    return pa.string()


def _path_value(value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if kind == pa.string():
        return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    if kind == pa.float64():
        return float(value)
    return value


@dataclass(frozen=True)
class Results:
    resolved: Resolved
    finished: dict[Key, Figures]

    def figures(self, variant: Variant) -> dict[int, Figures]:
        """Seed → figures of the variant's finished runs."""
        return {
            seed: self.finished[variant.id, seed]
            for seed in self.resolved.seeds
            if (variant.id, seed) in self.finished
        }

    def values(self, variant: Variant, metric: str) -> dict[int, float | None]:
        return {s: f.get(metric) for s, f in self.figures(variant).items()}

    def end_values(self, variant: Variant, end: End, metric: str) -> dict[int, float | None]:
        """Seed → `metric` of the variant's finished runs at one end of its response range
        (`experiment.ends`); empty where it has none."""
        key = end_key(variant, end)
        return {
            seed: self.finished[key, seed].get(metric)
            for seed in self.resolved.seeds
            if (key, seed) in self.finished
        }

    def estimate(self, variant: Variant, metric: str) -> Interval:
        declared = CATALOGUE.metric(metric)
        return interval(list(self.values(variant, metric).values()), declared.range)

    def difference(
        self, a: Variant, b: Variant, metric: str, confidence: float = CONFIDENCE
    ) -> tuple[Interval, bool]:
        """b − a for `metric` (a 95% interval, or at `confidence`), and whether it is paired."""
        x, y = self.values(a, metric), self.values(b, metric)
        paired = shared(a.scenario, b.scenario).paired and bool(set(x) & set(y))
        if paired:
            return paired_difference(x, y, confidence), True
        return difference_of_means(list(x.values()), list(y.values()), confidence), False

    def table(self) -> pa.Table:
        resolved = self.resolved
        metrics = metric_columns(resolved)
        paths = resolved.paths
        rows: list[tuple[Variant | InvalidVariant, int | None, Figures]] = []
        for v in resolved.every_variant:
            if isinstance(v, InvalidVariant):
                rows.append((v, None, {}))
                continue
            rows += [
                (v, seed, self.finished[v.id, seed])
                for seed in resolved.seeds
                if (v.id, seed) in self.finished
            ]
        columns: dict[str, pa.Array] = {
            "variant": pa.array([v.id for v, _, _ in rows], pa.string()),
            "seed": pa.array([s for _, s, _ in rows], pa.int64()),
            "policy": pa.array([v.policy_name for v, _, _ in rows], pa.string()),
            "scenario": pa.array([v.scenario.name for v, _, _ in rows], pa.string()),
            "status": pa.array(
                [INVALID if isinstance(v, InvalidVariant) else OK for v, _, _ in rows], pa.string()
            ),
            "reason": pa.array(
                [v.reason if isinstance(v, InvalidVariant) else None for v, _, _ in rows],
                pa.string(),
            ),
        }
        for path in paths:
            raw = [v.values.get(path) for v, _, _ in rows]
            kind = _path_type(raw)
            columns[path] = pa.array([_path_value(x, kind) for x in raw], kind)
        for name in metrics:
            columns[name] = pa.array([f.get(name) for _, _, f in rows], pa.float64())
        return pa.table(columns)

    def summary(self, outcomes: Sequence[str] | None = None) -> list[dict[str, Any]]:
        resolved = self.resolved
        reference = resolved.variants[resolved.reference]
        out = []
        for v in resolved.variants:
            for outcome in outcomes or resolved.outcomes:
                est = self.estimate(v, outcome)
                row: dict[str, Any] = {
                    "variant": v.id,
                    "label": resolved.label(v),
                    "policy": v.policy.name,
                    "scenario": v.scenario.name,
                    "outcome": outcome,
                    "mean": est.mean,
                    "low": est.low,
                    "high": est.high,
                    "n": est.n,
                    "reference": reference.id,
                }
                diff, paired = self.difference(reference, v, outcome)
                row.update(
                    difference=diff.mean,
                    difference_low=diff.low,
                    difference_high=diff.high,
                    paired=paired,
                )
                out.append(row)
        return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(x) for x in row])
    return buffer.getvalue().encode("utf-8")


def table_csv(table: pa.Table) -> bytes:
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return csv_bytes(table.column_names, list(zip(*columns, strict=True)))


def records_csv(records: Sequence[dict[str, Any]]) -> bytes:
    if not records:
        return b""
    header = list(records[0])
    return csv_bytes(header, [[r[h] for h in header] for r in records])
