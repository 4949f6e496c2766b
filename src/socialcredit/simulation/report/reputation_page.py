"""The reputation-game result as an HTML page: simulation against the analytic references.

Indirect reciprocity under an assessment norm: the simulated long-run Good share, cooperation
rate and mean payoff (means over replicates with 95% intervals) set against the mean-field
equilibrium of an infinite population and the exact stationary mean of the finite one, as a
table that says whether each reference falls within the interval, a dot plot, and the Good
share over time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from socialcredit.simulation.report.charts import WIDE, legend, no_data
from socialcredit.simulation.report.page import Page, Section, page
from socialcredit.simulation.report.style import BLUE, GREEN, ORANGE
from socialcredit.simulation.report.text import esc
from socialcredit.simulation.report.values import DASH, Stat, mapping, number, str_or


def _interval(value: object) -> Stat:
    entry = mapping(value)
    return number(entry.get("mean")), number(entry.get("low")), number(entry.get("high"))


def _fixed(x: float | None) -> str:
    return DASH if x is None else f"{x:.3f}".replace("-", "\u2212")


def _within(stat: Stat, value: float | None) -> str:
    _, low, high = stat
    if value is None or low is None or high is None:
        return DASH
    if low <= value <= high:
        return '<span class="tag-ok">yes</span>'
    return '<span class="tag-bad">no</span>'


def render_reputation_report(result: dict[str, Any]) -> str:
    """The reputation-game result: simulation against the mean-field and exact references."""
    scenario = mapping(result.get("scenario"))
    norm = str_or(scenario.get("norm"))
    name = str_or(scenario.get("name"), "")
    p = Page()
    quantities = [
        ("Good share", "good_share", "analytic_good_share", "exact_good_share"),
        (
            "Cooperation rate",
            "cooperation_rate",
            "analytic_cooperation_rate",
            "exact_cooperation_rate",
        ),
        ("Mean payoff per round", "mean_payoff", "", ""),
    ]
    rows = []
    for text, sim_key, analytic_key, exact_key in quantities:
        sim = _interval(result.get(sim_key))
        analytic = number(result.get(analytic_key)) if analytic_key else None
        exact = number(result.get(exact_key)) if exact_key else None
        mean, low, high = sim
        shown = _fixed(mean) + (
            f" ({_fixed(low)}\u2013{_fixed(high)})" if low is not None and high is not None else ""
        )
        rows.append(
            [
                text,
                esc(shown),
                esc(_fixed(analytic)),
                _within(sim, analytic),
                esc(_fixed(exact)),
                _within(sim, exact),
            ]
        )
    table = p.table(
        "Simulation against the analytic references",
        [
            "Quantity",
            "Simulated (95% interval)",
            "Mean-field (infinite N)",
            "Mean-field within interval?",
            "Exact (finite N)",
            "Exact within interval?",
        ],
        rows,
        note_html="Simulated long-run values (mean over replicates, with the 95% interval) "
        "against the mean-field equilibrium of an infinite population and the exact stationary "
        "mean of the finite one. Mean payoff has no analytic reference here.",
    )
    scenario_rows = [
        [esc(k), esc(v if v is not None else DASH)]
        for k, v in scenario.items()
        if v is None or isinstance(v, str | int | float)
    ]
    scenario_table = p.table(
        "Scenario", ["Setting", "Value"], scenario_rows or [[DASH, DASH]], numeric=[False, True]
    )
    sections = [
        Section("scenario", "Scenario", scenario_table),
        Section("theory", "Simulation against theory", table + _reputation_dots(p, result)),
        Section("series", "Good share over time", _reputation_series(p, result)),
    ]
    title = f"Reputation game: norm {norm}" + (f" ({name})" if name else "")
    return page(
        title=f"{title} \u2014 socialcredit report",
        kicker="socialcredit reputation game",
        heading=title,
        lead_html='<p class="lead">Indirect reciprocity under an assessment norm: how many '
        "citizens stay in good standing and how often they help, simulated per citizen and "
        "checked against two analytic references.</p>",
        sections=sections,
    )


def _reputation_dots(p: Page, result: Mapping[str, Any]) -> str:
    items = [
        ("Good share", "good_share", "analytic_good_share", "exact_good_share"),
        ("Cooperation", "cooperation_rate", "analytic_cooperation_rate", "exact_cooperation_rate"),
    ]

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        drawn = False
        for i, (_, sim_key, analytic_key, exact_key) in enumerate(items):
            mean, low, high = _interval(result.get(sim_key))
            if mean is not None:
                err = None if low is None or high is None else [[mean - low], [high - mean]]
                ax.errorbar(i - 0.18, mean, yerr=err, color=BLUE, marker="o", capsize=4)
                drawn = True
            for offset, key, color, marker in [
                (0.0, analytic_key, ORANGE, "D"),
                (0.18, exact_key, GREEN, "s"),
            ]:
                value = number(result.get(key))
                if value is not None:
                    ax.plot(i + offset, value, color=color, marker=marker, linestyle="none")
                    drawn = True
        if not drawn:
            no_data(ax)
            return
        ax.set_xticks(range(len(items)), [t for t, *_ in items])
        ax.set_xlim(-0.6, len(items) - 0.4)
        ax.grid(axis="x", visible=False)
        ax.set_ylabel("Share")
        handles = [
            Line2D([], [], color=BLUE, marker="o", label="simulated (95% interval)"),
            Line2D([], [], color=ORANGE, marker="D", linestyle="none", label="mean-field"),
            Line2D([], [], color=GREEN, marker="s", linestyle="none", label="exact finite N"),
        ]
        legend(fig, handles)

    return p.figure(
        draw,
        label="Dot plot: simulated Good share and cooperation rate with 95% intervals, next to "
        "the mean-field and exact values.",
        caption_html="Simulated values with their 95% intervals (blue), the mean-field "
        "equilibrium (orange diamond) and the exact finite-population mean (green square).",
        size=(4.6, 3.2),
    )


def _reputation_series(p: Page, result: Mapping[str, Any]) -> str:
    raw = result.get("series")
    values = [number(v) for v in raw] if isinstance(raw, list) else []
    ys = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    rounds = result.get("series_rounds")
    if isinstance(rounds, list) and len(rounds) == len(values):
        xs = np.array([number(r) or 0.0 for r in rounds], dtype=np.float64)
        xlabel = "Round"
    else:
        xs = np.arange(len(values), dtype=np.float64)
        xlabel = "Sample"
    analytic = number(result.get("analytic_good_share"))
    exact = number(result.get("exact_good_share"))
    _, low, high = _interval(result.get("good_share"))

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        if ys.size == 0:
            no_data(ax)
            return
        ax.plot(xs, ys, color=BLUE, label="simulated, mean over replicates")
        if low is not None and high is not None:
            ax.axhspan(
                low,
                high,
                color=BLUE,
                alpha=0.15,
                linewidth=0,
                label="simulated long-run 95% interval",
            )
        if analytic is not None:
            ax.axhline(analytic, color=ORANGE, linestyle="--", label=f"mean-field {analytic:.3f}")
        if exact is not None:
            ax.axhline(exact, color=GREEN, linestyle=":", label=f"exact finite N {exact:.3f}")
        # Autoscaled (so the approach to equilibrium is visible) but never outside [0, 1].
        low_y, high_y = ax.get_ylim()
        ax.set_ylim(max(0.0, low_y), min(1.02, high_y))
        ax.margins(x=0)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Share of Good citizens")
        legend(fig, ax.get_legend_handles_labels()[0])

    return p.figure(
        draw,
        label="Line chart: share of Good citizens over time, with the mean-field level as a "
        "horizontal dashed line.",
        caption_html="Share of citizens in good standing over the run, averaged over "
        "replicates; the dashed line is the mean-field equilibrium, the dotted line the exact "
        "finite-population mean.",
        size=(WIDE[0], 3.6),
    )
