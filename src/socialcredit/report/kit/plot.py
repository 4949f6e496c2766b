"""Plots written straight as SVG markup, without a plotting library: lines with bands, stacked
areas, grouped bars with whiskers, dots with whiskers, scatters, tiles, and small multiples.

A run's report is a dozen plots, an experiment's one for each price and each varied input; drawn
by matplotlib (a figure, an SVG canvas, a constrained layout, a serialiser) they cost more than
a second of imports and drawing, longer than the runs they describe. These plots are simple
enough to write by hand, and a chart takes about a millisecond. They look like the matplotlib
plots of the other pages: a viewBox of inches × 72, the same font sizes, grid colour, line width
and palette, the legend under the plot. Text widths are guessed (there are no font metrics
here), generously, and the layout leaves room by them.

This module is their public face: a `Chart` of `Panel`s, or a `Grid` of charts (`chart`), laid
out and written by `drawing` (the marks in `marks`, the axes' arithmetic in `scale`), captioned
by `figure` and `grid_figure`. Ids (the hatch patterns) are made from the figure's own id, so
plots share a page safely.
"""

from __future__ import annotations

from collections.abc import Callable

from socialcredit.report.kit.chart import Bar, Chart, Dot, Grid, Hatch, Key, Panel, Point
from socialcredit.report.kit.drawing import draw, draw_grid
from socialcredit.report.kit.page import Page, captioned
from socialcredit.report.kit.scale import DPI, num
from socialcredit.report.kit.svg import inline_svg

__all__ = [
    "Bar",
    "Chart",
    "Dot",
    "Grid",
    "Hatch",
    "Key",
    "Panel",
    "Point",
    "figure",
    "grid_figure",
    "svg_figure",
]


def figure(p: Page, chart: Chart, *, label: str, caption_html: str) -> str:
    """A captioned `<figure>` with the same markup as `Page.figure`: `label` is plain text (the
    plot's accessible name), `caption_html` trusted markup."""
    return svg_figure(
        p, chart.size, lambda ident: draw(chart, ident), label=label, caption_html=caption_html
    )


def grid_figure(p: Page, grid: Grid, *, label: str, caption_html: str) -> str:
    """`figure` for small multiples."""
    return svg_figure(
        p, grid.size, lambda ident: draw_grid(grid, ident), label=label, caption_html=caption_html
    )


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
