"""The frontier section: benefit against each price, efficient variants marked and listed."""

from __future__ import annotations

from functools import partial
from typing import Any

from matplotlib.figure import Figure

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.frontier import Frontier, Point
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.results import Results
from socialcredit.report.charts import SMALL, legend
from socialcredit.report.page import Page
from socialcredit.report.style import BLUE, GREY
from socialcredit.report.text import esc, fmt, fmt_difference, fmt_stat, short

LABELLED = 12
"""At most this many efficient points carry their variant id on the plots."""


def frontier_section(p: Page, results: Results, front: Frontier | None) -> str:
    if front is None:
        return (
            "<p>No frontier: the experiment has no <code>none</code> policy, so there is no "
            "counterfactual to measure the benefit against. Add <code>none</code> to its "
            "policies.</p>"
        )
    resolved = results.resolved
    efficient = front.efficient
    benefit_kind = CATALOGUE.metric(BENEFIT).kind
    intro = (
        f"<p>{len(efficient)} of {len(front.points)} scoring variants are efficient: no other "
        "variant, and not having the system at all, has at least their benefit at no higher "
        "price on every count. Each plot sets the benefit (up: fewer true bad acts per 1,000 "
        "citizen-years than with no scoring) against one price (right: costlier). Efficient "
        "variants are blue and listed first below; dominated ones are grey; the black square "
        "at the origin is no scoring at all. Whiskers are 95% intervals over seeds.</p>"
    )
    figures = "".join(
        p.figure(
            partial(_draw, front=front, metric=price.metric),
            label=f"Benefit against {price.label}, one point per variant",
            caption_html=esc(
                f"Benefit against {price.label.lower()} ({CATALOGUE.metric(price.metric).unit})."
            )
            + (" The disparity is signed; its size is the price." if price.absolute else ""),
            size=SMALL,
        )
        for price in front.prices
    )
    head = ["Variant", "Efficient", "Benefit"] + [esc(pr.label) for pr in front.prices]
    rows = []
    for point in sorted(front.points, key=_order):
        mark = {True: "efficient", False: "dominated", None: "undefined"}[point.efficient]
        cells = [
            f"<code>{esc(point.variant.id)}</code> {esc(resolved.label(point.variant))}",
            mark,
            esc(fmt_difference(point.benefit, benefit_kind)),
        ]
        for price in front.prices:
            declared = CATALOGUE.metric(price.metric)
            est = point.prices[price.metric]
            cells.append(
                esc(fmt_stat((est.mean, est.low, est.high), declared.kind, declared.undefined))
            )
        if not point.efficient:
            cells = [f'<span class="dominated">{c}</span>' for c in cells]
        rows.append(cells)
    table = p.table(
        "Benefit and prices of every variant, efficient first",
        head,
        rows,
        numeric=[False, False] + [True] * (len(head) - 2),
        note_html="Benefit: fall in true bad acts per 1,000 citizen-years against the same "
        "scenario with no scoring, paired seed by seed. Prices: means over seeds with 95% "
        "intervals.",
    )
    return intro + f'<div class="grid">{figures}</div>' + table


def _order(point: Point) -> tuple[int, float]:
    rank = {True: 0, None: 1, False: 2}[point.efficient]
    return rank, -(point.benefit.mean or 0.0)


def _draw(fig: Figure, *, front: Frontier, metric: str) -> None:
    ax = fig.add_subplot()
    declared = CATALOGUE.metric(metric)
    handles: dict[bool, Any] = {}
    labelled = 0
    for point in sorted(front.points, key=lambda q: bool(q.efficient)):
        est = point.prices[metric]
        if est.mean is None or point.benefit.mean is None:
            continue
        x, y = est.mean, point.benefit.mean
        xerr = None
        if est.low is not None and est.high is not None:
            xerr = [[max(0.0, x - est.low)], [max(0.0, est.high - x)]]
        yerr = None
        if point.benefit.low is not None and point.benefit.high is not None:
            yerr = [[max(0.0, y - point.benefit.low)], [max(0.0, point.benefit.high - y)]]
        good = bool(point.efficient)
        color = BLUE if good else "#b8b8c0"
        line = ax.errorbar(
            x,
            y,
            xerr=xerr,
            yerr=yerr,
            fmt="o",
            color=color,
            ecolor=color,
            markersize=6 if good else 4,
            elinewidth=1,
            zorder=3 if good else 2,
            label="efficient" if good else "dominated",
        )
        handles.setdefault(good, line)
        if good and labelled < LABELLED:
            ax.annotate(
                point.variant.id,
                (x, y),
                textcoords="offset points",
                xytext=(4, 4),
                fontsize=8.5,
                color=BLUE,
            )
            labelled += 1
    ax.plot([0.0], [0.0], marker="s", color="black", linestyle="none", zorder=4)
    ax.set_xlabel(short(CATALOGUE.metric_label(metric), 46), fontsize=9.5)
    ax.set_ylabel("Benefit: fewer bad acts\nper 1,000 citizen-years")
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt(v, declared.kind))
    legend(fig, [handles[k] for k in (True, False) if k in handles])
