"""Compiling the engine's innermost loops to machine code (numba).

Where a stage of the day is many small array operations over the same candidates or citizens,
one compiled pass over them does the same work without a Python call per operation. Each
compiled pass follows the rule it replaces product for product, in the same types and order, so
results are the same bit for bit; the tests hold each to its rule (an array version of it, the
domain's list book, or the ledger's replay). The machine code is cached beside the sources, so
only the first run on a machine compiles it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

import numba
from numba.core import caching

F = TypeVar("F", bound=Callable[..., object])

_ENGINE = Path(__file__).resolve().parent


@cache
def _engine_stamp() -> bytes:
    """One digest of every source file of the engine, names and contents."""
    digest = hashlib.sha256()
    for path in sorted(_ENGINE.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.digest()


class _EngineLocator:
    """A cache locator for the engine's functions whose cache is valid only for the engine's
    sources as they are (`_engine_stamp`), mixed into numba's in-tree and user-wide locators."""

    def get_source_stamp(self) -> bytes:
        return _engine_stamp()

    @classmethod
    def from_function(cls, py_func: Any, py_file: str) -> Any:
        if Path(py_file).resolve().parent != _ENGINE:
            return None
        return super().from_function(py_func, py_file)  # type: ignore[misc]


class _InTree(_EngineLocator, caching.InTreeCacheLocator):
    pass


class _UserWide(_EngineLocator, caching.UserWideCacheLocator):
    pass


if _InTree not in caching.CacheImpl._locator_classes:
    caching.CacheImpl._locator_classes[:0] = [_InTree, _UserWide]


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
