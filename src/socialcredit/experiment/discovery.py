"""Boxes of the inputs where a condition mostly holds: the Patient Rule Induction Method (PRIM) of
Friedman and Fisher, "Bump hunting in high-dimensional data", Statistics and Computing 9 (1999).

The data are cases, each with its inputs and whether it is of interest. A box bounds each input:
a closed range for a real input, a set of kept values for a categorical one.

- **Peeling** starts from the box around every case still to explain and takes away one thin
  slice at a time: for a real input, the cases beyond its `PEEL_ALPHA` quantile at either end;
  for a categorical input, the cases of one value. Each step takes the slice whose removal
  raises the share of cases of interest most per case removed (Friedman and Fisher's criterion
  for the mean gained against the mass lost). Peeling stops when that best slice does not raise
  the share, or would leave the box fewer than `MASS_MIN` of all cases.
- **Pasting** then widens the box again, one restricted input at a time (a real input by its
  `PASTE_ALPHA` quantile of the cases just outside, a categorical input by one more value), while
  that raises the share of cases of interest.
- The box kept is the last of that trajectory, after pasting. Its cases are set aside and the
  next box is looked for among the rest.

Where two steps gain the same, the one leaving fewer inputs restricted is taken, then the first
in the order of the inputs (for a real input, the top end before the bottom when peeling and the
bottom before the top when pasting; a categorical input's values in sorted order). So the
boxes are the same on every run. The `prim` package, which these boxes match where no two steps
tie, could choose between tied values of a categorical input differently from one run to the
next (its order came from Python's sets).

Coverage is the share of all cases of interest inside a box, density the share of the box's cases
that are of interest, mass the share of all cases in the box.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

PEEL_ALPHA = 0.05
"""The share of a box's cases one peeling step takes away at one end of a real input."""
PASTE_ALPHA = 0.05
"""The quantile of the cases just outside a real input's range that one pasting step adds."""
MASS_MIN = 0.05
"""The least share of all cases a box may hold."""

Column = npt.NDArray[np.float64] | npt.NDArray[np.object_]
"""One input over the cases: finite floats for a real input, strings for a categorical one."""
Rows = npt.NDArray[np.intp]
"""Indices of cases."""
Bounds = tuple[float, float] | frozenset[str]
"""A real input's closed range, or the values a categorical input keeps."""
Limits = dict[str, Bounds]


@dataclass(frozen=True)
class Limit:
    factor: str
    low: float | None = None
    high: float | None = None
    among: list[str] | None = None
    """For a categorical input: the values the box keeps."""


@dataclass(frozen=True)
class Box:
    limits: list[Limit]
    """The inputs the box restricts, in the order of the inputs."""
    coverage: float
    density: float
    mass: float


@dataclass(frozen=True)
class Step:
    """A box one peeling or pasting step could lead to, and the cases inside it."""

    limits: Limits
    rows: Rows


@dataclass(frozen=True)
class Cases:
    inputs: Mapping[str, Column]
    interesting: npt.NDArray[np.bool_]

    @property
    def count(self) -> int:
        return len(self.interesting)


def find_boxes(
    inputs: Mapping[str, Column], interesting: npt.NDArray[np.bool_], *, most: int
) -> list[Box]:
    """Up to `most` boxes (none when no case is of interest), each found among the cases the
    boxes before it leave. The search ends after a box found among cases with none of interest:
    once the boxes hold every case of interest, one more box holds the cases left (coverage 0),
    and no box follows it."""
    if not interesting.any():
        return []
    cases = Cases(inputs, interesting)
    whole = whole_box(cases)
    left: Rows = np.arange(cases.count)
    boxes: list[Box] = []
    while len(boxes) < most and len(left) > 0:
        peeled = peel(cases, whole, Step(dict(whole), left))
        found = paste(cases, whole, left, peeled)
        boxes.append(describe(cases, whole, found))
        if not interesting[left].any():
            break
        left = np.setdiff1d(left, found.rows)
    return boxes


def whole_box(cases: Cases) -> Limits:
    """The box around every case: each real input's range, each categorical input's values."""
    return {name: bounds_of(column) for name, column in cases.inputs.items()}


def bounds_of(column: Column) -> Bounds:
    if column.dtype == np.object_:
        return frozenset(str(value) for value in column)
    return (float(np.min(column)), float(np.max(column)))


def inside(cases: Cases, limits: Limits, rows: Rows) -> Rows:
    """The rows whose every input lies within `limits`."""
    keep = np.ones(len(rows), dtype=bool)
    for name, bounds in limits.items():
        values = cases.inputs[name][rows]
        if isinstance(bounds, frozenset):
            keep &= np.isin(values, sorted(bounds))
        else:
            keep &= (bounds[0] <= values) & (values <= bounds[1])
    return rows[keep]


def cut(values: npt.NDArray[np.float64], share: float) -> float:
    """A value splitting off about `share` of `values` at the low end (or `1 - share` at the
    high end): the midpoint of the two order statistics around that quantile, moved to the next
    distinct value inwards where they are equal, so the cut falls between data values wherever
    the data leave room (a slice takes away all the cases of a tied value or none)."""
    ordered = np.sort(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    if ordered[low] == ordered[high]:
        if share > 0.5:
            low = max(int(np.searchsorted(ordered, ordered[high], side="left")) - 1, 0)
        else:
            last = len(ordered) - 1
            high = min(int(np.searchsorted(ordered, ordered[low], side="right")), last)
    return float((ordered[low] + ordered[high]) / 2)


def share_of_interest(cases: Cases, rows: Rows) -> float:
    """The box's mean: the share of its cases that are of interest (0 for an empty box)."""
    if len(rows) == 0:
        return 0.0
    return int(np.count_nonzero(cases.interesting[rows])) / len(rows)


def gain(cases: Cases, before: Rows, after: Rows) -> float:
    """Friedman and Fisher's criterion: the change in the box's mean per case taken away (when
    peeling) or added (when pasting)."""
    old, new = share_of_interest(cases, before), share_of_interest(cases, after)
    if new == old:
        return 0.0
    return (new - old) / abs(len(before) - len(after))


def restricted(whole: Limits, limits: Limits) -> int:
    return sum(limits[name] != bounds for name, bounds in whole.items())


def best(cases: Cases, whole: Limits, box: Step, steps: list[Step]) -> tuple[Step, float] | None:
    """The step of the largest gain; among equal gains the one restricting fewer inputs, then
    the first."""
    if not steps:
        return None
    scored = [(gain(cases, box.rows, step.rows), -restricted(whole, step.limits)) for step in steps]
    chosen = max(range(len(steps)), key=lambda i: scored[i])
    return steps[chosen], scored[chosen][0]


def peel(cases: Cases, whole: Limits, box: Step) -> Step:
    """Take slices away while the best one raises the box's mean and leaves enough mass."""
    while True:
        steps = [step for name in whole for step in peels(cases, box, name)]
        found = best(cases, whole, box, steps)
        if found is None:
            return box
        step, score = found
        mass = len(step.rows) / cases.count
        if not (mass >= MASS_MIN and len(step.rows) < len(box.rows) and score > 0):
            return box
        box = step


def peels(cases: Cases, box: Step, name: str) -> list[Step]:
    column = cases.inputs[name]
    bounds = box.limits[name]
    if isinstance(bounds, frozenset):
        return categorical_peels(column, box, name, bounds)
    return real_peels(column, box, name, bounds)


def real_peels(column: Column, box: Step, name: str, bounds: tuple[float, float]) -> list[Step]:
    """The box without its top slice, then without its bottom slice."""
    values = column[box.rows].astype(np.float64)
    top = cut(values, 1 - PEEL_ALPHA)
    bottom = cut(values, PEEL_ALPHA)
    return [
        Step({**box.limits, name: (bounds[0], top)}, box.rows[values <= top]),
        Step({**box.limits, name: (bottom, bounds[1])}, box.rows[values >= bottom]),
    ]


def categorical_peels(column: Column, box: Step, name: str, kept: frozenset[str]) -> list[Step]:
    """The box without one of its values, for each value it keeps (none when it keeps one)."""
    if len(kept) < 2:
        return []
    values = column[box.rows]
    return [
        Step({**box.limits, name: kept - {value}}, box.rows[values != value])
        for value in sorted(kept)
    ]


def paste(cases: Cases, whole: Limits, left: Rows, box: Step) -> Step:
    """Widen the box while the best widening adds cases and raises the box's mean."""
    while True:
        steps = [
            step
            for name, bounds in whole.items()
            if box.limits[name] != bounds
            for step in pastes(cases, whole, left, box, name)
        ]
        found = best(cases, whole, box, steps)
        if found is None:
            return box
        step, score = found
        mass = len(step.rows) / cases.count
        wider = len(step.rows) > len(box.rows)
        better = share_of_interest(cases, step.rows) > share_of_interest(cases, box.rows)
        if not (mass >= MASS_MIN and wider and score > 0 and better):
            return box
        box = step


def pastes(cases: Cases, whole: Limits, left: Rows, box: Step, name: str) -> list[Step]:
    bounds, start = box.limits[name], whole[name]
    if isinstance(bounds, frozenset) and isinstance(start, frozenset):
        return categorical_pastes(cases, left, box, name, bounds, start - bounds)
    if isinstance(bounds, tuple) and isinstance(start, tuple):
        return real_pastes(cases, left, box, name, bounds, start)
    raise TypeError(f"{name} is both real and categorical")


def real_pastes(
    cases: Cases,
    left: Rows,
    box: Step,
    name: str,
    bounds: tuple[float, float],
    start: tuple[float, float],
) -> list[Step]:
    """The box widened at its bottom, then at its top, each by a quantile of the cases between
    its end and the whole range's (or to the whole range's end when there are none)."""
    low, high = bounds
    below = edge_cases(cases, left, {**box.limits, name: (start[0], low)}, name)
    above = edge_cases(cases, left, {**box.limits, name: (high, start[1])}, name)
    new_low = cut(below, 1 - PASTE_ALPHA) if len(below) else start[0]
    new_high = cut(above, PASTE_ALPHA) if len(above) else start[1]
    return [
        widened(cases, left, {**box.limits, name: (new_low, high)}),
        widened(cases, left, {**box.limits, name: (low, new_high)}),
    ]


def edge_cases(cases: Cases, left: Rows, limits: Limits, name: str) -> npt.NDArray[np.float64]:
    """The values of `name` over the cases left that lie within `limits`."""
    return cases.inputs[name][inside(cases, limits, left)].astype(np.float64)


def categorical_pastes(
    cases: Cases, left: Rows, box: Step, name: str, kept: frozenset[str], missing: frozenset[str]
) -> list[Step]:
    """The box with one more of the values it left out, for each of them."""
    return [widened(cases, left, {**box.limits, name: kept | {value}}) for value in sorted(missing)]


def widened(cases: Cases, left: Rows, limits: Limits) -> Step:
    return Step(limits, inside(cases, limits, left))


def describe(cases: Cases, whole: Limits, box: Step) -> Box:
    """The box's restricted inputs and its coverage, density and mass."""
    limits = []
    for name, start in whole.items():
        bounds = box.limits[name]
        if bounds == start:
            continue
        if isinstance(bounds, frozenset):
            limits.append(Limit(name, among=sorted(bounds)))
        else:
            limits.append(Limit(name, bounds[0], bounds[1]))
    hits = int(np.count_nonzero(cases.interesting[box.rows]))
    total = int(np.count_nonzero(cases.interesting))
    return Box(limits, hits / total, hits / len(box.rows), len(box.rows) / cases.count)
