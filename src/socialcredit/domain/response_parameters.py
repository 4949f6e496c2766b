"""The response parameters that may carry a plausible range, and which way each moves the
benefit.

`DIRECTION` says, for each parameter that may carry a range, which way raises the benefit: +1
when a larger value means fewer true bad acts (deterrence), -1 when it means more (the share who
give up once listed). A parameter whose direction is not one-signed has no entry and cannot be
ranged, so the two ends of a range bound the benefit in each parameter taken alone. The scenario
document reads this module to check its ranges; `response_range` builds the two ends from it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

DIRECTION: dict[str, int] = {
    "pride": 1,
    "shame": 1,
    "deterrence": 1,
    "give_up.share": -1,
    "give_up.good_multiplier": 1,
    "give_up.bad_multiplier": -1,
}
"""Per response parameter that may carry a range: +1 when a larger value gives fewer true bad
acts, -1 when it gives more."""


def value_of(responses: BaseModel, key: str) -> float:
    """The value of the parameter at `key` (a path under `behaviour`)."""
    node: Any = responses
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)


def check_ranges(responses: BaseModel, ranges: dict[str, Any]) -> tuple[str, str] | None:
    """The first range (key, message) that names no rangeable parameter or leaves out the
    parameter's own value; None when all are sound. `ranges` maps keys to objects with `low`
    and `high`."""
    for key, plausible in ranges.items():
        if key not in DIRECTION:
            return key, (f"{key!r} cannot carry a range; these can: {', '.join(sorted(DIRECTION))}")
        value = value_of(responses, key)
        if not plausible.low <= value <= plausible.high:
            return key, (
                f"behaviour.{key} is {value:g}, outside its plausible range "
                f"[{plausible.low:g}, {plausible.high:g}]"
            )
    return None
