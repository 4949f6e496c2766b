"""A run's figures: every metric of the catalogue, computed from its series and totals.

The formulas are the catalogue's; this module only evaluates them, in declaration order, so a
metric may use any metric declared before it. A figure is None where its formula is undefined
(a share of an empty list, a ratio to a group with no case), as the catalogue says.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import (
    CATALOGUE,
    Change,
    Difference,
    Last,
    Of,
    Peak,
    Quotient,
    Sum,
    Term,
    Total,
    WaitQuantile,
    Window,
    Yearly,
    behaviour_window,
    expand,
)
from socialcredit.engine.run import RunResult

Figures = dict[str, float | None]


class _Evaluator:
    def __init__(self, run: RunResult) -> None:
        self.run = run
        self.at = {name: i for i, name in enumerate(run.columns)}
        self.days = int(run.series.shape[0])
        self.window = behaviour_window(self.days)
        self.figures: Figures = {}

    def column(self, name: str) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.run.series[:, self.at[name]]
        return out

    def value(self, term: Term) -> float | None:
        match term:
            case Last(series):
                return float(self.column(series)[-1])
            case Sum(series):
                return float(self.column(series).sum())
            case Yearly(series):
                return float(self.column(series).sum()) * 365.0 / self.days
            case Total(total):
                return float(self.run.totals[total])
            case Of(metric):
                return self.figures[metric]
            case Window(series, end):
                values = self.column(series)
                part = values[: self.window] if end == "first" else values[-self.window :]
                return 1000.0 * float(part.mean()) / self.run.scenario.population.citizens
            case Change(series):
                values = self.column(series)
                first = float(values[: self.window].mean())
                last = float(values[-self.window :].mean())
                return (last - first) / first if first else None
            case Quotient(numerator, denominator, scale, when_empty):
                num, den = self.value(numerator), self.value(denominator)
                if num is None or den is None:
                    return None
                return scale * num / den if den else when_empty
            case Difference(a, b):
                x, y = self.value(a), self.value(b)
                return None if x is None or y is None else x - y
            case Peak(series):
                return float(self.column(series).max())
            case WaitQuantile(q):
                return wait_quantile(self.run.decision_waits, q)
        raise TypeError(f"not a formula term: {term!r}")  # pragma: no cover


def wait_quantile(waits: npt.NDArray[np.int64], q: float) -> float | None:
    """The `q` quantile of days from dispute to decision, from decisions counted by days
    (the smallest number of days within which at least that share was decided)."""
    total = int(waits.sum())
    if not total:
        return None
    return float(np.searchsorted(np.cumsum(waits), q * total, side="left"))


def summarise(run: RunResult) -> Figures:
    """Every metric of the catalogue for this run, by name, in catalogue order."""
    evaluator = _Evaluator(run)
    for bound in expand(CATALOGUE.metrics, run.dimensions):
        assert bound.formula is not None
        value = evaluator.value(bound.formula)
        if value is not None and not math.isfinite(value):
            value = None
        evaluator.figures[bound.name] = value
    return evaluator.figures


def derived_series(run: RunResult) -> dict[str, npt.NDArray[np.float64]]:
    """The counted series plus the catalogue's derived ones (per-group mean scores)."""
    out = {name: run.series[:, i] for i, name in enumerate(run.columns)}
    for g in run.dimensions.groups:
        n = out[f"citizens.{g}"]
        safe = np.where(n > 0, n, 1.0)
        out[f"mean_score.{g}"] = out[f"score_sum.{g}"] / safe
        out[f"mean_score_true.{g}"] = out[f"score_sum_true.{g}"] / safe
    return out
