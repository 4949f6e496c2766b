"""The disparity section of the run report: how the policy treats each group of citizens.

Small multiples per group (ever blacklisted, ever wrongly blacklisted and wrongful denials and
restrictions of one service per 1,000 citizens, and the mean score on the last day, observed
against true conduct), a table of the same figures, and each group set against the reference
group with signed differences and ratios, read out in words: who fares worse, and whether the
interval says so.
"""

from __future__ import annotations

from typing import Literal

from socialcredit.domain.catalogue import metrics
from socialcredit.report.kit.charts import SMALL, BarSeries, bar_figure
from socialcredit.report.kit.page import Page, with_note
from socialcredit.report.kit.plot import Chart, Dot, Key, Panel, figure
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.seeds import seeds_note
from socialcredit.report.kit.style import BLUE, ORANGE, PURPLE, VERMILION
from socialcredit.report.kit.text import NOT_RECORDED, esc


def disparity_section(p: Page, run: Run) -> str:
    groups = run.groups
    train = "train" if "train" in run.services else run.services[0]
    harmed = metrics.GROUP_WRONGLY_HARMED_SERVICE_CITIZEN_DAYS_PER_1000.replace("{service}", train)
    # (metric, short title for the small plot, what it counts, colour)
    measures: list[tuple[str, str, str, str]] = [
        (
            metrics.GROUP_EVER_BLACKLISTED_PER_1000,
            "Ever blacklisted",
            "Citizens ever blacklisted per 1,000",
            BLUE,
        ),
        (
            metrics.GROUP_EVER_WRONGLY_BLACKLISTED_PER_1000,
            "Ever wrongly blacklisted",
            "Citizens ever wrongly blacklisted per 1,000",
            VERMILION,
        ),
        (
            harmed,
            f"Wrongly harmed at {train}",
            f"Citizen-days wrongly denied or restricted at {train}, per 1,000",
            PURPLE,
        ),
    ]
    figures = [
        bar_figure(
            p,
            groups,
            [BarSeries(title, color, [run.stat(name.format(group=g)) for g in groups])],
            label=f"Bars per group: {counts.lower()}.",
            caption_html=esc(counts) + ", by group.",
            kind="rate",
            size=SMALL,
            title=title,
            ylabel="per 1,000",
        )
        for name, title, counts, color in measures
    ]
    figures.insert(2, _score_figure(p, run))
    body = f'<div class="grid">{"".join(figures)}</div>'
    columns = [
        metrics.GROUP_CITIZENS,
        metrics.GROUP_EVER_BLACKLISTED_PER_1000,
        metrics.GROUP_EVER_WRONGLY_BLACKLISTED_PER_1000,
        metrics.GROUP_MEAN_SCORE_FINAL,
        metrics.GROUP_MEAN_SCORE_TRUE_FINAL,
        metrics.GROUP_SCORE_GAP_FINAL,
        harmed,
    ]
    head = [
        "Group",
        *(
            esc(run.label_of(c.format(group=groups[0])).removesuffix(f", {groups[0]}"))
            for c in columns
        ),
    ]
    rows = [[esc(g), *(esc(run.cell(c.format(group=g))) for c in columns)] for g in groups]
    body += p.table("Figures by group", head, rows, note_html=esc(seeds_note(run)))
    body += comparison_table(p, run)
    return body


COMPARED = (
    (
        metrics.DISPARITY_EVER_BLACKLISTED_DIFFERENCE,
        metrics.DISPARITY_EVER_BLACKLISTED_RATIO,
        "blacklisted",
    ),
    (
        metrics.DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE,
        metrics.DISPARITY_EVER_WRONGLY_BLACKLISTED_RATIO,
        "wrongly blacklisted",
    ),
)
"""Each compared figure: its signed difference, its ratio, and what it counts, in words."""


def comparison_table(p: Page, run: Run) -> str:
    """Each group against the reference group: signed differences and ratios, and who fares
    worse, in words."""
    ref = run.reference
    others = [g for g in run.groups if g != ref]
    if not others:
        return (
            f"<p>The scenario has one group ({esc(ref)}), so there is no disparity between "
            "groups to measure.</p>"
        )
    rows = []
    for g in others:
        for difference, ratio, what in COMPARED:
            name = difference.format(other=g, reference=ref)
            rows.append(
                [
                    _compared(run, name),
                    esc(run.cell(name)),
                    esc(run.cell(ratio.format(other=g, reference=ref))),
                    esc(_verdict(run, name, g, ref, what)),
                ]
            )
        gap = metrics.DISPARITY_SCORE_GAP_DIFFERENCE.format(other=g, reference=ref)
        rows.append(
            [
                _compared(run, gap),
                esc(run.cell(gap)),
                "no ratio: a difference of points",
                esc(_gap_verdict(run, gap, g, ref)),
            ]
        )
    return p.table(
        f"Each group against the reference group, {ref}",
        ["Comparison", "Difference", "Ratio", "Reading"],
        rows,
        numeric=[False, True, True, False],
        note_html=f"Signed comparisons with the reference group <strong>{esc(ref)}</strong>: "
        "the group named first minus (a ratio: divided by) the reference group. Under each "
        "comparison, the metric catalogue's description says which side of 0 means the group "
        "named first fares worse; the reading says who does only when the 95% interval of the "
        "difference excludes 0.",
    )


def _compared(run: Run, difference: str) -> str:
    """A comparison's row header: its label, and under it the catalogue's description, which
    states the sign convention (the report does not state it again)."""
    label = run.label_of(difference).removesuffix(", difference")
    return with_note(esc(label), esc(run.metrics[difference].description))


def _verdict(run: Run, name: str, group: str, ref: str, what: str) -> str:
    if not run.recorded(name):
        return NOT_RECORDED
    mean, low, high = run.stat(name)
    if mean is None:
        return "undefined"
    if low is None or high is None:
        if mean == 0:
            return f"{group} and {ref} alike (one seed: no interval)"
        more = "more" if mean > 0 else "less"
        return f"{group} is {what} {more} often than {ref} (one seed: no interval)"
    if low > 0:
        return f"{group} is {what} more often than {ref}"
    if high < 0:
        return f"{group} is {what} less often than {ref}"
    return f"no clear difference between {group} and {ref}"


def _gap_verdict(run: Run, name: str, group: str, ref: str) -> str:
    if not run.recorded(name):
        return NOT_RECORDED
    mean, low, high = run.stat(name)
    if mean is None:
        return "undefined"
    if low is not None and high is not None and low <= 0 <= high:
        return f"observation marks {group} and {ref} alike"
    lower = mean < 0
    return (
        f"observation marks {group} down more than {ref}"
        if lower
        else f"observation marks {group} down less than {ref}"
    ) + (" (one seed: no interval)" if low is None else "")


def _score_figure(p: Page, run: Run) -> str:
    groups = run.groups
    panel = Panel(title="Mean score at end", y_label="Score", categories=groups, from_zero=False)
    marks: list[tuple[str, str, str, Literal["o", "s"]]] = [
        (metrics.GROUP_MEAN_SCORE_FINAL, "observed", BLUE, "o"),
        (metrics.GROUP_MEAN_SCORE_TRUE_FINAL, "by true conduct", ORANGE, "s"),
    ]
    keys = []
    for k, (name, text, color, marker) in enumerate(marks):
        for i, g in enumerate(groups):
            mean, low, high = run.stat(name.format(group=g))
            if mean is not None:
                panel.dots.append(Dot(i, (k - 0.5) * 0.25, mean, low, high, color, marker))
        keys.append(Key(text, color, kind="marker", marker=marker))
    if not panel.drawn:
        panel = Panel(title="Mean score at end")
        keys = []
    return figure(
        p,
        Chart(SMALL, [panel], keys),
        label="Dot plot per group: mean score on the last day, observed and by true conduct.",
        caption_html="Mean score per group on the last day; the gap between the two marks is "
        "what observation adds or removes. The axis does not start at zero.",
    )
