"""Statistics over runs: means with 95% intervals, and paired differences over shared seeds."""

from socialcredit.stats.intervals import (
    CONFIDENCE,
    Interval,
    difference_of_means,
    interval,
    paired_difference,
    t_quantile,
)

__all__ = [
    "CONFIDENCE",
    "Interval",
    "difference_of_means",
    "interval",
    "paired_difference",
    "t_quantile",
]
