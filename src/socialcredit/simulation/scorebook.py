"""Running scores of a population, kept day by day exactly as the ledger rules say.

The simulator adds a day's entries in one call and advances the clock one day at a time; points
leave the score on the day their entry expires, behaviour caps are applied per window, and only
legal violations count for citizens who did not consent when the policy requires consent. At the end
of any day the scores equal `domain.scoring.score_many` over the same entries at the end of that
day (a test holds them together).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from socialcredit.domain.policy import Policy
from socialcredit.domain.scoring import PolicyArrays

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


@dataclass
class ScoreBook:
    policy: Policy
    n: int
    start: date
    consent: npt.NDArray[np.bool_]
    record: bool = False
    """Keep every accepted entry (citizen, behaviour, day) so a test can replay the ledger."""
    score: npt.NDArray[np.int32] = field(init=False)
    _arrays: PolicyArrays = field(init=False)
    _expiry_days: npt.NDArray[np.int64] = field(init=False)
    _due: dict[int, list[tuple[Idx, npt.NDArray[np.int32]]]] = field(init=False)
    _cap_slot: dict[int, int] = field(init=False)
    _slot_of: npt.NDArray[np.int64] = field(init=False)
    _cap_used: npt.NDArray[np.int16] = field(init=False)
    _cap_window: npt.NDArray[np.int64] = field(init=False)
    _needs_consent: npt.NDArray[np.bool_] = field(init=False)
    entries: list[tuple[Idx, npt.NDArray[np.int32], int]] = field(init=False)

    def __post_init__(self) -> None:
        self.score = np.full(self.n, self.policy.base_score, dtype=np.int32)
        self._arrays = PolicyArrays.of(self.policy)
        self._expiry_days = self._arrays.expiry_seconds // 86_400
        self._due = defaultdict(list)
        capped = np.flatnonzero(self._arrays.cap_max > 0)
        self._cap_slot = {int(b): i for i, b in enumerate(capped)}
        self._slot_of = np.zeros(len(self._arrays.cap_max), dtype=np.int64)
        self._slot_of[capped] = np.arange(len(capped))
        self._cap_used = np.zeros((len(capped), self.n), dtype=np.int16)
        self._cap_window = np.full(len(capped), -1, dtype=np.int64)
        self._needs_consent = (
            ~self._arrays.legal
            if self.policy.consent.required
            else np.zeros_like(self._arrays.legal)
        )
        self.entries = []
        self._epoch_day0 = (self.start - EPOCH).days

    def begin_day(self, day: int) -> None:
        """Remove the points of entries that stop counting on `day`."""
        for citizens, behaviours in self._due.pop(day, []):
            np.subtract.at(self.score, citizens, self._arrays.points[behaviours].astype(np.int32))

    def add(
        self, day: int, citizens: Idx, behaviours: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.bool_]:
        """Record the day's entries, in order; return which of them count (consent and caps)."""
        keep = ~(self._needs_consent[behaviours] & ~self.consent[citizens])
        capped = keep & (self._arrays.cap_max[behaviours] > 0)
        if capped.any():
            keep &= ~capped | self._within_caps(day, citizens, behaviours, capped)
        c, b = citizens[keep], behaviours[keep]
        if len(c):
            np.add.at(self.score, c, self._arrays.points[b].astype(np.int32))
            for expiry in np.unique(self._expiry_days[b]):
                sel = self._expiry_days[b] == expiry
                self._due[day + int(expiry)].append((c[sel], b[sel]))
            if self.record:
                self.entries.append((c, b, day))
        return keep

    def _within_caps(
        self,
        day: int,
        citizens: Idx,
        behaviours: npt.NDArray[np.int32],
        capped: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.bool_]:
        ok = np.ones(len(citizens), dtype=np.bool_)
        rows = np.flatnonzero(capped)
        epoch_day = self._epoch_day0 + day
        for b in np.unique(behaviours[rows]):
            slot = self._cap_slot[int(b)]
            window = epoch_day // (int(self._arrays.cap_period_seconds[b]) // 86_400)
            if window != self._cap_window[slot]:
                self._cap_used[slot] = 0
                self._cap_window[slot] = window
        # All capped behaviours at once: one key per (behaviour slot, citizen).
        b = behaviours[rows]
        slots = self._slot_of[b]
        key = slots * self.n + citizens[rows]
        used = self._cap_used.reshape(-1)[key].astype(np.int64) + rank_in_runs(key)
        fits = used < self._arrays.cap_max[b]
        ok[rows] = fits
        # A scalar of the array's own dtype keeps np.add.at on its fast path.
        np.add.at(self._cap_used.reshape(-1), key[fits], np.int16(1))
        return ok
