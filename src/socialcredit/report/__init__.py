"""Offline HTML reports: one simulation run, runs side by side, an experiment, a calibration, a
reputation-game result, and the harm card of an audit.

Each renderer returns one standalone HTML5 document with inline CSS and inline SVG plots, no
script and nothing fetched from elsewhere. The reports are read by people deciding about a
rulebook, so every number says what it counts, intervals are shown wherever there are several
seeds, and every figure's label, unit and kind come from the metric catalogue. Reports are
rendered from run records validated against the schema; an undefined figure (a share of an
empty list) says why, and one the catalogue declares but the record, written before it was
declared, does not hold says that it was not recorded in this run. The harm card is
rendered from an audit document instead (`socialcredit/audit/audit.schema.json`), whose
evidence figures carry their own label and unit.

A page renders what it is given and computes no statistics: the experiment page reads a digest
made beforehand by `socialcredit.experiment.digest`, the calibration page one made by
`socialcredit.calibration.digest`, and the comparison page the differences taken beforehand by
`socialcredit.runs.differences`.

The package is split by page (`run`, `compare`, `experiment`, `calibration`, `harmcard`) over
one kit of page parts (`kit`); page packages never import one another. Besides the renderers,
the command line uses the kit's text of figures for its terminal tables and the catalogue in
words for `socialcredit metrics`.

Each name is imported on first use, so that a command renders a run's report without loading
the experiment and calibration pages (and SALib, SciPy and pandas behind their digests).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socialcredit.report.calibration import render_calibration
    from socialcredit.report.compare import render_comparison
    from socialcredit.report.experiment import render_experiment
    from socialcredit.report.harmcard import render_harm_card
    from socialcredit.report.kit.catalogue_text import catalogue_markdown
    from socialcredit.report.kit.text import NOT_RECORDED, fmt_difference, fmt_stat, plural
    from socialcredit.report.run import render_report, render_reputation_report

_LAZY = {
    "render_calibration": "calibration",
    "render_comparison": "compare",
    "render_experiment": "experiment",
    "render_harm_card": "harmcard",
    "catalogue_markdown": "kit.catalogue_text",
    "NOT_RECORDED": "kit.text",
    "fmt_difference": "kit.text",
    "fmt_stat": "kit.text",
    "plural": "kit.text",
    "render_report": "run",
    "render_reputation_report": "run",
}

__all__ = [
    "NOT_RECORDED",
    "catalogue_markdown",
    "fmt_difference",
    "fmt_stat",
    "plural",
    "render_calibration",
    "render_comparison",
    "render_experiment",
    "render_harm_card",
    "render_report",
    "render_reputation_report",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
