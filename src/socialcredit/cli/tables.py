"""The tables the command line prints after a run, or after a comparison of any number of
runs: the catalogue's headline figures. In a comparison of stored runs, a figure of the
catalogue that a run's record does not hold (it was written before the metric was declared)
reads "not recorded in this run"; the differences come computed (`runs.differences`)."""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.cli.terminal import Sheet, show
from socialcredit.domain.catalogue import (
    CATALOGUE,
    Metric,
    expand,
    headlines,
    metrics,
)
from socialcredit.report import NOT_RECORDED, fmt_difference, fmt_stat
from socialcredit.runs.differences import Differences
from socialcredit.runs.schema import Estimate, PopulationRecord, ReputationRecord
from socialcredit.stats import Interval


def _cell(metric: Metric, estimate: Estimate | None) -> str:
    if estimate is None:
        return NOT_RECORDED
    return fmt_stat((estimate.mean, estimate.low, estimate.high), metric.kind, metric.undefined)


def _headlines(record: PopulationRecord) -> list[tuple[str, str, Metric]]:
    """(name, label, metric) of the headline figures not per service."""
    bounds = headlines(expand(CATALOGUE.metrics, record.dimensions.catalogue()))
    return [(b.name, b.label, b.declared) for b in bounds if isinstance(b.declared, Metric)]


def print_summary(record: PopulationRecord) -> None:
    seeds = len(record.seeds)
    title = (
        f"{record.policy.name} × {record.scenario.name}: {record.citizens:,} citizens, "
        f"{record.days} days, {seeds} seed{'s' if seeds != 1 else ''}"
    )
    rows = _headlines(record)
    table = Sheet(["figure", "value" + (" (95% interval)" if seeds > 1 else "")], title=title)
    for name, label, metric in rows:
        table.add_row(label, _cell(metric, record.metrics[name]))
    per_service = CATALOGUE.service_headlines()
    services = Sheet(["service", *(m.column for m in per_service)], title="Services")
    for s in record.dimensions.services:
        cells = [_cell(m, record.metrics[m.name.format(service=s)]) for m in per_service]
        services.add_row(s, *cells)
    sheets = [table, services]
    wanted = [
        s
        for s in record.dimensions.services
        if record.metrics[metrics.ATTEMPTS_SERVICE.format(service=s)].mean
    ]
    if wanted:
        names = (
            metrics.ATTEMPTS_SERVICE,
            metrics.ATTEMPTS_REFUSED_SERVICE,
            metrics.ATTEMPTS_WRONGLY_REFUSED_SERVICE,
            metrics.ATTEMPTS_RESTRICTED_SERVICE,
            metrics.ATTEMPTS_WRONGLY_RESTRICTED_SERVICE,
        )
        attempts = Sheet(
            [
                "service",
                "attempts",
                "refused",
                "wrongly refused",
                "restricted",
                "wrongly restricted",
            ],
            title="Attempts",
        )
        for s in wanted:
            cells = [_figure(record, n.format(service=s)) for n in names]
            attempts.add_row(s, *cells)
        sheets.append(attempts)
    if record.scenario.population.households is not None:
        sheets.append(_collateral(record))
    show(*sheets)


def _figure(record: PopulationRecord, name: str) -> str:
    return _cell(CATALOGUE.metric(name), record.metrics[name])


def _collateral(record: PopulationRecord) -> Sheet:
    """Detriment through a relative, per service that reached anyone."""
    names = (
        metrics.COLLATERAL_SERVICE_CITIZEN_DAYS,
        metrics.COLLATERAL_WRONGFUL_SERVICE_CITIZEN_DAYS,
        metrics.COLLATERAL_DOUBLY_WRONGFUL_SERVICE_CITIZEN_DAYS,
        metrics.COLLATERAL_CHILDREN_SERVICE_CITIZEN_DAYS,
    )
    touched = (
        metrics.COLLATERAL_TRUE_SERVICE_CITIZEN_DAYS,
        metrics.COLLATERAL_SERVICE_CITIZEN_DAYS,
    )
    ever = record.metrics[metrics.EVER_COLLATERAL].mean
    households = record.metrics[metrics.HOUSEHOLDS].mean
    table = Sheet(
        [
            "service",
            "hurt through a relative, citizen-days",
            "wrongful",
            "doubly wrongful",
            "children",
            "citizens ever hurt",
        ],
        title=f"Through relatives: {ever:,.0f} citizens ever hurt in {households:,.0f} households",
    )
    for s in record.dimensions.services:
        if not any(record.metrics[n.format(service=s)].mean for n in touched):
            continue
        cells = [_figure(record, n.format(service=s)) for n in names]
        table.add_row(s, *cells, _figure(record, metrics.EVER_COLLATERAL_SERVICE.format(service=s)))
    return table


def print_comparison(records: Sequence[PopulationRecord], diffs: Differences) -> None:
    """Headline figures of every run (A, B, C, …), and each run after the first minus the first
    (paired where the pair allows it), as `diffs` (of the same runs) holds."""
    rows = _headlines(records[0])
    pairs = diffs.pairs
    # A run "has" a metric its dimensions spell out, whether or not its record holds it.
    has = [set(CATALOGUE.metric_names(r.dimensions.catalogue())) for r in records]
    table = Sheet(
        [
            "figure",
            *(
                f"{t}: {r.policy.name} × {r.scenario.name}"
                for t, r in zip(diffs.tags, records, strict=True)
            ),
            *(f"{c.label}, {'paired' if c.paired else 'not paired'}" for c in pairs),
        ],
        caption=diffs.reading,
    )
    for name, label, metric in rows:
        if not any(name in h for h in has[1:]):
            continue
        cells = [
            _cell(metric, r.metrics.get(name)) if name in h else "—"
            for r, h in zip(records, has, strict=True)
        ]
        differences = [_difference(metric, c.of(name)) for c in pairs]
        table.add_row(label, *cells, *differences)
    show(table)


def _difference(metric: Metric, difference: Interval | None) -> str:
    return "—" if difference is None else fmt_difference(difference, metric.kind)


def print_reputation(record: ReputationRecord) -> None:
    table = Sheet(
        [
            "figure",
            "simulated (95% interval)",
            "expected for this run",
            "exact long run",
            "mean-field",
        ],
        title=f"Reputation game, norm {record.scenario.norm}",
    )
    for label, estimate, expected, exact, analytic in (
        (
            "good share",
            record.good_share,
            record.expected_good_share,
            record.exact_good_share,
            record.analytic_good_share,
        ),
        (
            "cooperation rate",
            record.cooperation_rate,
            record.expected_cooperation_rate,
            record.exact_cooperation_rate,
            record.analytic_cooperation_rate,
        ),
    ):
        table.add_row(
            label,
            f"{estimate.mean:.4f} ({estimate.low:.4f}–{estimate.high:.4f})",
            f"{expected:.4f}",
            f"{exact:.4f}",
            f"{analytic:.4f}",
        )
    show(table)
