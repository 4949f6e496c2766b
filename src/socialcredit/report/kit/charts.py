"""Building blocks of the plots: figure sizes, the legend, empty panels and grouped bar charts.

Shared by every page. `bars` draws grouped bars with 95% whiskers where a figure has an
interval and no bar at all where it is missing; `bar_figure` wraps it in a captioned figure;
`run_styles` gives each run of a comparison (any number of them) its bar colour and hatch, and
`bar_key` says which is which in words; `legend` places a legend under the plot in as many
columns as fit; `no_data` marks a panel with nothing to draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from socialcredit.domain.catalogue import Kind
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.style import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION
from socialcredit.report.kit.text import Stat, fmt, short

WIDE = (4.8, 3.2)
"""Default plot size in inches: about phone width at 1:1, so text stays legible when scaled."""
SMALL = (4.0, 3.0)
"""Small multiples, laid out two abreast on wide screens and stacked on phones."""


def no_data(ax: Axes, message: str = "No data in this run") -> None:
    """An empty panel that says so, rather than an axis that looks like zero."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=GREY, transform=ax.transAxes)


@dataclass(frozen=True)
class BarSeries:
    """One colour of a grouped bar chart: a value (with optional interval) per category."""

    label: str
    color: str
    values: Sequence[Stat]
    hatch: str | None = None


def bar_handles(series: Sequence[BarSeries]) -> list[Patch]:
    """Legend entries for `bars`, one per series, hatched as the bars are."""
    return [
        Patch(
            facecolor=s.color,
            hatch=s.hatch,
            edgecolor="white" if s.hatch else s.color,
            label=s.label,
        )
        for s in series
    ]


def bars(
    ax: Axes,
    categories: Sequence[str],
    series: Sequence[BarSeries],
    *,
    horizontal: bool = False,
    value_label: Callable[[float], str] | None = None,
) -> bool:
    """Grouped bars with 95% whiskers where the figure has an interval; False if nothing to draw.

    A missing value draws no bar (never a zero bar, which would read as a measured zero).
    Values are written at the bars' ends only while they have room: with more than two series,
    or many narrow upright bars, they overlap, and the table beside the chart says it better.
    """
    if not categories or not series:
        return False
    if len(series) > 2 or (not horizontal and len(series) * len(categories) > 8):
        value_label = None
    width = 0.8 / len(series)
    drawn = False
    for k, s in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * width
        for i, (mean, low, high) in enumerate(s.values):
            if mean is None:
                continue
            pos = i + offset
            err = None
            if low is not None and high is not None:
                err = [[max(mean - low, 0.0)], [max(high - mean, 0.0)]]
            style: dict[str, Any] = {
                "color": s.color,
                "hatch": s.hatch,
                "edgecolor": "white" if s.hatch else s.color,
                "linewidth": 0,
            }
            if horizontal:
                ax.barh(pos, mean, height=width * 0.92, xerr=err, **style, ecolor="#333")
            else:
                ax.bar(pos, mean, width=width * 0.92, yerr=err, **style, ecolor="#333")
            if value_label is not None:
                top = high if high is not None and err is not None else mean
                if horizontal:
                    ax.annotate(
                        value_label(mean),
                        (max(top, 0.0), pos),
                        xytext=(3, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=9.5,
                    )
                else:
                    ax.annotate(
                        value_label(mean),
                        (pos, max(top, 0.0)),
                        xytext=(0, 2),
                        textcoords="offset points",
                        ha="center",
                        fontsize=9.5,
                    )
            drawn = True
    ticks = list(range(len(categories)))
    names = [short(c, 18) for c in categories]  # full names are in the tables
    if horizontal:
        ax.set_yticks(ticks, names)
        ax.set_ylim(len(categories) - 0.5, -0.5)  # first category on top, as in the tables
        ax.grid(axis="y", visible=False)
        ax.set_xlim(left=0)
    else:
        ax.set_xticks(ticks, names)
        ax.grid(axis="x", visible=False)
        ax.set_ylim(bottom=0)
    return drawn


def legend(
    fig: Figure,
    handles: Sequence[Any],
    *,
    title: str | None = None,
    handlelength: float | None = None,
) -> None:
    """A legend under the plot, in as many columns as fit the figure's width.

    Constrained layout makes room below for an "outside" legend but never narrows it, so a
    legend wider than the figure would be cut off at the SVG's edge; the column count is
    estimated from the longest label instead. `handlelength` (in em, matplotlib's default 2)
    lengthens the handles, so that a long dash pattern shows in the legend as it does in the
    plot.
    """
    if not handles:
        return
    size = float(matplotlib.rcParams["legend.fontsize"])
    longest = max(len(str(h.get_label())) for h in handles)
    # DejaVu Sans averages about 0.6 em per character; handle, padding and column gap take
    # about 5 em more.
    handle = float(matplotlib.rcParams["legend.handlelength"])
    extra = max(0.0, handlelength - handle) if handlelength is not None else 0.0
    column = (0.6 * longest + 5.2 + extra) * size
    available = fig.get_figwidth() * 72 - 10
    ncols = max(1, min(len(handles), int(available // column)))
    fig.legend(
        handles=list(handles),
        loc="outside lower center",
        ncols=ncols,
        title=title,
        handlelength=handlelength,
    )


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
    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        if title:
            ax.set_title(title)
        if not bars(
            ax,
            list(categories),
            series,
            horizontal=horizontal,
            value_label=lambda v: fmt(v, kind),
        ):
            no_data(ax)
            return
        if ylabel:
            (ax.set_xlabel if horizontal else ax.set_ylabel)(ylabel)
        if len(series) > 1:
            legend(fig, bar_handles(series))

    return page_.figure(draw, label=label, caption_html=caption_html, size=size)


RUN_COLORS: tuple[tuple[str, str], ...] = (
    (BLUE, "blue"),
    (ORANGE, "orange"),
    (GREEN, "green"),
    (VERMILION, "vermilion"),
    (PURPLE, "reddish purple"),
    (SKY, "sky blue"),
)
"""Bar colour of the runs of a comparison in order, and its name; cycled past the sixth run."""
RUN_HATCHES: tuple[tuple[str | None, str], ...] = (
    (None, "solid"),
    ("///", "hatched"),
    ("\\\\\\", "back-hatched"),
    ("...", "dotted"),
    ("xxx", "cross-hatched"),
    ("---", "striped"),
)
"""Bar hatch of the runs in order, and its name: the hatch tells the runs apart in greyscale."""


def run_styles(runs: Sequence[Run]) -> list[tuple[Run, str, str | None]]:
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
