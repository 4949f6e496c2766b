"""Which figures of a run are key, as the catalogue selects them (`headlines`,
`service_headlines`, `LISTS_AT_END`): the headline metrics, the ones per service as the columns
of a table with a row per service, and the last-day list sizes drawn as bars, with their short
labels. The run report opens with them and the comparison page sets them side by side.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import CATALOGUE, Metric, headlines
from socialcredit.report.kit.run_view import Run

END_LISTS_LABELS = [
    "black, observed",
    "black, true conduct",
    "wrongly blacklisted",
    "missed",
    "red, observed",
    "red, true conduct",
]


def headline_metrics(run: Run) -> list[str]:
    """The run's headline metrics that are not per service, in catalogue order."""
    return [bound.name for bound in headlines(run.metrics.values())]


def service_columns() -> list[Metric]:
    """The catalogue's headline metrics per service: the columns of the service table."""
    return CATALOGUE.service_headlines()


def service_name(template: str, service: str) -> str:
    return template.format(service=service)
