"""What the feeds see of the day's acts, and the records they invent, each in one compiled pass.

Each feed draws, from its own stream, one number for every act of a behaviour it may report,
in the order of the acts, and sees the act where the number falls under its coverage times the
group's exposure (less where the doer hides a bad act: `responses.hidden_chance`). Then each
feed that invents records draws how many (Poisson, at its false-positive rate times the
population times the largest exposure), whom (uniform, kept at the group's exposure over the
largest) and which behaviour (by the policy's severity weights). The numbers come from the
feeds' generator states (`engine.pcg`: numpy's numbers, in numpy's order), and the comparisons
are the same products in the same types and order as the array rule they replace; so each
feed sees the same acts and invents the same records, draw for draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled
from socialcredit.engine.pcg import U64, check_range, fill_integers, next_double, poisson
from socialcredit.engine.thinning import search_right

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


@dataclass
class Sightings:
    """What the feeds saw of the day's acts (positions in the day's acts)."""

    trusted: Mask
    """Per act: a trusted feed saw it."""
    untrusted: Mask
    """Per act: an untrusted feed saw it."""
    seen_by: npt.NDArray[np.uint64]
    """(trusted or not, act): one bit per feed, in plan order, that saw it (when tracked;
    else no columns)."""
    seen: I64
    """The acts each feed saw, feed after feed, each feed's in the order of the acts."""
    ends: I64
    """Per feed: where its part of `seen` ends."""
    sensitive: int
    """How many sightings sensitive feeds made."""


@compiled
def _looks(reports: Mask, behaviour: npt.NDArray[np.int32]) -> int:
    """How many looks the feeds take at the acts: per act, the feeds that report its
    behaviour."""
    looks = 0
    for f in range(reports.shape[0]):
        for i in range(len(behaviour)):
            looks += reports[f, behaviour[i]]
    return looks


@compiled
def _look(
    behaviour: npt.NDArray[np.int32],
    reports: Mask,
    rows: U64,
    coverage: F64,
    exposure: F64,
    hiding: npt.NDArray[np.float32],
    hides: bool,
    trusted: Mask,
    sensitive: Mask,
    track: bool,
    seen_trusted: Mask,
    seen_untrusted: Mask,
    seen_by: npt.NDArray[np.uint64],
    seen: I64,
    ends: I64,
) -> int:
    """Each feed's draws against its acts, in order (feed f drawing from row f of `rows`);
    returns the sensitive feeds' sightings. With `track`, each sighting sets its feed's bit in
    `seen_by` (at most 64 feeds then)."""
    found = 0
    count = 0
    for f in range(reports.shape[0]):
        row = 0 if trusted[f] else 1
        bit = np.uint64(1) << np.uint64(f) if track else np.uint64(0)
        for i in range(len(behaviour)):
            if not reports[f, behaviour[i]]:
                continue
            chance = coverage[f] * exposure[i]
            if hides:
                chance = chance * (1.0 - hiding[i] * (1.0 - chance))
            if next_double(rows, f) < chance:
                seen[found] = i
                found += 1
                if track:
                    seen_by[row, i] |= bit
                if trusted[f]:
                    seen_trusted[i] = True
                else:
                    seen_untrusted[i] = True
                if sensitive[f]:
                    count += 1
        ends[f] = found
    return count


def look(
    behaviour: npt.NDArray[np.int32],
    reports: Mask,
    rows: U64,
    coverage: F64,
    exposure: F64,
    hiding: npt.NDArray[np.float32] | None,
    trusted: Mask,
    sensitive: Mask,
    track: bool = False,
) -> Sightings:
    """The feeds' look at the day's acts of world behaviours `behaviour` (numbered as the
    feeds' `reports` columns): feed f drawing from row f of `rows` (`pcg.States`), `coverage`
    per feed today, `exposure` and `hiding` (the effort put into hiding it, 0 for good acts;
    None: nobody hides) per act. With `track`, which feeds saw each act (`Sightings.seen_by`;
    else all zero)."""
    n = len(behaviour)
    feeds = reports.shape[0]
    looks = _looks(reports, behaviour)
    seen_trusted = np.zeros(n, dtype=np.bool_)
    seen_untrusted = np.zeros(n, dtype=np.bool_)
    seen_by = np.zeros((2, n if track else 0), dtype=np.uint64)
    seen = np.empty(looks, dtype=np.int64)
    ends = np.zeros(feeds, dtype=np.int64)
    count = _look(
        behaviour,
        reports,
        rows,
        coverage,
        exposure,
        _NOBODY if hiding is None else hiding,
        hiding is not None,
        trusted,
        sensitive,
        track,
        seen_trusted,
        seen_untrusted,
        seen_by,
        seen,
        ends,
    )
    return Sightings(
        seen_trusted, seen_untrusted, seen_by, seen[: ends[-1] if len(ends) else 0], ends, count
    )


_NOBODY = np.zeros(1, dtype=np.float32)


@dataclass(frozen=True)
class Inventing:
    """What the feeds' invented records are drawn from, per feed (padded to the most false
    behaviours): whether it invents any, its rate a day before exposure, and its false
    behaviours with their cumulative weights, normalised as the array rule normalises them."""

    active: Mask
    rate: F64
    behaviours: npt.NDArray[np.int32]
    cumulative: F64
    width: I64

    @classmethod
    def of(
        cls,
        rates: list[float],
        behaviours: list[npt.NDArray[np.int32]],
        weights: list[F64],
        citizens: int,
        emax: float,
    ) -> Inventing:
        check_range(citizens)
        feeds = len(rates)
        wide = max((len(b) for b in behaviours), default=0)
        table = np.zeros((feeds, max(wide, 1)), dtype=np.int32)
        cumulative = np.zeros((feeds, max(wide, 1)), dtype=np.float64)
        width = np.zeros(feeds, dtype=np.int64)
        active = np.zeros(feeds, dtype=np.bool_)
        rate = np.zeros(feeds, dtype=np.float64)
        for f, (r, b, w) in enumerate(zip(rates, behaviours, weights, strict=True)):
            if r <= 0 or citizens == 0:
                continue
            active[f] = True
            rate[f] = citizens * r * emax
            cum = np.cumsum(w)
            cumulative[f, : len(w)] = cum / cum[-1]
            table[f, : len(b)] = b
            width[f] = len(w)
        return cls(active, rate, table, cumulative, width)


@compiled
def _invent(
    rows: U64,
    active: Mask,
    rate: F64,
    table: npt.NDArray[np.int32],
    cumulative: F64,
    width: I64,
    group: npt.NDArray[np.int8],
    exposure: F64,
    emax: float,
) -> tuple[I64, I64, I64]:
    """Each inventing feed's records, feed after feed: the count, the citizens, the exposure
    draws that keep some, then a behaviour draw for each kept (only where any are)."""
    n = len(group)
    citizen = np.empty(0, dtype=np.int64)
    behaviour = np.empty(0, dtype=np.int64)
    feed = np.empty(0, dtype=np.int64)
    for f in range(len(active)):
        if not active[f]:
            continue
        k = poisson(rows, f, rate[f])
        cand = np.empty(k, dtype=np.int64)
        fill_integers(rows, f, n, cand)
        kept = np.empty(k, dtype=np.int64)
        m = 0
        for i in range(k):
            if next_double(rows, f) < exposure[group[cand[i]]] / emax:
                kept[m] = cand[i]
                m += 1
        beh = np.empty(m, dtype=np.int64)
        last = width[f] - 1
        for i in range(m):
            u = next_double(rows, f)
            beh[i] = table[f, min(search_right(cumulative[f], width[f], u), last)]
        citizen = np.concatenate((citizen, kept[:m]))
        behaviour = np.concatenate((behaviour, beh))
        feed = np.concatenate((feed, np.full(m, f, dtype=np.int64)))
    return citizen, behaviour, feed


def invent(
    rows: U64, inventing: Inventing, group: npt.NDArray[np.int8], exposure: F64, emax: float
) -> tuple[I64, I64, I64]:
    """The day's invented records of every feed (feed f drawing from row f of `rows`): their
    citizens, behaviours and feeds, feed after feed."""
    i = inventing
    return _invent(
        rows, i.active, i.rate, i.behaviours, i.cumulative, i.width, group, exposure, emax
    )
