"""numpy's generator, compiled: PCG64 and the draws the engine takes from it, number for number.

A run's streams are numpy `Generator`s over `PCG64` (`engine.streams`). Where a stage takes a
few small draws from each of many streams every day, the calls themselves cost more than the
numbers; here the generators' states are taken out once (`States`) and the draws are made in
compiled code, by the algorithms numpy's C code uses (numpy/random/src: `pcg64.h`,
`distributions.c`), so the numbers are the ones numpy would give, in the same order:

- the generator: PCG64 (XSL-RR output of a 128-bit LCG), with numpy's buffered 32-bit draws
  (a 64-bit draw split in two, the high half kept for the next 32-bit draw);
- `random()`: the top 53 bits of a 64-bit draw, times 2**-53;
- `integers(0, n)`: Lemire's bounded 32-bit draw with rejection, or a plain 32-bit draw where
  n = 2**32 (n up to 2**32: `MAX_RANGE`; numpy's 64-bit path beyond is not ported);
- `poisson(lam)`: multiplication under 10, Hörmann's transformed rejection (PTRS) from 10.

The tests hold every draw to numpy's over random sequences of calls (both Poisson methods and
the boundary between them, ranges where the bounded draw rejects often and never, the full 32
bits, odd and even counts of 32-bit draws, a state taken with a 32-bit half kept). While a
`States` holds a generator's state, the `Generator` must not be drawn from (the engine hands
each such stream to one stage alone); `States.give_back` writes the states back into it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled

U64 = npt.NDArray[np.uint64]

_HI, _LO, _INC_HI, _INC_LO, _HAS32, _U32 = range(6)
"""A state's row: the LCG state's high and low words, its increment's, whether a 32-bit half is
kept for the next 32-bit draw, and that half."""
WIDTH = 6

_MULT_HI = np.uint64(0x2360ED051FC65DA4)
_MULT_LO = np.uint64(0x4385DF649FCCF645)
_MASK32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_S11 = np.uint64(11)
_S58 = np.uint64(58)
_S63 = np.uint64(63)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_TWO_TO_MINUS_53 = 1.0 / 9007199254740992.0
_LOGGAM_A = np.array(
    [
        8.333333333333333e-02,
        -2.777777777777778e-03,
        7.936507936507937e-04,
        -5.952380952380952e-04,
        8.417508417508418e-04,
        -1.917526917526918e-03,
        6.410256410256410e-03,
        -2.955065359477124e-02,
        1.796443723688307e-01,
        -1.39243221690590e00,
    ]
)
_LG2PI = 1.8378770664093453e00


MAX_RANGE = 2**32
"""The largest n that `fill_integers` draws from 0 to (exclusive) as numpy does."""


def check_range(n: int) -> None:
    """ValueError where `n` citizens are more than the compiled draws can pick among."""
    if n > MAX_RANGE:
        raise ValueError(f"{n:,} citizens in a shard are too many for the compiled draws")


class States:
    """The states of some PCG64 generators, one row each, for compiled draws."""

    def __init__(self, generators: Sequence[np.random.Generator]) -> None:
        self.generators = list(generators)
        self.rows: U64 = np.zeros((len(self.generators), WIDTH), dtype=np.uint64)
        for i, g in enumerate(self.generators):
            state = g.bit_generator.state
            if state["bit_generator"] != "PCG64":
                raise ValueError(f"compiled draws need PCG64, not {state['bit_generator']}")
            s, inc = int(state["state"]["state"]), int(state["state"]["inc"])
            self.rows[i] = [
                s >> 64,
                s & 0xFFFFFFFFFFFFFFFF,
                inc >> 64,
                inc & 0xFFFFFFFFFFFFFFFF,
                int(state["has_uint32"]),
                int(state["uinteger"]),
            ]

    def give_back(self) -> None:
        """Write the states back into the generators, which may then be drawn from again."""
        for g, row in zip(self.generators, self.rows, strict=True):
            r = [int(x) for x in row]
            g.bit_generator.state = {
                "bit_generator": "PCG64",
                "state": {"state": (r[_HI] << 64) | r[_LO], "inc": (r[_INC_HI] << 64) | r[_INC_LO]},
                "has_uint32": r[_HAS32],
                "uinteger": r[_U32],
            }


@compiled
def _mulhi(a: np.uint64, b: np.uint64) -> np.uint64:
    """The high 64 bits of a × b."""
    a_lo, a_hi = a & _MASK32, a >> _S32
    b_lo, b_hi = b & _MASK32, b >> _S32
    lo_lo = a_lo * b_lo
    hi_lo = a_hi * b_lo
    lo_hi = a_lo * b_hi
    cross = (lo_lo >> _S32) + (hi_lo & _MASK32) + lo_hi
    return (hi_lo >> _S32) + (cross >> _S32) + a_hi * b_hi


@compiled
def next64(rows: U64, g: int) -> np.uint64:
    """PCG64's next 64-bit draw: the LCG stepped, then the XSL-RR output of the new state."""
    s_hi, s_lo = rows[g, _HI], rows[g, _LO]
    hi = _mulhi(s_lo, _MULT_LO) + s_lo * _MULT_HI + s_hi * _MULT_LO
    lo = s_lo * _MULT_LO
    new_lo = lo + rows[g, _INC_LO]
    carry = _ONE if new_lo < lo else _ZERO
    new_hi = hi + rows[g, _INC_HI] + carry
    rows[g, _HI], rows[g, _LO] = new_hi, new_lo
    x = new_hi ^ new_lo
    rot = new_hi >> _S58
    out: np.uint64 = (x >> rot) | (x << ((_ZERO - rot) & _S63))
    return out


@compiled
def next32(rows: U64, g: int) -> np.uint64:
    """numpy's 32-bit draw: the kept high half of the last 64-bit one, else a new one's low
    half (keeping its high half)."""
    if rows[g, _HAS32] != _ZERO:
        rows[g, _HAS32] = _ZERO
        kept: np.uint64 = rows[g, _U32]
        return kept
    x = next64(rows, g)
    rows[g, _HAS32] = _ONE
    rows[g, _U32] = x >> _S32
    return x & _MASK32


@compiled
def next_double(rows: U64, g: int) -> float:
    """`Generator.random()`."""
    return float(next64(rows, g) >> _S11) * _TWO_TO_MINUS_53


@compiled
def bounded(rows: U64, g: int, rng: np.uint64) -> np.uint64:
    """A draw from 0 to `rng` inclusive (0 < rng < 2**32 - 1), Lemire's way with numpy's
    rejection threshold."""
    excl = rng + _ONE
    m = next32(rows, g) * excl
    leftover = m & _MASK32
    if leftover < excl:
        threshold = (_MASK32 - rng) % excl
        while leftover < threshold:
            m = next32(rows, g) * excl
            leftover = m & _MASK32
    return m >> _S32


@compiled
def loggam(x: float) -> float:
    """numpy's `random_loggam`: log Γ(x)."""
    if x == 1.0 or x == 2.0:
        return 0.0
    n = int(7 - x) if x < 7.0 else 0
    x0 = x + n
    x2 = (1.0 / x0) * (1.0 / x0)
    gl0 = _LOGGAM_A[9]
    for k in range(8, -1, -1):
        gl0 *= x2
        gl0 += _LOGGAM_A[k]
    gl: float = gl0 / x0 + 0.5 * _LG2PI + (x0 - 0.5) * np.log(x0) - x0
    if x < 7.0:
        for _ in range(n):
            gl -= np.log(x0 - 1.0)
            x0 -= 1.0
    return gl


@compiled
def poisson(rows: U64, g: int, lam: float) -> int:
    """`Generator.poisson(lam)` for one non-negative `lam`."""
    if lam >= 10.0:
        slam = math.sqrt(lam)
        loglam = np.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = next_double(rows, g) - 0.5
            v = next_double(rows, g)
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (np.log(v) + np.log(invalpha) - np.log(a / (us * us) + b)) <= (
                -lam + k * loglam - loggam(k + 1.0)
            ):
                return k
    if lam == 0.0:
        return 0
    enlam = np.exp(-lam)
    x = 0
    prod = 1.0
    while True:
        prod *= next_double(rows, g)
        if prod > enlam:
            x += 1
        else:
            return x


@compiled
def fill_integers(rows: U64, g: int, n: int, out: npt.NDArray[np.int64]) -> None:
    """`out[:] = Generator.integers(0, n, size=len(out))` (n ≤ `MAX_RANGE`: `check_range`)."""
    rng = np.uint64(n - 1)
    if rng == _ZERO:
        out[:] = 0
        return
    for i in range(len(out)):
        if rng == _MASK32:
            out[i] = np.int64(next32(rows, g))
        else:
            out[i] = np.int64(bounded(rows, g, rng))


@compiled
def fill_random(rows: U64, g: int, out: npt.NDArray[np.float64]) -> None:
    """`out[:] = Generator.random(len(out))`."""
    for i in range(len(out)):
        out[i] = next_double(rows, g)
