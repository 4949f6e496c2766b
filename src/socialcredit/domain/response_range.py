"""The plausible range of a scenario's responses, and the two ends of it that bound the benefit.

How strongly people respond to being scored is an assumption of the world, not a measurement,
and the lab's benefit (fewer true bad acts than the same town with no scoring) comes from it
alone. So a scenario may give each response parameter a plausible range with its source
(`behaviour.ranges`, keyed by the parameter's path under `behaviour`). The scenario's own value
is the central one; the **weakest** end sets every ranged parameter to the end of its range that
gives the smaller benefit, and the **strongest** end to the one that gives the larger. A run,
a comparison and an experiment show the benefit at both ends beside the central value.

`DIRECTION` says, for each parameter that may carry a range, which way raises the benefit: +1
when a larger value means fewer true bad acts or more good ones (certainty, shame, pride), -1
when it means more bad acts (the hazard of giving up once listed). `masked` scales shame and
pride alone, so it is one-signed too. A parameter whose direction is not one-signed has no
entry and cannot be ranged, so the two ends always bound the benefit in each parameter taken
alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socialcredit.domain.responses import Responses
    from socialcredit.domain.scenario import PopulationScenario

DIRECTION: dict[str, int] = {
    "certainty": 1,
    "severity": 1,
    "shame.private": 1,
    "shame.published": 1,
    "pride.private": 1,
    "pride.published": 1,
    "masked": 1,
    "give_up.hazard": -1,
    "give_up.publicity": -1,
    "give_up.good_multiplier": 1,
    "give_up.bad_multiplier": -1,
}
"""Per response parameter that may carry a range: +1 when a larger value gives fewer true bad
acts, -1 when it gives more."""


def value_of(responses: Responses, key: str) -> float:
    """The value of the parameter at `key` (a path under `behaviour`)."""
    node: Any = responses
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)


def check_ranges(responses: Responses) -> tuple[str, str] | None:
    """The first range (key, message) that names no rangeable parameter or leaves out the
    parameter's own value; None when all are sound."""
    for key, plausible in responses.ranges.items():
        if key not in DIRECTION:
            return key, (f"{key!r} cannot carry a range; these can: {', '.join(sorted(DIRECTION))}")
        value = value_of(responses, key)
        if not plausible.low <= value <= plausible.high:
            return key, (
                f"behaviour.{key} is {value:g}, outside its plausible range "
                f"[{plausible.low:g}, {plausible.high:g}]"
            )
    return None


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
        return type(scenario).model_validate(data)

    return ResponseEnds(weakest=at(strong=False), strongest=at(strong=True))
