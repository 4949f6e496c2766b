"""The plots of the calibration page: each quantity over time against its published figures,
the posterior of each free rate, and the predictions against the held-out figures, drawn from
the figures of a `calibration.digest.Digest`."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, NullFormatter

from socialcredit.calibration.digest import Digest
from socialcredit.domain.published import QUANTITY_MEANING, Quantity, Target
from socialcredit.report.kit.charts import SMALL
from socialcredit.report.kit.mpl import legend, no_data
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.style import BLUE, GREY, ORANGE, VERMILION
from socialcredit.report.kit.text import esc

Z95 = 1.959964


def compact(x: float, _position: object = None) -> str:
    """A tick label: 30k, 1.5M, 20M."""
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:g}{suffix}"
    return f"{x:g}"


def quantity_label(quantity: str) -> str:
    return QUANTITY_MEANING[Quantity(quantity)].capitalize()


def _series(
    digest: Digest, quantity: str, after: date | None = None
) -> tuple[list[int], list[float], list[float], list[float]]:
    """The quantity's mean and interval on every day the runs read it (from `after`), by day
    of the run."""
    points = [x for x in digest.series[quantity] if after is None or x.when >= after]
    return (
        [x.day for x in points],
        [x.estimate.mean for x in points],
        [x.estimate.low for x in points],
        [x.estimate.high for x in points],
    )


def _targets(
    ax: Axes, start: date, targets: list[Target], *, held_out: bool, floor: float = 0.0
) -> None:
    if not targets:
        return
    values = np.array([t.value for t in targets], dtype=np.float64)
    sd = np.array([t.uncertainty.relative_sd for t in targets])
    low, high = values * np.exp(-Z95 * sd), values * np.exp(Z95 * sd)
    ax.errorbar(
        [(t.date - start).days for t in targets],
        values,
        yerr=[values - np.maximum(low, floor), high - values],
        fmt="s" if held_out else "o",
        color=VERMILION if held_out else ORANGE,
        mfc="white" if held_out else ORANGE,
        markersize=5,
        linewidth=1.2,
        zorder=3,
    )


def _years(ax: Axes, start: date, first: int, last: int) -> None:
    """Ticks at each new year between days `first` and `last` of a run from `start` (every
    other year when there are more than six)."""
    years = [
        y
        for y in range(start.year, start.year + last // 365 + 2)
        if first <= (date(y, 1, 1) - start).days <= last
    ]
    if len(years) > 6:
        years = years[::2]
    ax.set_xticks([(date(y, 1, 1) - start).days for y in years], [str(y) for y in years])
    ax.set_xlim(first, last)


def _handles() -> list[object]:
    return [
        Patch(facecolor=BLUE, alpha=0.25, label="95% posterior predictive"),
        Line2D([], [], color=BLUE, label="model mean"),
        Line2D([], [], color=ORANGE, marker="o", linestyle="", label="published, fitted"),
        Line2D([], [], color=VERMILION, marker="s", mfc="white", linestyle="", label="held out"),
    ]


def fit_figure(p: Page, digest: Digest, quantity: str) -> str:
    """The quantity over the whole run on a log scale, against every target that counts it."""
    plan = digest.plan
    fitted = [t for t in plan.fit if t.quantity.value == quantity]
    judged = [t for t in plan.judge if t.quantity.value == quantity]
    label = quantity_label(quantity)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        dates, means, lows, highs = _series(digest, quantity)
        # The log scale starts a little below the smallest published figure (or, without one,
        # the smallest mean of at least half a run's count): what lies below stands for a
        # run's count of none, not a national figure.
        shown = [float(t.value) for t in [*fitted, *judged]]
        shown = shown or [m for m in means if m >= plan.scale / 2]
        bottom = 0.3 * min(shown) if shown else 1.0
        ax.fill_between(
            dates, [max(x, bottom) for x in lows], highs, color=BLUE, alpha=0.25, linewidth=0
        )
        ax.plot(dates, [max(m, bottom) for m in means], color=BLUE)
        _targets(ax, plan.start, fitted, held_out=False, floor=bottom)
        _targets(ax, plan.start, judged, held_out=True, floor=bottom)
        until = plan.day(plan.record.fit_until)
        if until < dates[-1]:
            ax.axvline(until, color=GREY, linestyle="--", linewidth=1)
        ax.set_yscale("log")
        ax.set_ylim(bottom=bottom)
        ax.yaxis.set_major_formatter(FuncFormatter(compact))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("national figure (log scale)")
        _years(ax, plan.start, 0, dates[-1])
        legend(fig, _handles())

    caption = (
        f"{esc(label)}: the model's mean and 95% posterior predictive interval over the run, "
        f"at national scale, against {len(fitted)} fitted and {len(judged)} held-out published "
        "figures (whiskers: ±1.96 of each figure's relative standard deviation). The dashed line "
        f"is the last date fitted ({plan.record.fit_until})."
    )
    return p.figure(draw, label=f"{label}, model against published figures", caption_html=caption)


def posterior_figure(p: Page, digest: Digest) -> str:
    """One weighted histogram per free rate across its prior range."""
    cols = 2
    rows = math.ceil(len(digest.rates) / cols)

    def draw(fig: Figure) -> None:
        for i, posterior in enumerate(digest.rates):
            rate = posterior.rate
            ax = fig.add_subplot(rows, cols, i + 1)
            x = np.array(posterior.values)
            middle = (rate.low + rate.high) / 2
            if rate.scale == "log":
                bins = np.geomspace(rate.low, rate.high, 21)
                middle = math.sqrt(rate.low * rate.high)
                ax.set_xscale("log")
            else:
                bins = np.linspace(rate.low, rate.high, 21)
            ax.hist(x, bins=list(bins), weights=digest.weights, color=BLUE)
            ax.set_xlim(rate.low, rate.high)
            ticks = [rate.low, middle, rate.high]
            ax.set_xticks(ticks, [f"{t:.4g}" for t in ticks])
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_title(".".join(rate.path.split(".")[-2:]), fontsize=10)
            ax.set_yticks([])
            ax.grid(axis="y", visible=False)

    caption = (
        "The posterior of each free rate: the parameter sets' importance weights in 20 bins "
        "across the prior range (the whole x-axis; log-scaled for log-uniform priors). A narrow "
        "peak is a rate the targets pin down; a spread one, a rate they say little about."
    )
    return p.figure(
        draw,
        label="Posterior distribution of each free rate",
        caption_html=caption,
        size=(SMALL[0] * 1.6, 2.1 * rows),
    )


def prediction_figure(p: Page, digest: Digest, quantity: str) -> str:
    """The quantity after the last date fitted: predictions and held-out figures."""
    plan = digest.plan
    until = plan.record.fit_until
    judged = [t for t in plan.judge if t.quantity.value == quantity]
    label = quantity_label(quantity)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        dates, means, lows, highs = _series(digest, quantity, after=until)
        if len(dates) < 2:
            no_data(ax, "No day after the last one fitted")
            return
        ax.fill_between(dates, lows, highs, color=BLUE, alpha=0.25, linewidth=0)
        ax.plot(dates, means, color=BLUE)
        for when in plan.predict:
            est = digest.predictions[when][quantity]
            ax.errorbar(
                [plan.day(when)],
                [est.mean],
                yerr=[[est.mean - est.low], [est.high - est.mean]],
                fmt="D",
                color=BLUE,
                markersize=5,
                capsize=4,
            )
        _targets(ax, plan.start, judged, held_out=True)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(FuncFormatter(compact))
        ax.set_ylabel("national figure")
        _years(ax, plan.start, dates[0], dates[-1])
        handles = [
            *_handles()[:2],
            Line2D([], [], color=BLUE, marker="D", linestyle="", label="prediction"),
            _handles()[3],
        ]
        legend(fig, handles)

    caption = (
        f"{esc(label)} after {until}: the prediction on each requested date (diamonds, 95% "
        f"interval) and the held-out published figures ({len(judged)}, squares)."
    )
    return p.figure(draw, label=f"{label}, predicted after {until}", caption_html=caption)
