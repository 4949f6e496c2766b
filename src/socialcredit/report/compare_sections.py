"""Rows and sections of the comparison page: each figure for run A, for run B, and B minus A.

B minus A comes from `runs.comparison`: paired seed by seed over the shared seeds when both runs
are of the same population (with common random numbers the same seed is then the same town and
the same draws, so most of the sampling noise cancels in the difference), the difference of
the means otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.domain.catalogue import Metric
from socialcredit.report.charts import SMALL, WIDE, BarSeries, bar_figure, run_styles
from socialcredit.report.data import Run
from socialcredit.report.page import Page
from socialcredit.report.style import BLUE, ORANGE, PURPLE, VERMILION
from socialcredit.report.text import DASH, esc, fmt_difference, fmt_stat, short
from socialcredit.runs.comparison import Comparison


def _declared(runs: Sequence[Run], name: str) -> tuple[Metric, str] | None:
    for r in runs:
        if name in r.metrics:
            return r.declared(name), r.label_of(name)
    return None


def comparison(runs: Sequence[Run]) -> Comparison:
    a, b = runs
    return Comparison(a.record, b.record)


def compare_row(runs: Sequence[Run], name: str, label_html: str | None = None) -> list[str]:
    """[label, A, B, B − A] for one metric; a run without the metric shows that it lacks it."""
    a, b = runs
    found = _declared(runs, name)
    if found is None:
        return [esc(name), DASH, DASH, DASH]
    metric, label = found

    def cell(run: Run) -> str:
        if name not in run.metrics:
            return "not in this run"
        return esc(fmt_stat(run.stat(name), metric.kind, metric.undefined))

    diff = DASH
    if name in a.metrics and name in b.metrics:
        diff = esc(fmt_difference(comparison(runs).difference(name), metric.kind))
    return [label_html if label_html is not None else esc(label), cell(a), cell(b), diff]


def difference_note(runs: Sequence[Run]) -> str:
    return comparison(runs).reading


def compare_grade_table(p: Page, runs: Sequence[Run], grades: list[str]) -> str:
    rows = [compare_row(runs, f"grade.{g}.final", esc(g)) for g in grades]
    return p.table(
        "Citizens per observed grade on the last day",
        ["Grade", "A", "B", "B \u2212 A"],
        rows,
        note_html=esc(difference_note(runs)),
    )


def compare_services(p: Page, runs: Sequence[Run], services: list[str]) -> str:
    a, b = runs
    series = [
        BarSeries("A: denied", BLUE, [a.stat(f"denied.{s}.final") for s in services]),
        BarSeries("B: denied", ORANGE, [b.stat(f"denied.{s}.final") for s in services], "///"),
        BarSeries("A: restricted", VERMILION, [a.stat(f"restricted.{s}.final") for s in services]),
        BarSeries(
            "B: restricted", PURPLE, [b.stat(f"restricted.{s}.final") for s in services], "///"
        ),
    ]
    figure = bar_figure(
        p,
        services,
        series,
        horizontal=True,
        label="Grouped horizontal bars per service: citizens denied and restricted on the last "
        "day, run A next to run B.",
        caption_html="Citizens refused each service, and admitted only on restricting "
        "conditions, on the last day; A solid, B hatched.",
        size=(WIDE[0], 1.6 + 0.8 * max(1, len(services))),
        ylabel="Citizens",
    )
    rows = []
    for s in services:
        for measure in ("denied_wrongful", "restricted_wrongful"):
            rows.append(compare_row(runs, f"{measure}.{s}.citizen_days"))
    table = p.table(
        "Wrongful denials and restrictions per service, citizen-days",
        ["Figure", "A", "B", "B \u2212 A"],
        rows,
        note_html=esc(difference_note(runs)),
    )
    return figure + table


def compare_groups(p: Page, runs: Sequence[Run], groups: list[str]) -> str:
    figures = [
        bar_figure(
            p,
            groups,
            [
                BarSeries(short(r.label, 30), c, [r.stat(name.format(g)) for g in groups], h)
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
    rows = []
    for g in groups:
        for measure in ("ever_blacklisted_per_1000", "ever_wrongly_blacklisted_per_1000"):
            rows.append(compare_row(runs, f"group.{g}.{measure}"))
        rows.append(compare_row(runs, f"group.{g}.score_gap.final"))
    for r in runs:
        ref = r.reference
        for g in r.groups:
            if g == ref:
                continue
            for what in ("ever_blacklisted", "ever_wrongly_blacklisted", "score_gap"):
                row = compare_row(runs, f"disparity.{g}_vs_{ref}.{what}.difference")
                if row not in rows:
                    rows.append(row)
    table = p.table(
        "Groups and signed disparities",
        ["Figure", "A", "B", "B \u2212 A"],
        rows,
        note_html="Disparities compare each group with the scenario's reference group: above 0, "
        "the group named first fares worse. " + esc(difference_note(runs)),
    )
    return f'<div class="grid">{"".join(figures)}</div>' + table
