"""The benefit and the prices of a policy, as metrics of the catalogue, declared once.

The benefit is the fall in true bad acts per 1,000 citizen-years against the no-scoring
counterfactual on the same population and seeds. The prices are what the system costs the
people it scores: wrongful listings, wrongful denials and restrictions, the gap between groups,
and how much it watches; where citizens spend effort on their scores, also the activity they
give up and the effort itself. A disparity is signed; on the frontier its size counts,
whichever group it falls on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from socialcredit.domain.catalogue import CATALOGUE, SURVEILLANCE, Dimensions, metrics
from socialcredit.domain.scenario import PopulationScenario

BENEFIT = metrics.BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS


@dataclass(frozen=True)
class Price:
    metric: str
    absolute: bool = False
    """Compared by size: a signed figure whose distance from 0 is the price."""

    @property
    def label(self) -> str:
        return CATALOGUE.metric_label(self.metric)


def prices(dims: Dimensions, strategic: bool = False) -> list[Price]:
    """The prices of every variant; with `strategic` (every scenario's citizens spend effort
    on their scores), also what that effort costs them: the legitimate activity they withdraw
    from watched categories, the effort they spend on being scored, and its gap between
    groups (docs/strategy.md)."""
    others = [g for g in dims.groups if g != dims.reference]
    disparity = metrics.DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE
    burden_gap = metrics.DISPARITY_STRATEGY_BURDEN_DIFFERENCE
    return [
        Price(metrics.EVER_WRONGLY_BLACKLISTED_PER_1000),
        Price(metrics.WRONGLY_HARMED_CITIZEN_DAYS_PER_1000),
        *(Price(disparity.format(other=o, reference=dims.reference), True) for o in others),
        *(Price(name) for name in SURVEILLANCE),
        *(
            [
                Price(metrics.STRATEGY_WITHDRAWN_PER_1000),
                Price(metrics.STRATEGY_BURDEN),
                *(
                    Price(burden_gap.format(other=o, reference=dims.reference), True)
                    for o in others
                ),
            ]
            if strategic
            else []
        ),
    ]


def strategic(scenarios: Iterable[PopulationScenario]) -> bool:
    """Whether every scenario's citizens spend effort on their scores."""
    return all(s.strategy is not None and not s.strategy.off for s in scenarios)


def default_outcomes(dims: Dimensions, strategic: bool = False) -> list[str]:
    """What an experiment analyses when its file names no outcome: benefit and prices."""
    return [BENEFIT, *(p.metric for p in prices(dims, strategic))]
