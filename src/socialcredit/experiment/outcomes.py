"""The benefit and the prices of a policy, as metrics of the catalogue, declared once.

The benefit is the fall in true bad acts per 1,000 citizen-years against the no-scoring
counterfactual on the same population and seeds. The prices are what the system costs the
people it scores: wrongful listings, wrongful denials and restrictions, the gap between groups,
and how much it watches. A disparity is signed; on the frontier its size counts, whichever group
it falls on.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialcredit.domain.catalogue import CATALOGUE, Dimensions

BENEFIT = "behaviour.bad_acts_per_1000_citizen_years"


@dataclass(frozen=True)
class Price:
    metric: str
    absolute: bool = False
    """Compared by size: a signed figure whose distance from 0 is the price."""

    @property
    def label(self) -> str:
        return CATALOGUE.metric_label(self.metric)


def prices(dims: Dimensions) -> list[Price]:
    others = [g for g in dims.groups if g != dims.reference]
    return [
        Price("ever_wrongly_blacklisted_per_1000"),
        Price("wrongly_harmed.citizen_days_per_1000"),
        *(
            Price(f"disparity.{o}_vs_{dims.reference}.ever_wrongly_blacklisted.difference", True)
            for o in others
        ),
        Price("surveillance.observations_per_citizen_year"),
        Price("surveillance.sensitive_observations_per_citizen_year"),
        Price("surveillance.collector_reports_per_resident_year"),
    ]


def default_outcomes(dims: Dimensions) -> list[str]:
    """What an experiment analyses when its file names no outcome: benefit and prices."""
    return [BENEFIT, *(p.metric for p in prices(dims))]
