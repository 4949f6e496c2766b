"""Step charts written straight as SVG markup, without matplotlib: the life stories' scores.

Matplotlib costs about 0.1 s a figure (a figure, an SVG canvas, a constrained layout, a
serialiser), so a report with a dozen story charts would spend more time drawing than the run
spends keeping the stories. A step chart is simple enough to write by hand: each line becomes
one `<path>` of horizontal and vertical moves, and a chart of a few hundred steps takes about a
millisecond. It is drawn to look like the matplotlib plots around it (a viewBox of inches × 72,
the same font size, grid colour, line width and palette), and its root is made by the same
`inline_svg`, so its markup is that of every other plot: an accessible name, the caption as its
description, no fixed size. It needs no ids: spans and steps are cut to the axes by arithmetic,
not by a clip path. Text widths are guessed (there are no font metrics here), generously.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from socialcredit.report.kit.page import Page, captioned
from socialcredit.report.kit.scale import (
    DPI,
    FONT,
    GRID,
    INK,
    LIMIT,
    TICK,
    nice_scale,
    num,
    rows_of,
    text_width,
    tick_labels,
    ticks,
)
from socialcredit.report.kit.style import VERMILION
from socialcredit.report.kit.svg import inline_svg
from socialcredit.report.kit.text import esc

_SWATCH = 16.0  # legend: the length of a line's sample, the room between entries, a row
_GAP = 12.0
_ROW = 15.0


@dataclass(frozen=True)
class StepLine:
    """One line of a step chart: `ys[i]` holds from `xs[i]` until `xs[i + 1]` (the last until
    the end of the x axis). `label` is plain text, escaped when drawn."""

    label: str
    colour: str
    xs: Sequence[float]
    ys: Sequence[float]

    def __post_init__(self) -> None:
        if len(self.xs) != len(self.ys):
            raise ValueError(f"{len(self.xs)} step starts but {len(self.ys)} values")


def step_chart(
    p: Page,
    *,
    lines: Sequence[StepLine],
    spans: Sequence[tuple[float, float]],
    x_max: float,
    x_label: str,
    y_label: str,
    label: str,
    caption_html: str,
    span_colour: str = VERMILION,
    size: tuple[float, float] = (6.4, 2.4),
) -> str:
    """A captioned `<figure>` with the same markup as `Page.figure`: step lines over x in
    [0, `x_max`], with `spans` (from x, to x) shaded. `label`, the labels and the lines' labels
    are plain text (escaped here); `caption_html` is trusted markup."""
    ident = p.new_id("fig")
    width, height = size[0] * DPI, size[1] * DPI
    # Only the root goes through `inline_svg`, which declares every plot's root attributes and
    # title; the body has no ids to prefix, and rescanning its long paths would double the cost.
    root = f'<svg viewBox="0 0 {num(width)} {num(height)}">'
    head = inline_svg(root, prefix=f"{ident}-", label=label, caption_id=f"{ident}-cap")
    body = _body(lines, spans, x_max, x_label, y_label, span_colour, width, height)
    return captioned(ident, f"{head}{body}</svg>", caption_html)


def _body(
    lines: Sequence[StepLine],
    spans: Sequence[tuple[float, float]],
    x_max: float,
    x_label: str,
    y_label: str,
    span_colour: str,
    width: float,
    height: float,
) -> str:
    x_hi = min(x_max, LIMIT) if math.isfinite(x_max) and x_max > 0 else 1.0
    drawn = [(line, _runs(line, x_hi)) for line in lines]
    runs = [run for _, line_runs in drawn for run in line_runs]
    values = [min(run.values) for run in runs] + [max(run.values) for run in runs]
    y_lo, y_hi, y_step = _y_range(values)
    x_step = nice_scale(0.0, x_hi, snap=False)[2]
    x_ticks, y_ticks = ticks(0.0, x_hi, x_step), ticks(y_lo, y_hi, y_step)
    x_texts, y_texts = tick_labels(x_ticks, x_step), tick_labels(y_ticks, y_step)

    rows = _legend_rows(lines, width - 8)
    top = 6 + _ROW * len(rows) if rows else 8.0
    left = 4 + FONT + 5 + max((text_width(t) for t in y_texts), default=0) + TICK + 3
    right = max(8.0, text_width(x_texts[-1]) / 2 + 2) if x_texts else 8.0
    bottom = TICK + 3 + FONT + 6 + FONT + 4
    plot_w, plot_h = max(width - left - right, 1.0), max(height - top - bottom, 1.0)
    frame = _Frame(left, top, plot_w / x_hi, plot_h / (y_hi - y_lo), y_hi)

    def px(x: float) -> str:
        return num(frame.x(x))

    def py(y: float) -> str:
        return num(frame.y(y))

    r, b = num(left + plot_w), num(top + plot_h)
    grid = "".join(f"M{num(left)} {py(y)}H{r}" for y in y_ticks)
    out = [f'<path d="{grid}" fill="none" stroke="{GRID}" stroke-width="0.8"/>' if grid else ""]
    for start, end in spans:
        a, z = max(min(start, end), 0.0), min(max(start, end), x_hi)
        if a < z:  # false for NaN too
            out.append(
                f'<rect x="{px(a)}" y="{num(top)}" width="{num(frame.x(z) - frame.x(a))}" '
                f'height="{num(plot_h)}" fill="{esc(span_colour)}" opacity="0.15"/>'
            )
    for line, line_runs in drawn:
        if line_runs:
            out.append(
                f'<path d="{_path(line_runs, frame)}" fill="none" stroke="{esc(line.colour)}" '
                'stroke-width="1.8" stroke-linejoin="round"/>'
            )
    marks = "".join(f"M{px(x)} {b}v{TICK}" for x in x_ticks)
    marks += "".join(f"M{num(left)} {py(y)}h-{TICK}" for y in y_ticks)
    out.append(
        f'<path d="M{num(left)} {num(top)}V{b}H{r}{marks}" fill="none" stroke="{INK}" '
        'stroke-width="0.8"/>'
    )
    out.append(f'<g font-family="sans-serif" font-size="{FONT}" fill="{INK}">')
    x_base = num(top + plot_h + TICK + 3 + 0.8 * FONT)
    out.append('<g text-anchor="middle">')
    out += [
        f'<text x="{px(x)}" y="{x_base}">{t}</text>' for x, t in zip(x_ticks, x_texts, strict=True)
    ]
    out.append(
        f'<text x="{num(left + plot_w / 2)}" y="{num(height - 4 - 0.2 * FONT)}">'
        f"{esc(x_label)}</text>"
    )
    mid_x, mid_y = num(4 + 0.8 * FONT), num(top + plot_h / 2)
    out.append(
        f'<text x="{mid_x}" y="{mid_y}" transform="rotate(-90 {mid_x} {mid_y})">'
        f"{esc(y_label)}</text></g>"
    )
    y_x = num(left - TICK - 3)
    out.append('<g text-anchor="end">')
    out += [
        f'<text x="{y_x}" y="{num(frame.y(y) + 0.35 * FONT)}">{t}</text>'
        for y, t in zip(y_ticks, y_texts, strict=True)
    ]
    out.append("</g>")
    out += _legend(rows, left + plot_w)
    out.append("</g>")
    return "".join(out)


class _Run(NamedTuple):
    """Steps drawn as one unbroken stroke: the first starts at `start`, step i holds
    `values[i]` until `ends[i]` (all cut to the x axis)."""

    start: float
    ends: list[float]
    values: list[float]


@dataclass(frozen=True)
class _Frame:
    """Data to viewBox coordinates: the plot area's top left corner and units per x and y."""

    left: float
    top: float
    x_unit: float
    y_unit: float
    y_hi: float

    def x(self, x: float) -> float:
        return self.left + x * self.x_unit

    def y(self, y: float) -> float:
        return self.top + (self.y_hi - y) * self.y_unit


def _runs(line: StepLine, x_hi: float) -> list[_Run]:
    """The line's steps cut to [0, x_hi], in runs broken where a value is not a number."""
    xs, ys = line.xs, line.ys
    if not xs:
        return []
    finite = all(map(math.isfinite, xs)) and all(map(math.isfinite, ys))
    if finite and min(xs) >= 0 and max(xs) <= x_hi and -LIMIT <= min(ys) <= max(ys) <= LIMIT:
        # The usual case, checked at C speed: every step is inside the axis, none is cut.
        ends = list(xs[1:])
        ends.append(x_hi)
        return [_Run(xs[0], ends, list(ys))]
    runs: list[_Run] = []
    run: _Run | None = None
    for i, (start, y) in enumerate(zip(xs, ys, strict=True)):
        end = xs[i + 1] if i + 1 < len(xs) else x_hi
        if not (start <= x_hi and end >= 0 and math.isfinite(y)):  # true for a NaN x too
            run = None
            continue
        if run is None:
            run = _Run(max(start, 0.0), [], [])
            runs.append(run)
        run.ends.append(min(end, x_hi))
        run.values.append(min(max(y, -LIMIT), LIMIT))
    return runs


def _path(runs: list[_Run], frame: _Frame) -> str:
    """Each run as one subpath: to the start of its first step, then across and up or down.

    Each step adds two vertices (the V to its value and the H to its end, or the M and the H
    of a run's first step), so a line of n steps inside the axis has 2n vertices. The numbers
    are written inline, to two decimals, as this is where a chart spends its time."""
    left, x_unit, top, y_hi, y_unit = frame.left, frame.x_unit, frame.top, frame.y_hi, frame.y_unit
    parts: list[str] = []
    for run in runs:
        xs = [f"{left + x * x_unit:.2f}" for x in run.ends]
        ys = [f"{top + (y_hi - y) * y_unit:.2f}" for y in run.values]
        parts.append(f"M{left + run.start * x_unit:.2f} {ys[0]}H{xs[0]}")
        parts += [f"V{y}H{x}" for y, x in zip(ys[1:], xs[1:], strict=True)]
    return "".join(parts)


def _y_range(values: list[float]) -> tuple[float, float, float]:
    """(low, high, tick step) of the y axis: the values with 5% of their range either side (as
    matplotlib pads), widened to whole steps when that alone gives about five ticks."""
    if not values:
        return nice_scale(0.0, 1.0, snap=False)
    lo, hi = min(values), max(values)
    if hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1.0):  # flat: a band around the value
        pad = max(1.0, 0.05 * abs(hi))
        return nice_scale(hi - pad, hi + pad, snap=True)
    pad = 0.05 * (hi - lo)
    return nice_scale(lo - pad, hi + pad, snap=True)


def _legend_rows(lines: Sequence[StepLine], room: float) -> list[list[StepLine]]:
    """The lines in reading order, as many to a row of the legend as fit in `room`."""
    return rows_of(lines, [_entry(line.label) for line in lines], room, _GAP)


def _legend(rows: list[list[StepLine]], right: float) -> list[str]:
    """The legend above the plot, each row right-aligned to it: a short line, then its label."""
    out: list[str] = []
    for r, row in enumerate(rows):
        mid = 3 + _ROW * r + _ROW / 2
        # Right-aligned to the plot; a label too long for the chart runs off the right instead.
        x = max(4.0, right - sum(_entry(line.label) for line in row) - _GAP * (len(row) - 1))
        for line in row:
            out.append(
                f'<path d="M{num(x)} {num(mid)}h{_SWATCH:g}" stroke="{esc(line.colour)}" '
                f'stroke-width="1.8"/><text x="{num(x + _SWATCH + 4)}" '
                f'y="{num(mid + 0.35 * FONT)}">{esc(line.label)}</text>'
            )
            x += _entry(line.label) + _GAP
    return out


def _entry(text: str) -> float:
    return _SWATCH + 4 + text_width(text)
