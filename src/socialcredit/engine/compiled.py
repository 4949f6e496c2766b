"""Compiling the engine's innermost loops to machine code (numba).

Where a stage of the day is many small array operations over the same candidates or citizens,
one compiled pass over them does the same work without a Python call per operation. Each
compiled pass follows the rule it replaces product for product, in the same types and order, so
results are the same bit for bit; the tests hold each to its rule (an array version of it, the
domain's list book, or the ledger's replay). The machine code is cached beside the sources, so
only the first run on a machine compiles it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., object])


def compiled(function: F) -> F:
    """`function` compiled on its first call (and cached), releasing the interpreter's lock.
    Where no cache can be written (neither beside the sources nor in the user's cache folder),
    it is compiled afresh in each process instead."""
    try:
        dispatcher = numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba found nowhere to keep a cache
        dispatcher = numba.njit(nogil=True)(function)
    # A dispatcher is called as the function is: what callers see is the function's type.
    return cast(F, dispatcher)
