"""Line charts over the days of a run: stacked panels of traces, one run or several compared.

A trace is one quantity read from a run as [seed, day] values; a panel is a title, a y label
and its traces. For a single run each line is the mean over seeds with a band from the lowest
to the highest seed; in a comparison the colour is still the quantity and the line style is the
run (A solid, B dashed, C dotted, D dash-dot, …: `line_key` says it in words) on shared axes.
The standard panels (list sizes, wrongful listings, behaviour) are shared by the run report and
the comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from socialcredit.report.kit import plot
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import Chart, Key, figure
from socialcredit.report.kit.run_view import Array, Run, mean_over_seeds
from socialcredit.report.kit.scale import LINE_WIDTH, WIDE
from socialcredit.report.kit.style import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILION
from socialcredit.report.kit.text import short


@dataclass(frozen=True)
class _Trace:
    label: str
    color: str
    values: Callable[[Run], Array | None]
    """[seed, day] values of this quantity in a run."""


Panel = tuple[str, str, Sequence[_Trace]]
"""A panel's title, y label and traces."""


def trace(label: str, color: str, values: Callable[[Run], Array | None]) -> _Trace:
    """A trace for a page's own panels: `values` reads its [seed, day] values from a run."""
    return _Trace(label, color, values)


def _column(name: str) -> Callable[[Run], Array | None]:
    return lambda run: run.daily.matrix(name)


def _dashes(*lengths: float) -> str:
    """An SVG dash array from lengths in line widths (as matplotlib's dash patterns are)."""
    return " ".join(f"{length * LINE_WIDTH:g}" for length in lengths)


RUN_LINES: tuple[tuple[str | None, str], ...] = (
    (None, "solid"),
    (_dashes(3.7, 1.6), "dashed"),
    (_dashes(1, 1.65), "dotted"),
    (_dashes(6.4, 1.6, 1, 1.6), "dash-dot"),
    (_dashes(6, 1.5, 1, 1.5, 1, 1.5), "dash-dot-dot"),
    (_dashes(8, 4), "long-dashed"),
)
"""Dash pattern (SVG `stroke-dasharray`, None: solid) of the runs of a comparison in order, and
its name; cycled past the sixth run."""


def run_line(index: int) -> tuple[str | None, str]:
    """Dash pattern and its name for the run at `index` of a comparison."""
    return RUN_LINES[index % len(RUN_LINES)]


def line_key(runs: Sequence[Run]) -> str:
    """Which lines are which run, for a caption: "A solid, B dashed, C dotted"."""
    return ", ".join(f"{r.tag} {run_line(i)[1]}" for i, r in enumerate(runs))


def timeseries(
    page_: Page,
    runs: Sequence[Run],
    panels: Sequence[tuple[str, str, Sequence[_Trace]]],
    *,
    label: str,
    caption_html: str,
) -> str:
    """Stacked panels (title, y label, traces) over days; bands across seeds for one run."""
    bands = len(runs) == 1 and runs[0].daily.seeds.size > 1
    drawn = []
    for title, ylabel, traces in panels:
        panel = plot.Panel(title=title, y_label=ylabel)
        if not _draw_lines(panel, runs, traces, bands=bands):
            panel = plot.Panel(title=title)
        drawn.append(panel)
    unique = list({t.label: t for _, _, ts in panels for t in ts}.values())
    keys = [Key(t.label, t.color) for t in unique]
    if bands:
        keys.append(Key("lowest to highest seed", GREY, kind="patch", opacity=0.25))
    if len(runs) > 1:
        keys += [Key(short(r.label), "#222222", dash=run_line(i)[0]) for i, r in enumerate(runs)]
    height = 0.6 + 2.3 * len(panels) + 0.25 * (len(runs) + 1)
    chart = Chart((WIDE[0], height), drawn, keys, x_label="Day of the simulation")
    return figure(page_, chart, label=label, caption_html=caption_html)


def _draw_lines(
    panel: plot.Panel, runs: Sequence[Run], traces: Sequence[_Trace], *, bands: bool
) -> bool:
    drawn = False
    for i, run in enumerate(runs):
        dash = run_line(i)[0]
        for trace in traces:
            m = trace.values(run)
            if m is None or m.size == 0:
                continue
            x = run.daily.days.tolist()
            if bands:
                low, high = np.fmin.reduce(m, axis=0), np.fmax.reduce(m, axis=0)
                panel.band(x, low.tolist(), high.tolist(), trace.color)
            panel.line(x, mean_over_seeds(m).tolist(), trace.color, dash)
            drawn = True
    return drawn


def list_panels() -> list[tuple[str, str, Sequence[_Trace]]]:
    return [
        (
            "Black list",
            "Citizens",
            [
                _Trace("observed", BLUE, _column("black")),
                _Trace("by true conduct", ORANGE, _column("black_true")),
            ],
        ),
        (
            "Red list",
            "Citizens",
            [
                _Trace("observed", BLUE, _column("red")),
                _Trace("by true conduct", ORANGE, _column("red_true")),
            ],
        ),
    ]


def wrongful_panels() -> list[tuple[str, str, Sequence[_Trace]]]:
    return [
        (
            "Black list errors",
            "Citizens",
            [
                _Trace("wrongly listed", VERMILION, _column("black_wrongful")),
                _Trace("missed (should be listed)", PURPLE, _column("black_missed")),
            ],
        )
    ]


def redress_panels() -> list[tuple[str, str, Sequence[_Trace]]]:
    return [
        (
            "Disputes waiting",
            "Disputes",
            [_Trace("waiting at the end of the day", BLUE, _column("appeal_backlog"))],
        )
    ]


def behaviour_panels() -> list[tuple[str, str, Sequence[_Trace]]]:
    return [
        (
            "Bad acts",
            "Per 1,000 per day",
            [_Trace("bad acts", VERMILION, lambda r: r.acts_per_1000("bad"))],
        ),
        (
            "Good acts",
            "Per 1,000 per day",
            [_Trace("good acts", GREEN, lambda r: r.acts_per_1000("good"))],
        ),
    ]
