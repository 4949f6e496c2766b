"""A fitted calibration as tables and a record: the posterior, the fit, the held-out targets,
the predictions, and `calibration.json`.

National figures (published values, means and interval ends) are whole numbers: they count
listings, tickets and people.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from socialcredit import __version__
from socialcredit.calibration.digest import Digest
from socialcredit.calibration.naive import Naive, naive_forecasts
from socialcredit.calibration.plan import Plan
from socialcredit.calibration.posterior import Estimate, Fit
from socialcredit.calibration.quantities import READINGS
from socialcredit.domain.published import Target
from socialcredit.experiment.results import records_csv
from socialcredit.experiment.variants import document_hash
from socialcredit.runs.store import parquet_bytes

TARGET_COLUMNS = (
    "target",
    "quantity",
    "date",
    "published",
    "relative_sd",
    "mean",
    "low",
    "high",
    "within",
)
JUDGE_COLUMNS = (*TARGET_COLUMNS, *(f"naive_{kind.value}" for kind in Naive))
"""judge.csv: a held-out target against the model, and each naive forecast of it (empty where
the quantity has none)."""
PREDICTION_COLUMNS = ("date", "quantity", "mean", "low", "high")


def posterior_table(fit: Fit) -> pa.Table:
    """One row per parameter set: its id, round, free rates, log-likelihood (its runs' own, and
    smoothed across the sets), weight, seeds."""
    draws = fit.draws
    columns: dict[str, pa.Array] = {
        "draw": pa.array([d.ident for d in draws], pa.string()),
        "round": pa.array([d.round for d in draws], pa.int64()),
    }
    for path, integer in zip(fit.plan.space.paths, fit.plan.space.integer, strict=True):
        kind = pa.int64() if integer else pa.float64()
        columns[path] = pa.array([d.values[path] for d in draws], kind)
    columns["log_likelihood"] = pa.array([float(x) for x in fit.log_likelihood], pa.float64())
    columns["smoothed_log_likelihood"] = pa.array([float(x) for x in fit.smoothed], pa.float64())
    columns["weight"] = pa.array([float(x) for x in fit.weights], pa.float64())
    columns["seeds"] = pa.array([fit.plan.seeds] * len(draws), pa.list_(pa.int64()))
    return pa.table(columns)


def posterior_bytes(fit: Fit) -> bytes:
    return parquet_bytes(posterior_table(fit))


def target_rows(fit: Fit, targets: list[Target]) -> list[dict[str, Any]]:
    rows = []
    for t in targets:
        est = fit.estimate(t.quantity.value, t.date)
        rows.append(
            {
                "target": t.id,
                "quantity": t.quantity.value,
                "date": t.date.isoformat(),
                "published": t.value,
                "relative_sd": t.uncertainty.relative_sd,
                **_rounded(est),
                "within": est.holds(t.value),
            }
        )
    return rows


def judge_rows(fit: Fit) -> list[dict[str, Any]]:
    """The held-out targets' rows, each with every naive forecast beside the model's."""
    rows = target_rows(fit, fit.plan.judge)
    for row, target in zip(rows, fit.plan.judge, strict=True):
        for kind, value in naive_forecasts(fit.plan.fit, target).items():
            row[f"naive_{kind.value}"] = None if value is None else round(value)
    return rows


def prediction_rows(fit: Fit) -> list[dict[str, Any]]:
    return [
        {"date": when.isoformat(), "quantity": q.value, **_rounded(fit.estimate(q.value, when))}
        for when in fit.plan.predict
        for q in READINGS
    ]


def _rounded(est: Estimate) -> dict[str, int]:
    return {"mean": round(est.mean), "low": round(est.low), "high": round(est.high)}


def csv_bytes(rows: list[dict[str, Any]], header: tuple[str, ...]) -> bytes:
    """The rows as CSV under `header` (just the header when there are none)."""
    if not rows:
        return (",".join(header) + "\n").encode("utf-8")
    return records_csv(rows)


def record(
    fit: Fit,
    figures: Digest,
    *,
    command: str,
    seconds: float,
    before: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`calibration.json`: what was run, on which inputs (by hash), how long it took, and what
    it found, with the forecast skill of `figures`, the digest of `fit`. `before` are the
    earlier calls into the same directory (a resumed calibration): `seconds` adds their wall
    time to this call's, and `calls` lists each."""
    calls = [*(before or []), {"seconds": round(seconds, 1), "runs": fit.runs}]
    plan = fit.plan
    pop = plan.scenario.population
    assert plan.scenario.calibration is not None
    fit_rows, judge_rows = target_rows(fit, plan.fit), target_rows(fit, plan.judge)
    return {
        "command": command,
        "generator": f"socialcredit {__version__}",
        "inputs": _inputs(plan),
        "scale": {
            "citizens": pop.citizens,
            "national_population": plan.scenario.calibration.national_population,
            "national_per_citizen": plan.scale,
            "start": pop.start.isoformat(),
            "days": pop.days,
        },
        "seeds": plan.seeds,
        "noise_seeds": plan.noise_seeds,
        "simulations": {
            "parameter_sets": len(fit.draws),
            "runs": len(fit.draws) * len(plan.seeds) + len(plan.noise_seeds),
            "run_now": fit.runs,
            "resumed": fit.resumed,
        },
        "seconds": round(sum(float(c["seconds"]) for c in calls), 1),
        "calls": calls,
        "rounds": [
            {"round": r + 1, "parameter_sets": sum(d.round == r + 1 for d in fit.draws), "ess": e}
            for r, e in enumerate(fit.ess)
        ],
        "ess": fit.ess[-1],
        "emulator": None if fit.emulator is None else fit.emulator.as_record(),
        "free": [
            {
                "path": rate.path,
                "prior": {"low": rate.low, "high": rate.high, "scale": rate.scale},
                "posterior": _estimate(fit.rate(rate.path)),
            }
            for rate in plan.space.rates
        ],
        "fit": {"targets": len(fit_rows), "within": sum(r["within"] for r in fit_rows)},
        "judge": {"targets": len(judge_rows), "within": sum(r["within"] for r in judge_rows)},
        "predict": [d.isoformat() for d in plan.predict],
        "skill": [s.as_record() for s in figures.skill],
    }


def _inputs(plan: Plan) -> dict[str, Any]:
    return {
        "policy": {"ref": plan.policy_ref, "hash": plan.policy.hash},
        "scenario": {
            "ref": plan.base.ref,
            "hash": document_hash(plan.scenario.model_dump(mode="json")),
        },
        "targets": {"file": plan.targets_file, "sha256": plan.targets_hash},
    }


def _estimate(est: Estimate) -> dict[str, float]:
    return {"mean": est.mean, "low": est.low, "high": est.high}


def record_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def earlier_calls(text: str) -> list[dict[str, Any]]:
    """The calls an earlier `calibration.json` of the same directory lists (none if it cannot
    be read)."""
    try:
        calls = json.loads(text)["calls"]
    except (ValueError, KeyError, TypeError):
        return []
    if not isinstance(calls, list):
        return []
    return [c for c in calls if isinstance(c, dict) and {"seconds", "runs"} <= set(c)]
