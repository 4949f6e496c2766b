"""A smooth log-likelihood over the parameter sets, for weights that follow the rates and not
the runs' luck.

Each parameter set's log-likelihood comes from a few seeded runs, so it carries the runs'
sampling noise: in the shipped court-blacklist calibration the log-likelihoods of one set's two
seeds differ by a median of 5 log units (`docs/calibration.py` measures it). Importance weights
are the exponential of it, so a set whose runs were lucky by three units weighs twenty times
what its rates deserve, and a handful of lucky sets take the whole posterior, however well the
proposals fit. Regression across sets removes that luck: nearby sets have nearly the same true
log-likelihood and independent noise (the noise that common random numbers leave them).

The regression is a Gaussian process (Rasmussen and Williams 2006, ch. 2 and 5) over the unit
cube: a constant mean, a squared-exponential covariance with one length per rate, and a
nugget for the noise, each set by maximum marginal likelihood. Its posterior mean at each
draw replaces that draw's log-likelihood in the weights. Emulating a simulator's
log-likelihood or discrepancy by a Gaussian process is how Wilkinson (2014, "Accelerating ABC
methods using Gaussian processes") and Gutmann and Corander (2016, BOLFI, JMLR 17) make
likelihood-free inference work with noisy, expensive runs.

Only the draws within `WITHIN` log units of the best are regressed: the rest weigh less than
e^-WITHIN of it whatever their noise, and their values (thousands of units down) would set the
regression's scale instead of the posterior's shape. Their own log-likelihoods stand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.linalg import cho_factor, cho_solve
from scipy.optimize import minimize

F64 = npt.NDArray[np.float64]

WITHIN = 40.0
"""Draws whose log-likelihood is within this of the best are smoothed; the rest stand."""
LENGTHS = (0.01, 10.0)
"""The bounds of each rate's correlation length, in the unit cube."""
JITTER = 1e-8
"""Added to the diagonal, in units of the values' variance, so that it factorises."""


def smooth(unit: F64, log_likelihood: F64) -> tuple[F64, Process | None]:
    """Each draw's log-likelihood, those within `WITHIN` of the best replaced by the Gaussian
    process's posterior mean there, and the process. With too few of them to set one length per
    rate (fewer than twice the rates and two more) they all stand, and there is no process."""
    out = log_likelihood.copy()
    finite = np.isfinite(log_likelihood)
    if not finite.any():
        return out, None
    near = finite & (log_likelihood >= np.max(log_likelihood[finite]) - WITHIN)
    x, y = unit[near], log_likelihood[near]
    if len(y) < 2 * unit.shape[1] + 2 or float(np.var(y)) == 0.0:
        return out, None
    process = Process.fit(x, y)
    out[near] = process.mean(x)
    return out, process


@dataclass(frozen=True)
class Smoothing:
    """What a calibration records of its last regression."""

    draws: int
    """The draws regressed (those within `WITHIN` of the best)."""
    noise_sd: float
    """The standard deviation of a draw's log-likelihood about the smooth one: its runs' luck."""
    signal_sd: float
    """The standard deviation of the smooth log-likelihood itself, over the draws regressed."""
    lengths: dict[str, float]
    """Each free rate's correlation length, in the unit cube."""

    def as_record(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "noise_sd": self.noise_sd,
            "signal_sd": self.signal_sd,
            "lengths": self.lengths,
        }


class Process:
    """A fitted Gaussian process: x (draw, rate), y, and its hyperparameters."""

    def __init__(self, x: F64, y: F64, lengths: F64, signal: float, noise: float, level: float):
        self.x, self.y = x, y
        self.lengths, self.signal, self.noise, self.level = lengths, signal, noise, level
        scale = float(np.var(y))
        k = self.kernel(x, x) + (noise + JITTER * scale) * np.eye(len(y))
        self.factor = cho_factor(k, lower=True)
        self.alpha: F64 = cho_solve(self.factor, y - level)

    def kernel(self, a: F64, b: F64) -> F64:
        diff = (a[:, None, :] - b[None, :, :]) / self.lengths
        out: F64 = self.signal * np.exp(-0.5 * np.sum(diff * diff, axis=2))
        return out

    def summary(self, paths: list[str]) -> Smoothing:
        return Smoothing(
            len(self.y),
            math.sqrt(self.noise),
            math.sqrt(self.signal),
            {p: float(v) for p, v in zip(paths, self.lengths, strict=True)},
        )

    def mean(self, at: F64) -> F64:
        out: F64 = self.level + self.kernel(at, self.x) @ self.alpha
        return out

    @classmethod
    def fit(cls, x: F64, y: F64) -> Process:
        """Hyperparameters of largest marginal likelihood, from lengths of a quarter of the
        cube, a signal of the values' variance and noise of a tenth of it (L-BFGS-B, on logs;
        the same values always give the same fit)."""
        d = x.shape[1]
        scale = float(np.var(y))
        start = np.concatenate(
            [np.full(d, math.log(0.25)), [math.log(scale), math.log(0.1 * scale), 0.0]]
        )
        low, high = (math.log(b) for b in LENGTHS)
        bounds = [(low, high)] * d + [
            (math.log(1e-4 * scale), math.log(1e4 * scale)),
            (math.log(1e-6 * scale), math.log(scale)),
            (None, None),
        ]
        centre = float(np.mean(y))

        def negative(p: F64) -> tuple[float, F64]:
            return cls.negative_log_marginal(x, y - centre, p)

        best = minimize(negative, start, jac=True, method="L-BFGS-B", bounds=bounds)
        p = best.x
        return cls(x, y, np.exp(p[:d]), math.exp(p[d]), math.exp(p[d + 1]), centre + p[d + 2])

    @staticmethod
    def negative_log_marginal(x: F64, y: F64, p: F64) -> tuple[float, F64]:
        """The negative log marginal likelihood at hyperparameters `p` (log lengths, log signal,
        log noise, level) and its gradient (Rasmussen and Williams 2006, eq. 5.9)."""
        d = x.shape[1]
        lengths, signal, noise, level = np.exp(p[:d]), math.exp(p[d]), math.exp(p[d + 1]), p[d + 2]
        square = (x[:, None, :] - x[None, :, :]) ** 2 / lengths**2
        shape = np.exp(-0.5 * np.sum(square, axis=2))
        k = signal * shape
        k[np.diag_indices_from(k)] += noise + JITTER * float(np.var(y))
        try:
            factor = cho_factor(k, lower=True)
        except np.linalg.LinAlgError:
            return 1e300, np.zeros(len(p))
        r = y - level
        alpha = cho_solve(factor, r)
        value = float(0.5 * r @ alpha + np.log(np.diag(factor[0])).sum())
        # d/dθ = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ), and −1ᵀα for the level.
        w = cho_solve(factor, np.eye(len(y))) - np.outer(alpha, alpha)
        grad = np.empty(len(p))
        grad[:d] = 0.5 * np.einsum("ik,ikj->j", w * signal * shape, square)
        grad[d] = 0.5 * float(np.sum(w * signal * shape))
        grad[d + 1] = 0.5 * noise * float(np.trace(w))
        grad[d + 2] = -float(alpha.sum())
        return value, grad
