"""Plots written straight as SVG markup, without a plotting library: lines with bands, stacked
areas, grouped bars with whiskers, dots with whiskers, and tiles.

A run's report is a dozen plots; drawn by matplotlib (a figure, an SVG canvas, a constrained
layout, a serialiser) they cost more than a second and a half of imports and drawing, longer than
the run they describe. These plots are simple enough to write by hand, and a chart takes about
a millisecond. They look like the matplotlib plots of the other pages: a viewBox of inches × 72,
the same font sizes, grid colour, line width and palette, the legend under the plot. Text widths
are guessed (there are no font metrics here), generously, and the layout leaves room by them.

A `Chart` is a stack of `Panel`s sharing the x axis (the last one carries its labels), with a
legend of `Key`s under them. A panel holds marks in data coordinates and works out its own
ranges and ticks; `Chart.svg` lays the panels out and writes the markup. Ids (the hatch
patterns) are made from the figure's own id, so plots share a page safely.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from socialcredit.report.kit.page import Page, captioned
from socialcredit.report.kit.svg import inline_svg
from socialcredit.report.kit.text import esc, short

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

Hatch = Literal["///", "\\\\\\", "...", "xxx", "---"]


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


@dataclass(frozen=True)
class Key:
    """One entry of a chart's legend: a line (dashed by `dash`), a patch (hatched by `hatch`)
    or a marker ("o" or "s"). `label` is plain text."""

    label: str
    colour: str
    kind: Literal["line", "patch", "marker"] = "line"
    dash: str | None = None
    hatch: Hatch | None = None
    opacity: float = 1.0
    marker: Literal["o", "s"] = "o"

    @property
    def width(self) -> float:
        return 22.0 + 5 + text_width(self.label)


@dataclass(frozen=True)
class Bar:
    """One bar: at category `at` (offset by `offset` in category units), `width` wide."""

    at: int
    offset: float
    width: float
    value: float
    low: float | None
    high: float | None
    colour: str
    hatch: Hatch | None = None
    text: str | None = None


@dataclass(frozen=True)
class Dot:
    at: int
    offset: float
    value: float
    low: float | None
    high: float | None
    colour: str
    marker: Literal["o", "s"]


@dataclass
class Panel:
    """One set of axes. Over numbers (`categories` None) it holds lines, bands and stacks;
    over categories, bars (upright, or `horizontal`) or dots. Add marks, then a chart draws it."""

    title: str = ""
    y_label: str = ""
    categories: Sequence[str] | None = None
    horizontal: bool = False
    from_zero: bool = True
    """Whether the value axis starts at 0 (bars, counts); a dot plot's does not."""
    tight: bool = False
    """No margin above the values (a stack that fills its axes)."""
    empty: str | None = None
    """When set, the panel is blank but for this message (matplotlib's `no_data`)."""
    lines: list[tuple[Sequence[float], Sequence[float], str, str | None]] = field(
        default_factory=list
    )
    bands: list[tuple[Sequence[float], Sequence[float], Sequence[float], str]] = field(
        default_factory=list
    )
    stacks: list[tuple[Sequence[float], list[Sequence[float]], list[str]]] = field(
        default_factory=list
    )
    bars: list[Bar] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)

    def line(
        self, xs: Sequence[float], ys: Sequence[float], colour: str, dash: str | None = None
    ) -> None:
        self.lines.append((xs, ys, colour, dash))

    def band(
        self, xs: Sequence[float], low: Sequence[float], high: Sequence[float], colour: str
    ) -> None:
        self.bands.append((xs, low, high, colour))

    def stack(self, xs: Sequence[float], layers: list[Sequence[float]], colours: list[str]) -> None:
        self.stacks.append((xs, layers, colours))

    @property
    def drawn(self) -> bool:
        return self.empty is None and bool(
            self.lines or self.bands or self.stacks or self.bars or self.dots
        )

    def x_values(self) -> list[float]:
        xs = [x for series in self.lines for x in series[0]]
        xs += [x for series in self.bands for x in series[0]]
        xs += [x for series in self.stacks for x in series[0]]
        return xs

    def y_values(self) -> list[float]:
        out = [y for series in self.lines for y in series[1]]
        out += [y for series in self.bands for y in (*series[1], *series[2])]
        for xs, layers, _ in self.stacks:
            totals = [0.0] * len(xs)
            for layer in layers:
                totals = [
                    t + (v if math.isfinite(v) else 0.0) for t, v in zip(totals, layer, strict=True)
                ]
            out += totals
        marks: list[Bar | Dot] = [*self.bars, *self.dots]
        for mark in marks:
            out.append(mark.value)
            # Counts start at zero: a whisker below it is cut at the axis, as the bar's
            # interval cannot put the axis below zero (matplotlib's `set_ylim(bottom=0)`).
            low = mark.low if not (self.from_zero and mark.value >= 0.0) else None
            out += [v for v in (low, mark.high) if v is not None]
        return out


@dataclass(frozen=True)
class _Box:
    """A panel's plot area in viewBox units, and its data ranges."""

    left: float
    top: float
    width: float
    height: float
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float

    def x(self, v: float) -> float:
        span = self.x_hi - self.x_lo
        return self.left + (min(max(v, -LIMIT), LIMIT) - self.x_lo) / span * self.width

    def y(self, v: float) -> float:
        span = self.y_hi - self.y_lo
        return self.top + (self.y_hi - min(max(v, -LIMIT), LIMIT)) / span * self.height

    def x_in(self, v: float) -> float:
        """`x`, cut to the plot area."""
        return self.x(min(max(v, self.x_lo), self.x_hi))

    def y_in(self, v: float) -> float:
        """`y`, cut to the plot area."""
        return self.y(min(max(v, self.y_lo), self.y_hi))


@dataclass
class Chart:
    """Panels stacked top to bottom (heights in `ratios`), sharing the x axis, with a legend
    (an optional `legend_title` first) under them. `size` is in inches."""

    size: tuple[float, float]
    panels: list[Panel]
    keys: list[Key] = field(default_factory=list)
    x_label: str = ""
    legend_title: str = ""
    ratios: Sequence[float] | None = None

    def svg(self, ident: str) -> str:
        """The chart's markup inside its root (the root is made by `figure`)."""
        return _Drawing(self, ident).markup()


def figure(p: Page, chart: Chart, *, label: str, caption_html: str) -> str:
    """A captioned `<figure>` with the same markup as `Page.figure`: `label` is plain text (the
    plot's accessible name), `caption_html` trusted markup."""
    return svg_figure(p, chart.size, chart.svg, label=label, caption_html=caption_html)


def svg_figure(
    p: Page,
    size: tuple[float, float],
    body: Callable[[str], str],
    *,
    label: str,
    caption_html: str,
) -> str:
    """A captioned `<figure>` of `size` inches whose SVG body is `body(ident)`: markup in
    viewBox units (inches × 72), with any ids it makes starting with `ident`."""
    ident = p.new_id("fig")
    width, height = size[0] * DPI, size[1] * DPI
    # Only the root goes through `inline_svg`, which declares every plot's root attributes and
    # title; the body's ids are made from `ident` already.
    root = f'<svg viewBox="0 0 {num(width)} {num(height)}">'
    head = inline_svg(root, prefix=f"{ident}-", label=label, caption_id=f"{ident}-cap")
    return captioned(ident, f"{head}{body(ident)}</svg>", caption_html)


_PATTERNS: dict[str, str] = {
    "///": '<path d="M-1 1l2-2M0 6l6-6M5 7l2-2"/>',
    "\\\\\\": '<path d="M-1 5l2 2M0 0l6 6M5 -1l2 2"/>',
    "xxx": '<path d="M-1 1l2-2M0 6l6-6M5 7l2-2M-1 5l2 2M0 0l6 6M5 -1l2 2"/>',
    "---": '<path d="M0 3h6"/>',
    "...": '<circle cx="3" cy="3" r="1"/>',
}


class _Drawing:
    """One chart laid out and written."""

    def __init__(self, chart: Chart, ident: str) -> None:
        self.chart = chart
        self.ident = ident
        self.defs: dict[tuple[str, str], str] = {}
        self.out: list[str] = []

    def markup(self) -> str:
        chart = self.chart
        width, height = chart.size[0] * DPI, chart.size[1] * DPI
        rows = _legend_rows(chart.keys, width - 8, chart.legend_title)
        legend_h = _ROW * len(rows) + (6 if rows else 0)
        panels = chart.panels
        scales = [self._scales(p) for p in panels]
        beside = [
            _category_names(p) if p.horizontal else tick_labels(scale[2], scale[3])
            for p, scale in zip(panels, scales, strict=True)
        ]
        left = 4 + FONT + 6 + TICK + 3
        left += max((text_width(t) for texts in beside for t in texts), default=0.0)
        if not any(p.y_label for p in panels):
            left -= FONT + 6
        last = panels[-1]
        x_labels = self._x_texts(last, scales[-1])
        rotate = self._rotated(last, x_labels, width - left - 10)
        tick_room = (
            max((text_width(t) for t in x_labels), default=0.0) * 0.6 + FONT if rotate else FONT + 2
        )
        bottom = TICK + 3 + tick_room + (FONT + 8 if chart.x_label else 4) + legend_h
        right = 10.0
        if x_labels and not rotate and not last.horizontal and last.categories is None:
            right = max(right, text_width(x_labels[-1]) / 2 + 2)
        # Room right of horizontal bars for the values written at their ends.
        written = [
            text_width(b.text, 9.5) + 8 for p in panels if p.horizontal for b in p.bars if b.text
        ]
        right = max([right, *written])
        titles = [(TITLE + 9 if p.title else 6) for p in panels]
        gaps = [0.0] + [TICK + 6.0 for _ in panels[1:]]
        room = height - bottom - sum(titles) - sum(gaps) - 4
        ratios = list(chart.ratios) if chart.ratios is not None else [1.0] * len(panels)
        top = 4.0
        self.out.append(
            f'<g font-family="sans-serif" font-size="{num(FONT)}" fill="{INK}" '
            'stroke-linecap="butt">'
        )
        for i, (panel, scale) in enumerate(zip(panels, scales, strict=True)):
            top += gaps[i] + titles[i]
            h = max(room * ratios[i] / sum(ratios), 10.0)
            box = _Box(left, top, max(width - left - right, 10.0), h, *scale[0], *scale[1])
            self._panel(panel, box, scale, labels=i == len(panels) - 1, rotate=rotate)
            top += h
        if chart.x_label:
            mid = left + (width - left - right) / 2
            self.out.append(
                f'<text x="{num(mid)}" y="{num(height - legend_h - 6)}" text-anchor="middle">'
                f"{esc(chart.x_label)}</text>"
            )
        self._legend(rows, width, height - legend_h + 2)
        self.out.append("</g>")
        defs = "".join(self.defs.values())
        return (f"<defs>{defs}</defs>" if defs else "") + "".join(self.out)

    # Ranges and ticks.

    def _scales(
        self, p: Panel
    ) -> tuple[tuple[float, float], tuple[float, float], list[float], float]:
        """(x range, value range, value ticks, value step) of a panel. Over categories the
        x range is that of the category slots; the value axis is y, or x for horizontal bars."""
        if p.categories is not None:
            x_range = (-0.6, len(p.categories) - 0.4) if p.dots else (-0.5, len(p.categories) - 0.5)
        else:
            xs = [x for x in p.x_values() if math.isfinite(x)]
            x_range = (min(xs), max(xs)) if xs else (0.0, 1.0)
            if x_range[1] <= x_range[0]:
                x_range = (x_range[0], x_range[0] + 1.0)
        values = p.y_values() if p.drawn else []
        if p.dots:
            lo, hi = padded_range(values, zero=False)
            lo, hi, step = nice_scale(lo, hi, snap=True)
        else:
            # Room above upright bars for the values written on them.
            labelled = any(bar.text for bar in p.bars) and not p.horizontal
            pad = 0.0 if p.tight else 0.12 if labelled else 0.05
            lo, hi = padded_range(values, zero=p.from_zero, pad=pad)
            lo, hi, step = nice_scale(lo, hi, snap=False)
        return x_range, (lo, hi), ticks(lo, hi, step), step

    def _x_texts(
        self, p: Panel, scale: tuple[tuple[float, float], tuple[float, float], list[float], float]
    ) -> list[str]:
        if p.horizontal:
            return tick_labels(scale[2], scale[3])
        if p.categories is not None:
            return _category_names(p)
        x_lo, x_hi = scale[0]
        step = nice_scale(x_lo, x_hi, snap=False)[2]
        return tick_labels(ticks(x_lo, x_hi, step), step)

    @staticmethod
    def _rotated(p: Panel, labels: list[str], room: float) -> bool:
        """Whether category names under upright bars must slant to fit their slots."""
        if p.categories is None or p.horizontal or not labels:
            return False
        slot = room / len(labels)
        return max(text_width(t) for t in labels) > slot - 4

    # A panel.

    def _panel(
        self,
        p: Panel,
        box: _Box,
        scale: tuple[tuple[float, float], tuple[float, float], list[float], float],
        *,
        labels: bool,
        rotate: bool,
    ) -> None:
        out = self.out
        if p.title:
            out.append(
                f'<text x="{num(box.left)}" y="{num(box.top - 7)}" font-size="{num(TITLE)}">'
                f"{esc(p.title)}</text>"
            )
        if not p.drawn:
            message = p.empty or "No data in this run"
            out.append(
                f'<text x="{num(box.left + box.width / 2)}" y="{num(box.top + box.height / 2)}" '
                f'text-anchor="middle" fill="{MUTED}">{esc(message)}</text>'
            )
            return
        value_ticks, step = scale[2], scale[3]
        if p.horizontal:
            # Values run along x: swap the box's ranges so that x() reads values.
            vbox = _Box(box.left, box.top, box.width, box.height, *scale[1], *scale[0])
            self._grid_v(vbox, value_ticks)
            self._bars_h(p, vbox)
            self._frame(vbox)
            self._ticks_x(vbox, value_ticks, tick_labels(value_ticks, step))
            self._ticks_categories_y(p, vbox)
        else:
            self._grid_h(box, value_ticks)
            for xs, layers, colours in p.stacks:
                self._stack(box, xs, layers, colours)
            for xs, low, high, colour in p.bands:
                self._band(box, xs, low, high, colour)
            for xs, ys, colour, dash in p.lines:
                self._line(box, xs, ys, colour, dash)
            for bar in p.bars:
                self._bar_v(box, bar)
            for dot in p.dots:
                self._dot(box, dot)
            self._frame(box)
            self._ticks_y(box, value_ticks, tick_labels(value_ticks, step))
            if p.categories is not None:
                self._ticks_categories_x(p, box, labels=labels, rotate=rotate)
            else:
                x_lo, x_hi = box.x_lo, box.x_hi
                x_step = nice_scale(x_lo, x_hi, snap=False)[2]
                at = ticks(x_lo, x_hi, x_step)
                self._ticks_x(box, at, tick_labels(at, x_step) if labels else [])
        if p.y_label:
            mid_x, mid_y = 4 + 0.8 * FONT, box.top + box.height / 2
            out.append(
                f'<text x="{num(mid_x)}" y="{num(mid_y)}" text-anchor="middle" '
                f'transform="rotate(-90 {num(mid_x)} {num(mid_y)})">{esc(p.y_label)}</text>'
            )

    def _grid_h(self, box: _Box, at: list[float]) -> None:
        right = num(box.left + box.width)
        grid = "".join(f"M{num(box.left)} {num(box.y(v))}H{right}" for v in at)
        if grid:
            self.out.append(f'<path d="{grid}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')

    def _grid_v(self, box: _Box, at: list[float]) -> None:
        bottom = num(box.top + box.height)
        grid = "".join(f"M{num(box.x(v))} {num(box.top)}V{bottom}" for v in at)
        if grid:
            self.out.append(f'<path d="{grid}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')

    def _frame(self, box: _Box) -> None:
        b, r = num(box.top + box.height), num(box.left + box.width)
        self.out.append(
            f'<path d="M{num(box.left)} {num(box.top)}V{b}H{r}" fill="none" stroke="{INK}" '
            'stroke-width="0.8"/>'
        )

    def _ticks_y(self, box: _Box, at: list[float], texts: list[str]) -> None:
        self._ticks_left(box, [box.y(v) for v in at], texts)

    def _ticks_left(self, box: _Box, ys: list[float], texts: list[str]) -> None:
        """Ticks left of the plot at `ys` (viewBox units), with their labels (markup)."""
        marks = "".join(f"M{num(box.left)} {num(y)}h-{TICK}" for y in ys)
        self.out.append(f'<path d="{marks}" stroke="{INK}" stroke-width="0.8"/>')
        x = num(box.left - TICK - 3)
        self.out.append('<g text-anchor="end">')
        self.out += [
            f'<text x="{x}" y="{num(y + 0.35 * FONT)}">{t}</text>'
            for y, t in zip(ys, texts, strict=True)
        ]
        self.out.append("</g>")

    def _ticks_x(self, box: _Box, at: list[float], texts: list[str]) -> None:
        b = box.top + box.height
        marks = "".join(f"M{num(box.x(v))} {num(b)}v{TICK}" for v in at)
        self.out.append(f'<path d="{marks}" stroke="{INK}" stroke-width="0.8"/>')
        if not texts:
            return
        y = num(b + TICK + 3 + 0.8 * FONT)
        self.out.append('<g text-anchor="middle">')
        self.out += [
            f'<text x="{num(box.x(v))}" y="{y}">{t}</text>' for v, t in zip(at, texts, strict=True)
        ]
        self.out.append("</g>")

    def _ticks_categories_x(self, p: Panel, box: _Box, *, labels: bool, rotate: bool) -> None:
        names = _category_names(p)
        at = [float(i) for i in range(len(names))]
        if not rotate:
            self._ticks_x(box, at, [esc(t) for t in names] if labels else [])
            return
        b = box.top + box.height
        marks = "".join(f"M{num(box.x(v))} {num(b)}v{TICK}" for v in at)
        self.out.append(f'<path d="{marks}" stroke="{INK}" stroke-width="0.8"/>')
        if not labels:
            return
        y = b + TICK + 3 + 0.7 * FONT
        self.out.append('<g text-anchor="end">')
        for v, t in zip(at, names, strict=True):
            x = box.x(v) + 0.3 * FONT
            self.out.append(
                f'<text x="{num(x)}" y="{num(y)}" transform="rotate(-35 {num(x)} {num(y)})">'
                f"{esc(t)}</text>"
            )
        self.out.append("</g>")

    def _ticks_categories_y(self, p: Panel, box: _Box) -> None:
        names = _category_names(p)
        # Categories run top to bottom, the first on top (as in the tables).
        at = [box.top + (i + 0.5) / len(names) * box.height for i in range(len(names))]
        self._ticks_left(box, at, [esc(t) for t in names])

    # Marks.

    def _line(
        self, box: _Box, xs: Sequence[float], ys: Sequence[float], colour: str, dash: str | None
    ) -> None:
        d = _polyline(box, xs, ys)
        if not d:
            return
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.out.append(
            f'<path d="{d}" fill="none" stroke="{esc(colour)}" stroke-width="{LINE_WIDTH}" '
            f'stroke-linejoin="round"{dashed}/>'
        )

    def _band(
        self,
        box: _Box,
        xs: Sequence[float],
        low: Sequence[float],
        high: Sequence[float],
        colour: str,
    ) -> None:
        points = [
            (x, lo, hi)
            for x, lo, hi in zip(xs, low, high, strict=True)
            if math.isfinite(x) and math.isfinite(lo) and math.isfinite(hi)
        ]
        if not points:
            return
        upper = [f"{box.x(x):.2f} {box.y(hi):.2f}" for x, _, hi in points]
        lower = [f"{box.x(x):.2f} {box.y(lo):.2f}" for x, lo, _ in reversed(points)]
        self.out.append(
            f'<path d="M{"L".join(upper)}L{"L".join(lower)}Z" fill="{esc(colour)}" '
            'fill-opacity="0.2" stroke="none"/>'
        )

    def _stack(
        self, box: _Box, xs: Sequence[float], layers: list[Sequence[float]], colours: list[str]
    ) -> None:
        base = [0.0] * len(xs)
        for layer, colour in zip(layers, colours, strict=True):
            top = [b + (v if math.isfinite(v) else 0.0) for b, v in zip(base, layer, strict=True)]
            upper = [f"{box.x(x):.2f} {box.y(y):.2f}" for x, y in zip(xs, top, strict=True)]
            lower = [
                f"{box.x(x):.2f} {box.y(y):.2f}"
                for x, y in zip(reversed(xs), reversed(base), strict=True)
            ]
            self.out.append(
                f'<path d="M{"L".join(upper)}L{"L".join(lower)}Z" fill="{esc(colour)}" '
                'stroke="#ffffff" stroke-width="0.3"/>'
            )
            base = top

    def _fill(self, colour: str, hatch: Hatch | None) -> str:
        """A fill: the colour, or a pattern of white hatching over it."""
        if hatch is None:
            return esc(colour)
        key = (colour, hatch)
        if key not in self.defs:
            pid = f"{self.ident}-hatch-{len(self.defs) + 1}"
            self.defs[key] = (
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="{esc(colour)}"/>'
                f'<g stroke="#ffffff" fill="#ffffff" stroke-width="1.1">{_PATTERNS[hatch]}</g>'
                "</pattern>"
            )
        index = list(self.defs).index(key) + 1
        return f"url(#{self.ident}-hatch-{index})"

    def _bar_v(self, box: _Box, bar: Bar) -> None:
        if not math.isfinite(bar.value):
            return
        centre = bar.at + bar.offset
        x0, x1 = box.x(centre - bar.width / 2), box.x(centre + bar.width / 2)
        y0, y1 = box.y(max(bar.value, 0.0)), box.y(min(bar.value, 0.0))
        self.out.append(
            f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" '
            f'height="{num(max(y1 - y0, 0.0))}" fill="{self._fill(bar.colour, bar.hatch)}"/>'
        )
        mid = box.x(centre)
        ends = _whisker(bar)
        if ends is not None:
            lo, hi = box.y_in(min(ends[0], bar.value)), box.y_in(max(ends[1], bar.value))
            self.out.append(
                f'<path d="M{num(mid)} {num(lo)}V{num(hi)}M{num(mid - 3)} {num(lo)}h6'
                f'M{num(mid - 3)} {num(hi)}h6" stroke="#333333" stroke-width="1"/>'
            )
        if bar.text is not None:
            top = max(ends[1], bar.value) if ends is not None else bar.value
            self.out.append(
                f'<text x="{num(mid)}" y="{num(box.y_in(max(top, 0.0)) - 3)}" '
                f'text-anchor="middle" font-size="9.5">{esc(bar.text)}</text>'
            )

    def _bars_h(self, p: Panel, box: _Box) -> None:
        """Bars along x; `box`'s x reads values, its y range is that of the categories."""
        count = len(p.categories or ())
        slot = box.height / max(count, 1)
        for bar in p.bars:
            if not math.isfinite(bar.value):
                continue
            centre = box.top + (bar.at + 0.5 + bar.offset) * slot
            y0, y1 = centre - bar.width / 2 * slot, centre + bar.width / 2 * slot
            x0, x1 = box.x(min(bar.value, 0.0)), box.x(max(bar.value, 0.0))
            self.out.append(
                f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(max(x1 - x0, 0.0))}" '
                f'height="{num(y1 - y0)}" fill="{self._fill(bar.colour, bar.hatch)}"/>'
            )
            end = bar.value
            ends = _whisker(bar)
            if ends is not None:
                lo, hi = box.x_in(min(ends[0], bar.value)), box.x_in(max(ends[1], bar.value))
                self.out.append(
                    f'<path d="M{num(lo)} {num(centre)}H{num(hi)}M{num(lo)} {num(centre - 3)}v6'
                    f'M{num(hi)} {num(centre - 3)}v6" stroke="#333333" stroke-width="1"/>'
                )
                end = max(ends[1], bar.value)
            if bar.text is not None:
                self.out.append(
                    f'<text x="{num(box.x(max(end, 0.0)) + 3)}" y="{num(centre + 0.35 * 9.5)}" '
                    f'font-size="9.5">{esc(bar.text)}</text>'
                )

    def _dot(self, box: _Box, dot: Dot) -> None:
        if not math.isfinite(dot.value):
            return
        x, y = box.x(dot.at + dot.offset), box.y(dot.value)
        ends = _whisker(dot)
        if ends is not None:
            lo, hi = box.y_in(ends[0]), box.y_in(ends[1])
            self.out.append(
                f'<path d="M{num(x)} {num(lo)}V{num(hi)}M{num(x - 3)} {num(lo)}h6'
                f'M{num(x - 3)} {num(hi)}h6" stroke="{esc(dot.colour)}" stroke-width="1.5"/>'
            )
        self.out.append(_marker(x, y, dot.colour, dot.marker))

    def _legend(self, rows: list[list[Key | str]], width: float, top: float) -> None:
        for r, row in enumerate(rows):
            mid = top + _ROW * r + _ROW / 2
            used = sum(_entry_width(k) for k in row) + _GAP * (len(row) - 1)
            x = max(4.0, (width - used) / 2)
            for key in row:
                if isinstance(key, str):
                    self.out.append(
                        f'<text x="{num(x)}" y="{num(mid + 0.35 * FONT)}">{esc(key)}</text>'
                    )
                    x += _entry_width(key) + _GAP
                    continue
                self.out.append(self._swatch(key, x, mid))
                self.out.append(
                    f'<text x="{num(x + 27)}" y="{num(mid + 0.35 * FONT)}">{esc(key.label)}</text>'
                )
                x += key.width + _GAP

    def _swatch(self, key: Key, x: float, mid: float) -> str:
        if key.kind == "patch":
            opacity = f' fill-opacity="{key.opacity:g}"' if key.opacity != 1.0 else ""
            return (
                f'<rect x="{num(x)}" y="{num(mid - 5)}" width="22" height="10" '
                f'fill="{self._fill(key.colour, key.hatch)}"{opacity}/>'
            )
        if key.kind == "marker":
            return _marker(x + 11, mid, key.colour, key.marker)
        dash = f' stroke-dasharray="{key.dash}"' if key.dash else ""
        return (
            f'<path d="M{num(x)} {num(mid)}h22" stroke="{esc(key.colour)}" '
            f'stroke-width="{LINE_WIDTH}"{dash}/>'
        )


_ROW = 16.0
_GAP = 14.0


def _entry_width(entry: Key | str) -> float:
    return text_width(entry) if isinstance(entry, str) else entry.width


def _legend_rows(keys: Sequence[Key], room: float, title: str) -> list[list[Key | str]]:
    """The legend's entries in reading order (its title first), as many to a row as fit."""
    entries: list[Key | str] = [title] if title and keys else []
    entries += list(keys)
    return rows_of(entries, [_entry_width(e) for e in entries], room, _GAP)


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


def _category_names(p: Panel) -> list[str]:
    """The categories' names under or beside the axis, shortened (the tables hold them whole);
    plain text."""
    return [short(c, 18) for c in (p.categories or ())]


def _polyline(box: _Box, xs: Sequence[float], ys: Sequence[float]) -> str:
    """The points as one path, broken where a value is not a number."""
    parts: list[str] = []
    pen_down = False
    for x, y in zip(xs, ys, strict=True):
        if not (math.isfinite(x) and math.isfinite(y)):
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{box.x(x):.2f} {box.y(y):.2f}")
        pen_down = True
    return "".join(parts)


def _whisker(mark: Bar | Dot) -> tuple[float, float] | None:
    """The ends of the mark's interval, when it has one to draw (both ends, numbers)."""
    low, high = mark.low, mark.high
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return None
    return low, high


def _marker(x: float, y: float, colour: str, marker: Literal["o", "s"]) -> str:
    if marker == "s":
        corner = f'x="{num(x - 3.5)}" y="{num(y - 3.5)}"'
        return f'<rect {corner} width="7" height="7" fill="{esc(colour)}"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" fill="{esc(colour)}"/>'
