"""The metric catalogue: every figure a run reports, declared once.

Three things are declared here, each with a name, a label, a unit, a kind, which direction is
harmful and a one-sentence description:

- a **series** is a daily count (or sum) over the citizens of a run, one column of
  `series.parquet`; the engine's tally and day counter produce exactly these;
- a **total** is a count over the whole run that days cannot give (who was *ever* listed);
- a **metric** is a figure of a run in `metrics.json`, with a formula over series, totals and
  other metrics, which `formulas` evaluates for a run and says in words. The benefit's metrics
  are a figure of a run against its no-scoring twin (`Fall`), taken seed by seed by the run
  store from the run, its twin and the ends of the responses' plausible range.

Names are templates over the run's dimensions: `{grade}`, `{list}` (black, red), `{service}`,
`{group}`, `{other}` (every group but the reference group), `{reference}`, `{collector}`
(honest, malicious) and `{district}` (named only where collectors move between districts).
`expand` spells them out for a policy and a scenario. The engine computes
what is declared here, the run store reads a record against it (a metric declared after the
record was written reads "not recorded in this run"), and the report, the command line,
the docs and the tests read their labels, units and kinds from it.

The names code reads a figure by are constants of `metrics`
(`metrics.EVER_WRONGLY_BLACKLISTED_PER_1000`, `metrics.DENIED_SERVICE_FINAL`, spelt with
`str.format`); the figures shown or weighed together are the named selections of `selections`
(headline figures, the lists at the end, redress, surveillance, strategic effort).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialcredit.domain.catalogue.declarations import (
    Bound,
    Dimensions,
    Metric,
    RunTotal,
    Series,
    bindings,
    expand,
    matching,
    placeholders,
    spelt,
)
from socialcredit.domain.catalogue.formulas import (
    Figures,
    RunCounts,
    describe,
    evaluate_fall,
    evaluate_formula,
    spell,
    wait_quantile,
)
from socialcredit.domain.catalogue.metrics import METRICS
from socialcredit.domain.catalogue.selections import (
    DISPARITY_DIFFERENCES,
    LISTS_AT_END,
    REDRESS,
    STRATEGY,
    STRATEGY_SPLIT,
    SURVEILLANCE,
    headlines,
    per_service,
    service_headlines,
)
from socialcredit.domain.catalogue.series import DERIVED_SERIES, SERIES, TOTALS
from socialcredit.domain.catalogue.terms import (
    BEHAVIOUR_WINDOW_DAYS,
    COLLECTOR_KINDS,
    LISTS,
    SCORE_HISTOGRAM_BINS,
    Change,
    Difference,
    End,
    Fall,
    Harmful,
    Kind,
    Last,
    LastLargest,
    Of,
    Peak,
    Plus,
    Quotient,
    Sum,
    Term,
    Total,
    WaitQuantile,
    Window,
    Yearly,
    behaviour_window,
)


@dataclass(frozen=True)
class Catalogue:
    series: tuple[Series, ...] = SERIES
    derived_series: tuple[Series, ...] = DERIVED_SERIES
    totals: tuple[RunTotal, ...] = TOTALS
    metrics: tuple[Metric, ...] = METRICS
    _index: dict[str, Metric] = field(default_factory=dict, compare=False, repr=False)

    def metric(self, name: str) -> Metric:
        """The declaration of a metric, by its spelt-out name (`denied.train.final`)."""
        found = self._index.get(name)
        if found is None:
            item = matching(self.metrics, name)
            assert isinstance(item, Metric)
            found = self._index[name] = item
        return found

    def metric_label(self, name: str) -> str:
        """The label of a spelt-out metric name (`denied.train.final` → "Denied train at the
        end")."""
        declared = self.metric(name)
        return spelt(declared.name, name, declared.label)

    def series_names(self, dims: Dimensions) -> list[str]:
        return [b.name for b in expand(self.series, dims)]

    def total_names(self, dims: Dimensions) -> list[str]:
        return [b.name for b in expand(self.totals, dims)]

    def metric_names(self, dims: Dimensions, *, against_twin: bool = True) -> list[str]:
        """Every metric of a run with these dimensions; without those taken against the
        no-scoring twin (the benefit) when `against_twin` is false: one run's own figures."""
        chosen = self.metrics if against_twin else self.own_metrics
        return [b.name for b in expand(chosen, dims)]

    @property
    def own_metrics(self) -> tuple[Metric, ...]:
        """The metrics one run's counts give (`engine.summarise`): all but the benefit, which
        is taken against the run's no-scoring twin."""
        return tuple(m for m in self.metrics if not m.against_twin)

    @property
    def against_twin(self) -> tuple[Metric, ...]:
        """The metrics taken against the run's no-scoring twin, seed by seed (the benefit)."""
        return tuple(m for m in self.metrics if m.against_twin)

    def service_headlines(self) -> list[Metric]:
        """The headline metrics per service, in catalogue order (`selections.service_headlines`)."""
        return service_headlines(self.metrics)


CATALOGUE = Catalogue()


__all__ = [
    "BEHAVIOUR_WINDOW_DAYS",
    "CATALOGUE",
    "COLLECTOR_KINDS",
    "DERIVED_SERIES",
    "DISPARITY_DIFFERENCES",
    "LISTS",
    "LISTS_AT_END",
    "METRICS",
    "REDRESS",
    "SCORE_HISTOGRAM_BINS",
    "SERIES",
    "STRATEGY",
    "STRATEGY_SPLIT",
    "SURVEILLANCE",
    "TOTALS",
    "Bound",
    "Catalogue",
    "Change",
    "Difference",
    "Dimensions",
    "End",
    "Fall",
    "Figures",
    "Harmful",
    "Kind",
    "Last",
    "LastLargest",
    "Metric",
    "Of",
    "Peak",
    "Plus",
    "Quotient",
    "RunCounts",
    "RunTotal",
    "Series",
    "Sum",
    "Term",
    "Total",
    "WaitQuantile",
    "Window",
    "Yearly",
    "behaviour_window",
    "bindings",
    "describe",
    "evaluate_fall",
    "evaluate_formula",
    "expand",
    "headlines",
    "matching",
    "per_service",
    "placeholders",
    "spell",
    "wait_quantile",
]
