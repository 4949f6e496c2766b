"""The day's candidate acts thinned to the acts done, compiled: one pass over the candidates.

The same rule as the array path in `conduct.py` (which stays the reference, and which the tests
hold this to, act for act): each candidate's rate before any response (its propensity, the
stream's rate, its group's, the year's share of a driven behaviour), its behaviour from its
behaviour draw, its response multiplier from yesterday's standing (`multipliers.py`) times its
strategic effort's (`strategist.py`), and the candidate kept where its acceptance draw falls
under the thinned rate; where citizens spend effort, the acts that differ from the twin's
without scoring, for `Conduct` to book. Every product is taken in the same types and order as
the array path, so the acts are the same bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled

Part = tuple[
    int, bool, float, npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]
]
"""A stream's candidates of the day: stream, whether extra (drawn at the responses' excess),
the bound they were drawn at, and per candidate its citizen, acceptance and behaviour draws."""
Standing = tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int32]]
"""Yesterday's observed scores and the day each black and red listing began (-1: none)."""

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

SINGLE, COMMON, BY_GROUP = 0, 1, 2
"""How a stream picks its behaviour: one behaviour; one row of cumulative shares for every
group; a row per group, offset past the one before (`candidates.Shares`)."""


@dataclass(frozen=True)
class StreamTables:
    """Per stream, what the pass reads: padded to the widest stream."""

    row: I64
    """Its row of the population's propensities."""
    factor: F32
    varied: npt.NDArray[np.bool_]
    group_rate: F32
    """(stream, group)."""
    driven: npt.NDArray[np.bool_]
    pick_kind: I64
    behaviours: npt.NDArray[np.int32]
    """(stream, place): the stream's behaviours, in the world's numbering."""
    width: I64
    cumulative: F64
    """(stream, place): the common row of cumulative shares (COMMON), or the groups' rows
    offset one past another, flattened (BY_GROUP)."""
    length: I64
    """How much of each stream's row of `cumulative` is used."""


@compiled
def search_right(a: F64, length: int, x: float) -> int:
    """np.searchsorted(a[:length], x, side="right")."""
    lo, hi = 0, length
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@compiled
def thin(
    part_stream: I64,
    part_extra: npt.NDArray[np.bool_],
    part_bound: F64,
    part_end: I64,
    cand: I64,
    accept: F64,
    pick: F64,
    t_row: I64,
    t_factor: F32,
    t_varied: npt.NDArray[np.bool_],
    t_group_rate: F32,
    t_driven: npt.NDArray[np.bool_],
    t_pick_kind: I64,
    t_behaviours: npt.NDArray[np.int32],
    t_width: I64,
    t_cumulative: F64,
    t_length: I64,
    good_stream: npt.NDArray[np.bool_],
    keep_today: F32,
    propensities: F32,
    group: npt.NDArray[np.int8],
    consent: npt.NDArray[np.bool_],
    give_up_draw: F64,
    score: npt.NDArray[np.int32],
    black_since: npt.NDArray[np.int32],
    red_since: npt.NDArray[np.int32],
    day: int,
    live: bool,
    base: int,
    factors: F32,
    quitting: bool,
    give_up_chance: F64,
    deters: bool,
    deterrence: F32,
    strategic: bool,
    strategy_class: I64,
    effort: F32,
    withdraws: bool,
    out_citizen: I64,
    out_behaviour: npt.NDArray[np.int32],
    changed_citizen: I64,
    changed_behaviour: npt.NDArray[np.int32],
    changed_sign: F64,
    gone_citizen: I64,
    gone_behaviour: npt.NDArray[np.int32],
) -> tuple[int, int, int]:
    """The kept candidates' citizens and behaviours into `out_*`, in candidate order; returns
    how many, and how many `changed_*` and `gone_*` hold. `factors`: 1 + private pride, 1 +
    published pride, the good's giving-up factor, 1 - private shame, 1 - published shame, the
    bad's giving-up factor (each 1 where off).

    Where citizens spend effort (`strategic`): each candidate's multiplier is also their
    effort's (`effort`, (citizen, place): `Effort.by_citizen`, at the stream's
    `strategy_class`), and against the twin without scoring (kept at the world's rate, less
    what a withdrawing citizen withdraws: the citizen's share at place 4 + withdrawable) the
    acts withdrawn go to `gone_*` and the acts kept or not where the twin's were not or were to
    `changed_*` (sign +1 kept, -1 not), each in candidate order (`Conduct._account`)."""
    one = np.float32(1.0)
    zero = np.float32(0.0)
    kept = changed = gone = 0
    start = 0
    for p in range(len(part_stream)):
        s = part_stream[p]
        extra = part_extra[p]
        bound = part_bound[p]
        end = part_end[p]
        prow = t_row[s]
        factor = t_factor[s]
        varied = t_varied[s]
        driven = t_driven[s]
        kind = t_pick_kind[s]
        width = t_width[s]
        length = t_length[s]
        good = good_stream[s]
        for i in range(start, end):
            c = cand[i]
            g = group[c]
            rate = propensities[prow, c] * factor
            if varied:
                rate = rate * t_group_rate[s, g]
            scaled = accept[i] * bound
            if not driven and not extra and not scaled < rate:
                # Turned down at the world's rate: turned down at any multiplier of one or less
                # (its behaviour, read next, changes the rate only where the stream is driven).
                continue
            if kind == SINGLE:
                w = t_behaviours[s, 0]
            else:
                if kind == COMMON:
                    j = search_right(t_cumulative[s], length, pick[i])
                else:
                    j = search_right(t_cumulative[s], length, pick[i] + np.float64(g)) - g * width
                w = t_behaviours[s, min(j, width - 1)]
            if driven:
                rate = rate * keep_today[w]
                if not extra and not scaled < rate:
                    continue
            if live or strategic:
                mult = one
            if live:
                quit_ = False
                if quitting:
                    since = black_since[c]
                    if since >= 0:
                        quit_ = give_up_draw[c] < give_up_chance[max(day - since, 0)]
                if good:
                    if factors[0] != one and score[c] > base:
                        mult = mult * factors[0]
                    if factors[1] != one and red_since[c] >= 0:
                        mult = mult * factors[1]
                    if factors[2] != one and quit_:
                        mult = mult * factors[2]
                else:
                    if factors[3] != one and score[c] < base:
                        mult = mult * factors[3]
                    if factors[4] != one and black_since[c] >= 0 and not quit_:
                        mult = mult * factors[4]
                    if factors[5] != one and quit_:
                        mult = mult * factors[5]
                    if deters:
                        mult = mult * deterrence[np.int64(consent[c]), g, w]
            if live or strategic:
                cls = np.int64(0)
                if strategic:
                    cls = strategy_class[s]
                    mult = mult * effort[c, cls]
                keep = scaled < rate * (max(mult - one, zero) if extra else min(mult, one))
                if strategic:
                    stayed = not extra and scaled < rate
                    if withdraws:
                        twin = stayed
                        stayed = not extra and scaled < rate * effort[c, 4 + (cls >= 2)]
                        if twin and not stayed:
                            gone_citizen[gone] = c
                            gone_behaviour[gone] = w
                            gone += 1
                    if keep != stayed:
                        changed_citizen[changed] = c
                        changed_behaviour[changed] = w
                        changed_sign[changed] = 1.0 if keep else -1.0
                        changed += 1
                if not keep:
                    continue
            out_citizen[kept] = c
            out_behaviour[kept] = w
            kept += 1
        start = end
    return kept, changed, gone


def stream_tables(
    rows: I64,
    factor: F32,
    varied: npt.NDArray[np.bool_],
    group_rate: F32,
    driven: npt.NDArray[np.bool_],
    shares: list[tuple[npt.NDArray[np.int32], F64 | None, F64 | None, int]],
) -> StreamTables:
    """The tables of `thin` from each stream's (behaviours, common row, flattened rows, width)
    of cumulative shares (`candidates.Shares`)."""
    k = len(shares)
    widest = max((len(b) for b, _, _, _ in shares), default=1)
    longest = max(
        (len(row) for _, common, flat, _ in shares for row in (common, flat) if row is not None),
        default=1,
    )
    kind = np.zeros(k, dtype=np.int64)
    behaviours = np.zeros((k, widest), dtype=np.int32)
    width = np.ones(k, dtype=np.int64)
    cumulative = np.zeros((k, longest), dtype=np.float64)
    length = np.zeros(k, dtype=np.int64)
    for s, (bs, common, flat, w) in enumerate(shares):
        behaviours[s, : len(bs)] = bs
        width[s] = w
        row = common if common is not None else flat
        if row is not None:
            kind[s] = COMMON if common is not None else BY_GROUP
            cumulative[s, : len(row)] = row
            length[s] = len(row)
    return StreamTables(
        row=rows,
        factor=factor,
        varied=varied,
        group_rate=group_rate,
        driven=driven,
        pick_kind=kind,
        behaviours=behaviours,
        width=width,
        cumulative=cumulative,
        length=length,
    )
