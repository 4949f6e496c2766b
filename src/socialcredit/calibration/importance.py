"""The sampler of the calibration: where parameter sets are drawn, and how they are weighed.

Parameters live in the unit cube, where the prior is uniform (`space` maps the cube onto each
free rate's range, evenly or on a log scale). The first round draws scrambled Sobol' points
from the prior; each refinement round draws from a Gaussian fitted to the best-fitting draws so
far (their mean, and twice their covariance, as ABC population Monte Carlo widens its kernel,
Beaumont et al. 2009), also through Sobol' points, keeping those inside the cube. Every draw of
every round is then weighed against the mixture of all the rounds' proposals
(deterministic-mixture importance sampling, Owen and Zhou 2000; the weights of adaptive multiple
importance sampling, Cornuet et al. 2012):

    w_i ∝ L(θ_i) π(θ_i) / Σ_r (n_r / N) q_r(θ_i)

where n_r counts every point round r drew, inside the cube or not, so the proposal densities
need no truncation. L(θ_i) is the likelihood smoothed across the draws (`emulator`): each
draw's own is an estimate from a few seeded runs, and its noise would otherwise decide the
weights. The same seed gives the same points, so a calibration is exact to repeat.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import logsumexp
from scipy.stats import norm, qmc

from socialcredit.calibration.emulator import Process, smooth

F64 = npt.NDArray[np.float64]
LogLikelihood = Callable[[F64, int], F64]
"""log_likelihood(points in the unit cube, round): one value per point (it may run them)."""

TEMPERED = 0.05
"""A refinement round is fitted to the draws so far weighed by a likelihood tempered to keep
this share of them (at least one more than the rates) in the effective sample, and by the whole
likelihood once it keeps as many."""
SPREAD = 2.0
"""A refinement round's covariance is this many times that of the weighed draws."""
FLOOR = 0.01
"""The least standard deviation of a refinement proposal along each axis of the unit cube."""


@dataclass(frozen=True)
class Proposal:
    """Where one round drew: the prior (`mean` None) or a Gaussian in the unit cube."""

    drawn: int
    """Every point the round drew, inside the cube or not."""
    mean: F64 | None = None
    cov: F64 | None = None

    def log_density(self, u: F64) -> F64:
        if self.mean is None or self.cov is None:
            inside = np.all((u >= 0.0) & (u <= 1.0), axis=1)
            return np.where(inside, 0.0, -np.inf)
        d = u.shape[1]
        chol = np.linalg.cholesky(self.cov)
        z = np.linalg.solve(chol, (u - self.mean).T)
        log_det = 2.0 * float(np.log(np.diag(chol)).sum())
        out: F64 = -0.5 * (np.sum(z * z, axis=0) + log_det + d * math.log(2.0 * math.pi))
        return out


def sobol(d: int, n: int, seed: int) -> F64:
    """The first `n` points of a scrambled Sobol' sequence in [0, 1)^d."""
    if n <= 0:
        return np.zeros((0, d))
    engine = qmc.Sobol(d, scramble=True, rng=np.random.default_rng(seed))
    points: F64 = engine.random_base2(max(0, math.ceil(math.log2(n))))[:n]
    return points


def prior_round(d: int, n: int, seed: int) -> tuple[F64, Proposal]:
    """`n` points from the prior (uniform on the cube)."""
    return sobol(d, n, seed), Proposal(drawn=n)


def gaussian_round(mean: F64, cov: F64, n: int, seed: int) -> tuple[F64, Proposal]:
    """`n` points of N(mean, cov) inside the unit cube, through Sobol' points and the normal
    quantile function; `drawn` counts the points outside the cube too."""
    d = len(mean)
    chol = np.linalg.cholesky(cov)
    size = max(1, n)
    while True:
        unit = np.clip(sobol(d, size, seed), 1e-12, 1.0 - 1e-12)
        points = mean + norm.ppf(unit) @ chol.T
        inside = np.flatnonzero(np.all((points >= 0.0) & (points <= 1.0), axis=1))
        if len(inside) >= n:
            drawn = int(inside[n - 1]) + 1 if n else 0
            return points[inside[:n]], Proposal(drawn=drawn, mean=mean, cov=cov)
        if size >= 2**20:
            raise ValueError("the refinement proposal lies almost wholly outside the prior")
        size *= 2


def log_mixture(u: F64, proposals: list[Proposal]) -> F64:
    """The log density of the mixture of the rounds' proposals, each by its share of the draws."""
    total = sum(p.drawn for p in proposals)
    shares = [math.log(p.drawn / total) for p in proposals]
    out: F64 = logsumexp(
        np.stack([s + p.log_density(u) for s, p in zip(shares, proposals, strict=True)]), axis=0
    )
    return out


def log_weights(u: F64, log_likelihood: F64, proposals: list[Proposal]) -> F64:
    """Unnormalised log importance weights of every draw against the mixture of proposals."""
    # The prior is 1 inside the cube and 0 outside it.
    inside = np.all((u >= 0.0) & (u <= 1.0), axis=1)
    weight = log_likelihood - log_mixture(u, proposals)
    out: F64 = np.where(inside & np.isfinite(log_likelihood), weight, -np.inf)
    return out


def normalise(log_w: F64) -> F64:
    """Weights that add up to 1 (all equal if every draw is impossible)."""
    if not np.isfinite(log_w).any():
        return np.full(len(log_w), 1.0 / len(log_w))
    out: F64 = np.exp(log_w - logsumexp(log_w))
    return out


def effective_sample_size(weights: F64) -> float:
    """Kish's effective sample size, (Σw)² / Σw²: 1 when one draw holds all the weight, N when
    all N weigh the same."""
    total = float(weights.sum())
    return total * total / float((weights * weights).sum()) if total > 0 else 0.0


def temper(log_likelihood: F64, log_mixture_: F64, target: float) -> float:
    """The largest power β in (0, 1] of the likelihood at which the draws' importance weights
    keep an effective sample size of `target` (1 if they keep it at the likelihood itself)."""

    def ess(beta: float) -> float:
        return effective_sample_size(normalise(beta * log_likelihood - log_mixture_))

    if ess(1.0) >= target:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if ess(mid) >= target else (low, mid)
    return max(low, 1e-6)


def refine(u: F64, log_likelihood: F64, proposals: list[Proposal]) -> tuple[F64, F64]:
    """The mean and covariance of the next round's Gaussian: those of the draws so far,
    weighed by a tempered likelihood (`temper`: as sharp as keeps `TEMPERED` of them in the
    effective sample, the whole likelihood once that many carry it), the covariance `SPREAD`
    times wider and at least `FLOOR` along each axis. While few draws carry the weight of the
    whole likelihood their covariance says nothing of the posterior's shape; the tempered one
    narrows round by round towards it."""
    mixture = log_mixture(u, proposals)
    target = max(u.shape[1] + 1.0, TEMPERED * len(u))
    beta = temper(log_likelihood, mixture, target)
    weights = normalise(beta * log_likelihood - mixture)
    mean: F64 = weights @ u
    centred = u - mean
    cov = (centred * weights[:, None]).T @ centred
    out: F64 = SPREAD * cov + FLOOR**2 * np.eye(u.shape[1])
    return mean, out


def weighted_quantile(x: F64, weights: F64, q: float) -> float:
    """The `q` quantile of the weighted sample (the smallest value whose cumulative weight
    reaches q)."""
    order = np.argsort(x, kind="stable")
    cumulative = np.cumsum(weights[order])
    k = int(np.searchsorted(cumulative, q * cumulative[-1], side="left"))
    return float(x[order][min(k, len(x) - 1)])


@dataclass(frozen=True)
class Sample:
    """Every draw of every round, with its log-likelihood and normalised weight."""

    unit: F64
    """(draw, rate): where each draw lies in the unit cube."""
    round: npt.NDArray[np.int64]
    """The round (from 1) each draw came from."""
    log_likelihood: F64
    smoothed: F64
    """The log-likelihood the weights use: `emulator.smooth` of `log_likelihood`, or it
    unchanged when the sampler was told not to smooth."""
    weights: F64
    ess: list[float]
    """The effective sample size after each round."""
    emulator: Process | None = None
    """The last round's regression (None without one: `emulator.smooth`)."""


def round_sizes(total: int, rounds: int) -> list[int]:
    """`total` draws over `rounds` rounds: equal shares, the remainder in the first."""
    base = total // rounds
    return [total - base * (rounds - 1)] + [base] * (rounds - 1)


def sample(
    d: int, sizes: list[int], seed: int, log_likelihood: LogLikelihood, *, emulate: bool = True
) -> Sample:
    """Adaptive importance sampling in the unit cube of `d` rates: the first round from the
    prior, each later one from `refine` of the best draws so far; `sizes` draws a round. With
    `emulate` the weights and the refinements use the log-likelihood smoothed across the draws
    (`emulator.smooth`), refitted after every round."""
    unit = np.zeros((0, d))
    rounds = np.zeros(0, dtype=np.int64)
    loglik = np.zeros(0)
    smoothed = np.zeros(0)
    process: Process | None = None
    weights = np.zeros(0)
    proposals: list[Proposal] = []
    ess: list[float] = []
    for r, size in enumerate(sizes):
        if r == 0:
            new, proposal = prior_round(d, size, seed)
        else:
            mean, cov = refine(unit, smoothed, proposals)
            new, proposal = gaussian_round(mean, cov, size, seed + r)
        proposals.append(proposal)
        loglik = np.concatenate([loglik, log_likelihood(new, r + 1)])
        unit = np.vstack([unit, new])
        rounds = np.concatenate([rounds, np.full(len(new), r + 1, dtype=np.int64)])
        smoothed, process = smooth(unit, loglik) if emulate else (loglik, None)
        weights = normalise(log_weights(unit, smoothed, proposals))
        ess.append(effective_sample_size(weights))
    return Sample(unit, rounds, loglik, smoothed, weights, ess, process)
