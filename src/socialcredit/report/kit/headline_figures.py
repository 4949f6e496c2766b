"""Which figures of a run are key: the catalogue's headline metrics, the ones per service as
the columns of a table with a row per service, and `END_LISTS`, the last-day list sizes drawn as
bars. The run report opens with them and the comparison page sets them side by side.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import CATALOGUE, Metric, placeholders
from socialcredit.report.kit.run_view import Run

END_LISTS = [
    "black.final",
    "black_true.final",
    "black_wrongful.final",
    "black_missed.final",
    "red.final",
    "red_true.final",
]
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
    return [
        name
        for name, bound in run.metrics.items()
        if isinstance(bound.declared, Metric)
        and bound.declared.headline
        and "service" not in placeholders(bound.declared.name)
    ]


def service_columns() -> list[Metric]:
    """The catalogue's headline metrics per service: the columns of the service table."""
    return [m for m in CATALOGUE.metrics if m.headline and "service" in placeholders(m.name)]


def service_name(template: str, service: str) -> str:
    return template.replace("{service}", service)
