"""Two stored runs side by side: key figures with B minus A, and shared time-series axes.

`render_comparison` works on the union of the two runs' groups, services and grades, so runs of
scenarios with different groups or policies with different services still compare; the run
that lacks one shows "—". Run A is drawn with solid lines and solid blue bars, run B with
dashed lines and hatched orange bars. The per-topic sections live in `compare_sections` and
`footprint`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from socialcredit.simulation.report.charts import WIDE, BarSeries, bar_figure, run_styles
from socialcredit.simulation.report.compare_sections import (
    compare_denials,
    compare_grade_table,
    compare_groups,
    compare_row,
)
from socialcredit.simulation.report.data import ROLLING_DAYS, Run, final, make_run
from socialcredit.simulation.report.footprint import compare_footprint
from socialcredit.simulation.report.key_figures import END_LISTS, END_LISTS_LABELS, KEY_FIGURES
from socialcredit.simulation.report.page import Page, Section, page
from socialcredit.simulation.report.text import esc, fmt, fmt_diff, short
from socialcredit.simulation.report.timeseries import (
    behaviour_panels,
    list_panels,
    timeseries,
    wrongful_panels,
)
from socialcredit.simulation.report.values import DASH, Kind, number

if TYPE_CHECKING:
    # Only for the annotation: outputs.py imports this package lazily, and a runtime import
    # here would close the cycle.
    from socialcredit.simulation.outputs import StoredRun

_COMPARED: list[tuple[str, str, Kind]] = [(n, t, k) for n, t, k, _ in KEY_FIGURES] + [
    ("disparity.blacklisted_ratio", "Disparity ratio, blacklisted", "ratio"),
    ("disparity.wrongly_blacklisted_ratio", "Disparity ratio, wrongly blacklisted", "ratio"),
    ("behaviour.bad_acts_per_1000_day.first", "Bad acts per 1,000 per day, first days", "rate"),
    ("behaviour.bad_acts_per_1000_day.last", "Bad acts per 1,000 per day, last days", "rate"),
    ("behaviour.bad_acts_change", "Change in bad acts", "change"),
    ("behaviour.good_acts_change", "Change in good acts", "change"),
]


def render_comparison(a: StoredRun, b: StoredRun) -> str:
    """Two stored runs side by side: key figures with B minus A, and shared time-series axes."""
    ra, rb = make_run(a.metrics, a.series, "A"), make_run(b.metrics, b.series, "B")
    runs = [ra, rb]
    # The union, so runs of scenarios with different groups or policies with different
    # services still compare; the run that lacks one shows "—".
    groups = _union(r.groups for r in runs)
    services = _union(r.services for r in runs)
    grades = _union(r.grades for r in runs)
    p = Page()
    lead = "".join(
        f'<p class="lead"><strong>{r.tag}</strong> ({style} lines): policy '
        f"<strong>{esc(r.policy)}</strong> on scenario <strong>{esc(r.scenario)}</strong>, "
        f"{r.seed_count} seed{'s' if r.seed_count != 1 else ''}, from "
        f"<code>{esc(s.path)}</code>.</p>"
        for r, s, style in zip(runs, (a, b), ("solid", "dashed"), strict=True)
    )

    rows = _compare_text_rows(runs)
    rows += [compare_row(runs, name, esc(text), kind) for name, text, kind in _COMPARED]
    for s in services:
        rows.append(
            compare_row(
                runs,
                f"deny_wrongful.{s}.citizen_days",
                f"Wrongful {esc(s)}-denial citizen-days",
                "count",
            )
        )
    for g in groups:
        rows.append(
            compare_row(
                runs,
                f"group.{g}.ever_blacklisted_per_1000",
                f"{esc(g)}: ever blacklisted per 1,000",
                "rate",
            )
        )
        rows.append(
            compare_row(
                runs,
                f"group.{g}.ever_wrongly_blacklisted_per_1000",
                f"{esc(g)}: ever wrongly blacklisted per 1,000",
                "rate",
            )
        )
    head = [
        "Figure",
        f"A: {esc(short(ra.label[3:]))}",
        f"B: {esc(short(rb.label[3:]))}",
        "B \u2212 A",
    ]
    key = p.table(
        "Key figures",
        head,
        rows,
        note_html="Means, with 95% intervals where a run has several seeds; B \u2212 A is the "
        "difference of the means (pp: percentage points).",
    )
    key += bar_figure(
        p,
        END_LISTS_LABELS,
        [
            BarSeries(short(r.label), c, [r.stat(n) for n in END_LISTS], h)
            for r, c, h in run_styles(runs)
        ],
        horizontal=True,
        label="Horizontal bars: list sizes on the last day, run A next to run B.",
        caption_html="Lists on the last day, A (solid) and B (hatched).",
        size=(WIDE[0], 3.8),
        ylabel="Citizens",
    )
    sections = [
        Section("key-figures", "Key figures", key),
        Section("footprint", "Data footprints", compare_footprint(p, runs)),
        Section(
            "grades",
            "Grades on the last day",
            compare_grade_table(p, runs, grades)
            + bar_figure(
                p,
                grades,
                [
                    BarSeries(
                        short(r.label),
                        c,
                        [final(r, f"grade.{g}.final", f"grade:{g}") for g in grades],
                        h,
                    )
                    for r, c, h in run_styles(runs)
                ],
                label="Bars: citizens per observed grade on the last day, run A next to run B.",
                caption_html="Observed grades on the last day, A (solid) and B (hatched).",
                title="Observed grades on the last day",
                ylabel="Citizens",
                size=(WIDE[0], 3.6),
            ),
        ),
        Section(
            "lists",
            "List sizes over time",
            timeseries(
                p,
                runs,
                list_panels(),
                label="Line charts: black and red list sizes per day, observed and by true "
                "conduct, for run A (solid) and run B (dashed).",
                caption_html="Means over seeds. Colour: what is counted; A solid, B dashed.",
            ),
        ),
        Section(
            "wrongful",
            "Wrongful listings over time",
            timeseries(
                p,
                runs,
                wrongful_panels(),
                label="Line chart: wrongly blacklisted and missed citizens per day, run A "
                "solid and run B dashed.",
                caption_html="Means over seeds. A solid, B dashed.",
            ),
        ),
        Section("denials", "Denials per service", compare_denials(p, runs, services)),
        Section("disparity", "Disparity between groups", compare_groups(p, runs, groups)),
        Section(
            "behaviour",
            "Behaviour change",
            timeseries(
                p,
                runs,
                behaviour_panels(),
                label="Line charts: bad and good acts per 1,000 citizens per day, 7-day "
                "rolling mean, run A solid and run B dashed.",
                caption_html=f"Trailing {ROLLING_DAYS}-day mean of acts per 1,000 citizens per "
                "day, means over seeds. A solid, B dashed.",
            ),
        ),
    ]
    return page(
        title=f"A: {ra.label[3:]} vs B: {rb.label[3:]} \u2014 socialcredit comparison",
        kicker="socialcredit run comparison",
        heading=f"{ra.policy} on {ra.scenario} (A) against {rb.policy} on {rb.scenario} (B)",
        lead_html=lead,
        sections=sections,
    )


def _compare_text_rows(runs: Sequence[Run]) -> list[list[str]]:
    a, b = runs

    def diff(name: str) -> str:
        return esc(fmt_diff(number(a.metrics.get(name)), number(b.metrics.get(name)), "count"))

    return [
        ["Policy", esc(a.policy), esc(b.policy), DASH],
        ["Policy hash", esc(a.short_hash or DASH), esc(b.short_hash or DASH), DASH],
        ["Scenario", esc(a.scenario), esc(b.scenario), DASH],
        [
            "Citizens",
            esc(fmt(a.citizens, "count")),
            esc(fmt(b.citizens, "count")),
            diff("citizens"),
        ],
        [
            "Days",
            esc(fmt(number(a.metrics.get("days")), "count")),
            esc(fmt(number(b.metrics.get("days")), "count")),
            diff("days"),
        ],
        [
            "Seeds",
            str(a.seed_count),
            str(b.seed_count),
            esc(fmt_diff(a.seed_count, b.seed_count, "count")),
        ],
    ]


def _union(lists: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(x for lst in lists for x in lst))
