"""The reputation-game result as an HTML page: simulation against the analytic references.

Indirect reciprocity under an assessment norm: the simulated long-run Good share, cooperation
rate and mean payoff (means over replicates with 95% intervals) set against the mean-field
equilibrium of an infinite population and the exact stationary mean of the finite one, as a
table that says whether each reference falls within the interval, a dot plot, and the Good
share over time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from socialcredit.report.kit.charts import WIDE
from socialcredit.report.kit.page import Page, Section, page
from socialcredit.report.kit.style import BLUE, GREEN, ORANGE, PURPLE
from socialcredit.report.kit.text import DASH, Stat, esc
from socialcredit.runs.schema import Estimate, ReputationRecord

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _interval(value: Estimate) -> Stat:
    return value.mean, value.low, value.high


def _fixed(x: float | None) -> str:
    return DASH if x is None else f"{x:.4f}".replace("-", "\u2212")


def _within(stat: Stat, value: float | None) -> str:
    _, low, high = stat
    if value is None or low is None or high is None:
        return DASH
    if low <= value <= high:
        return '<span class="tag-ok">yes</span>'
    return '<span class="tag-bad">no</span>'


def render_reputation_report(record: ReputationRecord) -> str:
    """The reputation-game result: simulation against the exact and mean-field references."""
    scenario = record.scenario
    norm, name = scenario.norm, scenario.name
    p = Page()
    quantities: list[tuple[str, Estimate, float | None, float | None, float | None]] = [
        (
            "Good share",
            record.good_share,
            record.expected_good_share,
            record.exact_good_share,
            record.analytic_good_share,
        ),
        (
            "Cooperation rate",
            record.cooperation_rate,
            record.expected_cooperation_rate,
            record.exact_cooperation_rate,
            record.analytic_cooperation_rate,
        ),
        ("Mean payoff per round", record.mean_payoff, None, None, None),
    ]
    rows = []
    for text, estimate, expected, exact, analytic in quantities:
        sim = _interval(estimate)
        mean, low, high = sim
        shown = _fixed(mean) + (
            f" ({_fixed(low)}\u2013{_fixed(high)})" if low is not None and high is not None else ""
        )
        rows.append(
            [
                text,
                esc(shown),
                esc(_fixed(expected)),
                _within(sim, expected),
                esc(_fixed(exact)),
                esc(_fixed(analytic)),
            ]
        )
    table = p.table(
        "Simulation against the analytic references",
        [
            "Quantity",
            "Simulated (95% interval)",
            "Expected for this run (exact)",
            "Expected within interval?",
            "Exact long run (finite N)",
            "Mean-field (infinite N)",
        ],
        rows,
        note_html="Simulated values are means over replicates with the 95% interval. The "
        "expected value is exact for this run as set up: it follows the law of the number of "
        "Good citizens round by round from the all-Good start, so it includes what is left of "
        "the start-up after the burn-in (for populations above 4,000 the mean-field trajectory "
        "stands in for the exact one). The exact long-run value is the stationary mean of the "
        "finite population, the mean-field value that of an infinite one. Mean payoff has no "
        "analytic reference here.",
    )
    scenario_rows = [
        [esc(k), esc(v if v is not None else DASH)]
        for k, v in scenario.model_dump(mode="json").items()
        if v is None or isinstance(v, str | int | float)
    ]
    scenario_table = p.table(
        "Scenario", ["Setting", "Value"], scenario_rows or [[DASH, DASH]], numeric=[False, True]
    )
    sections = [
        Section("scenario", "Scenario", scenario_table),
        Section("theory", "Simulation against theory", table + _reputation_dots(p, record)),
        Section("series", "Good share over time", _reputation_series(p, record)),
    ]
    title = f"Reputation game: norm {norm}" + (f" ({name})" if name else "")
    return page(
        title=f"{title} \u2014 socialcredit report",
        kicker="socialcredit reputation game",
        heading=title,
        lead_html=f'<p class="lead headline" id="headline">{esc(_headline(record))}</p>'
        '<p class="lead">Indirect reciprocity under an assessment norm: how many '
        "citizens stay in good standing and how often they help, simulated per citizen and "
        "checked against two analytic references.</p>",
        sections=sections,
    )


def _headline(record: ReputationRecord) -> str:
    """The good share against what theory expects for this run, and whether it is within the
    interval."""
    mean, low, high = _interval(record.good_share)
    expected = record.expected_good_share
    text = (
        f"Under the {record.scenario.norm} norm, {_fixed(mean)} of citizens were in good standing"
    )
    if low is not None and high is not None:
        text += f" (95% interval {_fixed(low)} to {_fixed(high)})"
        verdict = "within" if low <= expected <= high else "outside"
        text += f", {verdict} the interval of the {_fixed(expected)} expected for this run"
    else:
        text += f", against {_fixed(expected)} expected for this run"
    return text + f"; the exact long run for this population is {_fixed(record.exact_good_share)}."


def _reputation_dots(p: Page, record: ReputationRecord) -> str:
    items = [
        ("Good share", record.good_share, record.expected_good_share, record.analytic_good_share),
        (
            "Cooperation",
            record.cooperation_rate,
            record.expected_cooperation_rate,
            record.analytic_cooperation_rate,
        ),
    ]

    def draw(fig: Figure) -> None:
        # Imported here: the run report, beside this page, never loads matplotlib.
        from matplotlib.lines import Line2D

        from socialcredit.report.kit.mpl import legend

        ax = fig.add_subplot()
        for i, (_, estimate, expected, analytic) in enumerate(items):
            mean, low, high = _interval(estimate)
            if mean is not None:
                err = None if low is None or high is None else [[mean - low], [high - mean]]
                ax.errorbar(i - 0.18, mean, yerr=err, color=BLUE, marker="o", capsize=4)
            ax.plot(i, expected, color=GREEN, marker="s", linestyle="none")
            ax.plot(i + 0.18, analytic, color=ORANGE, marker="D", linestyle="none")
        ax.set_xticks(range(len(items)), [t for t, *_ in items])
        ax.set_xlim(-0.6, len(items) - 0.4)
        ax.grid(axis="x", visible=False)
        ax.set_ylabel("Share")
        handles = [
            Line2D([], [], color=BLUE, marker="o", label="simulated (95% interval)"),
            Line2D([], [], color=GREEN, marker="s", linestyle="none", label="expected (exact)"),
            Line2D([], [], color=ORANGE, marker="D", linestyle="none", label="mean-field"),
        ]
        legend(fig, handles)

    return p.figure(
        draw,
        label="Dot plot: simulated Good share and cooperation rate with 95% intervals, next to "
        "the exact expected values and the mean-field values.",
        caption_html="Simulated values with their 95% intervals (blue), the exact expectation "
        "for this run (green square) and the mean-field equilibrium (orange diamond).",
        size=(4.6, 3.2),
    )


def _reputation_series(p: Page, record: ReputationRecord) -> str:
    ys = np.array(record.series, dtype=np.float64)
    xs = np.array(record.series_rounds, dtype=np.float64)
    analytic = record.analytic_good_share
    exact = record.exact_good_share
    _, low, high = _interval(record.good_share)
    burn = int(
        record.scenario.burn_in * record.scenario.citizens * record.scenario.rounds_per_citizen
    )

    def draw(fig: Figure) -> None:
        from socialcredit.report.kit.mpl import legend, no_data

        ax = fig.add_subplot()
        if ys.size == 0:
            no_data(ax)
            return
        ax.plot(xs, ys, color=BLUE, label="simulated, mean over replicates")
        if low is not None and high is not None:
            ax.axhspan(
                low, high, color=BLUE, alpha=0.15, linewidth=0, label="simulated 95% interval"
            )
        ax.axhline(analytic, color=ORANGE, linestyle="--", label=f"mean-field {analytic:.3f}")
        ax.axhline(exact, color=GREEN, linestyle=":", label=f"exact long run {exact:.3f}")
        ax.axvline(burn, color=PURPLE, linestyle="-.", linewidth=1, label="end of burn-in")
        # Autoscaled (so the approach to equilibrium is visible) but never outside [0, 1].
        low_y, high_y = ax.get_ylim()
        ax.set_ylim(max(0.0, low_y), min(1.02, high_y))
        ax.margins(x=0)
        ax.set_xlabel("Round")
        ax.set_ylabel("Share of Good citizens")
        legend(fig, ax.get_legend_handles_labels()[0])

    return p.figure(
        draw,
        label="Line chart: share of Good citizens over time, with the mean-field and exact "
        "long-run levels as horizontal lines and the end of the burn-in as a vertical line.",
        caption_html="Share of citizens in good standing over the run, averaged over "
        "replicates; the dashed line is the mean-field equilibrium, the dotted line the exact "
        "finite-population long run; rounds before the dash-dotted line are not measured.",
        size=(WIDE[0], 3.6),
    )
