"""Offline HTML reports: one simulation run, two runs side by side, and a reputation-game result.

Each renderer returns one standalone HTML5 document with inline CSS and inline SVG plots, no
script and nothing fetched from elsewhere. The reports are read by people deciding about a
rulebook, so every number says what it counts, intervals are shown wherever there are several
seeds, and a figure that a run does not have shows as "—" instead of failing: reports are also
rendered from older run directories and hand-edited metrics files.
"""

from socialcredit.simulation.report.compare_page import render_comparison
from socialcredit.simulation.report.reputation_page import render_reputation_report
from socialcredit.simulation.report.run_page import render_report

__all__ = ["render_comparison", "render_report", "render_reputation_report"]
