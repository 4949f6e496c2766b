"""From runs of the engine to what a run directory holds: the record and the series table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from socialcredit import __version__
from socialcredit.domain.catalogue import CATALOGUE, SCORE_HISTOGRAM_BINS, Figures
from socialcredit.engine import RunResult, derived_series, summarise
from socialcredit.runs.arrow import EPOCH, column
from socialcredit.runs.benefit import benefit_figures, unmeasured
from socialcredit.runs.schema import (
    Estimate,
    PolicySummary,
    PopulationRecord,
    RunDimensions,
    ScoreHistogram,
    SeedFigures,
)
from socialcredit.stats import interval

GENERATOR = f"socialcredit {__version__}"

BenefitRuns = tuple[Sequence[RunResult], Sequence[RunResult], Sequence[RunResult]]
"""The runs that measure a run's benefit (`runs.benefit.BenefitPlan`), each one per seed in the
order of the run's seeds: the no-scoring twin, the weakest end, the strongest end."""


def population_record(
    runs: Sequence[RunResult], benefit: BenefitRuns | None = None
) -> PopulationRecord:
    """The record of one policy over one scenario for the seeds of `runs` (same policy and
    scenario, one run per seed), with its benefit taken seed by seed from `benefit` (undefined
    without)."""
    first = runs[0]
    dims = first.dimensions
    per_seed = _figures(runs, benefit)
    metrics = {}
    for name in per_seed[0]:
        declared = CATALOGUE.metric(name)
        metrics[name] = Estimate(**interval([p[name] for p in per_seed], declared.range).to_json())
    return PopulationRecord(
        generator=GENERATOR,
        policy=PolicySummary(
            name=first.policy.name,
            version=first.policy.version,
            hash=first.policy.hash,
            footprint=first.policy.footprint(),
        ),
        scenario=first.scenario,
        citizens=first.scenario.population.citizens,
        days=first.scenario.population.days,
        seeds=[r.seed for r in runs],
        dimensions=RunDimensions(
            grades=list(dims.grades),
            services=list(dims.services),
            groups=list(dims.groups),
            reference_group=dims.reference,
            behaviours=list(dims.behaviours),
        ),
        series=list(first.columns),
        metrics=metrics,
        runs=[SeedFigures(seed=r.seed, metrics=p) for r, p in zip(runs, per_seed, strict=True)],
        score_histogram=ScoreHistogram(
            bins=list(SCORE_HISTOGRAM_BINS),
            observed=np.mean([r.score_hist for r in runs], axis=0).tolist(),
            true=np.mean([r.score_hist_true for r in runs], axis=0).tolist(),
        ),
    )


def _figures(runs: Sequence[RunResult], benefit: BenefitRuns | None) -> list[Figures]:
    """Each seed's figures, the benefit's included, in catalogue order."""
    own = [summarise(r) for r in runs]
    if benefit is None:
        against = [unmeasured() for _ in runs]
    else:
        twin, weakest, strongest = benefit
        seeds = [r.seed for r in runs]
        for measured in benefit:
            assert [r.seed for r in measured] == seeds, "the benefit's runs are of other seeds"
        against = [
            benefit_figures(o, summarise(t), summarise(w), summarise(s))
            for o, t, w, s in zip(own, twin, weakest, strongest, strict=True)
        ]
    order = CATALOGUE.metric_names(runs[0].dimensions)
    merged = [{**o, **a} for o, a in zip(own, against, strict=True)]
    return [{name: figures[name] for name in order} for figures in merged]


def series_table(runs: Sequence[RunResult]) -> pa.Table:
    """One row per seed and day: the seed, the day, its date, and every series of the run."""
    tables = []
    for run in runs:
        cols = derived_series(run)
        days = run.scenario.population.days
        first = (run.scenario.population.start - EPOCH).days
        data = {
            "seed": column(np.full(days, run.seed, dtype=np.int64)),
            "day": column(np.arange(days, dtype=np.int32)),
            "date": column(np.arange(first, first + days, dtype=np.int32), pa.date32()),
        }
        data.update({name: column(values) for name, values in cols.items()})
        tables.append(pa.Table.from_arrays(list(data.values()), names=list(data)))
    return pa.concat_tables(tables)
