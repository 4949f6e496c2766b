"""Scenario discovery's PRIM against boxes whose answer is known: a region of uniform data, a
real input of a few levels, a categorical input, and data where nothing is concentrated."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from socialcredit.experiment.discovery import (
    MASS_MIN,
    PEEL_ALPHA,
    Box,
    Column,
    Limit,
    cut,
    find_boxes,
)


def uniform(n: int, names: list[str], seed: int) -> dict[str, Column]:
    rng = np.random.default_rng(seed)
    return {name: rng.uniform(0.0, 1.0, n) for name in names}


def within(
    inputs: dict[str, Column], ranges: dict[str, tuple[float, float]]
) -> npt.NDArray[np.bool_]:
    inside = np.ones(len(next(iter(inputs.values()))), dtype=bool)
    for name, (low, high) in ranges.items():
        inside &= (low <= inputs[name]) & (inputs[name] <= high)
    return inside


class TestCut:
    def test_cut_falls_between_the_order_statistics_around_the_quantile(self) -> None:
        assert cut(np.arange(100, dtype=np.float64), 0.95) == 94.5
        assert cut(np.arange(100, dtype=np.float64), 0.05) == 4.5

    def test_cut_at_an_order_statistic_falls_between_it_and_the_next_value_inwards(self) -> None:
        values = np.arange(21, dtype=np.float64)
        assert cut(values, 0.05) == 1.5
        assert cut(values, 0.95) == 18.5

    def test_cut_among_tied_values_moves_to_the_next_distinct_value_inwards(self) -> None:
        values = np.array([1.0] * 10 + [2.0] * 10)
        assert cut(values, 0.95) == 1.5
        assert cut(values, 0.05) == 1.5

    def test_cut_of_equal_values_is_that_value(self) -> None:
        assert cut(np.full(7, 3.0), 0.95) == 3.0
        assert cut(np.full(7, 3.0), 0.05) == 3.0


class TestFindBoxes:
    def test_a_box_in_uniform_data_is_recovered_to_within_a_peeling_step(self) -> None:
        inputs = uniform(2000, ["a", "b", "noise"], seed=7)
        truth = {"a": (0.2, 0.6), "b": (0.3, 0.8)}
        boxes = find_boxes(inputs, within(inputs, truth), most=1)
        assert len(boxes) == 1
        (box,) = boxes
        assert [limit.factor for limit in box.limits] == ["a", "b"]
        for limit in box.limits:
            low, high = truth[limit.factor]
            assert limit.low == pytest.approx(low, abs=PEEL_ALPHA * (high - low))
            assert limit.high == pytest.approx(high, abs=PEEL_ALPHA * (high - low))
        assert box.density == 1.0
        assert box.coverage > 0.9

    def test_a_real_input_of_few_levels_is_cut_between_levels(self) -> None:
        levels = np.repeat(np.array([800.0, 830.0, 860.0, 890.0]), 25)
        (box, *_) = find_boxes({"threshold": levels}, levels >= 860.0, most=1)
        assert box == Box([Limit("threshold", 845.0, 890.0)], 1.0, 1.0, 0.5)

    def test_once_every_case_of_interest_is_boxed_one_last_box_holds_the_rest(self) -> None:
        levels = np.repeat(np.array([800.0, 830.0, 860.0, 890.0]), 25)
        assert find_boxes({"threshold": levels}, levels >= 860.0, most=3) == [
            Box([Limit("threshold", 845.0, 890.0)], 1.0, 1.0, 0.5),
            Box([], 0.0, 0.0, 0.5),
        ]

    def test_a_categorical_input_keeps_the_values_where_the_condition_holds(self) -> None:
        values = np.array(["low", "middle", "high"] * 40, dtype=object)
        noise = uniform(120, ["noise"], seed=3)
        interesting = values == "middle"
        (box, *_) = find_boxes({"level": values, **noise}, interesting, most=1)
        assert box.limits == [Limit("level", among=["middle"])]
        assert (box.coverage, box.density) == (1.0, 1.0)

    def test_a_box_never_holds_less_than_the_least_mass(self) -> None:
        inputs = uniform(500, ["a", "b"], seed=11)
        interesting = within(inputs, {"a": (0.0, 0.03), "b": (0.0, 0.5)})
        for box in find_boxes(inputs, interesting, most=3):
            assert box.mass >= MASS_MIN

    def test_where_nothing_is_concentrated_the_one_box_is_the_whole_design(self) -> None:
        # Every level and category holds the same share of cases of interest, so no slice
        # taken away raises the share.
        grid = [(level, kind) for level in (1.0, 2.0, 3.0, 4.0) for kind in "xyz" for _ in (0, 1)]
        inputs: dict[str, Column] = {
            "level": np.array([level for level, _ in grid]),
            "kind": np.array([kind for _, kind in grid], dtype=object),
        }
        interesting = np.array([i % 2 == 0 for i in range(len(grid))])
        assert find_boxes(inputs, interesting, most=3) == [Box([], 1.0, 0.5, 1.0)]

    def test_no_case_of_interest_gives_no_box(self) -> None:
        inputs = uniform(50, ["a"], seed=1)
        assert find_boxes(inputs, np.zeros(50, dtype=bool), most=3) == []

    def test_boxes_after_the_first_hold_only_cases_the_boxes_before_them_left(self) -> None:
        inputs = uniform(2000, ["a", "b"], seed=5)
        first = within(inputs, {"a": (0.0, 0.3), "b": (0.0, 1.0)})
        second = within(inputs, {"a": (0.7, 1.0), "b": (0.6, 1.0)})
        boxes = find_boxes(inputs, first | second, most=3)
        assert len(boxes) == 3
        assert sum(box.mass for box in boxes) <= 1.0
        assert sum(box.coverage for box in boxes) <= 1.0
