"""Named selections of the catalogue's metrics: the figures shown, or weighed, together.

Each selection is declared here once; the command line, the reports and the experiments read it.
"""

from __future__ import annotations

from collections.abc import Iterable

from socialcredit.domain.catalogue.declarations import Bound, Metric, placeholders
from socialcredit.domain.catalogue.metrics import (
    BLACK_FINAL,
    BLACK_MISSED_FINAL,
    BLACK_TRUE_FINAL,
    BLACK_WRONGFUL_FINAL,
    DISPARITY_EVER_BLACKLISTED_DIFFERENCE,
    DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE,
    DISPARITY_SCORE_GAP_DIFFERENCE,
    RED_FINAL,
    RED_TRUE_FINAL,
    REDRESS_BACKLOG_FINAL,
    REDRESS_BACKLOG_PEAK,
    REDRESS_DECIDED_IN_TIME_SHARE,
    REDRESS_DECISION_DAYS_MEDIAN,
    REDRESS_DECISION_DAYS_P90,
    REDRESS_DISPUTES,
    REDRESS_DISPUTES_FALSE_SHARE,
    REDRESS_FALSE_ENTRIES_CORRECTED_SHARE,
    REDRESS_TRUE_ENTRIES_REVERSED,
    REDRESS_WRONGFUL_LISTINGS_CORRECTED_SHARE,
    REDRESS_WRONGLY_LISTED_DAYS_BEFORE_CORRECTION,
    RESTORATIONS,
    RESTORATIONS_WRONGFUL,
    STRATEGY_BURDEN,
    STRATEGY_GAMING_SHARE,
    STRATEGY_HIDING_SHARE,
    STRATEGY_IMPROVEMENT_SHARE,
    STRATEGY_POINTS_PER_CITIZEN_YEAR,
    STRATEGY_WITHDRAWAL_SHARE,
    STRATEGY_WITHDRAWN_PER_1000,
    SURVEILLANCE_COLLECTOR_REPORTS_PER_RESIDENT_YEAR,
    SURVEILLANCE_OBSERVATIONS_PER_CITIZEN_YEAR,
    SURVEILLANCE_SENSITIVE_OBSERVATIONS_PER_CITIZEN_YEAR,
)


def per_service(metric: Metric) -> bool:
    """Whether the metric is declared once per service (its name holds `{service}`)."""
    return "service" in placeholders(metric.name)


def headlines(bounds: Iterable[Bound]) -> list[Bound]:
    """Of a run's spelt-out metrics, the headline figures that are not per service, in
    catalogue order: the key figures of a run report and the command line's summary."""
    return [
        b
        for b in bounds
        if isinstance(b.declared, Metric) and b.declared.headline and not per_service(b.declared)
    ]


def service_headlines(metrics: Iterable[Metric]) -> list[Metric]:
    """Of the declared metrics, the headline figures per service, in catalogue order: the
    columns of a table with a row per service."""
    return [m for m in metrics if m.headline and per_service(m)]


LISTS_AT_END = (
    BLACK_FINAL,
    BLACK_TRUE_FINAL,
    BLACK_WRONGFUL_FINAL,
    BLACK_MISSED_FINAL,
    RED_FINAL,
    RED_TRUE_FINAL,
)
"""The lists on the last day: observed and by true conduct, with the wrongly listed and the
missed."""

DISPARITY_DIFFERENCES = (
    DISPARITY_EVER_BLACKLISTED_DIFFERENCE,
    DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE,
    DISPARITY_SCORE_GAP_DIFFERENCE,
)
"""Each group against the reference group, as signed differences."""

REDRESS = (
    REDRESS_DISPUTES,
    REDRESS_DISPUTES_FALSE_SHARE,
    REDRESS_BACKLOG_PEAK,
    REDRESS_BACKLOG_FINAL,
    REDRESS_DECISION_DAYS_MEDIAN,
    REDRESS_DECISION_DAYS_P90,
    REDRESS_DECIDED_IN_TIME_SHARE,
    REDRESS_FALSE_ENTRIES_CORRECTED_SHARE,
    REDRESS_TRUE_ENTRIES_REVERSED,
    REDRESS_WRONGFUL_LISTINGS_CORRECTED_SHARE,
    REDRESS_WRONGLY_LISTED_DAYS_BEFORE_CORRECTION,
    RESTORATIONS,
    RESTORATIONS_WRONGFUL,
)
"""Disputes, review and restoration over a run, in reading order."""

SURVEILLANCE = (
    SURVEILLANCE_OBSERVATIONS_PER_CITIZEN_YEAR,
    SURVEILLANCE_SENSITIVE_OBSERVATIONS_PER_CITIZEN_YEAR,
    SURVEILLANCE_COLLECTOR_REPORTS_PER_RESIDENT_YEAR,
)
"""How much a policy watches. These count what a policy's inputs set (how many collectors, how
much is observed): a price of the system, but no finding when an input moves them."""

STRATEGY_SPLIT = (
    STRATEGY_IMPROVEMENT_SHARE,
    STRATEGY_GAMING_SHARE,
    STRATEGY_HIDING_SHARE,
    STRATEGY_WITHDRAWAL_SHARE,
)
"""What the score gain against no scoring is made of, where citizens spend effort on their
scores: better conduct, gaming, hiding, withdrawing (they add up to 1)."""

STRATEGY = (
    *STRATEGY_SPLIT,
    STRATEGY_POINTS_PER_CITIZEN_YEAR,
    STRATEGY_WITHDRAWN_PER_1000,
    STRATEGY_BURDEN,
)
"""The split, the points gained, and what being scored costs: the legitimate activity
withdrawn and the effort spent on it (docs/strategy.md)."""
