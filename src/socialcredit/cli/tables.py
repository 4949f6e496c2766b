"""The tables the command line prints after a run, or after a comparison of any number of
runs: the catalogue's headline figures."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from socialcredit.domain.catalogue import CATALOGUE, Metric, expand, placeholders
from socialcredit.report import fmt_difference, fmt_stat
from socialcredit.runs.comparison import against_first, readings, run_tag
from socialcredit.runs.schema import Estimate, PopulationRecord, ReputationRecord


def _cell(metric: Metric, estimate: Estimate) -> str:
    return fmt_stat((estimate.mean, estimate.low, estimate.high), metric.kind, metric.undefined)


def _headlines(record: PopulationRecord) -> tuple[list[tuple[str, str, Metric]], list[Metric]]:
    """(name, label, metric) of the headline figures not per service, and the per-service
    headline declarations."""
    rows = []
    for bound in expand(CATALOGUE.metrics, record.dimensions.catalogue()):
        declared = bound.declared
        if (
            isinstance(declared, Metric)
            and declared.headline
            and "service" not in placeholders(declared.name)
        ):
            rows.append((bound.name, bound.label, declared))
    per_service = [m for m in CATALOGUE.metrics if m.headline and "service" in placeholders(m.name)]
    return rows, per_service


def print_summary(record: PopulationRecord) -> None:
    console = Console()
    seeds = len(record.seeds)
    title = (
        f"{record.policy.name} × {record.scenario.name}: {record.citizens:,} citizens, "
        f"{record.days} days, {seeds} seed{'s' if seeds != 1 else ''}"
    )
    rows, per_service = _headlines(record)
    table = Table("figure", "value" + (" (95% interval)" if seeds > 1 else ""), title=title)
    for name, label, metric in rows:
        table.add_row(label, _cell(metric, record.metrics[name]))
    console.print(table)
    services = Table("service", *(m.column for m in per_service), title="Services")
    for s in record.dimensions.services:
        cells = [_cell(m, record.metrics[m.name.replace("{service}", s)]) for m in per_service]
        services.add_row(s, *cells)
    console.print(services)
    wanted = [s for s in record.dimensions.services if record.metrics[f"attempts.{s}"].mean]
    if wanted:
        names = (
            "attempts",
            "attempts_refused",
            "attempts_wrongly_refused",
            "attempts_restricted",
            "attempts_wrongly_restricted",
        )
        attempts = Table(
            "service",
            "attempts",
            "refused",
            "wrongly refused",
            "restricted",
            "wrongly restricted",
            title="Attempts",
        )
        for s in wanted:
            cells = [_cell(CATALOGUE.metric(f"{n}.{s}"), record.metrics[f"{n}.{s}"]) for n in names]
            attempts.add_row(s, *cells)
        console.print(attempts)
    if record.scenario.population.households is not None:
        console.print(_collateral(record))


def _collateral(record: PopulationRecord) -> Table:
    """Detriment through a relative, per service that reached anyone."""
    names = (
        "collateral",
        "collateral_wrongful",
        "collateral_doubly_wrongful",
        "collateral_children",
    )
    table = Table(
        "service",
        "hurt through a relative, citizen-days",
        "wrongful",
        "doubly wrongful",
        "children",
        "citizens ever hurt",
        title=f"Through relatives: {record.metrics['ever_collateral'].mean:,.0f} citizens ever "
        f"hurt in {record.metrics['households'].mean:,.0f} households",
    )
    for s in record.dimensions.services:
        if not record.metrics[f"collateral_true.{s}.citizen_days"].mean and not (
            record.metrics[f"collateral.{s}.citizen_days"].mean
        ):
            continue
        cells = [
            _cell(
                CATALOGUE.metric(f"{n}.{s}.citizen_days"), record.metrics[f"{n}.{s}.citizen_days"]
            )
            for n in names
        ]
        ever = f"ever_collateral.{s}"
        table.add_row(s, *cells, _cell(CATALOGUE.metric(ever), record.metrics[ever]))
    return table


def print_comparison(*records: PopulationRecord) -> None:
    """Headline figures of every run (A, B, C, …), and each run after the first minus the first
    (paired where the pair allows it)."""
    rows, _ = _headlines(records[0])
    pairs = against_first(records)
    table = Table(
        "figure",
        *(f"{run_tag(i)}: {r.policy.name} × {r.scenario.name}" for i, r in enumerate(records)),
        *(f"{c.label}, {'paired' if c.paired else 'not paired'}" for c in pairs),
        caption=readings(pairs),
    )
    for name, label, metric in rows:
        if not any(name in r.metrics for r in records[1:]):
            continue
        cells = [_cell(metric, r.metrics[name]) if name in r.metrics else "—" for r in records]
        diffs = [
            fmt_difference(c.difference(name), metric.kind) if name in c.b.metrics else "—"
            for c in pairs
        ]
        table.add_row(label, *cells, *diffs)
    Console().print(table)


def print_reputation(record: ReputationRecord) -> None:
    table = Table(
        "figure",
        "simulated (95% interval)",
        "expected for this run",
        "exact long run",
        "mean-field",
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
    Console().print(table)
