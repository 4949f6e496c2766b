"""Offline HTML reports: one simulation run, runs side by side, an experiment, a
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
"""

from socialcredit.report.compare_page import render_comparison
from socialcredit.report.experiment_page import render_experiment
from socialcredit.report.harm_card import render_harm_card
from socialcredit.report.reputation_page import render_reputation_report
from socialcredit.report.run_page import render_report

__all__ = [
    "render_comparison",
    "render_experiment",
    "render_harm_card",
    "render_report",
    "render_reputation_report",
]
