"""A run's figures: every metric of the catalogue, computed from its series and totals.

The formulas and their evaluation are the catalogue's (`domain.catalogue.formulas`); this module
hands them what the run counted, in declaration order, so a metric may use any metric declared
before it. A figure is None where its formula is undefined (a share of an empty list, a ratio to
a group with no case), as the catalogue says.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import CATALOGUE, Figures, RunCounts, evaluate_formula, expand
from socialcredit.engine.run import RunResult


def counts(run: RunResult) -> RunCounts:
    """What the run counted, as the catalogue's formulas read it."""
    return RunCounts(
        series={name: run.series[:, i] for i, name in enumerate(run.columns)},
        totals=run.totals,
        days=int(run.series.shape[0]),
        citizens=run.scenario.population.citizens,
        decision_waits=run.decision_waits,
    )


def summarise(run: RunResult) -> Figures:
    """Every metric of the catalogue that this run alone gives, by name, in catalogue order:
    all but the benefit, which is taken against the run's no-scoring twin."""
    counted = counts(run)
    figures: Figures = {}
    for bound in expand(CATALOGUE.own_metrics, run.dimensions):
        assert bound.formula is not None
        figures[bound.name] = evaluate_formula(bound.formula, counted, figures)
    return figures


def derived_series(run: RunResult) -> dict[str, npt.NDArray[np.float64]]:
    """The counted series plus the catalogue's derived ones (per-group mean scores, and each
    district's share of collectors where they move)."""
    out = {name: run.series[:, i] for i, name in enumerate(run.columns)}
    for g in run.dimensions.groups:
        n = out[f"citizens.{g}"]
        safe = np.where(n > 0, n, 1.0)
        out[f"mean_score.{g}"] = out[f"score_sum.{g}"] / safe
        out[f"mean_score_true.{g}"] = out[f"score_sum_true.{g}"] / safe
    districts = run.dimensions.districts
    if districts:
        working = sum(out[f"collectors_in.{d}"] for d in districts)
        for d in districts:
            out[f"collectors_share.{d}"] = out[f"collectors_in.{d}"] / np.where(
                working > 0, working, 1.0
            )
    return out
