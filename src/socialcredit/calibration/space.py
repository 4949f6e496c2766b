"""The free rates as one space: the unit cube where the sampler works, mapped onto each rate's
prior range (evenly for a linear prior, evenly in the logarithm for a log one). Whole-number
fields (a number of days) get whole numbers, rounded within the range."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.calibration import FreeRate

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Space:
    rates: tuple[FreeRate, ...]
    integer: tuple[bool, ...]
    """Per rate: the scenario holds a whole number there."""

    @property
    def paths(self) -> list[str]:
        return [r.path for r in self.rates]

    def value(self, i: int, u: float) -> float | int:
        """Rate i's value at `u` in [0, 1]."""
        rate = self.rates[i]
        if rate.scale == "log":
            value = rate.low * (rate.high / rate.low) ** u
        else:
            value = rate.low + u * (rate.high - rate.low)
        if self.integer[i]:
            return int(min(max(round(value), math.ceil(rate.low)), math.floor(rate.high)))
        return float(f"{value:.12g}")

    def values(self, u: F64) -> list[dict[str, float | int]]:
        """Each row of points in the cube as path → value."""
        return [
            {
                r.path: self.value(i, float(x))
                for i, (r, x) in enumerate(zip(self.rates, row, strict=True))
            }
            for row in u
        ]

    def unit(self, i: int, value: float) -> float:
        """Where rate i's value lies in [0, 1]."""
        rate = self.rates[i]
        if rate.scale == "log":
            return math.log(value / rate.low) / math.log(rate.high / rate.low)
        return (value - rate.low) / (rate.high - rate.low)
