"""The harm card: the one-page summary of an audit, its findings, evidence and fairness."""

from socialcredit.report.harmcard.page import render_harm_card

__all__ = ["render_harm_card"]
