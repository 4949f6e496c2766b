"""Building blocks of the plots: figure sizes, grouped bar charts and the runs' bar styles.

Shared by every page. `bar_figure` draws grouped bars, as plain SVG (`report.kit.plot`), with
95% whiskers where a figure has an interval and no bar at all where it is missing;
`run_styles` gives each run of a comparison (any number of them) its bar colour and hatch, and
`bar_key` says which is which in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from socialcredit.domain.catalogue import Kind
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import Bar, Chart, Hatch, Key, Panel, figure
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.scale import SMALL, WIDE
from socialcredit.report.kit.style import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILION
from socialcredit.report.kit.text import Stat, fmt

__all__ = ["SMALL", "WIDE", "BarSeries", "bar_figure", "bar_key", "bars", "run_styles"]


@dataclass(frozen=True)
class BarSeries:
    """One colour of a grouped bar chart: a value (with optional interval) per category."""

    label: str
    color: str
    values: Sequence[Stat]
    hatch: Hatch | None = None


def bars(
    panel: Panel,
    series: Sequence[BarSeries],
    *,
    value_label: Callable[[float], str] | None = None,
) -> bool:
    """Grouped bars on `panel` (over its categories) with 95% whiskers where the figure has an
    interval; False if nothing to draw.

    A missing value draws no bar (never a zero bar, which would read as a measured zero).
    Values are written at the bars' ends only while they have room: with more than two series,
    or many narrow upright bars, they overlap, and the table beside the chart says it better.
    """
    categories = panel.categories or ()
    if not categories or not series:
        return False
    if len(series) > 2 or (not panel.horizontal and len(series) * len(categories) > 8):
        value_label = None
    width = 0.8 / len(series)
    for k, s in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * width
        for i, (mean, low, high) in enumerate(s.values):
            if mean is None or not math.isfinite(mean):
                continue
            whisker = low is not None and high is not None
            panel.bars.append(
                Bar(
                    at=i,
                    offset=offset,
                    width=width * 0.92,
                    value=mean,
                    low=low if whisker else None,
                    high=high if whisker else None,
                    colour=s.color,
                    hatch=s.hatch,
                    text=None if value_label is None else value_label(mean),
                )
            )
    return bool(panel.bars)


def bar_figure(
    page_: Page,
    categories: Sequence[str],
    series: Sequence[BarSeries],
    *,
    label: str,
    caption_html: str,
    horizontal: bool = False,
    kind: Kind = "count",
    size: tuple[float, float] = WIDE,
    title: str = "",
    ylabel: str = "",
) -> str:
    panel = Panel(title=title, categories=list(categories), horizontal=horizontal)
    if bars(panel, series, value_label=lambda v: fmt(v, kind)):
        panel.y_label = "" if horizontal else ylabel
    keys = [Key(s.label, s.color, kind="patch", hatch=s.hatch) for s in series]
    chart = Chart(
        size,
        [panel],
        keys if len(series) > 1 and panel.drawn else [],
        x_label=ylabel if horizontal and panel.drawn else "",
    )
    return figure(page_, chart, label=label, caption_html=caption_html)


RUN_COLORS: tuple[tuple[str, str], ...] = (
    (BLUE, "blue"),
    (ORANGE, "orange"),
    (GREEN, "green"),
    (VERMILION, "vermilion"),
    (PURPLE, "reddish purple"),
    (SKY, "sky blue"),
)
"""Bar colour of the runs of a comparison in order, and its name; cycled past the sixth run."""
RUN_HATCHES: tuple[tuple[Hatch | None, str], ...] = (
    (None, "solid"),
    ("///", "hatched"),
    ("\\\\\\", "back-hatched"),
    ("...", "dotted"),
    ("xxx", "cross-hatched"),
    ("---", "striped"),
)
"""Bar hatch of the runs in order, and its name: the hatch tells the runs apart in greyscale."""


def run_styles(runs: Sequence[Run]) -> list[tuple[Run, str, Hatch | None]]:
    """Bar colour and hatch of each run: A solid blue, B hatched orange, C back-hatched green,
    … (the hatch survives greyscale print)."""
    return [
        (r, RUN_COLORS[i % len(RUN_COLORS)][0], RUN_HATCHES[i % len(RUN_HATCHES)][0])
        for i, r in enumerate(runs)
    ]


def bar_colour_name(index: int) -> str:
    """ "blue" for the first run of a comparison, "orange" for the second, …"""
    return RUN_COLORS[index % len(RUN_COLORS)][1]


def bar_hatch_name(index: int) -> str:
    """ "solid" for the first run of a comparison, "hatched" for the second, …"""
    return RUN_HATCHES[index % len(RUN_HATCHES)][1]


def bar_key(runs: Sequence[Run]) -> str:
    """Which bars are which run, for a caption: "A solid, B hatched, C back-hatched"."""
    return ", ".join(f"{r.tag} {bar_hatch_name(i)}" for i, r in enumerate(runs))
