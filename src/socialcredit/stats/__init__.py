"""Statistics over runs: means with 95% intervals, paired differences over shared seeds, and
rates pooled over seeds with exact intervals for their ratios."""

from socialcredit.stats.intervals import (
    CONFIDENCE,
    Interval,
    difference_of_means,
    interval,
    paired_difference,
    t_quantile,
)
from socialcredit.stats.rates import Counts, Dispersion, RateRatio, rate_ratio

__all__ = [
    "CONFIDENCE",
    "Counts",
    "Dispersion",
    "Interval",
    "RateRatio",
    "difference_of_means",
    "interval",
    "paired_difference",
    "rate_ratio",
    "t_quantile",
]
