"""Naive forecasts of a held-out figure, made from the fitted figures of the same quantity alone
(never from another held-out figure), for the model's forecasts to be measured against:

- `line`: the straight line through the last two fitted figures, extended to the date;
- `last`: the last fitted figure, unchanged;
- `log_trend`: exp(a + b·t), a and b the least squares of log(value) against the date t over
  the fitted figures dated within `TREND_DAYS` of the last one.

A quantity with no fitted figure has no naive forecast; `line` and `log_trend` need two fitted
figures on different dates.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from enum import StrEnum

from socialcredit.domain.published import Target


class Naive(StrEnum):
    """A naive forecast. Each value's meaning is in `NAIVE_MEANING`."""

    LINE = "line"
    LAST = "last"
    LOG_TREND = "log_trend"


TREND_DAYS = 730
"""The log-linear trend is fitted to the figures of the last two years before the last fitted
one: over all of them, the list's first months (a few hundred listings a day, against about
9,000 a day in 2017) would set the slope."""

NAIVE_MEANING: dict[Naive, str] = {
    Naive.LINE: "the straight line through the last two fitted figures",
    Naive.LAST: "the last fitted figure",
    Naive.LOG_TREND: (
        f"a log-linear trend, least squares over the fitted figures of the {TREND_DAYS} days up "
        "to the last"
    ),
}
"""One line per naive forecast, for the docs, the page and the terminal."""

Figure = tuple[date, float]


def line(figures: list[Figure], when: date) -> float | None:
    """The line through the last two figures (by date) at `when`."""
    ordered = sorted(figures)
    if len(ordered) < 2 or ordered[-2][0] == ordered[-1][0]:
        return None
    (d0, v0), (d1, v1) = ordered[-2:]
    slope = (v1 - v0) / (d1 - d0).days
    return v1 + slope * (when - d1).days


def last(figures: list[Figure], when: date) -> float | None:
    """The last figure (by date), whatever `when`."""
    return max(figures)[1] if figures else None


def log_trend(figures: list[Figure], when: date) -> float | None:
    """exp of the least-squares line of log(value) against the day, over the figures dated
    within `TREND_DAYS` of the last."""
    if not figures:
        return None
    since = max(figures)[0] - timedelta(days=TREND_DAYS)
    kept = [(d, v) for d, v in figures if d >= since]
    days = [(d - since).days for d, _ in kept]
    logs = [math.log(v) for _, v in kept]
    n = len(kept)
    mean_t, mean_y = sum(days) / n, sum(logs) / n
    spread = sum((t - mean_t) ** 2 for t in days)
    if spread == 0:
        return None
    slope = sum((t - mean_t) * (y - mean_y) for t, y in zip(days, logs, strict=True)) / spread
    return math.exp(mean_y + slope * ((when - since).days - mean_t))


FORECASTS = {Naive.LINE: line, Naive.LAST: last, Naive.LOG_TREND: log_trend}


def naive_forecasts(fitted: list[Target], target: Target) -> dict[Naive, float | None]:
    """Every naive forecast of a held-out `target`, from the `fitted` figures of its quantity."""
    figures = [(t.date, float(t.value)) for t in fitted if t.quantity is target.quantity]
    return {kind: FORECASTS[kind](figures, target.date) for kind in Naive}
