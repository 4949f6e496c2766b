"""The text a page shows: escaping, shortening, and figures written out for table cells.

Every string that comes from a run (names, descriptions, paths) goes through `esc` on its way
into the markup; helpers elsewhere that take `..._html` arguments expect markup already made
safe. Numbers are written according to the catalogue's kind of the figure (counts, citizen-days,
rates, percentages, ratios, scores, signed changes) with a true minus sign, never as "-0.0",
and with their 95% interval in brackets where the run has one.
"""

from __future__ import annotations

import html
import math

from socialcredit.domain.catalogue import Kind
from socialcredit.stats import Interval

DASH = "\u2014"
"""What a cell shows where a figure does not apply (the difference of two names, say)."""

Stat = tuple[float | None, float | None, float | None]
"""(mean, low, high) of one figure; low and high are None without an interval."""

NO_STAT: Stat = (None, None, None)

NOT_RECORDED = "not recorded in this run"
"""What a cell shows for a metric of the catalogue that the run's record does not hold: the
record was written before the metric was declared."""


def esc(value: object) -> str:
    """Text from a run, made safe for element content and quoted attribute values alike."""
    return html.escape(str(value), quote=True)


def short(text: str, limit: int = 44) -> str:
    """`text` cut to `limit` characters with an ellipsis, for legends and tick labels."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def fmt(x: float | None, kind: Kind) -> str:
    if x is None or not math.isfinite(x):
        return DASH
    x = unsigned_zero(x, kind)
    if kind == "share":
        text = f"{100 * x:.1f}%"
    elif kind == "change":
        text = f"{100 * x:+.1f}%"
    elif kind == "ratio":
        text = f"{x:.2f}"
    elif kind == "score":
        text = f"{x:,.1f}"
    elif kind == "rate":
        text = f"{x:,.2f}" if abs(x) < 10 else f"{x:,.1f}"
    else:
        text = f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.1f}"
    # A true minus sign: a hyphen right beside the en dash of "mean (low-high)" is hard to read.
    return text.replace("-", "\u2212")


def unsigned_zero(x: float, kind: Kind) -> float:
    """`x` rounded as it will be shown, so a tiny negative never prints as "-0.0"."""
    decimals = 3 if kind in ("share", "change") else 2
    return round(x, decimals) + 0.0  # adding 0.0 turns -0.0 into 0.0


def _bracket(low: str, high: str, signed: bool) -> str:
    # "to" rather than an en dash once a bound is negative: "-5.7%--1.4%" misreads.
    return f" ({low}{' to ' if signed else chr(0x2013)}{high})"


def fmt_stat(stat: Stat, kind: Kind, undefined: str = "") -> str:
    """A figure with its interval; `undefined` says why when the figure has no value."""
    mean, low, high = stat
    if mean is None:
        return f"undefined: {undefined}" if undefined else DASH
    if low is None or high is None:
        return fmt(mean, kind)
    return fmt(mean, kind) + _bracket(fmt(low, kind), fmt(high, kind), low < 0)


def fmt_figure(stat: Stat, suffix: str = "", *, digits: int = 3) -> str:
    """A figure the catalogue does not declare (the audit's evidence, say), to `digits`
    significant digits, and its interval to the same decimals; `suffix` follows each number."""
    mean, low, high = stat
    if mean is None or not math.isfinite(mean):
        return DASH
    shown = [x for x in stat if x is not None and math.isfinite(x)]
    if all(float(x).is_integer() for x in shown):
        decimals = 0
    else:
        size = abs(mean) or max(abs(x) for x in shown)
        decimals = 0 if size == 0 else digits - 1 - math.floor(math.log10(size))
        decimals = min(6, max(0, decimals))

    def one(x: float) -> str:
        text = f"{round(x, decimals) + 0.0:,.{decimals}f}{suffix}"
        return text.replace("-", "\u2212")

    if low is None or high is None or not math.isfinite(low) or not math.isfinite(high):
        return one(mean)
    return one(mean) + _bracket(one(low), one(high), low < 0)


def fmt_difference(diff: Interval, kind: Kind) -> str:
    """B minus A, paired over seeds: the mean difference and its 95% interval, signed."""
    if diff.mean is None:
        return DASH

    def one(x: float) -> str:
        d = unsigned_zero(x, kind)
        if kind in ("share", "change"):
            text = f"{100 * d:+.1f} pp"  # percentage points, not a relative change
        elif kind == "ratio":
            text = f"{d:+.2f}"
        elif kind in ("score", "rate"):
            text = f"{d:+,.2f}" if abs(d) < 10 else f"{d:+,.1f}"
        else:
            text = f"{d:+,.0f}" if abs(d) >= 100 or float(d).is_integer() else f"{d:+,.1f}"
        return text.replace("-", "\u2212")

    if diff.low is None or diff.high is None:
        return one(diff.mean)
    return one(diff.mean) + f" ({one(diff.low)} to {one(diff.high)})"
