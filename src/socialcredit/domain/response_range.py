"""The plausible range of a scenario's responses, and the two ends of it that bound the benefit.

How strongly people respond to being scored is an assumption of the world, not a measurement,
and the lab's benefit (fewer true bad acts than the same town with no scoring) comes from it
alone. So a scenario may give each response parameter a plausible range with its source
(`behaviour.ranges`, keyed by the parameter's path under `behaviour`). The scenario's own value
is the central one; the **weakest** end sets every ranged parameter to the end of its range that
gives the smaller benefit, and the **strongest** end to the one that gives the larger. A run,
a comparison and an experiment show the benefit at both ends beside the central value.

`DIRECTION` (declared with the documents, in `domain.responses`, which checks each range
against it) says, for each parameter that may carry a range, which way raises the benefit: +1
when a larger value means fewer true bad acts (certainty, severity, shame, `masked`), -1 when it
means more (the hazard of giving up once listed; pride, which raises scores and so spares
citizens the private shame below the base score). A parameter whose direction is not one-signed
has no entry and cannot be ranged. `docs/responses.py --directions` checks each direction one
parameter at a time (docs/responses.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from socialcredit.domain.responses import DIRECTION, check_ranges, value_of

if TYPE_CHECKING:
    from socialcredit.domain.scenario import PopulationScenario

__all__ = [
    "DIRECTION",
    "ResponseEnds",
    "check_ranges",
    "response_ends",
    "value_of",
    "with_responses",
]


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
        values = {}
        for key, plausible in ranges.items():
            up = (DIRECTION[key] > 0) == strong
            values[key] = plausible.high if up else plausible.low
        return with_responses(scenario, values)

    return ResponseEnds(weakest=at(strong=False), strongest=at(strong=True))


def with_responses(scenario: PopulationScenario, values: dict[str, float]) -> PopulationScenario:
    """The scenario with each response parameter at `key` (a path under `behaviour`) set to its
    value."""
    data = scenario.model_dump(mode="json")
    for key, value in values.items():
        node = data["behaviour"]
        *parents, last = key.split(".")
        for part in parents:
            node = node[part]
        node[last] = value
    return type(scenario).model_validate(data)
