"""Numpy arrays to Arrow columns and back, on their buffers.

`pa.array` and `to_numpy` give the same arrays, but each imports pandas on its first call (to
ask whether it was given, or should make, a pandas object), which costs a command that writes
or renders one run most of a second. Numbers and truth values without nulls, which is what a
run's series are, need none of it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

EPOCH = date(1970, 1, 1)
"""Day 0 of Arrow's dates."""


def column(values: npt.NDArray[Any], kind: pa.DataType | None = None) -> pa.Array:
    """A numpy array as an Arrow array without nulls, of its own type or `kind` (of the same
    width), built on its buffer: what `pa.array` would give."""
    values = np.ascontiguousarray(values)
    if values.dtype == np.bool_:
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, data])
    kind = pa.from_numpy_dtype(values.dtype) if kind is None else kind
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def values_of(chunked: pa.ChunkedArray) -> npt.NDArray[Any]:
    """An Arrow column as a numpy array: read from its buffers where it is a number or a truth
    value without nulls (the columns `column` makes, and those read back from parquet), so as
    `to_numpy` would give it but without importing pandas; through `to_numpy` otherwise."""
    parts = []
    for chunk in chunked.chunks:
        kind = chunk.type
        if chunk.null_count == 0 and pa.types.is_boolean(kind):
            bits = np.frombuffer(chunk.buffers()[1], dtype=np.uint8)
            unpacked = np.unpackbits(bits, bitorder="little")
            parts.append(unpacked[chunk.offset : chunk.offset + len(chunk)].astype(np.bool_))
        elif chunk.null_count == 0 and (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
            data = np.frombuffer(chunk.buffers()[1], dtype=kind.to_pandas_dtype())
            parts.append(data[chunk.offset : chunk.offset + len(chunk)])
        else:
            parts.append(chunk.to_numpy(zero_copy_only=False))
    if not parts:
        return np.zeros(0)
    return np.concatenate(parts)
