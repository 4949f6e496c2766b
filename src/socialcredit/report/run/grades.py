"""The grades section of the run report: how many citizens hold each grade, day by day.

A stacked area of every observed grade (the grade services act on) over time, with the grades
other than the most common one drawn again on their own scale, since the most common grade
usually holds nearly everyone; then the last day's grades, observed against what true conduct
would give, as bars and as a table. Grade colours run from blues (best) to oranges (worst).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from socialcredit.domain.catalogue import metrics
from socialcredit.report.kit.charts import WIDE, BarSeries, bar_figure, legend, no_data
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.run_view import Run, mean_over_seeds
from socialcredit.report.kit.style import BLUE, ORANGE
from socialcredit.report.kit.text import esc

_GRADE_RAMP = ["#08306b", "#2171b5", "#6baed6", "#fd8d3c", "#d94801", "#7f2704"]


def _grade_colors(n: int) -> list[Any]:
    # Best grades in blues, worst in oranges: reads as good-to-bad without red against green,
    # and neighbouring grades stay distinguishable however many grades a policy defines.
    cmap = LinearSegmentedColormap.from_list("grades", _GRADE_RAMP)
    return [cmap(x) for x in np.linspace(0.0, 1.0, n)] if n else []


def grades_section(p: Page, run: Run) -> str:
    grades = run.grades
    colors = _grade_colors(len(grades))
    present = [
        (g, c, m)
        for g, c in zip(grades, colors, strict=True)
        if (m := run.daily.matrix(f"grade.{g}")) is not None
    ]
    means = [np.nan_to_num(mean_over_seeds(m)) for _, _, m in present]
    # The most common grade usually holds nearly everyone and flattens the others to a
    # hairline in the stack; the lower panel shows the others on their own scale.
    common = int(np.argmax([float(y.sum()) for y in means])) if means else -1

    def area(fig: Figure) -> None:
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        if not present:
            no_data(top)
            no_data(bottom)
            return
        ax = top
        ax.stackplot(
            run.daily.days,
            means,
            labels=[g for g, _, _ in present],
            colors=[c for _, c, _ in present],
            edgecolor="white",
            linewidth=0.3,
        )
        ax.set_title("All observed grades, stacked")
        ax.set_ylabel("Citizens")
        ax.margins(x=0, y=0)
        ax = bottom
        others = [
            (g, c, y)
            for i, ((g, c, _), y) in enumerate(zip(present, means, strict=True))
            if i != common
        ]
        if not others:
            no_data(ax, "Only one grade")
        for _, c, y in others:
            ax.plot(run.daily.days, y, color=c)
        ax.set_title(f"All grades but {present[common][0]}")
        ax.set_ylabel("Citizens")
        ax.set_ylim(bottom=0)
        ax.margins(x=0)
        ax.set_xlabel("Day of the simulation")
        legend(fig, top.get_legend_handles_labels()[0], title="Grade")

    out = p.figure(
        area,
        label="Stacked area of the number of citizens in each observed grade per day, and below "
        "it lines for every grade but the most common one.",
        caption_html="Observed grade of every citizen over time (the grade that services act "
        "on), mean over seeds. Top: all grades stacked. Bottom: every grade but the most "
        "common one, on its own scale.",
        size=(WIDE[0], 5.0),
    )
    obs = [run.stat(metrics.GRADE_FINAL.format(grade=g)) for g in grades]
    true = [run.stat(metrics.GRADE_TRUE_FINAL.format(grade=g)) for g in grades]
    out += bar_figure(
        p,
        grades,
        [BarSeries("observed", BLUE, obs), BarSeries("by true conduct", ORANGE, true, "///")],
        label="Bars: citizens per grade on the last day, observed next to what their true "
        "conduct would give.",
        caption_html="Grades on the last day: observed (solid) against true conduct (hatched). "
        + ("Whiskers: 95% interval over seeds." if run.seed_count > 1 else ""),
        title="Grades on the last day",
        ylabel="Citizens",
    )
    out += p.table(
        "Citizens per grade on the last day",
        ["Grade", "Observed", "By true conduct"],
        [
            [
                esc(g),
                esc(run.cell(metrics.GRADE_FINAL.format(grade=g))),
                esc(run.cell(metrics.GRADE_TRUE_FINAL.format(grade=g))),
            ]
            for g in grades
        ],
    )
    return out
