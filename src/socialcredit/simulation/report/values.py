"""Figures read out of a run's metrics, which may be old, partial or edited by hand.

A metrics file is loosely typed JSON: anything may be missing or of the wrong type, and the
reports must still render. The helpers here turn whatever is there into a `Stat` (a mean with
an optional 95% interval) or a plain string, list or mapping, and `DASH` is what a page shows
for a figure that is not there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

DASH = "—"
"""What a cell shows when a figure is missing from the run."""

Stat = tuple[float | None, float | None, float | None]
"""(mean, low, high) of one figure; low and high are None without an interval."""

Kind = Literal["count", "rate", "share", "ratio", "score", "change"]
"""How a figure is shown: counts, rates per 1,000, shares as percent, ratios, scores, and
relative changes as signed percent."""

NO_STAT: Stat = (None, None, None)


def number(value: object) -> float | None:
    # bool is an int subclass; a stray true/false in hand-edited JSON is not a measurement.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    x = float(value)
    return x if math.isfinite(x) else None


def metric_stat(metrics: Mapping[str, Any], name: str) -> Stat:
    table = metrics.get("metrics")
    entry = table.get(name) if isinstance(table, Mapping) else None
    if not isinstance(entry, Mapping):
        return NO_STAT
    return number(entry.get("mean")), number(entry.get("low")), number(entry.get("high"))


def clip(stat: Stat, kind: Kind) -> Stat:
    """Bring a Student-t interval back inside the range the figure can take.

    With three seeds the interval of a small count often reaches below zero; a reader should not
    see "-1.5 wrongly listed". Clipping to the possible range keeps the interval valid.
    """
    mean, low, high = stat
    if kind in ("count", "rate", "share", "ratio"):
        low = None if low is None else max(low, 0.0)
    if kind == "share":
        high = None if high is None else min(high, 1.0)
    return mean, low, high


def str_or(value: object, default: str = DASH) -> str:
    return value if isinstance(value, str) and value else default


def strs(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
