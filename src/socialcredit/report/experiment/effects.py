"""Each outcome against each varied input: lines with 95% bands for a grid (the input's main
effect, averaged over the other inputs seed by seed), dots for a sampled design."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.digest import Digest
from socialcredit.experiment.variants import show_value
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import Chart, Grid, Key, Panel, Point, grid_figure
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
            grid_figure(
                p,
                _grid(digest, path, colour, sampled=sampled),
                label=f"Every outcome against {path}",
                caption_html=f"Outcomes against <code>{esc(path)}</code>.",
            )
        )
    return "".join(out)


def _grid(digest: Digest, path: str, colour: dict[tuple[str, str], str], *, sampled: bool) -> Grid:
    """One panel per outcome, two abreast, over the values of `path`; one legend of the
    policy × scenario blocks drawn."""
    outcomes = digest.resolved.outcomes
    charts = []
    drawn: dict[str, str] = {}
    for outcome in outcomes:
        kind = CATALOGUE.metric(outcome).kind
        panel = Panel(
            title=short(CATALOGUE.metric_label(outcome), 48),
            from_zero=False,
            value_format=partial(fmt, kind=kind),
        )
        if sampled:
            _dots(panel, digest, path, outcome, colour, drawn)
        else:
            _lines(panel, digest, path, outcome, colour, drawn)
        if not panel.drawn:
            panel.empty = "No estimate to draw"
        charts.append(Chart((1.0, 1.0), [panel]))
    rows = math.ceil(len(outcomes) / COLUMNS)
    keys = [
        Key(name, c, "marker", opacity=0.7) if sampled else Key(name, c)
        for name, c in drawn.items()
    ]
    return Grid((7.2, 2.5 * rows + 0.8), charts, COLUMNS, keys, x_label=path)


def _dots(
    panel: Panel,
    digest: Digest,
    path: str,
    outcome: str,
    colour: dict[tuple[str, str], str],
    drawn: dict[str, str],
) -> None:
    """A sampled design: each variant's mean over seeds at its value of `path`."""
    for key, variants in digest.blocks.items():
        points = []
        for v in variants:
            mean = digest.estimates[v.id][outcome].mean
            if path in v.values and mean is not None:
                points.append((v.values[path], mean))
        if not points or not _numeric([x for x, _ in points]):
            continue
        for x, y in points:
            panel.points.append(Point(float(x), y, colour[key], radius=1.8, opacity=0.7))
        drawn.setdefault(" × ".join(key), colour[key])


def _lines(
    panel: Panel,
    digest: Digest,
    path: str,
    outcome: str,
    colour: dict[tuple[str, str], str],
    drawn: dict[str, str],
) -> None:
    """A grid: each block's main effect of `path`, a line through the levels with its band."""
    for effect in digest.effects[path][outcome]:
        key = (effect.policy, effect.scenario)
        values = [lv.value for lv in effect.levels]
        means = [lv.estimate.mean for lv in effect.levels]
        if any(m is None for m in means):
            continue
        if _numeric(values):
            xs = [float(v) for v in values]
        else:
            # Values that are not numbers are categories, in the design's order.
            xs = [float(i) for i in range(len(values))]
            panel.categories = [show_value(v) for v in values]
        ys = [float(m) for m in means if m is not None]
        lows = [
            lv.estimate.low if lv.estimate.low is not None else y
            for lv, y in zip(effect.levels, ys, strict=True)
        ]
        highs = [
            lv.estimate.high if lv.estimate.high is not None else y
            for lv, y in zip(effect.levels, ys, strict=True)
        ]
        panel.band(xs, lows, highs, colour[key])
        panel.line(xs, ys, colour[key])
        panel.points += [Point(x, y, colour[key], radius=1.75) for x, y in zip(xs, ys, strict=True)]
        drawn.setdefault(" × ".join(key), colour[key])
