"""The grades section of the run report: how many citizens hold each grade, day by day.

A stacked area of every observed grade (the grade services act on) over time, with the grades
other than the most common one drawn again on their own scale, since the most common grade
usually holds nearly everyone; then the last day's grades, observed against what true conduct
would give, as bars and as a table. Grade colours run from blues (best) to oranges (worst).
"""

from __future__ import annotations

import numpy as np

from socialcredit.domain.catalogue import metrics
from socialcredit.report.kit.charts import WIDE, BarSeries, bar_figure
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import Chart, Key, Panel, figure
from socialcredit.report.kit.run_view import Run, mean_over_seeds
from socialcredit.report.kit.style import BLUE, ORANGE
from socialcredit.report.kit.text import esc, short

_GRADE_RAMP = ["#08306b", "#2171b5", "#6baed6", "#fd8d3c", "#d94801", "#7f2704"]


def _grade_colors(n: int) -> list[str]:
    """`n` colours evenly along the ramp, interpolated in RGB between its stops.

    Best grades in blues, worst in oranges: reads as good-to-bad without red against green,
    and neighbouring grades stay distinguishable however many grades a policy defines."""
    stops = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in _GRADE_RAMP], float)
    where = np.linspace(0.0, 1.0, len(stops))
    colours = []
    for x in np.linspace(0.0, 1.0, n) if n else []:
        rgb = [round(float(np.interp(x, where, stops[:, k]))) for k in range(3)]
        colours.append("#" + "".join(f"{v:02x}" for v in rgb))
    return colours


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

    days = run.daily.days.tolist()
    top = Panel(title="All observed grades, stacked", y_label="Citizens", tight=True)
    bottom = Panel(title="All grades but the most common", y_label="Citizens")
    if present:
        top.stack(days, [y.tolist() for y in means], [c for _, c, _ in present])
        bottom.title = f"All grades but {present[common][0]}"
        for i, ((_, c, _), y) in enumerate(zip(present, means, strict=True)):
            if i != common:
                bottom.line(days, y.tolist(), c)
        if not bottom.drawn:
            bottom.empty = "Only one grade"
    keys = [Key(short(g, 18), c, kind="patch") for g, c, _ in present]
    chart = Chart(
        (WIDE[0], 5.0),
        [top, bottom],
        keys,
        x_label="Day of the simulation",
        legend_title="Grade",
        ratios=[3, 2],
    )
    out = figure(
        p,
        chart,
        label="Stacked area of the number of citizens in each observed grade per day, and below "
        "it lines for every grade but the most common one.",
        caption_html="Observed grade of every citizen over time (the grade that services act "
        "on), mean over seeds. Top: all grades stacked. Bottom: every grade but the most "
        "common one, on its own scale.",
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
