"""The strategic-effort section of the run report, where the scenario's citizens spend effort
on their scores: what the score gain is made of, what being scored costs each group, and how
far observed scores drift from true ones over the run (docs/strategy.md)."""

from __future__ import annotations

from collections.abc import Callable

from socialcredit.domain.catalogue import STRATEGY, metrics
from socialcredit.report.kit.page import Page, with_note
from socialcredit.report.kit.run_view import Array, Run
from socialcredit.report.kit.seeds import seeds_note
from socialcredit.report.kit.style import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILION
from socialcredit.report.kit.text import esc
from socialcredit.report.kit.timeseries import timeseries, trace

FIGURES = (*STRATEGY, "strategy.effort_improving", "strategy.gamed_per_1000")
GROUP_FIGURES = (
    metrics.GROUP_STRATEGY_POINTS_PER_CITIZEN_YEAR,
    "group.{group}.strategy.gaming_share",
    metrics.GROUP_STRATEGY_WITHDRAWN_PER_1000,
    metrics.GROUP_STRATEGY_BURDEN,
)
_COLOURS = (BLUE, VERMILION, GREEN, PURPLE, ORANGE, SKY)


def strategic(run: Run) -> bool:
    """Whether the run's citizens spent effort on their scores and it booked points (the
    split is defined: not under `none`)."""
    return run.stat(metrics.STRATEGY_IMPROVEMENT_SHARE)[0] is not None


def _gap(group: str) -> Callable[[Run], Array | None]:
    """Per seed and day: the group's mean observed score minus its mean true score."""

    def values(run: Run) -> Array | None:
        observed = run.daily.matrix(f"score_sum.{group}")
        true = run.daily.matrix(f"score_sum_true.{group}")
        citizens = run.daily.matrix(f"citizens.{group}")
        if observed is None or true is None or citizens is None:
            return None
        out: Array = (observed - true) / citizens.clip(min=1.0)
        return out

    return values


def strategy_section(p: Page, run: Run) -> str:
    rows = []
    for name in FIGURES:
        bound = run.metrics[name]
        rows.append([with_note(esc(bound.label), esc(bound.description)), esc(run.cell(name))])
    table = p.table(
        "What the score gain is made of, and what it costs",
        ["Figure", "Value"],
        rows,
        note_html="Points are booked against the same town with no scoring, each act that "
        "differs at its chance of being recorded (docs/strategy.md). Effort is in the "
        "scenario's budget units. The figures are at the scenario's own strategic values; "
        "the shipped experiment varies the budget and the costs over their plausible ranges "
        "(docs/findings.md). " + esc(seeds_note(run)),
    )
    groups = run.groups
    head = ["Figure", *(esc(g) for g in groups)]
    group_rows = [
        [esc(run.metrics[name.format(group=groups[0])].label.rsplit(", ", 1)[0])]
        + [esc(run.cell(name.format(group=g))) for g in groups]
        for name in GROUP_FIGURES
    ]
    by_group = p.table("By group", head, group_rows, note_html="Per group, as above.")
    traces = [trace(g, _COLOURS[i % len(_COLOURS)], _gap(g)) for i, g in enumerate(groups)]
    chart = timeseries(
        p,
        [run],
        [("Observed minus true mean score", "Points", traces)],
        label="Line chart per group: mean observed score minus mean score by true conduct, "
        "per day.",
        caption_html="How far observed scores drift from true ones, per group: gamed deeds "
        "and hidden bad acts raise the observed score without a change in conduct; false "
        "records and missed good deeds pull it the other way. "
        + ("Shaded: lowest to highest seed." if run.daily.seeds.size > 1 else ""),
    )
    return table + by_group + chart
