"""Running scores of a population, kept day by day exactly as the ledger rules say.

The simulator adds a day's entries in one call and advances the clock one day at a time; points
leave the score on the day their entry expires, behaviour caps are applied per window, and only
legal violations count for citizens who did not consent when the policy requires consent. At the end
of any day the scores equal `domain.scoring.score_many` over the same entries at the end of that
day (a test holds them together).

Redress takes entries out again: an entry withdrawn (reversed on appeal, or set aside while under
review) stops counting that day and is not taken off again when it expires; one reinstated counts
again. A repair clears, for a citizen, every entry of the behaviours it clears that landed before
that day. Each is exact: a withdrawal or reinstatement is booked with a compensation on the
entry's expiry day, and a cleared entry is skipped by everything that would touch it later.
A reversal gives its cap slot back to entries that arrive later in the window; an entry dropped
over the cap before it does not come back, where `domain.scoring`'s reversal rule would count it
(the engine keeps no dropped entry to revive).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

import numpy as np
import numpy.typing as npt

from socialcredit.domain.scoring import DAY
from socialcredit.engine.compiled import compiled
from socialcredit.engine.model import LedgerPlan

Idx = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]

EPOCH = date(1970, 1, 1)
_NO_DAYS = np.zeros(0, dtype=np.int64)
_NOBODY = np.zeros(0, dtype=np.bool_)


@compiled
def _admit(
    citizens: Idx,
    behaviours: I32,
    needs_consent: Mask,
    consent: Mask,
    cap_max: Idx,
    slot_of: Idx,
    n: int,
    cap_used: npt.NDArray[np.int16],
    score: I32,
    points: I32,
    expiry_class: Idx,
    classes: int,
    keep: Mask,
    kept_citizens: Idx,
    kept_behaviours: I32,
    start: Idx,
) -> None:
    """The day's entries in order: `keep` whether each counts (consent, then its behaviour's
    cap in the window: the entries of a citizen and capped behaviour count until the window's
    are used up), and the points of those that count added to `score`. Those that count
    (citizens, behaviours) go to the front of `kept_citizens` and `kept_behaviours`, grouped by
    their behaviour's expiry class, in order within each; `start` (one longer than the
    classes) says where each class's group starts, and the last ends."""
    start[:] = 0
    for i in range(len(citizens)):
        c, b = citizens[i], behaviours[i]
        ok = not (needs_consent[b] and not consent[c])
        if ok and cap_max[b] > 0:
            key = slot_of[b] * n + c
            if cap_used[key] < cap_max[b]:
                cap_used[key] += 1
            else:
                ok = False
        keep[i] = ok
        if ok:
            score[c] += points[b]
            start[expiry_class[b] + 1] += 1
    for k in range(classes):
        start[k + 1] += start[k]
    at = start[:classes].copy()
    for i in range(len(citizens)):
        if keep[i]:
            k = expiry_class[behaviours[i]]
            kept_citizens[at[k]] = citizens[i]
            kept_behaviours[at[k]] = behaviours[i]
            at[k] += 1


@compiled
def _apply_pass(
    citizens: Idx,
    behaviours: I32,
    days_added: Idx,
    added: int,
    per_entry: bool,
    sign: int,
    points: I32,
    clears: Mask,
    cleared_to: I32,
    listing: Mask,
    clearable: I32,
    clearable_acts: I32,
    acts: I32,
    score: I32,
    to_score: bool,
    live: Mask,
) -> None:
    """Entries (citizens, behaviours, the days they were added: per entry, or `added` for all)
    counted (`sign` +1) or taken away (-1): `live` whether each was not cleared (`clears` per
    behaviour, empty without repairs; cleared for a citizen up to `cleared_to`); for those, the
    clearable points and listing entries followed (`listing` per behaviour, empty when not
    followed) and, with `to_score`, the points added to `score`. Sums of whole numbers: the
    same in any order."""
    has_clears = len(clears) > 0
    has_listing = len(listing) > 0
    for i in range(len(citizens)):
        c, b = citizens[i], behaviours[i]
        when = days_added[i] if per_entry else added
        cleared = has_clears and clears[b]
        if cleared and cleared_to[c] >= when:
            live[i] = False
            continue
        live[i] = True
        change = sign * points[b]
        lists = has_listing and listing[b]
        if cleared:
            clearable[c] += change
            if lists:
                clearable_acts[c] += sign
        if lists:
            acts[c] += sign
        if to_score:
            score[c] += change


class ScoreBook:
    """The running scores of one shard's citizens under one ledger (observed or true)."""

    def __init__(
        self,
        plan: LedgerPlan,
        n: int,
        consent: npt.NDArray[np.bool_],
        clears: Mask | None = None,
        listing: Mask | None = None,
    ) -> None:
        self.n = n
        self.consent = consent
        arrays = self._arrays = plan.arrays
        self.score: npt.NDArray[np.int32] = np.full(n, plan.base_score, dtype=np.int32)
        self._points = arrays.points.astype(np.int32)
        # Entries leave on the day they expire: grouped by the few distinct expiry lengths.
        expiries, expiry_class = np.unique(arrays.expiry_seconds // DAY, return_inverse=True)
        self._expiry_lengths = [int(d) for d in expiries]
        self._expiry_class = expiry_class.astype(np.int64)
        self._class_start = np.zeros(len(expiries) + 1, dtype=np.int64)
        """Where each expiry class's entries start among the day's that count (`_admit`)."""
        self._expiry_days = (arrays.expiry_seconds // DAY).astype(np.int64)
        self._due: dict[int, list[tuple[Idx, I32, int]]] = defaultdict(list)
        """Per expiry day: the entries (citizens, behaviours, day added) that leave then."""
        self._compensation: dict[int, list[tuple[Idx, I32, Idx, int]]] = defaultdict(list)
        """Per day: points given back (+1) or taken again (-1) for withdrawn or reinstated
        entries (citizens, behaviours, days added, sign), when they would have expired."""
        self._clears = clears if clears is not None and clears.any() else None
        """Per behaviour: a repair clears its entries (None: the policy has no repair)."""
        self._cleared_to = np.full(n, -1, dtype=np.int32)
        """Per citizen: entries of cleared behaviours added on or before this day are cleared."""
        self._clearable = np.zeros(n, dtype=np.int32)
        """Per citizen: the points that entries a repair would clear hold now."""
        self._listing = listing if listing is not None and listing.any() else None
        """Per behaviour: an entry of it lists the citizen (None: not followed)."""
        self.acts = np.zeros(n, dtype=np.int32)
        """Per citizen: the entries of listing behaviours that count now (when followed)."""
        self._clearable_acts = np.zeros(n, dtype=np.int32)
        self._tracked = self._clears is not None or self._listing is not None
        capped = np.flatnonzero(arrays.cap_max > 0)
        self._slot_of = np.zeros(len(arrays.cap_max), dtype=np.int64)
        self._slot_of[capped] = np.arange(len(capped))
        self._slot_period_days = (arrays.cap_period_seconds // DAY)[capped]
        self._cap_used = np.zeros((len(capped), n), dtype=np.int16)
        self._cap_window = np.full(len(capped), -1, dtype=np.int64)
        self._windows_held = (0, 0) if len(capped) else (-(2**62), 2**62)
        """The days (from, until) on which every slot's window is `_cap_window`'s."""
        self._needs_consent = (
            ~arrays.legal if plan.consent_required else np.zeros_like(arrays.legal)
        )
        self._epoch_day0 = (plan.start - EPOCH).days
        self.on_change: Callable[[Idx, I32], None] | None = None
        """When a story log follows the book: told of every change of points (citizens,
        change) besides an entry counting and its expiry on its day, which the log knows from
        the entries themselves. So: withdrawals, reinstatements and their compensations,
        clears, and, for an entry a clear took out, the points its expiry does not take
        (given back here, against the expiry the entry implies)."""

    def begin_day(self, day: int) -> None:
        """Remove the points of entries that stop counting on `day`, and open new cap windows."""
        due = self._due.pop(day, None)
        if due:
            # The day's expiring batches in one pass, in the order they were booked.
            added: Idx | int
            if len(due) == 1:
                citizens, behaviours, added = due[0]
            else:
                citizens = np.concatenate([c for c, _, _ in due])
                behaviours = np.concatenate([b for _, b, _ in due])
                added = np.repeat(
                    np.array([a for _, _, a in due], dtype=np.int64), [len(c) for c, _, _ in due]
                )
            live = self._apply(citizens, behaviours, added, -1, told=False)
            if self.on_change is not None and self._clears is not None:
                # A cleared entry has no expiry left to apply: its points went with the clear.
                gone = ~live
                if gone.any():
                    self.on_change(citizens[gone], self._points[behaviours[gone]])
        for citizens, behaviours, days_added, sign in self._compensation.pop(day, []):
            self._apply(citizens, behaviours, days_added, sign)
        held_from, held_until = self._windows_held
        if held_from <= day < held_until:
            return  # every cap window is the one it was yesterday
        window = (self._epoch_day0 + day) // self._slot_period_days
        opened = window != self._cap_window
        if opened.any():
            self._cap_used[opened] = 0
            self._cap_window = window
        if len(window):
            # The days on which every slot stays in this window.
            first = window * self._slot_period_days - self._epoch_day0
            self._windows_held = (int(first.max()), int((first + self._slot_period_days).min()))

    def add(
        self, day: int, citizens: Idx, behaviours: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.bool_]:
        """Record the day's entries, in order; return which of them count (consent and caps)."""
        m = len(citizens)
        keep = np.empty(m, dtype=np.bool_)
        c, b = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int32)
        start = self._class_start
        _admit(
            citizens,
            behaviours,
            self._needs_consent,
            self.consent,
            self._arrays.cap_max,
            self._slot_of,
            self.n,
            self._cap_used.reshape(-1),
            self.score,
            self._points,
            self._expiry_class,
            len(self._expiry_lengths),
            keep,
            c,
            b,
            start,
        )
        counted = int(start[-1])
        if counted:
            c, b = c[:counted], b[:counted]
            if self._tracked:
                self._apply(c, b, day, 1, told=False, to_score=False)
            for k, length in enumerate(self._expiry_lengths):
                lo, hi = start[k], start[k + 1]
                if hi > lo:
                    # Copies: a view would keep the whole day's buffer until it expires.
                    self._due[day + length].append((c[lo:hi].copy(), b[lo:hi].copy(), day))
        return keep

    def _apply(
        self,
        citizens: Idx,
        behaviours: I32,
        days_added: Idx | int | np.integer,
        sign: int,
        *,
        told: bool = True,
        to_score: bool = True,
    ) -> Mask:
        """Add (`sign` +1) or take away (-1) the points of entries that were not cleared (and
        tell `on_change`, unless `told` is False: an expiry), keeping the clearable points and
        the listing entries that count up to date; without `to_score`, those alone (the entry's
        points are in the score already). Returns which entries were not cleared."""
        live = np.empty(len(citizens), dtype=np.bool_)
        one_day = isinstance(days_added, int | np.integer)
        _apply_pass(
            citizens,
            behaviours,
            _NO_DAYS if isinstance(days_added, int | np.integer) else days_added,
            int(days_added) if isinstance(days_added, int | np.integer) else 0,
            not one_day,
            sign,
            self._points,
            _NOBODY if self._clears is None else self._clears,
            self._cleared_to,
            _NOBODY if self._listing is None else self._listing,
            self._clearable,
            self._clearable_acts,
            self.acts,
            self.score,
            to_score,
            live,
        )
        if told and self.on_change is not None:
            self.on_change(citizens[live], sign * self._points[behaviours[live]])
        return live

    def _book(self, day: int, citizens: Idx, behaviours: I32, days_added: Idx, sign: int) -> None:
        """Change entries' standing from `day` on (+1 count again, -1 stop counting), and book
        the opposite change for the day each would have expired."""
        expiry = days_added + self._expiry_days[behaviours]
        live = expiry > day
        citizens, behaviours, days_added, expiry = (
            citizens[live],
            behaviours[live],
            days_added[live],
            expiry[live],
        )
        self._apply(citizens, behaviours, days_added, sign)
        for when in np.unique(expiry):
            sel = expiry == when
            self._compensation[int(when)].append(
                (citizens[sel], behaviours[sel], days_added[sel], -sign)
            )

    def withdraw(self, day: int, citizens: Idx, behaviours: I32, days_added: Idx) -> None:
        """Entries stop counting from `day` (reversed, or set aside while under review)."""
        self._book(day, citizens, behaviours, days_added, -1)

    def reinstate(self, day: int, citizens: Idx, behaviours: I32, days_added: Idx) -> None:
        """Entries set aside count again from `day` (the dispute was rejected)."""
        self._book(day, citizens, behaviours, days_added, 1)

    def free_cap_slots(self, citizens: Idx, behaviours: I32, days_added: Idx) -> None:
        """Give back the cap slots of reversed entries whose window is still open."""
        capped = self._arrays.cap_max[behaviours] > 0
        if not capped.any():
            return
        c, b, added = citizens[capped], behaviours[capped], days_added[capped]
        slot = self._slot_of[b]
        window = (self._epoch_day0 + added) // self._slot_period_days[slot]
        open_now = window == self._cap_window[slot]
        used = self._cap_used.reshape(-1)
        np.subtract.at(used, slot[open_now] * self.n + c[open_now], np.int16(1))

    def clear(self, day: int, citizens: Idx) -> None:
        """A repair on `day`: the citizens' entries of cleared behaviours added before it stop
        counting."""
        if self._clears is None or not len(citizens):
            return
        taken = self._clearable[citizens]
        self.score[citizens] -= taken
        if self.on_change is not None:
            self.on_change(citizens, -taken)
        self._clearable[citizens] = 0
        self.acts[citizens] -= self._clearable_acts[citizens]
        self._clearable_acts[citizens] = 0
        self._cleared_to[citizens] = day - 1
