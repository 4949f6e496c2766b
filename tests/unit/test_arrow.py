"""Numpy arrays to Arrow columns and back on their buffers: the same arrays `pa.array` and
`to_numpy` give, without their import of pandas."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pytest

from socialcredit.runs.arrow import EPOCH, column, values_of

ARRAYS = [
    np.arange(11, dtype=np.int64),
    np.arange(11, dtype=np.int32) - 5,
    np.array([0.0, -1.5, np.nan, np.inf, 2.25] * 3),
    np.array([True, False, True, True, False, False, False, False, True, True, False]),
    np.arange(12, dtype=np.float64)[::2],  # a view with a stride
]


@pytest.mark.parametrize("values", ARRAYS, ids=lambda a: str(a.dtype))
def test_a_column_is_the_array_pa_array_makes(values: npt.NDArray[Any]) -> None:
    made, expected = column(values), pa.array(values)
    assert made.type == expected.type
    assert made.null_count == expected.null_count == 0
    floating = values.dtype.kind == "f"
    assert np.array_equal(
        made.to_numpy(zero_copy_only=False),
        expected.to_numpy(zero_copy_only=False),
        equal_nan=floating,
    )


@pytest.mark.parametrize("values", ARRAYS, ids=lambda a: str(a.dtype))
def test_values_of_chunks_and_slices_are_what_to_numpy_gives(values: npt.NDArray[Any]) -> None:
    table = pa.Table.from_arrays([column(values)], names=["x"])
    # Several chunks, and a slice whose first chunk starts part of the way in (an offset).
    chunked = pa.concat_tables([table, table, table]).slice(3, 2 * len(values))
    got, expected = values_of(chunked.column("x")), chunked.column("x").to_numpy()
    assert got.dtype == expected.dtype
    assert np.array_equal(got, expected, equal_nan=expected.dtype.kind == "f")


def test_dates_are_days_since_arrows_epoch() -> None:
    days = column(np.arange(3, dtype=np.int32) + 18_000, pa.date32())
    assert days.to_pylist()[0] == EPOCH.fromordinal(EPOCH.toordinal() + 18_000)


def test_a_column_with_nulls_or_of_another_kind_goes_through_to_numpy() -> None:
    chunked = pa.chunked_array([pa.array([1.0, None, 3.0]), pa.array([4.0])])
    assert np.array_equal(values_of(chunked), [1.0, np.nan, 3.0, 4.0], equal_nan=True)
    words = pa.chunked_array([pa.array(["a", "b"])])
    assert list(values_of(words)) == ["a", "b"]
