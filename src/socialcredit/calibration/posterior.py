"""A fitted calibration: every parameter set with its counts, log-likelihood and weight, and
what follows from them: the posterior of each free rate and the posterior predictive of each
quantity on each day the runs read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from socialcredit.calibration.emulator import Smoothing
from socialcredit.calibration.importance import weighted_quantile
from socialcredit.calibration.likelihood import predictive_interval
from socialcredit.calibration.plan import Plan
from socialcredit.calibration.store import Values

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Draw:
    ident: str
    round: int
    unit: F64
    """Where it lies in the unit cube of the free rates."""
    values: Values


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float
    high: float
    """The 95% interval."""

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Fit:
    plan: Plan
    draws: list[Draw]
    counts: dict[str, F64]
    """Quantity → (parameter set, day of `plan.days`): the count, mean over the seeds."""
    dispersion: dict[str, float]
    """Quantity → the count's variance over its mean, over the noise seeds."""
    log_likelihood: F64
    """Each parameter set's log-likelihood of the fit targets, from its own runs."""
    smoothed: F64
    """The log-likelihood the weights use, smoothed across the sets (`emulator`)."""
    weights: F64
    """Normalised importance weights of the parameter sets."""
    ess: list[float]
    """The effective sample size after each round."""
    runs: int
    """Runs made by this call (the rest were in the journal)."""
    resumed: int
    emulator: Smoothing | None = None
    """`emulator.Process.summary` of the last round's regression, if there was one."""

    def column(self, quantity: str, when: date) -> int:
        return self.plan.days[quantity].index(self.plan.day(when))

    def estimate(self, quantity: str, when: date) -> Estimate:
        """The posterior predictive of a quantity on a date, at national scale."""
        k = self.column(quantity, when)
        mean, low, high = predictive_interval(
            self.counts[quantity][:, k],
            self.weights,
            self.dispersion[quantity],
            len(self.plan.seeds),
        )
        scale = self.plan.scale
        return Estimate(mean * scale, low * scale, high * scale)

    def rate(self, path: str) -> Estimate:
        """The posterior mean of a free rate and its central 95% interval."""
        x = np.array([float(d.values[path]) for d in self.draws])
        w = self.weights
        mean = float(w @ x)
        return Estimate(mean, weighted_quantile(x, w, 0.025), weighted_quantile(x, w, 0.975))
