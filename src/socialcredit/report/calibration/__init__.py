"""The calibration page: a fit against the published record, its posterior and its
predictions."""

from socialcredit.report.calibration.page import render_calibration

__all__ = ["render_calibration"]
