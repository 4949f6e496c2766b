"""The design: which combinations of factor values the experiment runs.

A grid takes every combination. The sampled methods draw points in the unit cube with SALib
(Latin hypercube; Saltelli's extension of Sobol' sequences; Morris trajectories) and map each
coordinate to a factor: across its `range`, or onto one of its `values` (the unit interval cut
into equal parts). Whole-number fields get whole numbers. The same experiment gives the same
points: the sampler has its own seed.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.experiment.document import MAX_VARIANTS, Experiment, Factor

Point = dict[str, Any]
"""Factor path → value."""


@dataclass(frozen=True)
class Design:
    points: list[Point]
    unit: npt.NDArray[np.float64] | None
    """For sampled designs: the points in the unit cube, as SALib's analysis needs them."""


def problem_of(factors: list[Factor]) -> dict[str, Any]:
    """SALib's description of the unit cube a sampled design is drawn in (and analysed in)."""
    return {
        "num_vars": len(factors),
        "names": [f.path for f in factors],
        "bounds": [[0.0, 1.0]] * len(factors),
    }


def grid_levels(factor: Factor, integer: bool) -> list[Any]:
    if factor.values is not None:
        return list(factor.values)
    assert factor.range is not None
    if factor.levels is None:
        raise ValueError("a range on a grid needs levels (how many points across it)")
    low, high = factor.range
    levels = np.linspace(low, high, factor.levels).tolist()
    spread = [round(v) for v in levels] if integer else [_tidy(v) for v in levels]
    return list(dict.fromkeys(spread))  # whole numbers: fewer levels than asked if they repeat


def _tidy(value: float) -> float:
    """A float without the noise of its last digits (0.30000000000000004 → 0.3)."""
    return float(f"{value:.12g}")


def from_unit(factor: Factor, u: float, integer: bool) -> Any:
    """The factor's value at `u` in [0, 1]."""
    if factor.values is not None:
        k = len(factor.values)
        return factor.values[min(math.floor(u * k), k - 1)]
    assert factor.range is not None
    low, high = factor.range
    value = low + u * (high - low)
    return round(value) if integer else _tidy(value)


def build(experiment: Experiment, integer: list[bool]) -> Design:
    """The design's points; `integer[i]` says whether factor i holds whole numbers."""
    factors = experiment.factors
    sampling = experiment.sampling
    if not factors:
        return Design([{}], None)
    if sampling.method == "grid":
        levels = [grid_levels(f, i) for f, i in zip(factors, integer, strict=True)]
        size = math.prod(len(x) for x in levels)
        if size > MAX_VARIANTS:
            raise ValueError(
                f"the grid has {size:,} points, more than {MAX_VARIANTS:,}; vary fewer values "
                "or sample the space (latin, sobol, morris)"
            )
        points = [
            {f.path: v for f, v in zip(factors, combo, strict=True)}
            for combo in itertools.product(*levels)
        ]
        return Design(points, None)
    # SALib (and SciPy with it) is loaded only for a sampled design: a grid, and every command
    # that reads an experiment without designing one, start about a second sooner.
    from SALib.sample import latin, morris
    from SALib.sample import sobol as saltelli

    problem = problem_of(factors)
    assert sampling.samples is not None
    if sampling.method == "latin":
        unit = latin.sample(problem, sampling.samples, seed=sampling.seed)
    elif sampling.method == "sobol":
        unit = saltelli.sample(
            problem, sampling.samples, calc_second_order=False, seed=sampling.seed
        )
    else:
        unit = morris.sample(
            problem, sampling.samples, num_levels=sampling.levels, seed=sampling.seed
        )
    unit = np.asarray(unit, dtype=np.float64)
    points = [
        {f.path: from_unit(f, float(u), i) for f, u, i in zip(factors, row, integer, strict=True)}
        for row in unit
    ]
    return Design(points, unit)
