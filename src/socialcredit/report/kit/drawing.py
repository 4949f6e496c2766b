"""A `plot.Chart` laid out and written as SVG markup: panels stacked over a shared x axis, each
with its grid, marks, frame, ticks and labels, and the legend under them; a `Grid` of charts
side by side under one legend."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from socialcredit.report.kit.chart import Chart, Grid, Key, Panel
from socialcredit.report.kit.marks import Box, Marks
from socialcredit.report.kit.scale import (
    DPI,
    EM,
    FONT,
    GRID,
    INK,
    MUTED,
    TICK,
    TITLE,
    nice_scale,
    num,
    padded_range,
    rows_of,
    text_width,
    tick_labels,
    ticks,
)
from socialcredit.report.kit.text import esc, short


def draw(chart: Chart, ident: str) -> str:
    """The chart's markup inside its root, its ids starting with `ident`."""
    return _Drawing(chart, ident).markup()


def draw_grid(grid: Grid, ident: str) -> str:
    """The grid's markup inside its root: each chart in its cell (its ids starting with
    `ident` and its index), the x label and the legend under them all."""
    width, height = grid.size[0] * DPI, grid.size[1] * DPI
    legend = _Drawing(Chart(grid.size, [], grid.keys, legend_title=grid.legend_title), ident)
    rows = _legend_rows(grid.keys, width - 8, grid.legend_title)
    legend_h = _ROW * len(rows) + (6 if rows else 0)
    label_h = FONT + 8 if grid.x_label else 0.0
    columns = max(1, min(grid.columns, len(grid.charts)))
    count = max(1, math.ceil(len(grid.charts) / columns))
    cell_w, cell_h = width / columns, max((height - legend_h - label_h) / count, 20.0)
    out = []
    for i, chart in enumerate(grid.charts):
        cell = Chart((cell_w / DPI, cell_h / DPI), chart.panels, ratios=chart.ratios)
        x, y = (i % columns) * cell_w, (i // columns) * cell_h
        out.append(
            f'<g transform="translate({num(x)} {num(y)})">{draw(cell, f"{ident}-{i + 1}")}</g>'
        )
    legend.out.append(_GROUP)
    legend.footer(grid.x_label, width / 2, rows, legend_h)
    legend.out.append("</g>")
    return "".join(out) + legend.marks.defs() + "".join(legend.out)


_GROUP = f'<g font-family="sans-serif" font-size="{num(FONT)}" fill="{INK}" stroke-linecap="butt">'
"""The group a chart's text and lines are written in."""


class _Drawing:
    """One chart laid out and written."""

    def __init__(self, chart: Chart, ident: str) -> None:
        self.chart = chart
        self.ident = ident
        self.out: list[str] = []
        self.marks = Marks(self.out, ident)

    def markup(self) -> str:
        chart = self.chart
        width, height = chart.size[0] * DPI, chart.size[1] * DPI
        rows = _legend_rows(chart.keys, width - 8, chart.legend_title)
        legend_h = _ROW * len(rows) + (6 if rows else 0)
        panels = chart.panels
        scales = [self._scales(p) for p in panels]
        beside = [
            _category_names(p) if p.horizontal else _texts(p.value_format, scale[2], scale[3])
            for p, scale in zip(panels, scales, strict=True)
        ]
        left = 4 + FONT + 6 + TICK + 3
        left += max((text_width(t) for texts in beside for t in texts), default=0.0)
        label_lines = max((len(p.y_label.split("\n")) for p in panels if p.y_label), default=0)
        left += (FONT + 2) * max(label_lines - 1, 0)
        if not label_lines:
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
        self.out.append(_GROUP)
        for i, (panel, scale) in enumerate(zip(panels, scales, strict=True)):
            top += gaps[i] + titles[i]
            h = max(room * ratios[i] / sum(ratios), 10.0)
            box = Box(left, top, max(width - left - right, 10.0), h, *scale[0], *scale[1])
            self._panel(panel, box, scale, labels=i == len(panels) - 1, rotate=rotate)
            top += h
        self.footer(chart.x_label, left + (width - left - right) / 2, rows, legend_h)
        self.out.append("</g>")
        return self.marks.defs() + "".join(self.out)

    def footer(
        self, x_label: str, mid: float, rows: list[list[Key | str]], legend_h: float
    ) -> None:
        """The x label centred on `mid`, then the legend's rows at the foot of the chart."""
        width, height = self.chart.size[0] * DPI, self.chart.size[1] * DPI
        if x_label:
            self.out.append(
                f'<text x="{num(mid)}" y="{num(height - legend_h - 6)}" text-anchor="middle">'
                f"{esc(x_label)}</text>"
            )
        self._legend(rows, width, height - legend_h + 2)

    # Ranges and ticks.

    def _scales(
        self, p: Panel
    ) -> tuple[tuple[float, float], tuple[float, float], list[float], float]:
        """(x range, value range, value ticks, value step) of a panel. Over categories the
        x range is that of the category slots; the value axis is y, or x for horizontal bars."""
        if p.categories is not None:
            x_range = (-0.6, len(p.categories) - 0.4) if p.dots else (-0.5, len(p.categories) - 0.5)
        elif p.points:
            # A scatter keeps its points off the frame (matplotlib's margins).
            x_range = padded_range(p.x_values(), zero=False)
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
            return _texts(p.value_format, scale[2], scale[3])
        if p.categories is not None:
            return _category_names(p)
        x_lo, x_hi = scale[0]
        step = nice_scale(x_lo, x_hi, snap=False)[2]
        return _texts(p.x_format, ticks(x_lo, x_hi, step), step)

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
        box: Box,
        scale: tuple[tuple[float, float], tuple[float, float], list[float], float],
        *,
        labels: bool,
        rotate: bool,
    ) -> None:
        out = self.out
        if p.title:
            # Cut to the width of its plot and the margin right of it (small multiples are
            # narrow; the captions and tables hold the names whole).
            room = max(int((box.width + 10) / (EM * TITLE)), 8)
            out.append(
                f'<text x="{num(box.left)}" y="{num(box.top - 7)}" font-size="{num(TITLE)}">'
                f"{esc(short(p.title, room))}</text>"
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
            vbox = Box(box.left, box.top, box.width, box.height, *scale[1], *scale[0])
            self._up(vbox, value_ticks)
            self._up(vbox, p.shown_rules, MUTED)
            self.marks.bars_h(p, vbox)
            self._frame(vbox)
            self._ticks_x(vbox, value_ticks, _escaped(_texts(p.value_format, value_ticks, step)))
            self._ticks_categories_y(p, vbox)
        else:
            self._across(box, value_ticks)
            self._across(box, p.shown_rules, MUTED)
            for xs, layers, colours in p.stacks:
                self.marks.stack(box, xs, layers, colours)
            for xs, low, high, colour in p.bands:
                self.marks.band(box, xs, low, high, colour)
            for xs, ys, colour, dash in p.lines:
                self.marks.line(box, xs, ys, colour, dash)
            for bar in p.bars:
                self.marks.bar_v(box, bar)
            for dot in p.dots:
                self.marks.dot(box, dot)
            self.marks.points(box, p.points)
            self._frame(box)
            self._ticks_y(box, value_ticks, _escaped(_texts(p.value_format, value_ticks, step)))
            if p.categories is not None:
                self._ticks_categories_x(p, box, labels=labels, rotate=rotate)
            else:
                x_lo, x_hi = box.x_lo, box.x_hi
                x_step = nice_scale(x_lo, x_hi, snap=False)[2]
                at = ticks(x_lo, x_hi, x_step)
                self._ticks_x(box, at, _escaped(_texts(p.x_format, at, x_step)) if labels else [])
        for n, text in enumerate(p.y_label.split("\n") if p.y_label else []):
            mid_x, mid_y = 4 + 0.8 * FONT + n * (FONT + 2), box.top + box.height / 2
            out.append(
                f'<text x="{num(mid_x)}" y="{num(mid_y)}" text-anchor="middle" '
                f'transform="rotate(-90 {num(mid_x)} {num(mid_y)})">{esc(text)}</text>'
            )

    def _across(self, box: Box, at: list[float], colour: str = GRID) -> None:
        """Lines across the plot at these values of y: the grid, or rules in `colour`."""
        right = num(box.left + box.width)
        lines = "".join(f"M{num(box.left)} {num(box.y(v))}H{right}" for v in at)
        if lines:
            self.out.append(f'<path d="{lines}" fill="none" stroke="{colour}" stroke-width="0.8"/>')

    def _up(self, box: Box, at: list[float], colour: str = GRID) -> None:
        """Lines up the plot at these values of x: the grid, or rules in `colour`."""
        bottom = num(box.top + box.height)
        lines = "".join(f"M{num(box.x(v))} {num(box.top)}V{bottom}" for v in at)
        if lines:
            self.out.append(f'<path d="{lines}" fill="none" stroke="{colour}" stroke-width="0.8"/>')

    def _frame(self, box: Box) -> None:
        b, r = num(box.top + box.height), num(box.left + box.width)
        self.out.append(
            f'<path d="M{num(box.left)} {num(box.top)}V{b}H{r}" fill="none" stroke="{INK}" '
            'stroke-width="0.8"/>'
        )

    def _ticks_y(self, box: Box, at: list[float], texts: list[str]) -> None:
        self._ticks_left(box, [box.y(v) for v in at], texts)

    def _ticks_left(self, box: Box, ys: list[float], texts: list[str]) -> None:
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

    def _ticks_x(self, box: Box, at: list[float], texts: list[str]) -> None:
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

    def _ticks_categories_x(self, p: Panel, box: Box, *, labels: bool, rotate: bool) -> None:
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

    def _ticks_categories_y(self, p: Panel, box: Box) -> None:
        names = _category_names(p)
        # Categories run top to bottom, the first on top (as in the tables).
        at = [box.top + (i + 0.5) / len(names) * box.height for i in range(len(names))]
        self._ticks_left(box, at, [esc(t) for t in names])

    # Marks.

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
                self.out.append(self.marks.swatch(key, x, mid))
                self.out.append(
                    f'<text x="{num(x + 27)}" y="{num(mid + 0.35 * FONT)}">{esc(key.label)}</text>'
                )
                x += key.width + _GAP


_ROW = 16.0
_GAP = 14.0


def _entry_width(entry: Key | str) -> float:
    return text_width(entry) if isinstance(entry, str) else entry.width


def _legend_rows(keys: Sequence[Key], room: float, title: str) -> list[list[Key | str]]:
    """The legend's entries in reading order (its title first), as many to a row as fit."""
    entries: list[Key | str] = [title] if title and keys else []
    entries += list(keys)
    return rows_of(entries, [_entry_width(e) for e in entries], room, _GAP)


def _category_names(p: Panel) -> list[str]:
    """The categories' names under or beside the axis, shortened (the tables hold them whole);
    plain text."""
    return [short(c, p.name_length) for c in (p.categories or ())]


def _texts(form: Callable[[float], str] | None, at: list[float], step: float) -> list[str]:
    """Ticks' labels, plain text: by the panel's format for the axis, or numbers to the step."""
    return [form(v) for v in at] if form is not None else tick_labels(at, step)


def _escaped(texts: list[str]) -> list[str]:
    return [esc(t) for t in texts]
