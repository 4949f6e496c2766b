"""Running scores of a population, kept day by day exactly as the ledger rules say.

The simulator adds a day's entries in one call and advances the clock one day at a time; points
leave the score on the day their entry expires, behaviour caps are applied per window, and only
legal violations count for citizens who did not consent when the policy requires consent. At the end
of any day the scores equal `domain.scoring.score_many` over the same entries at the end of that
day (a test holds them together).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import numpy.typing as npt

from socialcredit.domain.scoring import DAY
from socialcredit.engine.model import LedgerPlan

Idx = npt.NDArray[np.int64]

EPOCH = date(1970, 1, 1)


def rank_in_runs(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each position, how many earlier positions hold the same key (stable order)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    new = np.ones(len(keys), dtype=np.bool_)
    new[1:] = sorted_keys[1:] != sorted_keys[:-1]
    starts = np.flatnonzero(new)
    run_start = np.repeat(starts, np.diff(np.append(starts, len(keys))))
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.arange(len(keys)) - run_start
    return ranks


def rank_among_repeats(keys: Idx, counter: npt.NDArray[np.int16]) -> Idx:
    """`rank_in_runs(keys)`, fast when repeats are rare: `counter` is a zeroed scratch array
    indexed by key, left zeroed again. Only the keys that repeat are sorted."""
    np.add.at(counter, keys, np.int16(1))
    repeated = counter[keys] > 1
    counter[keys] = 0
    ranks = np.zeros(len(keys), dtype=np.int64)
    if repeated.any():
        ranks[repeated] = rank_in_runs(keys[repeated])
    return ranks


class ScoreBook:
    """The running scores of one shard's citizens under one ledger (observed or true)."""

    def __init__(self, plan: LedgerPlan, n: int, consent: npt.NDArray[np.bool_]) -> None:
        self.n = n
        self.consent = consent
        arrays = self._arrays = plan.arrays
        self.score: npt.NDArray[np.int32] = np.full(n, plan.base_score, dtype=np.int32)
        self._points = arrays.points.astype(np.int32)
        # Entries leave on the day they expire: grouped by the few distinct expiry lengths.
        self._expiries, self._expiry_class = np.unique(
            arrays.expiry_seconds // DAY, return_inverse=True
        )
        self._due: dict[int, list[tuple[Idx, npt.NDArray[np.int32]]]] = defaultdict(list)
        capped = np.flatnonzero(arrays.cap_max > 0)
        self._slot_of = np.zeros(len(arrays.cap_max), dtype=np.int64)
        self._slot_of[capped] = np.arange(len(capped))
        self._slot_period_days = (arrays.cap_period_seconds // DAY)[capped]
        self._cap_used = np.zeros((len(capped), n), dtype=np.int16)
        self._cap_window = np.full(len(capped), -1, dtype=np.int64)
        self._repeats = np.zeros(len(capped) * n, dtype=np.int16)
        self._needs_consent = (
            ~arrays.legal if plan.consent_required else np.zeros_like(arrays.legal)
        )
        self._epoch_day0 = (plan.start - EPOCH).days

    def begin_day(self, day: int) -> None:
        """Remove the points of entries that stop counting on `day`, and open new cap windows."""
        for citizens, behaviours in self._due.pop(day, []):
            np.subtract.at(self.score, citizens, self._points[behaviours])
        window = (self._epoch_day0 + day) // self._slot_period_days
        opened = window != self._cap_window
        if opened.any():
            self._cap_used[opened] = 0
            self._cap_window = window

    def add(
        self, day: int, citizens: Idx, behaviours: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.bool_]:
        """Record the day's entries, in order; return which of them count (consent and caps)."""
        keep = ~(self._needs_consent[behaviours] & ~self.consent[citizens])
        capped = keep & (self._arrays.cap_max[behaviours] > 0)
        if capped.any():
            keep &= ~capped | self._within_caps(citizens, behaviours, capped)
        c, b = citizens[keep], behaviours[keep]
        if len(c):
            np.add.at(self.score, c, self._points[b])
            classes = self._expiry_class[b]
            present = np.flatnonzero(np.bincount(classes, minlength=len(self._expiries)))
            for k in present:
                sel = classes == k
                self._due[day + int(self._expiries[k])].append((c[sel], b[sel]))
        return keep

    def _within_caps(
        self,
        citizens: Idx,
        behaviours: npt.NDArray[np.int32],
        capped: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.bool_]:
        ok = np.ones(len(citizens), dtype=np.bool_)
        rows = np.flatnonzero(capped)
        # All capped behaviours at once: one key per (behaviour slot, citizen).
        b = behaviours[rows]
        key = self._slot_of[b] * self.n + citizens[rows]
        used = self._cap_used.reshape(-1)[key].astype(np.int64)
        used += rank_among_repeats(key, self._repeats)
        fits = used < self._arrays.cap_max[b]
        ok[rows] = fits
        # A scalar of the array's own dtype keeps np.add.at on its fast path.
        np.add.at(self._cap_used.reshape(-1), key[fits], np.int16(1))
        return ok
