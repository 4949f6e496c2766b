"""Statistics over runs: means with 95% intervals, and paired differences over shared seeds."""

from socialcredit.stats.intervals import (
    CONFIDENCE,
    Interval,
    interval,
    paired_difference,
    t_quantile,
)

__all__ = ["CONFIDENCE", "Interval", "interval", "paired_difference", "t_quantile"]
