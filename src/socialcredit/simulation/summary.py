"""From a run's daily sums to the figures people ask about, and means with intervals over seeds.

Each run gives a flat mapping of named figures (`black.final`, `deny_wrongful.train.mean`, ...);
several seeds give, per figure, the mean and a 95% Student-t interval over the seeds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.simulation.intervals import CONFIDENCE, t_quantile
from socialcredit.simulation.run import RunResult


def interval(values: Sequence[float]) -> dict[str, float | int | None]:
    """Mean and 95% interval over independent runs; no interval from a single run."""
    arr = np.asarray(values, dtype=np.float64)
    mean = float(arr.mean())
    if len(arr) < 2:
        return {"mean": mean, "low": None, "high": None, "n": len(arr)}
    quantile = t_quantile(0.5 + CONFIDENCE / 2, len(arr) - 1)
    half = quantile * float(arr.std(ddof=1)) / math.sqrt(len(arr))
    return {"mean": mean, "low": mean - half, "high": mean + half, "n": len(arr)}


def _share(num: float, den: float) -> float:
    return num / den if den else 0.0


def derived_series(run: RunResult) -> dict[str, npt.NDArray[np.float64]]:
    """The daily columns plus per-group mean scores."""
    out = {name: run.series[:, i] for i, name in enumerate(run.metrics)}
    for g in run.scenario.population.groups:
        n = out[f"citizens:{g.name}"]
        safe = np.where(n > 0, n, 1.0)
        out[f"mean_score:{g.name}"] = out[f"score_sum:{g.name}"] / safe
        out[f"mean_score_true:{g.name}"] = out[f"score_sum_true:{g.name}"] / safe
    return out


def summarise(run: RunResult) -> dict[str, float]:
    s = derived_series(run)
    policy = run.policy
    n = float(run.scenario.population.citizens)
    days = run.scenario.population.days
    out: dict[str, float] = {}
    last = {k: float(v[-1]) for k, v in s.items()}
    for lst in ("black", "red"):
        out[f"{lst}.final"] = last[lst]
        out[f"{lst}_true.final"] = last[f"{lst}_true"]
        out[f"{lst}_wrongful.final"] = last[f"{lst}_wrongful"]
        out[f"{lst}_missed.final"] = last[f"{lst}_missed"]
        out[f"{lst}_wrongful_share.final"] = _share(last[f"{lst}_wrongful"], last[lst])
        out[f"{lst}_wrongful.citizen_days"] = float(s[f"{lst}_wrongful"].sum())
    out["watch.final"] = last["watch"]
    for grade in policy.grades_descending:
        out[f"grade.{grade.name}.final"] = last[f"grade:{grade.name}"]
        out[f"grade_true.{grade.name}.final"] = last[f"grade_true:{grade.name}"]
    for name in policy.services:
        out[f"deny.{name}.final"] = last[f"deny:{name}"]
        out[f"conditional.{name}.final"] = last[f"conditional:{name}"]
        out[f"deny_true.{name}.final"] = last[f"deny_true:{name}"]
        out[f"deny_wrongful.{name}.final"] = last[f"deny_wrongful:{name}"]
        out[f"deny_wrongful.{name}.citizen_days"] = float(s[f"deny_wrongful:{name}"].sum())
        out[f"restricted_wrongful.{name}.citizen_days"] = float(
            s[f"restricted_wrongful:{name}"].sum()
        )
    t = run.totals
    out["ever_blacklisted"] = t["ever_blacklisted"]
    out["ever_wrongly_blacklisted"] = t["ever_wrongly_blacklisted"]
    out["ever_wrongly_denied_train"] = t["ever_wrongly_denied_train"]
    out["ever_blacklisted_per_1000"] = 1000 * t["ever_blacklisted"] / n
    out["ever_wrongly_blacklisted_per_1000"] = 1000 * t["ever_wrongly_blacklisted"] / n
    for g in run.scenario.population.groups:
        size = last[f"citizens:{g.name}"]
        out[f"group.{g.name}.citizens"] = size
        out[f"group.{g.name}.mean_score.final"] = last[f"mean_score:{g.name}"]
        out[f"group.{g.name}.mean_score_true.final"] = last[f"mean_score_true:{g.name}"]
        out[f"group.{g.name}.score_gap.final"] = (
            last[f"mean_score:{g.name}"] - last[f"mean_score_true:{g.name}"]
        )
        out[f"group.{g.name}.ever_blacklisted_per_1000"] = 1000 * _share(
            t[f"ever_blacklisted:{g.name}"], size
        )
        out[f"group.{g.name}.ever_wrongly_blacklisted_per_1000"] = 1000 * _share(
            t[f"ever_wrongly_blacklisted:{g.name}"], size
        )
        out[f"group.{g.name}.black_share.final"] = _share(last[f"black:{g.name}"], size)
        for name in policy.services:
            out[f"group.{g.name}.deny_wrongful.{name}.citizen_days_per_1000"] = 1000 * _share(
                float(s[f"deny_wrongful:{name}:{g.name}"].sum()), size
            )
        bad = s[f"acts_bad:{g.name}"]
        out[f"group.{g.name}.bad_acts_per_citizen_year"] = _share(
            float(bad.sum()) * 365 / days, size
        )
    groups = [g.name for g in run.scenario.population.groups]
    if len(groups) >= 2:
        rates = [out[f"group.{g}.ever_blacklisted_per_1000"] for g in groups]
        wrong = [out[f"group.{g}.ever_wrongly_blacklisted_per_1000"] for g in groups]
        out["disparity.blacklisted_ratio"] = _share(max(rates), min(rates)) if min(rates) else 0.0
        out["disparity.wrongly_blacklisted_ratio"] = (
            _share(max(wrong), min(wrong)) if min(wrong) else 0.0
        )
    window = max(1, min(30, days // 4))
    first = float(s["acts_bad"][:window].mean())
    final = float(s["acts_bad"][-window:].mean())
    out["behaviour.bad_acts_per_1000_day.first"] = 1000 * first / n
    out["behaviour.bad_acts_per_1000_day.last"] = 1000 * final / n
    out["behaviour.bad_acts_change"] = _share(final - first, first)
    out["behaviour.good_acts_change"] = _share(
        float(s["acts_good"][-window:].mean() - s["acts_good"][:window].mean()),
        float(s["acts_good"][:window].mean()),
    )
    out["entries"] = float(s["entries"].sum())
    out["entries_true"] = float(s["entries_true"].sum())
    out["false_entries"] = float(s["false_entries"].sum())
    out["false_reports"] = float(s["false_reports"].sum())
    out["false_rejected"] = float(s["false_rejected"].sum())
    out["false_reports_landed_share"] = _share(
        out["false_reports"] - out["false_rejected"], out["false_reports"]
    )
    for label in ("honest", "malicious"):
        out[f"collectors.{label}.filed"] = t[f"collector_{label}_filed"]
        out[f"collectors.{label}.upheld_share"] = _share(
            t[f"collector_{label}_upheld"], t[f"collector_{label}_filed"]
        )
        out[f"collectors.{label}.false_upheld"] = t[f"collector_{label}_false_upheld"]
    out["collectors"] = t["collectors"]
    out["collectors.malicious"] = t["collectors_malicious"]
    return out


def combine(runs: Sequence[RunResult]) -> dict[str, Any]:
    """The metrics document: policy, scenario, footprint, per-seed figures and their intervals."""
    first = runs[0]
    per_run = [summarise(r) for r in runs]
    names = list(per_run[0])
    return {
        "policy": {
            "name": first.policy.name,
            "hash": first.policy.hash,
            "footprint": first.policy.footprint(),
        },
        "scenario": first.scenario.model_dump(mode="json"),
        "citizens": first.scenario.population.citizens,
        "days": first.scenario.population.days,
        "seeds": [r.seed for r in runs],
        "metrics": {name: interval([p[name] for p in per_run]) for name in names},
        "runs": [{"seed": r.seed, "metrics": p} for r, p in zip(runs, per_run, strict=True)],
        "score_histogram": {
            "bins": [int(x) for x in np.arange(0, 1501, 10)],
            "observed": np.mean([r.score_hist for r in runs], axis=0).tolist(),
            "true": np.mean([r.score_hist_true for r in runs], axis=0).tolist(),
        },
    }
