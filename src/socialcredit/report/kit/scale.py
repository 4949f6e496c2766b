"""The measures every plain-SVG plot shares (`plot`, `stepchart`): sizes in viewBox units,
colours, and the arithmetic of axes (ranges with margins, 1-2-5 ticks and their labels) and of
legends (entries packed into rows). Text widths are guessed, generously: there are no font
metrics here."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

DPI = 72
"""viewBox units per inch of a chart's size, as in matplotlib's SVG."""
FONT = 10.5
"""Tick, label and legend text (the matplotlib plots' sizes, in viewBox units)."""
TITLE = 11.5
EM = 0.6
"""A character's width in ems, guessed on the wide side."""
INK = "#1c1c21"
GRID = "#e2e2e8"
MUTED = "#6b6b76"
TICK = 3.5
LINE_WIDTH = 1.8
WIDE = (4.8, 3.2)
"""Default plot size in inches: about phone width at 1:1, so text stays legible when scaled."""
SMALL = (4.0, 3.0)
"""Small multiples, laid out two abreast on wide screens and stacked on phones."""
LIMIT = 1e300
"""Values are clamped to ±this, so ranges and their paddings stay finite."""

T = TypeVar("T")


def num(v: float) -> str:
    """A coordinate to two decimals, without trailing zeros or a negative zero."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * EM * size


def nice_scale(lo: float, hi: float, *, snap: bool) -> tuple[float, float, float]:
    """A 1-2-5 step giving 4 to 6 ticks in [lo, hi] if one does; else, with `snap`, the range
    widened to whole steps, with the step that gives 4 to 6 of those (nearest 5 otherwise)."""
    exponent = math.floor(math.log10((hi - lo) / 5))
    steps = [m * 10.0**k for k in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]

    def badness(n: int) -> tuple[bool, int, int]:
        return (not 4 <= n <= 6, abs(n - 5), -n)

    step = min(steps, key=lambda s: badness(tick_count(lo, hi, s)))
    if not snap or 4 <= tick_count(lo, hi, step) <= 6:
        return lo, hi, step

    def widened(s: float) -> tuple[float, float]:
        return math.floor(lo / s + 1e-9) * s, math.ceil(hi / s - 1e-9) * s

    step = min(steps, key=lambda s: badness(round((widened(s)[1] - widened(s)[0]) / s) + 1))
    return (*widened(step), step)


def ticks(lo: float, hi: float, step: float) -> list[float]:
    return [k * step for k in range(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1)]


def tick_count(lo: float, hi: float, step: float) -> int:
    """len(ticks(lo, hi, step)), without making them."""
    return math.floor(hi / step + 1e-9) - math.ceil(lo / step - 1e-9) + 1


def tick_labels(values: list[float], step: float) -> list[str]:
    """Tick labels to the step's decimals (none for whole steps), with thousands separated
    and a true minus sign."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    big = max((abs(t) for t in values), default=0.0) >= 1e9 or decimals > 6
    texts = [f"{t:.3g}" if big else f"{round(t, decimals) + 0.0:,.{decimals}f}" for t in values]
    return [t.replace("-", "\u2212") for t in texts]


def padded_range(values: Sequence[float], *, zero: bool, pad: float = 0.05) -> tuple[float, float]:
    """The range of `values` with `pad` of it added either side (matplotlib's margins); with
    `zero`, the range holds 0 and gets no margin on the side of it. Values that are not numbers
    are left out; a flat or empty range is widened."""
    finite = [min(max(v, -LIMIT), LIMIT) for v in values if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    size = max(abs(lo), abs(hi))
    if hi - lo <= 1e-9 * size or size == 0.0:
        width = 0.05 * size if size > 0.0 else 1.0
        if zero:
            return (lo, hi + width) if hi > 0.0 or lo == 0.0 else (lo - width, hi)
        return lo - width, hi + width
    margin = pad * (hi - lo)
    return (lo if zero and lo == 0.0 else lo - margin), (hi if zero and hi == 0.0 else hi + margin)


def rows_of(items: Sequence[T], widths: Sequence[float], room: float, gap: float) -> list[list[T]]:
    """`items` in reading order, as many to a row as fit in `room` (`gap` between them)."""
    rows: list[list[T]] = []
    used = room
    for item, need in zip(items, widths, strict=True):
        if rows and used + gap + need <= room:
            rows[-1].append(item)
            used += gap + need
        else:
            rows.append([item])
            used = need
    return rows
