"""What a plain-SVG plot shows, as data: a `Chart` is a stack of `Panel`s sharing the x axis,
with a legend of `Key`s under them; a panel holds its marks (lines, bands, stacks, `Bar`s,
`Dot`s, `Point`s) in data coordinates. A `Grid` sets charts side by side in rows under one
legend (small multiples). `drawing` lays a chart out and writes it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from socialcredit.report.kit.scale import text_width

Hatch = Literal["///", "\\\\\\", "...", "xxx", "---"]
"""The bar hatches, as matplotlib names them."""


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


@dataclass(frozen=True)
class Point:
    """One point over numbers (a scatter): at (`x`, `y`), with whiskers along either axis where
    both ends are given, a marker of `radius`, an optional `label` written above it (to its
    right, or to its left where the plot ends first), and an optional pale `span` behind it: a
    broad vertical bar from `span[0]` to `span[1]` at `x`. A point whose `x` or `y` is not a
    number is not drawn and takes no room."""

    x: float
    y: float
    colour: str
    marker: Literal["o", "s"] = "o"
    radius: float = 3.5
    opacity: float = 1.0
    x_low: float | None = None
    x_high: float | None = None
    y_low: float | None = None
    y_high: float | None = None
    label: str | None = None
    span: tuple[float, float] | None = None


@dataclass
class Panel:
    """One set of axes. Over numbers (`categories` None) it holds lines, bands, stacks and
    points; over categories, bars (upright, or `horizontal`) or dots, or lines, bands and
    points at the categories' places (0, 1, …). `rules` mark values across it. Add marks, then a
    chart draws it."""

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
    x_format: Callable[[float], str] | None = None
    """Plain-text x tick labels (over numbers); by default numbers to the ticks' step."""
    value_format: Callable[[float], str] | None = None
    """Plain-text value tick labels; by default numbers to the ticks' step."""
    name_length: int = 18
    """Category names longer than this are shortened beside or under the axis."""
    rules: list[float] = field(default_factory=list)
    """Values marked by a thin line across the plot (zero, say); they are always in range."""
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
    points: list[Point] = field(default_factory=list)

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
    def shown_points(self) -> list[Point]:
        """The points drawn: those at numbers."""
        return [p for p in self.points if math.isfinite(p.x) and math.isfinite(p.y)]

    @property
    def shown_rules(self) -> list[float]:
        return [v for v in self.rules if math.isfinite(v)]

    @property
    def drawn(self) -> bool:
        return self.empty is None and bool(
            self.lines or self.bands or self.stacks or self.bars or self.dots or self.shown_points
        )

    def x_values(self) -> list[float]:
        xs = [x for series in self.lines for x in series[0]]
        xs += [x for series in self.bands for x in series[0]]
        xs += [x for series in self.stacks for x in series[0]]
        for point in self.shown_points:
            xs += [v for v in (point.x, point.x_low, point.x_high) if v is not None]
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
        for point in self.shown_points:
            out += [v for v in (point.y, point.y_low, point.y_high) if v is not None]
            out += list(point.span or ())
        return out + self.shown_rules


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


@dataclass
class Grid:
    """Charts side by side, `columns` to a row, under one legend (an optional `legend_title`
    first) and one x label: small multiples. Each chart's own keys and x label are left out.
    `size` is in inches, the whole grid's."""

    size: tuple[float, float]
    charts: list[Chart]
    columns: int = 2
    keys: list[Key] = field(default_factory=list)
    x_label: str = ""
    legend_title: str = ""
