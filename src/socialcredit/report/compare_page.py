"""Two stored runs side by side: key figures with B minus A paired over shared seeds, and shared
time-series axes.

`render_comparison` works on the union of the two runs' groups, services and grades, so runs of
scenarios with different groups or policies with different services still compare; the run
that lacks one says so. Run A is drawn with solid lines and solid blue bars, run B with
dashed lines and hatched orange bars. The per-topic sections live in `compare_sections` and
`footprint`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from socialcredit.report.charts import WIDE, BarSeries, bar_figure, run_styles
from socialcredit.report.compare_sections import (
    compare_grade_table,
    compare_groups,
    compare_row,
    compare_services,
    difference_note,
)
from socialcredit.report.data import ROLLING_DAYS, Run, make_run, seeds_phrase, seeds_text
from socialcredit.report.footprint import compare_footprint
from socialcredit.report.key_figures import (
    END_LISTS,
    END_LISTS_LABELS,
    headline_metrics,
    service_columns,
    service_name,
)
from socialcredit.report.page import Page, Section, page
from socialcredit.report.text import DASH, esc, fmt, short
from socialcredit.report.timeseries import (
    behaviour_panels,
    list_panels,
    timeseries,
    wrongful_panels,
)
from socialcredit.runs.schema import PopulationRecord
from socialcredit.runs.store import StoredRun


def render_comparison(a: StoredRun, b: StoredRun) -> str:
    """Two stored population runs side by side: every key figure for A and B, and B minus A
    paired over their shared seeds."""
    assert isinstance(a.record, PopulationRecord)
    assert isinstance(b.record, PopulationRecord)
    ra, rb = make_run(a.record, a.series, "A"), make_run(b.record, b.series, "B")
    runs = [ra, rb]
    # The union, so runs of scenarios with different groups or policies with different
    # services still compare; the run that lacks one says so.
    groups = _union(r.groups for r in runs)
    services = _union(r.services for r in runs)
    grades = _union(r.grades for r in runs)
    p = Page()
    lead = "".join(
        f'<p class="lead"><strong>{r.tag}</strong> ({style} lines): policy '
        f"<strong>{esc(r.policy)}</strong> on scenario <strong>{esc(r.scenario)}</strong>, "
        f"{esc(seeds_phrase(r))}, from <code>{esc(s.path)}</code>.</p>"
        for r, s, style in zip(runs, (a, b), ("solid", "dashed"), strict=True)
    )
    lead += f'<p class="lead">{esc(difference_note(runs))}</p>'

    rows = _compare_text_rows(runs)
    rows += [compare_row(runs, name) for name in _union(headline_metrics(r) for r in runs)]
    key = p.table(
        "Key figures",
        [
            "Figure",
            f"A: {esc(short(ra.label[3:]))}",
            f"B: {esc(short(rb.label[3:]))}",
            "B \u2212 A",
        ],
        rows,
        note_html="Means over seeds, with 95% intervals where a run has several. "
        + esc(difference_note(runs)),
    )
    service_rows = [
        compare_row(runs, service_name(m.name, s), esc(f"{s}: {m.column}"))
        for s in services
        for m in service_columns()
    ]
    key += p.table(
        "Services",
        ["Figure", "A", "B", "B \u2212 A"],
        service_rows,
        note_html=esc(difference_note(runs)),
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
                        [r.stat(f"grade.{g}.final") for g in grades],
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
        Section(
            "services",
            "Denials and restrictions per service",
            compare_services(p, runs, services),
        ),
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
    return [
        ["Policy", esc(a.policy), esc(b.policy), DASH],
        ["Policy hash", esc(a.short_hash), esc(b.short_hash), DASH],
        ["Scenario", esc(a.scenario), esc(b.scenario), DASH],
        ["Citizens", esc(fmt(a.citizens, "count")), esc(fmt(b.citizens, "count")), DASH],
        ["Days", esc(fmt(a.record.days, "count")), esc(fmt(b.record.days, "count")), DASH],
        ["Seeds", esc(seeds_text(a)), esc(seeds_text(b)), DASH],
    ]


def _union(lists: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(x for lst in lists for x in lst))
