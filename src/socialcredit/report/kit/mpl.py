"""Matplotlib helpers of the pages that still draw with it (calibration, the reputation
game): the legend under a plot and empty panels.

`legend` places a legend under the plot in as many columns as fit; `no_data` marks a panel with
nothing to draw. The run report, the comparison and the experiment report draw their plots as
plain SVG (`report.kit.plot`) and never import this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from socialcredit.report.kit.style import GREY


def no_data(ax: Axes, message: str = "No data in this run") -> None:
    """An empty panel that says so, rather than an axis that looks like zero."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=GREY, transform=ax.transAxes)


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
