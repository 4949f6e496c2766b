"""Which feeds see which of the day's acts: every feed's look at its acts in one compiled pass.

Each feed draws, from its own stream, one number for every act of a behaviour it may report,
in the order of the acts, and sees the act where the number falls under its coverage times the
group's exposure (less where the doer hides a bad act: `responses.hidden_chance`). How many
numbers each feed draws is counted first, the numbers drawn feed by feed as before, and the
comparisons made in one pass, with the same products in the same types and order as the array
rule they replace; so each feed sees the same acts, draw for draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled

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
def _look(
    behaviour: npt.NDArray[np.int32],
    reports: Mask,
    draws: F64,
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
    """Each feed's draws against its acts, in order; returns the sensitive feeds' sightings.
    With `track`, each sighting sets its feed's bit in `seen_by` (at most 64 feeds then)."""
    at = 0
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
            u = draws[at]
            at += 1
            if u < chance:
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
    rngs: list[np.random.Generator],
    coverage: F64,
    exposure: F64,
    hiding: npt.NDArray[np.float32] | None,
    trusted: Mask,
    sensitive: Mask,
    track: bool = False,
) -> Sightings:
    """The feeds' look at the day's acts of world behaviours `behaviour` (numbered as the
    feeds' `reports` columns): `coverage` per feed today, `exposure` and `hiding` (the effort
    put into hiding it, 0 for good acts; None: nobody hides) per act. With `track`, which
    feeds saw each act (`Sightings.seen_by`; else all zero)."""
    n = len(behaviour)
    # How many acts each feed looks at, then its draws for them from its own stream.
    looks = reports.astype(np.int64) @ np.bincount(behaviour, minlength=reports.shape[1])
    draws = np.concatenate(
        [np.zeros(0, np.float64), *(rng.random(int(k)) for rng, k in zip(rngs, looks, strict=True))]
    )
    seen_trusted = np.zeros(n, dtype=np.bool_)
    seen_untrusted = np.zeros(n, dtype=np.bool_)
    seen_by = np.zeros((2, n if track else 0), dtype=np.uint64)
    seen = np.empty(len(draws), dtype=np.int64)
    ends = np.zeros(len(rngs), dtype=np.int64)
    count = _look(
        behaviour,
        reports,
        draws,
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
