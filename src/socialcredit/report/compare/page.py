"""Stored runs side by side, any number of them (A, B, C, … in the order given): key figures
for every run, each run after the first minus the first (B − A, C − A, …) paired over shared seeds
where the pair allows it, and shared time-series axes.

`render_comparison` works on the union of the runs' groups, services and grades, so runs of
scenarios with different groups or policies with different services still compare; a run that
lacks one says so. Each run has its own line style (A solid, B dashed, C dotted, …) and bar
colour and hatch (A solid blue, B hatched orange, C back-hatched green, …), so the runs stay
apart in greyscale; the captions say which is which. The per-topic sections live in
`compare.sections` and `kit.footprint`.

Every difference (B − A, C − A, …) and the sentence saying how each is taken come computed in a
`runs.differences.Differences`; the page renders them and computes none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from socialcredit.domain.catalogue import LISTS_AT_END, metrics
from socialcredit.report.compare.sections import (
    columns,
    compare_benefit,
    compare_grade_table,
    compare_groups,
    compare_row,
    compare_services,
)
from socialcredit.report.kit.charts import (
    WIDE,
    BarSeries,
    bar_colour_name,
    bar_figure,
    bar_hatch_name,
    bar_key,
    run_styles,
)
from socialcredit.report.kit.footprint import compare_footprint
from socialcredit.report.kit.headline_figures import (
    END_LISTS_LABELS,
    headline_metrics,
    service_columns,
    service_name,
)
from socialcredit.report.kit.headlines import comparison_headline
from socialcredit.report.kit.histogram import histogram_figure
from socialcredit.report.kit.page import Page, Section, page
from socialcredit.report.kit.run_view import ROLLING_DAYS, Run, make_run
from socialcredit.report.kit.seeds import seeds_phrase, seeds_text
from socialcredit.report.kit.text import DASH, esc, fmt, short
from socialcredit.report.kit.timeseries import (
    behaviour_panels,
    line_key,
    list_panels,
    run_line,
    timeseries,
    wrongful_panels,
)
from socialcredit.runs.differences import Differences
from socialcredit.runs.schema import PopulationRecord
from socialcredit.runs.store import StoredRun


def render_comparison(*stored: StoredRun, differences: Differences) -> str:
    """Stored population runs side by side (two or more, tagged A, B, C, … in order): every key
    figure for each run, and each run after the first minus the first, paired over their shared
    seeds where they allow it, as `differences` (of the same runs, in the same order) holds."""
    if len(stored) < 2:
        raise ValueError(f"a comparison takes at least two runs, not {len(stored)}")
    if len(differences.tags) != len(stored):
        raise ValueError(f"differences of {len(differences.tags)} runs for {len(stored)} runs")
    diffs = differences
    runs: list[Run] = []
    for tag, s in zip(diffs.tags, stored, strict=True):
        assert isinstance(s.record, PopulationRecord)
        runs.append(make_run(s.record, s.series, tag))
    # The union, so runs of scenarios with different groups or policies with different
    # services still compare; the run that lacks one says so.
    groups = _union(r.groups for r in runs)
    services = _union(r.services for r in runs)
    grades = _union(r.grades for r in runs)
    bars, lines = esc(bar_key(runs)), esc(line_key(runs))
    p = Page()
    lead = f'<p class="lead headline" id="headline">{esc(comparison_headline(runs, diffs))}</p>'
    lead += "".join(
        f'<p class="lead"><strong>{esc(r.tag)}</strong> ({run_line(i)[1]} lines, '
        f"{bar_hatch_name(i)} {bar_colour_name(i)} bars): policy "
        f"<strong>{esc(r.policy)}</strong> on scenario <strong>{esc(r.scenario)}</strong>, "
        f"{esc(seeds_phrase(r))}, from <code>{esc(s.path)}</code>.</p>"
        for i, (r, s) in enumerate(zip(runs, stored, strict=True))
    )
    lead += f'<p class="lead">{esc(diffs.reading)}</p>'

    rows = _compare_text_rows(runs, diffs)
    rows += [compare_row(runs, diffs, name) for name in _union(headline_metrics(r) for r in runs)]
    head = columns(runs, diffs)
    key = p.table(
        "Key figures",
        [head[0], *(f"{esc(r.tag)}: {esc(short(_name(r)))}" for r in runs), *head[len(runs) + 1 :]],
        rows,
        note_html="Means over seeds, with 95% intervals where a run has several. "
        + esc(diffs.reading),
    )
    service_rows = [
        compare_row(runs, diffs, service_name(m.name, s), esc(f"{s}: {m.column}"))
        for s in services
        for m in service_columns()
    ]
    key += p.table(
        "Services",
        head,
        service_rows,
        note_html=esc(diffs.reading),
    )
    key += bar_figure(
        p,
        END_LISTS_LABELS,
        [
            BarSeries(short(r.label), c, [r.stat(n) for n in LISTS_AT_END], h)
            for r, c, h in run_styles(runs)
        ],
        horizontal=True,
        label="Horizontal bars: list sizes on the last day, each run next to the others.",
        caption_html=f"Lists on the last day; {bars}.",
        size=(WIDE[0], 2.6 + 0.6 * len(runs)),
        ylabel="Citizens",
    )
    sections = [
        Section("key-figures", "Key figures", key),
        Section("scores", "Scores on the last day", histogram_figure(p, runs)),
        Section("benefit", "Benefit over the response range", compare_benefit(p, runs, diffs)),
        Section("footprint", "Data footprints", compare_footprint(p, runs)),
        Section(
            "grades",
            "Grades on the last day",
            compare_grade_table(p, runs, diffs, grades)
            + bar_figure(
                p,
                grades,
                [
                    BarSeries(
                        short(r.label),
                        c,
                        [r.stat(metrics.GRADE_FINAL.format(grade=g)) for g in grades],
                        h,
                    )
                    for r, c, h in run_styles(runs)
                ],
                label="Bars: citizens per observed grade on the last day, each run next to the "
                "others.",
                caption_html=f"Observed grades on the last day; {bars}.",
                title="Observed grades on the last day",
                ylabel="Citizens",
                size=(WIDE[0], 3.2 + 0.2 * len(runs)),
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
                f"conduct, one line style per run ({line_key(runs)}).",
                caption_html=f"Means over seeds. Colour: what is counted; {lines}.",
            ),
        ),
        Section(
            "wrongful",
            "Wrongful listings over time",
            timeseries(
                p,
                runs,
                wrongful_panels(),
                label="Line chart: wrongly blacklisted and missed citizens per day, one line "
                f"style per run ({line_key(runs)}).",
                caption_html=f"Means over seeds. {lines}.",
            ),
        ),
        Section(
            "services",
            "Denials and restrictions per service",
            compare_services(p, runs, diffs, services),
        ),
        Section("disparity", "Disparity between groups", compare_groups(p, runs, diffs, groups)),
        Section(
            "behaviour",
            "Behaviour change",
            timeseries(
                p,
                runs,
                behaviour_panels(),
                label="Line charts: bad and good acts per 1,000 citizens per day, 7-day "
                f"rolling mean, one line style per run ({line_key(runs)}).",
                caption_html=f"Trailing {ROLLING_DAYS}-day mean of acts per 1,000 citizens per "
                f"day, means over seeds. {lines}.",
            ),
        ),
    ]
    first, rest = runs[0], runs[1:]
    return page(
        title=" vs ".join(f"{r.tag}: {_name(r)}" for r in runs) + " \u2014 socialcredit comparison",
        kicker="socialcredit run comparison",
        heading=_heading(first, rest),
        lead_html=lead,
        sections=sections,
    )


def _name(run: Run) -> str:
    """The run's label without its tag: "default · baseline"."""
    return run.label.removeprefix(f"{run.tag}: ")


def _heading(first: Run, rest: Sequence[Run]) -> str:
    """A against B (and C); past three runs the others are counted, the lead names them."""
    if len(rest) <= 2:
        return f"{_describe(first)} against {_and([_describe(r) for r in rest])}"
    return f"{_describe(first)} against {len(rest)} other runs ({rest[0].tag}\u2013{rest[-1].tag})"


def _describe(run: Run) -> str:
    return f"{run.policy} on {run.scenario} ({run.tag})"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _compare_text_rows(runs: Sequence[Run], diffs: Differences) -> list[list[str]]:
    blanks = [DASH] * len(diffs.pairs)
    facts = [
        ("Policy", lambda r: esc(r.policy)),
        ("Policy hash", lambda r: esc(r.short_hash)),
        ("Scenario", lambda r: esc(r.scenario)),
        ("Citizens", lambda r: esc(fmt(r.citizens, "count"))),
        ("Days", lambda r: esc(fmt(r.record.days, "count"))),
        ("Seeds", lambda r: esc(seeds_text(r))),
    ]
    return [[label, *map(value, runs), *blanks] for label, value in facts]


def _union(lists: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(x for lst in lists for x in lst))
