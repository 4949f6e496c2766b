"""Sections of the comparison page that set two runs side by side, topic by topic.

Each row of their tables holds a figure for run A, for run B and the difference of the means
(`compare_row`); the charts draw A solid and B hatched. Here are the last day's grades, the
denials per service and the disparity between groups.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.simulation.report.charts import SMALL, WIDE, BarSeries, bar_figure, run_styles
from socialcredit.simulation.report.data import Run, final
from socialcredit.simulation.report.page import Page
from socialcredit.simulation.report.style import BLUE, ORANGE, PURPLE, VERMILION
from socialcredit.simulation.report.text import esc, fmt_diff, fmt_stat, short
from socialcredit.simulation.report.values import Kind


def compare_row(runs: Sequence[Run], name: str, label_html: str, kind: Kind) -> list[str]:
    a, b = (r.stat(name, kind) for r in runs)
    return [
        label_html,
        esc(fmt_stat(a, kind)),
        esc(fmt_stat(b, kind)),
        esc(fmt_diff(a[0], b[0], kind)),
    ]


def compare_grade_table(p: Page, runs: Sequence[Run], grades: list[str]) -> str:
    rows = []
    for g in grades:
        sa, sb = (final(r, f"grade.{g}.final", f"grade:{g}") for r in runs)
        rows.append(
            [
                esc(g),
                esc(fmt_stat(sa, "count")),
                esc(fmt_stat(sb, "count")),
                esc(fmt_diff(sa[0], sb[0], "count")),
            ]
        )
    return p.table(
        "Citizens per observed grade on the last day", ["Grade", "A", "B", "B \u2212 A"], rows
    )


def compare_denials(p: Page, runs: Sequence[Run], services: list[str]) -> str:
    a, b = runs
    series = [
        BarSeries("A: denied", BLUE, [a.stat(f"deny.{s}.final") for s in services]),
        BarSeries("B: denied", ORANGE, [b.stat(f"deny.{s}.final") for s in services], "///"),
        BarSeries(
            "A: wrongly denied", VERMILION, [a.stat(f"deny_wrongful.{s}.final") for s in services]
        ),
        BarSeries(
            "B: wrongly denied",
            PURPLE,
            [b.stat(f"deny_wrongful.{s}.final") for s in services],
            "///",
        ),
    ]
    figure = bar_figure(
        p,
        services,
        series,
        horizontal=True,
        label="Grouped horizontal bars per service: citizens denied and wrongly denied on the "
        "last day, run A next to run B.",
        caption_html="Citizens refused each service on the last day, all and wrongly; A solid, "
        "B hatched.",
        size=(WIDE[0], 1.4 + 0.62 * max(1, len(services))),
        ylabel="Citizens",
    )
    rows = [compare_row(runs, f"deny_wrongful.{s}.citizen_days", esc(s), "count") for s in services]
    table = p.table(
        "Wrongful-denial citizen-days per service",
        ["Service", "A", "B", "B \u2212 A"],
        rows,
    )
    return figure + table


def compare_groups(p: Page, runs: Sequence[Run], groups: list[str]) -> str:
    figures = [
        bar_figure(
            p,
            groups,
            [
                BarSeries(
                    short(r.label, 30), c, [r.stat(name.format(g), "rate") for g in groups], h
                )
                for r, c, h in run_styles(runs)
            ],
            label=f"Bars per group: {title.lower()}, run A next to run B.",
            caption_html=f"{esc(title)} citizens by group; A solid, B hatched.",
            kind="rate",
            size=(SMALL[0], SMALL[1] + 0.4),
            title=title,
        )
        for name, title in [
            ("group.{}.ever_blacklisted_per_1000", "Ever blacklisted per 1,000"),
            ("group.{}.ever_wrongly_blacklisted_per_1000", "Ever wrongly blacklisted per 1,000"),
        ]
    ]
    rows = [
        compare_row(runs, "disparity.blacklisted_ratio", "Disparity ratio, blacklisted", "ratio"),
        compare_row(
            runs,
            "disparity.wrongly_blacklisted_ratio",
            "Disparity ratio, wrongly blacklisted",
            "ratio",
        ),
    ]
    for g in groups:
        rows.append(
            compare_row(
                runs, f"group.{g}.mean_score.final", f"{esc(g)}: mean score at end", "score"
            )
        )
        rows.append(
            compare_row(
                runs,
                f"group.{g}.mean_score_true.final",
                f"{esc(g)}: mean score at end, true conduct",
                "score",
            )
        )
    table = p.table(
        "Disparity ratios and mean scores by group",
        ["Figure", "A", "B", "B \u2212 A"],
        rows,
    )
    return f'<div class="grid">{"".join(figures)}</div>' + table
