"""The benefit and the prices of a policy, as metrics of the catalogue, declared once.

The benefit is the fall in true bad acts per 1,000 citizen-years against the no-scoring
counterfactual on the same population and seeds. The prices are what the system costs the
people it scores: wrongful listings, wrongful denials and restrictions, the gap between groups,
and how much it watches. A disparity is signed; on the frontier its size counts, whichever group
it falls on.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialcredit.domain.catalogue import CATALOGUE, SURVEILLANCE, Dimensions, metrics

BENEFIT = metrics.BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS


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
    disparity = metrics.DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE
    return [
        Price(metrics.EVER_WRONGLY_BLACKLISTED_PER_1000),
        Price(metrics.WRONGLY_HARMED_CITIZEN_DAYS_PER_1000),
        *(Price(disparity.format(other=o, reference=dims.reference), True) for o in others),
        *(Price(name) for name in SURVEILLANCE),
    ]


def default_outcomes(dims: Dimensions) -> list[str]:
    """What an experiment analyses when its file names no outcome: benefit and prices."""
    return [BENEFIT, *(p.metric for p in prices(dims))]
