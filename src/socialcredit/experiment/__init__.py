"""Experiments: policies and scenarios with levers and uncertainties, sampled into variants, each
run over shared seeds (common random numbers), then summarised, set on the price-of-the-system
frontier and analysed (sensitivity, scenario discovery)."""

from socialcredit.experiment.digest import Digest, digest
from socialcredit.experiment.document import Experiment, Factor, Sampling
from socialcredit.experiment.execution import (
    pending,
    run_count,
    run_experiment,
    write_tables,
)
from socialcredit.experiment.frontier import Frontier, frontier
from socialcredit.experiment.reading import load_experiment
from socialcredit.experiment.resolution import resolve
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import COUNTERFACTUAL, Resolved, Variant

__all__ = [
    "COUNTERFACTUAL",
    "Digest",
    "Experiment",
    "Factor",
    "Frontier",
    "Resolved",
    "Results",
    "Sampling",
    "Variant",
    "digest",
    "frontier",
    "load_experiment",
    "pending",
    "resolve",
    "run_count",
    "run_experiment",
    "write_tables",
]
