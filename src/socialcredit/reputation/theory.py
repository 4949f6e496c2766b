"""Analytic references for the reputation game: the mean-field equilibrium and the exact
stationary mean of a finite population."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from socialcredit.reputation.norms import assessment_table


def _check_errors(execution_error: float, assessment_error: float) -> None:
    if not 0.0 <= execution_error <= 0.5:
        raise ValueError(f"execution_error must be in [0, 0.5], got {execution_error!r}")
    if not 0.0 <= assessment_error < 0.5:
        raise ValueError(f"assessment_error must be in [0, 0.5), got {assessment_error!r}")


def _good_verdict_chances(table: NDArray[np.bool_], execution_error: float) -> tuple[float, ...]:
    """(a_G, b_G, a_B, b_B): chance of a Good verdict before assessment error, for a Good (G) or
    Bad (B) donor meeting a Good (a) or Bad (b) recipient.

    A Good recipient is helped unless execution fails; a Bad one is refused (discriminator).
    Everything the analytic views need reduces to these four numbers.
    """
    e = execution_error
    out: list[float] = []
    for donor in (1, 0):
        meets_good = (1.0 - e) * float(table[donor, 1, 1]) + e * float(table[donor, 1, 0])
        meets_bad = float(table[donor, 0, 0])
        out += [meets_good, meets_bad]
    return tuple(out)


def analytic_good_share(norm: str, execution_error: float, assessment_error: float) -> float:
    """Mean-field equilibrium share of Good citizens, g*, in an infinite population.

    g* is the largest root in [0, 1] of g = mu + (1 - 2 mu) q(g), where q(g) is the chance of
    a Good verdict when donor and recipient are Good with probability g each. The largest root
    is the one the all-Good start flows to: g' = F(g) - g is negative above it, so the
    one-dimensional dynamics descend from g = 1 and stop there. q is at most quadratic in g,
    so the roots come in closed form. When every g is a fixed point (image scoring without any
    error) nothing ever moves the all-Good start, so the answer is 1.
    """
    _check_errors(execution_error, assessment_error)
    a_g, b_g, a_b, b_b = _good_verdict_chances(assessment_table(norm), execution_error)
    mu = assessment_error
    # q(g) = g (g a_G + (1-g) b_G) + (1-g) (g a_B + (1-g) b_B) = c2 g^2 + c1 g + c0
    c2 = a_g - b_g - a_b + b_b
    c1 = b_g + a_b - 2.0 * b_b
    c0 = b_b
    quad = (1.0 - 2.0 * mu) * c2
    lin = (1.0 - 2.0 * mu) * c1 - 1.0
    const = mu + (1.0 - 2.0 * mu) * c0
    tol = 1e-12
    if abs(quad) < tol:
        if abs(lin) < tol:
            return 1.0
        roots = [-const / lin]
    else:
        disc = lin * lin - 4.0 * quad * const
        disc = max(disc, 0.0)  # F(0) >= 0 >= F(1) - 1 guarantees a real root; clip rounding
        # Numerically stable form: no cancellation between -lin and the square root.
        half = -0.5 * (lin + math.copysign(math.sqrt(disc), lin))
        roots = [half / quad] + ([const / half] if half != 0.0 else [])
    inside = [min(max(r, 0.0), 1.0) for r in roots if -1e-9 <= r <= 1.0 + 1e-9]
    if not inside:  # pragma: no cover - excluded by the intermediate value theorem
        raise ArithmeticError(f"no equilibrium in [0, 1] for {norm} (roots {roots})")
    return max(inside)


def _chain(
    norm: str, citizens: int, execution_error: float, assessment_error: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per number k of Good citizens, the chance that a round moves k up by one, and down."""
    _check_errors(execution_error, assessment_error)
    if citizens < 2:
        raise ValueError(f"citizens must be at least 2, got {citizens}")
    a_g, b_g, a_b, b_b = _good_verdict_chances(assessment_table(norm), execution_error)
    n = citizens
    mu = assessment_error
    k = np.arange(n + 1, dtype=np.float64)
    p_good_for_good_donor = np.clip((k - 1.0) / (n - 1), 0.0, 1.0)
    p_good_for_bad_donor = np.clip(k / (n - 1), 0.0, 1.0)
    s_good = p_good_for_good_donor * a_g + (1.0 - p_good_for_good_donor) * b_g
    s_bad = p_good_for_bad_donor * a_b + (1.0 - p_good_for_bad_donor) * b_b
    up = (n - k) / n * (mu + (1.0 - 2.0 * mu) * s_bad)  # a Bad donor is judged Good
    down = k / n * (1.0 - mu - (1.0 - 2.0 * mu) * s_good)  # a Good donor is judged Bad
    return np.maximum(up, 0.0), np.maximum(down, 0.0)


def _stationary(up: NDArray[np.float64], down: NDArray[np.float64]) -> NDArray[np.float64]:
    """The stationary law of the class the all-Good start ends in, over k = 0 .. N."""
    n = len(up) - 1
    # Go down from N while a step down is possible, then up from there while a step up is.
    low = n
    while low > 0 and down[low] > 0.0:
        low -= 1
    high = low
    while high < n and up[high] > 0.0:
        high += 1
    log_ratio = np.log(up[low:high]) - np.log(down[low + 1 : high + 1])
    log_pi = np.concatenate(([0.0], np.cumsum(log_ratio)))
    weights = np.exp(log_pi - log_pi.max())
    out = np.zeros(n + 1)
    out[low : high + 1] = weights / weights.sum()
    return out


def exact_good_share(
    norm: str, citizens: int, execution_error: float, assessment_error: float
) -> tuple[float, float]:
    """Exact long-run (share of Good, cooperation rate) of a finite population.

    Citizens are exchangeable and one donor is reassessed per round, so the number k of Good
    citizens is a birth-death chain: it can only move by one. Its stationary distribution
    follows from detailed balance, pi(k+1)/pi(k) = up(k)/down(k+1), computed in logs to stay
    finite for thousands of citizens. The recipient is drawn from the other N - 1 citizens,
    which is why a Good donor sees a Good recipient with chance (k-1)/(N-1), not k/N; that
    self-exclusion is one of the O(1/N) effects the mean-field value ignores.

    Without assessment error the chain may have absorbing states; the answer is then the
    stationary law of the class that the all-Good start ends in, as in the simulation.
    The recipient is uniform over everyone but the donor, so it is Good with chance k/N and
    the cooperation rate is exactly (1 - e) times the mean share of Good.
    """
    up, down = _chain(norm, citizens, execution_error, assessment_error)
    pi = _stationary(up, down)
    good = float(np.dot(pi, np.arange(citizens + 1)) / citizens)
    return good, good * (1.0 - execution_error)


EXACT_TRANSIENT_CITIZENS = 4000
"""Up to this many citizens the start-up transient is followed exactly (a distribution over
k per round); above it, by the mean-field trajectory, whose error is O(1/N)."""


def expected_measurement(
    norm: str,
    citizens: int,
    execution_error: float,
    assessment_error: float,
    rounds_per_citizen: int,
    burn_in: float,
) -> tuple[float, float]:
    """The expectation of what a run measures: (Good share, cooperation rate), start included.

    A run starts with everyone Good and averages over the rounds after its burn-in, so its
    estimate carries the tail of the start-up transient: with a short burn-in the expectation
    sits above the stationary value (at 20 rounds per citizen and a burn-in of 0.05, image
    scoring with e = 0.05 and mu = 0.02 measures more than 0.1 above it; at 300 rounds and a
    burn-in of 0.25 the difference is below 1e-4). This computes the expectation itself, by
    following the law of k round by round from k = N (exactly, for populations up to
    `EXACT_TRANSIENT_CITIZENS`): the Good share averaged over the states after rounds
    burn+1 .. total, and the cooperation rate, (1 - e) k/N, over the states before them.
    Once the law has settled at the stationary one, the rest of the rounds add its mean.
    """
    n = citizens
    total = n * rounds_per_citizen
    burn = min(int(burn_in * total), total - 1)
    measured = total - burn
    e = execution_error
    if n > EXACT_TRANSIENT_CITIZENS:
        return _mean_field_measurement(norm, n, e, assessment_error, rounds_per_citizen, burn)
    up, down = _chain(norm, n, e, assessment_error)
    stay = 1.0 - up - down
    pi = _stationary(up, down)
    k = np.arange(n + 1, dtype=np.float64)
    stationary_mean = float(pi @ k)
    p = np.zeros(n + 1)
    p[n] = 1.0
    means = [float(n)]  # E[k] after round r, until the law has settled
    for r in range(1, total + 1):
        moved = p * stay
        moved[1:] += p[:-1] * up[:-1]
        moved[:-1] += p[1:] * down[1:]
        p = moved
        means.append(float(p @ k))
        # Settled: within 1e-10 of the stationary law (rounding keeps larger chains from
        # getting closer than about 1e-12), so the rest adds its mean to within 1e-10 of N.
        if r % n == 0 and float(np.abs(p - pi).sum()) < 1e-10:
            break
    settled = len(means) - 1  # after this round, E[k] is the stationary mean

    def total_of(first: int, last: int) -> float:
        """Sum of E[k] after rounds first .. last."""
        known = sum(means[first : min(last, settled) + 1]) if first <= settled else 0.0
        return known + max(0, last - max(first, settled + 1) + 1) * stationary_mean

    good = total_of(burn + 1, total) / (measured * n)
    coop = (1.0 - e) * total_of(burn, total - 1) / (measured * n)
    return good, coop


def _mean_field_measurement(
    norm: str, n: int, e: float, mu: float, rounds_per_citizen: int, burn: int
) -> tuple[float, float]:
    """The same expectation from the mean-field trajectory g(t), t in generations of N rounds
    (Runge-Kutta steps of 1/64 generation); the states before and after a round differ by
    1/N of a generation, which this view does not resolve."""
    a_g, b_g, a_b, b_b = _good_verdict_chances(assessment_table(norm), e)

    def drift(g: float) -> float:
        s_good = g * a_g + (1.0 - g) * b_g
        s_bad = g * a_b + (1.0 - g) * b_b
        return (1.0 - g) * (mu + (1.0 - 2.0 * mu) * s_bad) - g * (
            1.0 - mu - (1.0 - 2.0 * mu) * s_good
        )

    steps_per_generation = 64
    h = 1.0 / steps_per_generation
    g = 1.0
    start = burn / n
    total = float(rounds_per_citizen)
    area = 0.0
    t = 0.0
    while t < total - 1e-12:
        step = min(h, total - t)
        k1 = drift(g)
        k2 = drift(g + 0.5 * step * k1)
        k3 = drift(g + 0.5 * step * k2)
        k4 = drift(g + step * k3)
        g_next = g + step / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        lo = max(t, start)
        if t + step > start:
            # trapezoid over the part of the step after the burn-in
            frac = (t + step - lo) / step
            area += frac * step * 0.5 * (g + g_next)
        g, t = g_next, t + step
    span = total - start
    return area / span, (1.0 - e) * area / span
