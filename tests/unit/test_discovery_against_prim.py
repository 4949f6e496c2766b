"""Scenario discovery's PRIM gives the boxes of the `prim` package (GPL-3.0, installed with the
`dev` extra only, and imported by no other file) on the same data: the same limits, coverage,
density and mass. The data avoid ties between categorical values, where `prim` takes whichever
value its set of values yields first."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from socialcredit.experiment.discovery import Box, Column, Limit, find_boxes

prim = pytest.importorskip("prim")
pd = pytest.importorskip("pandas")


def prim_boxes(
    inputs: dict[str, Column], interesting: npt.NDArray[np.bool_], most: int
) -> list[Box]:
    """The boxes `prim` finds, the last of each peeling and pasting trajectory, searched for
    until its cases of interest run out."""
    frame = pd.DataFrame(
        {
            name: pd.Series(column, dtype=object if column.dtype == np.object_ else float)
            for name, column in inputs.items()
        }
    )
    boxes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(frame, interesting, threshold=0.5, threshold_type=">")
        for _ in range(most):
            box = finder.find_box()
            if box is None:
                break
            boxes.append(read_box(box, finder._box_init, frame))
            if finder.determine_coi(finder.yi_remaining) == 0:
                break
    return boxes


def read_box(box: Any, initial: Any, frame: Any) -> Box:
    """A `prim` box's restricted inputs, read from its limits against the initial box."""
    stats = box.stats
    current = box._box_lims[box._cur_box]
    limits = []
    for name in current.dtype.names:
        low, high = current[name][0], current[name][1]
        start_low, start_high = initial[name][0], initial[name][1]
        if frame[name].dtype == object:
            if set(low) != set(start_low):
                limits.append(Limit(str(name), among=sorted(str(x) for x in low)))
        elif (low, high) != (start_low, start_high):
            limits.append(Limit(str(name), float(low), float(high)))
    return Box(limits, float(stats["coverage"]), float(stats["density"]), float(stats["mass"]))


def uniform_with_a_box(seed: int) -> tuple[dict[str, Column], npt.NDArray[np.bool_]]:
    rng = np.random.default_rng(seed)
    inputs: dict[str, Column] = {name: rng.uniform(0.0, 1.0, 600) for name in ("a", "b", "c")}
    inside = (inputs["a"] > 0.2) & (inputs["a"] < 0.6) & (inputs["b"] > 0.5)
    return inputs, inside


def noisy_mixed(seed: int) -> tuple[dict[str, Column], npt.NDArray[np.bool_]]:
    """A real input, a categorical one of unequal value counts and a real input of few levels,
    with a tenth of the cases' interest drawn at random."""
    rng = np.random.default_rng(seed)
    n = 400
    kind = rng.choice(
        np.array(["north", "south", "east", "west"], dtype=object), n, p=[0.1, 0.2, 0.3, 0.4]
    )
    level = rng.choice(np.array([800.0, 830.0, 860.0, 890.0]), n)
    share = rng.uniform(0.0, 1.0, n)
    inputs: dict[str, Column] = {"share": share, "kind": kind, "level": level}
    rule = (share < 0.5) & ((kind == "south") | (kind == "west")) & (level >= 830.0)
    flip = rng.uniform(0.0, 1.0, n) < 0.1
    return inputs, rule ^ flip


def two_regions(seed: int) -> tuple[dict[str, Column], npt.NDArray[np.bool_]]:
    rng = np.random.default_rng(seed)
    inputs: dict[str, Column] = {name: rng.uniform(0.0, 1.0, 500) for name in ("a", "b")}
    first = inputs["a"] < 0.3
    second = (inputs["a"] > 0.7) & (inputs["b"] > 0.6)
    return inputs, first | second


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("data", [uniform_with_a_box, noisy_mixed, two_regions])
def test_the_boxes_are_prims(data: Any, seed: int) -> None:
    inputs, interesting = data(seed)
    assert find_boxes(inputs, interesting, most=3) == prim_boxes(inputs, interesting, most=3)
