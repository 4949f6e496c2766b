"""The experiment page: its headline, the price-of-the-system frontier, the outcomes against the
varied inputs, every variant, and the sensitivity indices and discovered boxes, rendered from a
digest whose statistics were computed before (`socialcredit.experiment.digest`)."""

from socialcredit.report.experiment.page import render_experiment

__all__ = ["render_experiment"]
