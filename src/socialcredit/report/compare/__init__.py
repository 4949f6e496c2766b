"""The comparison page: population runs side by side (A, B, C, …), with each run after the
first minus the first."""

from socialcredit.report.compare.page import render_comparison

__all__ = ["render_comparison"]
