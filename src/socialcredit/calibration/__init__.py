"""Calibration: fitting a scenario's free rates to published figures, and predicting later ones.

A small, exact approximate Bayesian computation: parameter sets drawn from the prior with
Sobol' points (then around the weighted posterior), each run over the same seeds through the
experiment layer, weighed by a Gaussian likelihood of the published figures on a log scale
(each figure's stated uncertainty plus the run's own sampling noise), with the effective sample
size to say how many sets carry the result. The same inputs give the same draws and the same
weights; an interrupted calibration resumes from its journal. `digest` computes a fit's
figures for its page before the page is rendered.
"""

from socialcredit.calibration.digest import Digest, digest
from socialcredit.calibration.fitting import calibrate
from socialcredit.calibration.plan import Plan, make_plan
from socialcredit.calibration.posterior import Estimate, Fit
from socialcredit.calibration.quantities import READINGS

__all__ = ["READINGS", "Digest", "Estimate", "Fit", "Plan", "calibrate", "digest", "make_plan"]
