"""Rows and sections of the comparison page: each figure for every run (A, B, C, …), and each run
after the first minus the first (B − A, C − A, …).

The differences are computed before the page is rendered (`runs.differences`, which takes them
as `runs.comparison` says): paired seed by seed over the shared seeds when both runs of a pair
are of the same citizens (with common random numbers the same seed is then the same town, so
most of the sampling noise cancels in the difference; the page says what else the two runs
share, from `engine.sharing`), the difference of the means otherwise. Each pair is judged on its
own. The rows here only look them up.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.domain.catalogue import DISPARITY_DIFFERENCES, Metric, metrics
from socialcredit.report.kit.benefit import benefit_sentence, ranged_names
from socialcredit.report.kit.charts import SMALL, BarSeries, bar_figure, bar_key, run_styles
from socialcredit.report.kit.page import Page, with_note
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.text import DASH, NOT_RECORDED, esc, fmt_difference, fmt_stat, short
from socialcredit.runs.differences import Differences, PairDifferences


def _declared(runs: Sequence[Run], name: str) -> tuple[Metric, str] | None:
    for r in runs:
        if name in r.metrics:
            return r.declared(name), r.label_of(name)
    return None


def columns(runs: Sequence[Run], diffs: Differences, first: str = "Figure") -> list[str]:
    """Table head: `first`, a column per run (A, B, …), a column per difference (B − A, …)."""
    return [first, *(esc(r.tag) for r in runs), *(esc(c.label) for c in diffs.pairs)]


def compare_row(
    runs: Sequence[Run], diffs: Differences, name: str, label_html: str | None = None
) -> list[str]:
    """[label, A, B, …, B − A, …] for one metric; a run without the metric says that it lacks
    it, or that it did not record it, and a difference with such a run is a dash."""
    found = _declared(runs, name)
    if found is None:
        return [esc(name), *[DASH] * (2 * len(runs) - 1)]
    metric, label = found

    def cell(run: Run) -> str:
        if name not in run.metrics:
            return "not in this run"
        if not run.recorded(name):
            return esc(NOT_RECORDED)
        return esc(fmt_stat(run.stat(name), metric.kind, metric.undefined))

    def diff(pair: PairDifferences) -> str:
        difference = pair.of(name)
        return DASH if difference is None else esc(fmt_difference(difference, metric.kind))

    label_cell = label_html if label_html is not None else esc(label)
    return [label_cell, *map(cell, runs), *map(diff, diffs.pairs)]


def compare_grade_table(p: Page, runs: Sequence[Run], diffs: Differences, grades: list[str]) -> str:
    rows = [compare_row(runs, diffs, metrics.GRADE_FINAL.format(grade=g), esc(g)) for g in grades]
    return p.table(
        "Citizens per observed grade on the last day",
        columns(runs, diffs, "Grade"),
        rows,
        note_html=esc(diffs.reading),
    )


def compare_services(p: Page, runs: Sequence[Run], diffs: Differences, services: list[str]) -> str:
    figures = [
        bar_figure(
            p,
            services,
            [
                BarSeries(
                    short(r.label, 30),
                    c,
                    [r.stat(measure.format(service=s)) for s in services],
                    h,
                )
                for r, c, h in run_styles(runs)
            ],
            horizontal=True,
            label=f"Horizontal bars per service: citizens {what} on the last day, each run next "
            "to the others.",
            caption_html=f"{esc(caption)} on the last day; {esc(bar_key(runs))}.",
            size=(SMALL[0], 1.6 + (0.3 + 0.2 * len(runs)) * max(1, len(services))),
            title=title,
            ylabel="Citizens",
        )
        for measure, what, title, caption in [
            (metrics.DENIED_SERVICE_FINAL, "denied", "Denied", "Citizens refused each service"),
            (
                metrics.RESTRICTED_SERVICE_FINAL,
                "restricted",
                "Restricted",
                "Citizens admitted to each service only on restricting conditions",
            ),
        ]
    ]
    rows = []
    for s in services:
        for measure in (
            metrics.DENIED_WRONGFUL_SERVICE_CITIZEN_DAYS,
            metrics.RESTRICTED_WRONGFUL_SERVICE_CITIZEN_DAYS,
        ):
            rows.append(compare_row(runs, diffs, measure.format(service=s)))
    table = p.table(
        "Wrongful denials and restrictions per service, citizen-days",
        columns(runs, diffs),
        rows,
        note_html=esc(diffs.reading),
    )
    return f'<div class="grid">{"".join(figures)}</div>' + table


def compare_groups(p: Page, runs: Sequence[Run], diffs: Differences, groups: list[str]) -> str:
    figures = [
        bar_figure(
            p,
            groups,
            [
                BarSeries(short(r.label, 30), c, [r.stat(name.format(group=g)) for g in groups], h)
                for r, c, h in run_styles(runs)
            ],
            label=f"Bars per group: {title.lower()}, each run next to the others.",
            caption_html=f"{esc(title)} citizens by group; {esc(bar_key(runs))}.",
            kind="rate",
            size=(SMALL[0], SMALL[1] + 0.4 + 0.25 * max(0, len(runs) - 2)),
            title=title,
        )
        for name, title in [
            (metrics.GROUP_EVER_BLACKLISTED_PER_1000, "Ever blacklisted per 1,000"),
            (metrics.GROUP_EVER_WRONGLY_BLACKLISTED_PER_1000, "Ever wrongly blacklisted per 1,000"),
        ]
    ]
    rows = []
    for g in groups:
        for measure in (
            metrics.GROUP_EVER_BLACKLISTED_PER_1000,
            metrics.GROUP_EVER_WRONGLY_BLACKLISTED_PER_1000,
            metrics.GROUP_SCORE_GAP_FINAL,
        ):
            rows.append(compare_row(runs, diffs, measure.format(group=g)))
    for r in runs:
        ref = r.reference
        for g in r.groups:
            if g == ref:
                continue
            for difference in DISPARITY_DIFFERENCES:
                name = difference.format(other=g, reference=ref)
                # The catalogue's description states which side of 0 is worse for the group.
                described = with_note(esc(r.label_of(name)), esc(r.metrics[name].description))
                row = compare_row(runs, diffs, name, described)
                if row not in rows:
                    rows.append(row)
    table = p.table(
        "Groups and signed disparities",
        columns(runs, diffs),
        rows,
        note_html="Disparities compare each group with the scenario's reference group: the group "
        "named first minus the reference group, and under each the catalogue's description says "
        "which side of 0 means it fares worse. " + esc(diffs.reading),
    )
    return f'<div class="grid">{"".join(figures)}</div>' + table


def compare_benefit(p: Page, runs: Sequence[Run], diffs: Differences) -> str:
    """Each run's benefit over its response range side by side: the three figures with their
    differences, and each run's benefit in words (or why it has none)."""
    names = [metrics.BENEFIT_WEAKEST, metrics.BENEFIT, metrics.BENEFIT_STRONGEST]
    rows = [compare_row(runs, diffs, name) for name in names]
    table = p.table(
        "Benefit: fewer true bad acts per 1,000 citizen-years than no scoring",
        columns(runs, diffs),
        rows,
        note_html="Each run against the same town with no scoring (policy none) on its own "
        "seeds, at the weakest end of its scenario's response ranges, at the central values "
        "and at the strongest end. " + esc(diffs.reading),
    )
    words = "".join(
        f'<p class="benefit-words" data-run="{esc(r.tag)}"><strong>{esc(r.tag)}</strong> '
        f"({esc(r.policy)} on {esc(r.scenario)}): {esc(benefit_sentence(r.benefit))}"
        + (
            f" Ranged responses: {esc(ranged_names(r.benefit))}."
            if r.benefit.ranges and r.benefit.absent is None
            else ""
        )
        + "</p>"
        for r in runs
    )
    return table + words
