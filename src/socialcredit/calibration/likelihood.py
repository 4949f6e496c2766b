"""How well a run's counts meet the published figures, and what the fitted model predicts.

Both sides are compared as logarithms, in the run's own units: a published figure y becomes
m = y / scale (the count a run of this size would show), and run and figure are each shifted by
half a count before the logarithm, so that a run that counts none of something rare is close to
a figure of a fraction of one, and far from one of hundreds. For a target with relative standard
deviation r, and a run's mean count c over S seeds:

    log(c + ½) ~ N(log(m + ½), σ²),   σ² = (r · m / (m + ½))² + D / (S · (c + 1))

The first term is the figure's own uncertainty (on the shifted scale); the second the run's
sampling noise: a count's variance is D times its mean, with D its dispersion, measured over
extra seeds at the scenario's own values (1 for a Poisson count, more where a count is driven by
a noisy stock, as refused tickets are by the listed). Counts of one quantity on several dates
are one cumulative count seen twice, so their noise is shared: the covariance of two of them is
D / (S · (c_later + 1)), that of the earlier count's part in the later. Figures' own errors, and
different quantities, count as independent. The predictive distribution of a figure at a
parameter set is the run's count with the same noise, so the posterior predictive is a weighted
mixture of lognormals.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

F64 = npt.NDArray[np.float64]

HALF = 0.5
"""The shift, in counts, before taking logarithms."""


def dispersion(counts: F64) -> float:
    """The counts' variance over seeds (rows) over their mean, pooled over the days (columns):
    Σ variance / Σ mean, at least 1; 1 with fewer than two seeds or no count at all."""
    if counts.shape[0] < 2:
        return 1.0
    total = float(counts.mean(axis=0).sum())
    if total <= 0:
        return 1.0
    return max(1.0, float(counts.var(axis=0, ddof=1).sum()) / total)


def noise_variance(counts: F64, dispersion_: F64 | float, seeds: int) -> F64:
    """Variance of log(count + ½) from the run's own sampling noise."""
    out: F64 = dispersion_ / (seeds * (counts + 1.0))
    return out


def log_likelihood(
    counts: F64,
    published: F64,
    relative_sd: F64,
    dispersion_: F64,
    seeds: int,
    groups: npt.NDArray[np.int64] | None = None,
) -> F64:
    """Per parameter set (row of `counts`, one column per target: the mean count over seeds,
    in the run's units), the Gaussian log-likelihood of the published figures (in the same
    units). Targets with the same `groups` label (one quantity) share their noise."""
    n, k = counts.shape
    labels = np.arange(k) if groups is None else groups
    residual = np.log(counts + HALF) - np.log(published + HALF)
    figure_var = (relative_sd * published / (published + HALF)) ** 2
    out = np.zeros(n)
    for label in np.unique(labels):
        cols = np.flatnonzero(labels == label)
        c = counts[:, cols]
        later = np.maximum(c[:, :, None], c[:, None, :])
        d = np.sqrt(np.outer(dispersion_[cols], dispersion_[cols]))
        cov = d[None, :, :] / (seeds * (later + 1.0)) + np.diag(figure_var[cols])[None, :, :]
        _, log_det = np.linalg.slogdet(cov)
        r = residual[:, cols]
        z = np.linalg.solve(cov, r[:, :, None])[:, :, 0]
        out += -0.5 * (np.sum(r * z, axis=1) + log_det + len(cols) * math.log(2.0 * math.pi))
    return out


def predictive_interval(
    counts: F64, weights: F64, dispersion_: float, seeds: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Mean and central interval of a count under the posterior: the weighted mixture over
    parameter sets of log(count + ½) ~ N(log(c_i + ½), noise variance)."""
    keep = weights > 0
    c, w = counts[keep], weights[keep] / weights[keep].sum()
    centre = np.log(c + HALF)
    sd = np.sqrt(noise_variance(c, np.full(len(c), dispersion_), seeds))

    def cdf(x: float) -> float:
        return float(w @ norm.cdf((x - centre) / sd))

    def quantile(q: float) -> float:
        low, high = float((centre - 10 * sd).min()), float((centre + 10 * sd).max())
        for _ in range(100):
            mid = (low + high) / 2
            low, high = (mid, high) if cdf(mid) < q else (low, mid)
        return max(math.exp((low + high) / 2) - HALF, 0.0)

    tail = (1.0 - level) / 2
    return float(w @ c), quantile(tail), quantile(1.0 - tail)
