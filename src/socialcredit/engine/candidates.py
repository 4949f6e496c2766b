"""The day's candidate acts: drawn per act stream at a bound, each with its acceptance and
behaviour draws, and how a stream's candidates pick their behaviour (`engine.conduct`).

The draws are numpy's (`candidates`, one stream at a time), or the same numbers drawn for every
stream of the day in one compiled call (`draw`, over the streams' generator states taken out
once: `engine.pcg`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled
from socialcredit.engine.pcg import (
    U64,
    States,
    check_range,
    fill_integers,
    fill_random,
    poisson,
)
from socialcredit.engine.world import ActStream

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Drawn:
    """A day's candidates of several streams together (`Conduct._drawn`)."""

    sizes: list[int]
    kind: I64
    """Per candidate: its stream."""
    cand: I64
    accept: F64
    group: npt.NDArray[np.int8]
    which: npt.NDArray[np.int32]
    """Per candidate: its world behaviour."""
    rate: F32
    """Per candidate: its rate a day before any response."""
    bounds: F64
    """Per candidate: the rate its stream was drawn at."""


@dataclass(frozen=True)
class Candidates:
    """A day's candidates of several parts (a stream's, at its bound or at the excess), one
    after another: per part its stream, whether extra, its bound and where it ends; per
    candidate its citizen, acceptance and behaviour draws."""

    kind: I64
    extra: npt.NDArray[np.bool_]
    bound: F64
    ends: I64
    cand: I64
    accept: F64
    pick: F64


@dataclass(frozen=True)
class Parts:
    """The parts the compiled path draws each day, in the order `Conduct.sample` draws them
    without it: per stream with a bound above 0 its candidates at the bound and, where
    responses can add acts, at its excess; each part from a generator of its own."""

    kind: I64
    extra: npt.NDArray[np.bool_]
    bound: F64
    states: States
    citizens: int

    @classmethod
    def of(
        cls,
        bounds: list[float],
        excess: list[float],
        rngs: list[np.random.Generator],
        more_rngs: list[np.random.Generator],
        citizens: int,
    ) -> Parts:
        check_range(citizens)
        kind: list[int] = []
        extra: list[bool] = []
        at: list[float] = []
        drawn_from: list[np.random.Generator] = []
        for s, bound in enumerate(bounds):
            if bound <= 0:
                continue
            kind.append(s)
            extra.append(False)
            at.append(bound)
            drawn_from.append(rngs[s])
            if excess[s] > 0:
                kind.append(s)
                extra.append(True)
                at.append(bound * excess[s])
                drawn_from.append(more_rngs[s])
        return cls(
            np.array(kind, dtype=np.int64),
            np.array(extra, dtype=np.bool_),
            np.array(at, dtype=np.float64),
            States(drawn_from),
            citizens,
        )

    def draw(self) -> Candidates | None:
        """The day's candidates (None: no part)."""
        if len(self.kind) == 0:
            return None
        n = self.citizens
        ends, cand, accept, pick = draw(self.states.rows, n * self.bound, n)
        return Candidates(self.kind, self.extra, self.bound, ends, cand, accept, pick)


@dataclass(frozen=True)
class Shares:
    """How a stream's candidates pick their behaviour: the first whose cumulative share (their
    group's, where the groups' shares differ) exceeds their behaviour draw."""

    behaviours: npt.NDArray[np.int32]
    cumulative: F64 | None
    """The one row of cumulative shares (None: the groups differ, or one behaviour)."""
    flat: F64 | None
    """Where the groups differ: their rows, each offset past the one before, as one rising
    sequence (else None)."""
    width: int

    @classmethod
    def of(cls, stream: ActStream) -> Shares:
        cumulative = stream.cumulative
        if len(stream.behaviours) == 1:
            return cls(stream.behaviours, None, None, 1)
        if alike(cumulative):
            return cls(stream.behaviours, cumulative[0], None, cumulative.shape[1])
        flat = (cumulative + np.arange(len(cumulative))[:, None]).ravel()
        return cls(stream.behaviours, None, flat, cumulative.shape[1])

    def which(self, group: npt.NDArray[np.int8], pick: F64) -> npt.NDArray[np.int32]:
        if self.cumulative is not None:
            which = np.searchsorted(self.cumulative, pick, side="right")
        elif self.flat is not None:
            row = group.astype(np.int64)
            which = np.searchsorted(self.flat, pick + row, side="right") - row * self.width
        else:
            return np.full(len(pick), self.behaviours[0], dtype=np.int32)
        out: npt.NDArray[np.int32] = self.behaviours[np.minimum(which, self.width - 1)]
        return out


def alike(rows: npt.NDArray[np.float64]) -> bool:
    """Whether every group's row is the first's."""
    return bool((rows == rows[0]).all())


def candidates(rng: np.random.Generator, n: int, bound: float) -> tuple[I64, F64, F64]:
    """Candidates at `bound` per citizen per day, with an acceptance and a behaviour draw each
    (all drawn before any is kept, so the draws never depend on what is kept)."""
    k = rng.poisson(n * bound)
    cand = rng.integers(0, n, size=k)
    # One call for both draws: the same numbers as the acceptance draws and then the behaviour
    # draws, each from a call of its own.
    draws = rng.random(2 * k)
    return cand, draws[:k], draws[k:]


@compiled
def _draw(rows: U64, lam: F64, n: int) -> tuple[I64, I64, F64, F64]:
    """`candidates` for every part, part i drawing from generator row i (each a generator of
    its own): the counts first, then each part's citizens and draws. Each generator sees the
    calls `candidates` makes, in its order, so the numbers are the same."""
    parts = len(lam)
    ends = np.empty(parts, dtype=np.int64)
    total = 0
    for i in range(parts):
        total += poisson(rows, i, lam[i])
        ends[i] = total
    cand = np.empty(total, dtype=np.int64)
    accept = np.empty(total, dtype=np.float64)
    pick = np.empty(total, dtype=np.float64)
    start = 0
    for i in range(parts):
        end = ends[i]
        fill_integers(rows, i, n, cand[start:end])
        fill_random(rows, i, accept[start:end])
        fill_random(rows, i, pick[start:end])
        start = end
    return ends, cand, accept, pick


def draw(rows: U64, lam: F64, n: int) -> tuple[I64, I64, F64, F64]:
    """The day's candidates of every part at `lam` (= n × bound) a day among `n` citizens,
    part i from the generator whose state is row i of `rows`: where each part ends, and the
    candidates' citizens, acceptance and behaviour draws, one part after another."""
    return _draw(rows, lam, n)
