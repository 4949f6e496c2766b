"""The score distribution on the last day, observed against true: the seed's central object.

Every run keeps a histogram of the scores in 10-point bands (`runs.schema.ScoreHistogram`): the
score the system holds, from what it observed, and the score the same citizen's true conduct
would give. The figure draws both as steps over the bands where anyone is, colour for what is
counted (as the list charts do) and, in a comparison, a line style per run.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.report.kit.chart import Chart, Key, Panel
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import figure
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.scale import WIDE
from socialcredit.report.kit.style import BLUE, VERMILION
from socialcredit.report.kit.text import esc
from socialcredit.report.kit.timeseries import line_key, run_line

OBSERVED, TRUE = BLUE, VERMILION


def _steps(edges: Sequence[int], counts: Sequence[float]) -> tuple[list[float], list[float]]:
    """A step outline: each band's count held across the band."""
    xs: list[float] = []
    ys: list[float] = []
    for i, c in enumerate(counts):
        xs += [float(edges[i]), float(edges[i + 1])]
        ys += [float(c), float(c)]
    return xs, ys


def _span(runs: Sequence[Run]) -> tuple[int, int]:
    """The first and one past the last band where any run has anyone, one empty band each side."""
    used = [
        i
        for r in runs
        for i, (o, t) in enumerate(
            zip(r.record.score_histogram.observed, r.record.score_histogram.true, strict=True)
        )
        if o or t
    ]
    bands = len(runs[0].record.score_histogram.observed)
    if not used:
        return 0, bands
    return max(0, min(used) - 1), min(bands, max(used) + 2)


def histogram_figure(p: Page, runs: Sequence[Run]) -> str:
    """Citizens per 10-point score band on the last day, observed and true, for each run."""
    first, last = _span(runs)
    panel = Panel(y_label="Citizens")
    for i, run in enumerate(runs):
        h = run.record.score_histogram
        edges = h.bins[first : last + 1]
        dash = run_line(i)[0]
        panel.line(*_steps(edges, h.true[first:last]), TRUE, dash)
        panel.line(*_steps(edges, h.observed[first:last]), OBSERVED, dash)
    keys = [Key("observed score", OBSERVED), Key("score by true conduct", TRUE)]
    if len(runs) > 1:
        keys += [Key(r.tag, "#222222", dash=run_line(i)[0]) for i, r in enumerate(runs)]
    chart = Chart(WIDE, [panel], keys, x_label="Score on the last day")
    means = "mean over seeds" if any(r.seed_count > 1 for r in runs) else "one seed"
    which = f" {esc(line_key(runs))}." if len(runs) > 1 else ""
    return figure(
        p,
        chart,
        label="Step chart: citizens per 10-point score band on the last day, the observed score "
        "against the score true conduct would give.",
        caption_html="Citizens per 10-point score band on the last day (" + means + "): the "
        "score the system holds from what it observed (blue) against the score the same "
        "citizens' true conduct would give (vermilion). Where the blue lies left of the "
        f"vermilion, the system scores people lower than their conduct warrants.{which}",
    )
