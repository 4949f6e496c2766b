"""The two ends of a scenario's plausible range of responses, which bound the benefit.

How strongly people respond to being scored is an assumption of the world, not a measurement,
and the lab's benefit (fewer true bad acts than the same town with no scoring) comes from it
alone. So a scenario may give each response parameter a plausible range with its source
(`behaviour.ranges`, keyed by the parameter's path under `behaviour`; which parameters may carry
one, and which way each moves the benefit, is `response_parameters.DIRECTION`). The scenario's
own value is the central one; the **weakest** end sets every ranged parameter to the end of its
range that gives the smaller benefit, and the **strongest** end to the one that gives the
larger. A run, a comparison and an experiment show the benefit at both ends beside the central
value.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialcredit.domain.response_parameters import DIRECTION
from socialcredit.domain.scenario import PopulationScenario


@dataclass(frozen=True)
class ResponseEnds:
    """The scenario at the two ends of its responses' plausible range."""

    weakest: PopulationScenario
    """Every ranged parameter at the end that gives the smaller benefit."""
    strongest: PopulationScenario
    """Every ranged parameter at the end that gives the larger benefit."""


def response_ends(scenario: PopulationScenario) -> ResponseEnds | None:
    """The scenario's two ends of its response range; None when no response carries a range."""
    ranges = scenario.behaviour.ranges
    if not ranges:
        return None

    def at(strong: bool) -> PopulationScenario:
        data = scenario.model_dump(mode="json")
        for key, plausible in ranges.items():
            up = (DIRECTION[key] > 0) == strong
            node = data["behaviour"]
            *parents, last = key.split(".")
            for part in parents:
                node = node[part]
            node[last] = plausible.high if up else plausible.low
        return PopulationScenario.model_validate(data)

    return ResponseEnds(weakest=at(strong=False), strongest=at(strong=True))
