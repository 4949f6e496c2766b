"""The pages of one run: the run report (key figures, footprint, lists over time, grades,
groups, services and collateral, redress, life stories) and the reputation-game result."""

from socialcredit.report.run.page import render_report
from socialcredit.report.run.reputation import render_reputation_report

__all__ = ["render_report", "render_reputation_report"]
