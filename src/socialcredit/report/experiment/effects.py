"""Each outcome against each varied input: lines with 95% bands for a grid (the input's main
effect, averaged over the other inputs seed by seed), dots for a sampled design."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from matplotlib.figure import Figure

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.digest import Digest
from socialcredit.experiment.variants import show_value
from socialcredit.report.kit.mpl import legend
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.style import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILION
from socialcredit.report.kit.text import esc, fmt, short

COLOURS = (BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY)
COLUMNS = 2


def _numeric(values: list[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def effects_section(p: Page, digest: Digest) -> str:
    resolved = digest.resolved
    sampled = resolved.unit is not None
    intro = (
        "<p>Each dot is one variant's mean over seeds, coloured by policy and scenario.</p>"
        if sampled
        else "<p>Each line is one policy over one scenario: the outcome at each value of the "
        "input, averaged over the other inputs' values seed by seed, with its 95% band over "
        "seeds.</p>"
    )
    keys = list(digest.blocks)
    colour = {k: COLOURS[i % len(COLOURS)] for i, k in enumerate(keys)}
    out = [intro]
    for path in resolved.paths:
        out.append(
            p.figure(
                partial(_draw, digest=digest, path=path, colour=colour, sampled=sampled),
                label=f"Every outcome against {path}",
                caption_html=f"Outcomes against <code>{esc(path)}</code>.",
                size=(7.2, 2.5 * math.ceil(len(resolved.outcomes) / COLUMNS) + 0.8),
            )
        )
    return "".join(out)


def _draw(
    fig: Figure,
    *,
    digest: Digest,
    path: str,
    colour: dict[tuple[str, str], str],
    sampled: bool,
) -> None:
    resolved = digest.resolved
    outcomes = resolved.outcomes
    rows = math.ceil(len(outcomes) / COLUMNS)
    axes = fig.subplots(rows, COLUMNS, squeeze=False)
    handles: dict[str, Any] = {}
    for i, outcome in enumerate(outcomes):
        ax = axes[i // COLUMNS][i % COLUMNS]
        declared = CATALOGUE.metric(outcome)
        ax.set_title(short(CATALOGUE.metric_label(outcome), 48), fontsize=9.5)
        ax.yaxis.set_major_formatter(lambda v, _pos, kind=declared.kind: fmt(v, kind))
        ax.tick_params(labelsize=8.5)
        if sampled:
            for key, variants in digest.blocks.items():
                xs, ys = [], []
                for v in variants:
                    mean = digest.estimates[v.id][outcome].mean
                    if path in v.values and mean is not None:
                        xs.append(v.values[path])
                        ys.append(mean)
                if xs and _numeric(xs):
                    dots = ax.scatter(
                        xs, ys, s=10, color=colour[key], alpha=0.7, label=" × ".join(key)
                    )
                    handles.setdefault(" × ".join(key), dots)
            continue
        for effect in digest.effects[path][outcome]:
            key = (effect.policy, effect.scenario)
            values = [lv.value for lv in effect.levels]
            xs = [float(v) for v in values] if _numeric(values) else list(range(len(values)))
            means = [lv.estimate.mean for lv in effect.levels]
            lows = [
                lv.estimate.low if lv.estimate.low is not None else lv.estimate.mean
                for lv in effect.levels
            ]
            highs = [
                lv.estimate.high if lv.estimate.high is not None else lv.estimate.mean
                for lv in effect.levels
            ]
            if any(m is None for m in means):
                continue
            (line,) = ax.plot(
                xs, means, marker="o", markersize=3.5, color=colour[key], label=" × ".join(key)
            )
            ax.fill_between(xs, lows, highs, color=colour[key], alpha=0.18, linewidth=0)
            handles.setdefault(" × ".join(key), line)
            if not _numeric(values):
                ax.set_xticks(xs, [show_value(v) for v in values])
    for j in range(len(outcomes), rows * COLUMNS):
        axes[j // COLUMNS][j % COLUMNS].set_axis_off()
    fig.supxlabel(path, fontsize=9.5)
    legend(fig, list(handles.values()))
