"""The beta distribution's cumulative probability and quantile, for exact binomial intervals.

numpy has no beta distribution and the statistics need numpy alone, so both are computed here:
the regularized incomplete beta function by its continued fraction (evaluated by the modified
Lentz method, as in Press et al., *Numerical Recipes*, 3rd ed., §6.4), and its inverse by
Newton's method kept inside a bisection bracket. Both take real, not only whole, parameters:
the exact intervals of `stats.rates` are computed on effective counts, which are fractions.
"""

from __future__ import annotations

import math
from typing import Final

_TINY: Final = 1e-300
_EPSILON: Final = 1e-15
_MAX_TERMS: Final = 100_000


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _continued_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of I_x(a, b), which converges fast for x < (a + 1) / (a + b + 2)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            return h
    raise ArithmeticError(f"the incomplete beta of ({x}, {a}, {b}) did not converge")


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X ≤ x) for X ~ Beta(a, b), a and b positive: the regularized incomplete beta I_x(a, b)."""
    if a <= 0.0 or b <= 0.0:
        raise ValueError(f"beta parameters must be positive, got a={a}, b={b}")
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(x, a, b) / a
    return 1.0 - front * _continued_fraction(1.0 - x, b, a) / b


def beta_quantile(probability: float, a: float, b: float) -> float:
    """The x with I_x(a, b) = `probability`. The search runs on the log-odds of x, where the
    tails of a beta with a small parameter (quantiles far below 1e-100) are as easy to reach as
    its middle: Newton steps, each kept inside a bracket that bisection narrows when a step
    would leave it, to a relative precision of about 1e-12."""
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability must lie in [0, 1], got {probability}")
    if a <= 0.0 or b <= 0.0:
        raise ValueError(f"beta parameters must be positive, got a={a}, b={b}")
    if probability in (0.0, 1.0):
        return probability
    log_beta = _log_beta(a, b)
    low, high = -745.0, 745.0  # log-odds: x from the smallest float to 1
    u = math.log(a / b)
    for _ in range(400):
        x = _logistic(u)
        excess = beta_cdf(x, a, b) - probability
        if excess > 0.0:
            high = u
        else:
            low = u
        if high - low < 1e-12 or excess == 0.0:
            break
        # dI/du = x^a (1 - x)^b / B(a, b), in logs so that neither tail overflows.
        log_x, log_1mx = -_softplus(-u), -_softplus(u)
        slope = math.exp(a * log_x + b * log_1mx - log_beta)
        step = u - excess / slope if slope > 0.0 else math.nan
        u = step if low < step < high else 0.5 * (low + high)
    return _logistic(u)


def _logistic(u: float) -> float:
    """1 / (1 + e^-u), without overflow at either end."""
    if u >= 0.0:
        return 1.0 / (1.0 + math.exp(-u))
    e = math.exp(u)
    return e / (1.0 + e)


def _softplus(u: float) -> float:
    """log(1 + e^u), without overflow."""
    return u + math.log1p(math.exp(-u)) if u > 0.0 else math.log1p(math.exp(u))
