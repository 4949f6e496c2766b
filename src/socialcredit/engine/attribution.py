"""Attribution: which data pushed each listing over its threshold, and what that cost people.

A *probe* names some of the evidence a policy scores: entries of some behaviours, entries that
some feeds recorded, or collectors' reports. Beside the observed ledger, the simulator keeps per
citizen the deductions each probe's entries hold at the moment (they leave when the entry
expires). The counterfactual of a probe is the same citizen without those deductions, all else
unchanged:

- a black listing is *caused* by a probe when, on the day of listing, the citizen would have
  stayed off the list without them: the score without the probe's deductions is not below the
  entry threshold, and no listing behaviour outside the probe landed that day;
- a day of restriction or denial at a service is caused by a probe when the service would have
  treated the citizen better that day without the probe's deductions and without the listings
  the probe caused (the red list is held as it was, and so are relatives' listings: a
  collateral detriment is not attributed to the data behind the relative's listing).

Each probe is taken away on its own, so two probes may both have caused the same listing (each
was necessary) and their figures do not add up. The counterfactual holds the rest of the day
fixed: it does not replay the days since, so a citizen who, unlisted, would have acted otherwise
is not followed.

Alongside, for group fairness, every citizen-day is counted by group in the four cells of a
confusion table, observed against true, for the black list and for each service's detriment
(restricted or denied); and for the notice check, the days of detriment a black listing caused
in its first `early_days`. Everything is a sum over citizens, so shards add up.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from socialcredit.domain.decisions import EFFECT_CODE
from socialcredit.domain.effects import Effect
from socialcredit.domain.list_rules import enters
from socialcredit.engine.probes import AttributionPlan
from socialcredit.engine.tally import LIST_STATES, Tally

Mask = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

RESTRICTED = int(EFFECT_CODE[Effect.RESTRICTED])
CELLS = ("tp", "fp", "fn", "tn")
"""Confusion cells of a citizen-day: observed against true (positive: listed, or harmed)."""
_ALL = np.uint64(2**64 - 1)


def _bits(masks: list[Mask], length: int) -> U64:
    """Per position, one bit per mask that holds there."""
    out = np.zeros(length, dtype=np.uint64)
    for p, mask in enumerate(masks):
        out[mask] |= np.uint64(1) << np.uint64(p)
    return out


class Attribution:
    """The attribution of one shard's observed ledger, stepped beside it day by day."""

    def __init__(self, plan: AttributionPlan, tally: Tally, groups: npt.NDArray[np.int8]) -> None:
        self.plan = plan
        self.tally = tally
        n, k = len(groups), len(plan.probes)
        self.n = n
        self._groups = groups.astype(np.int64)
        self._n_groups = tally.groups
        self._services = tally.effects.shape[0]
        self._behaviour_bits = _bits([p.behaviours for p in plan.probes], len(plan.points))
        n_feeds = len(plan.probes[0].feeds) if plan.probes else 0
        self._feed_probe_bits = np.array(
            [_bits([p.feeds[f : f + 1] for p in plan.probes], 1)[0] for f in range(n_feeds)],
            dtype=np.uint64,
        )
        self._collector_bits = _bits([np.array([p.collectors]) for p in plan.probes], 1)[0]
        self.held = np.zeros((k, n), dtype=np.int32)
        """Per probe and citizen: the deductions (as a positive number) its entries hold now."""
        self._due: dict[int, list[tuple[I64, npt.NDArray[np.int32], U64]]] = defaultdict(list)
        self._back: dict[int, list[tuple[I64, npt.NDArray[np.int32], U64, int]]] = defaultdict(list)
        """Per day: holdings given back (+1) or taken again (-1) for entries withdrawn or
        reinstated on appeal, on the day they would have expired (as `ScoreBook` does)."""
        self.listing = np.zeros(n, dtype=np.uint64)
        """Per citizen: the probes that caused the current black listing."""
        self.ever_listed = np.zeros(n, dtype=np.uint64)
        self.ever_wrongly = np.zeros(n, dtype=np.uint64)
        self.listings = np.zeros(k, dtype=np.int64)
        self.listings_wrongful = np.zeros(k, dtype=np.int64)
        s = self._services
        self.days = np.zeros((k, s), dtype=np.int64)
        self.days_wrongful = np.zeros((k, s), dtype=np.int64)
        self.touched = np.zeros((k, n), dtype=np.uint64)
        """Per probe and citizen: one bit per service it ever caused detriment at."""
        self.early_days = np.zeros(s, dtype=np.int64)
        self.early_days_wrongful = np.zeros(s, dtype=np.int64)
        self.early_touched = np.zeros(n, dtype=np.uint64)
        self.confusion = np.zeros((1 + s) * len(CELLS) * tally.groups, dtype=np.float64)
        """(target: black list then services, cell, group), flattened: citizen-days."""
        self._confusion = _confusion_matrix(tally)
        self._shifts = np.arange(k, dtype=np.uint64)
        self._feed_shifts = np.arange(len(self._feed_probe_bits), dtype=np.uint64)
        harms = (tally.effects >= RESTRICTED).any(axis=0)
        self._harms = np.repeat(harms, tally.states)
        """Per (observed, true) standing pair: some service restricts or denies."""

    def begin_day(self, day: int) -> None:
        for citizens, behaviours, bits in self._due.pop(day, []):
            self._apply(citizens, behaviours, bits, -1)
        for citizens, behaviours, bits, sign in self._back.pop(day, []):
            self._apply(citizens, behaviours, bits, sign)

    def book(
        self,
        day: int,
        entries: tuple[I64, npt.NDArray[np.int32], U64, I64],
        sign: int,
    ) -> None:
        """Entries (citizens, behaviours, probe bits, days added) withdrawn (`sign` -1) or
        reinstated (+1) on appeal from `day` on, with the opposite change on their expiry."""
        citizens, behaviours, bits, added = entries
        expiry = added + self.plan.expiry_days[behaviours]
        keep = (expiry > day) & (bits != 0) & (self.plan.points[behaviours] < 0)
        c, b, bits, expiry = citizens[keep], behaviours[keep], bits[keep], expiry[keep]
        self._apply(c, b, bits, sign)
        for when in np.unique(expiry):
            sel = expiry == when
            self._back[int(when)].append((c[sel], b[sel], bits[sel], -sign))

    def clear(self, citizens: I64, clears: Mask) -> None:
        """A repair: the citizens' held entries of the cleared behaviours leave now. Whatever
        is still booked for such an entry (its expiry, a compensation) is applied at once and
        dropped, which brings its holding to nothing."""
        if not len(citizens):
            return
        for due in self._due.values():
            for i, (c, b, bits) in enumerate(due):
                gone = clears[b] & np.isin(c, citizens)
                if gone.any():
                    self._apply(c[gone], b[gone], bits[gone], -1)
                    due[i] = (c[~gone], b[~gone], bits[~gone])
        for back in self._back.values():
            for i, (c, b, bits, sign) in enumerate(back):
                gone = clears[b] & np.isin(c, citizens)
                if gone.any():
                    self._apply(c[gone], b[gone], bits[gone], sign)
                    back[i] = (c[~gone], b[~gone], bits[~gone], sign)

    def add(
        self,
        day: int,
        citizens: I64,
        behaviours: npt.NDArray[np.int32],
        feeds: U64,
        collector: Mask,
    ) -> None:
        """The day's observed entries that counted, with the feeds and collectors behind them."""
        plan = self.plan
        bad = plan.points[behaviours] < 0
        c, b = citizens[bad], behaviours[bad]
        bits = self._entry_bits(b, feeds[bad], collector[bad])
        hit = bits != 0
        c, b, bits = c[hit], b[hit], bits[hit]
        if not len(c):
            return
        self._apply(c, b, bits, 1)
        expiry = plan.expiry_days[b]
        for length in np.unique(expiry):
            sel = expiry == length
            self._due[day + int(length)].append((c[sel], b[sel], bits[sel]))

    def entry_bits(self, behaviours: npt.NDArray[np.int32], feeds: U64, collector: Mask) -> U64:
        """Per entry, the probes it belongs to (see `_entry_bits`)."""
        return self._entry_bits(behaviours, feeds, collector)

    def _entry_bits(self, behaviours: npt.NDArray[np.int32], feeds: U64, collector: Mask) -> U64:
        """Per entry, one bit per probe it belongs to: by its behaviour, as a collector's report,
        or because every feed whose record made it count is the probe's (taking a probe's feeds
        away leaves an act that another feed also recorded)."""
        bits = self._behaviour_bits[behaviours]
        bits = np.where(collector, bits | self._collector_bits, bits)
        probe_bits = self._feed_probe_bits
        if len(probe_bits) and probe_bits.any():
            recorded = (feeds[None, :] >> self._feed_shifts[:, None]) & np.uint64(1) == 1
            every = np.where(recorded, probe_bits[:, None], _ALL)
            by_feed = np.where(feeds != 0, np.bitwise_and.reduce(every, axis=0), np.uint64(0))
            bits = bits | by_feed
        return bits

    def _members(self, bits: U64) -> tuple[I64, I64]:
        """The (probe, position) pairs where a position's bits hold the probe."""
        member = (bits[None, :] >> self._shifts[:, None]) & np.uint64(1) == 1
        p_at, at = np.nonzero(member)
        return p_at, at

    def _apply(
        self, citizens: I64, behaviours: npt.NDArray[np.int32], bits: U64, sign: int
    ) -> None:
        amount = -self.plan.points[behaviours] * sign
        p_at, at = self._members(bits)
        np.add.at(self.held, (p_at, citizens[at]), amount[at])

    def listed(
        self,
        day: int,
        before: npt.NDArray[np.int32],
        after: npt.NDArray[np.int32],
        score: npt.NDArray[np.int32],
        entries: tuple[I64, npt.NDArray[np.int32], U64, Mask],
        true_listed: Mask,
        upheld: tuple[I64, npt.NDArray[np.int32], U64, I64] | None = None,
    ) -> None:
        """Attribute the day's new black listings: `before` and `after` are the list's states
        around the day's step, `entries` the day's counted entries, `upheld` the listing
        entries (citizens, behaviours, probe bits, days their listings began) an appeal upheld
        today after setting them aside lifted a listing, which resumes. A renewed term (a new
        listing entry while listed) keeps the attribution of the listing it renews."""
        self.listing[after < 0] = 0
        # Listed today, or a listing lifted on appeal resumed (its act upheld): attributed now.
        new = np.flatnonzero((after >= 0) & (before < 0))
        if not len(new):
            return
        plan = self.plan
        citizens, behaviours, feeds, collector = entries
        trig = plan.listing_black[behaviours]
        # Today's listing entries of the newly listed, by position in `new` (sorted).
        t_cit = citizens[trig]
        pos = np.minimum(np.searchsorted(new, t_cit), len(new) - 1)
        mine = new[pos] == t_cit
        pos = pos[mine]
        t_bits = self._entry_bits(behaviours[trig][mine], feeds[trig][mine], collector[trig][mine])
        if upheld is not None and len(upheld[0]):
            u_cit, u_beh, u_bits, _ = upheld
            u_cit, u_bits = u_cit[plan.listing_black[u_beh]], u_bits[plan.listing_black[u_beh]]
            u_pos = np.minimum(np.searchsorted(new, u_cit), len(new) - 1)
            u_mine = new[u_pos] == u_cit
            pos = np.concatenate([pos, u_pos[u_mine]])
            t_bits = np.concatenate([t_bits, u_bits[u_mine]])
        triggers = np.bincount(pos, minlength=len(new))
        inside = np.zeros((len(plan.probes), len(new)), dtype=np.int64)
        p_at, at = self._members(t_bits)
        np.add.at(inside, (p_at, pos[at]), 1)
        without = score[new][None, :] + self.held[:, new]
        gone = ~enters(plan.black, without, triggers[None, :] - inside > 0)
        caused = _service_bits(gone)
        self.listing[new] = caused
        self.ever_listed[new] |= caused
        wrong = ~true_listed[new]
        self.ever_wrongly[new[wrong]] |= caused[wrong]
        self.listings += gone.sum(axis=1)
        self.listings_wrongful += (gone & wrong[None, :]).sum(axis=1)

    def count_day(
        self,
        day: int,
        hist: I64,
        score: npt.NDArray[np.int32],
        lists: tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]],
        since: npt.NDArray[np.int32],
        pairs: I64,
    ) -> None:
        """Count the day: confusion cells by group (from the tally's `hist`), the detriment each
        probe caused, and detriment in a listing's first days."""
        occupied = np.flatnonzero(hist)
        self.confusion += self._confusion[:, occupied] @ hist[occupied].astype(np.float64)
        tally = self.tally
        idx = np.flatnonzero(self._harms[pairs])
        if not len(idx):
            return
        states = tally.states
        e = tally.effects[:, pairs[idx] // states]
        wrong = e > tally.effects[:, pairs[idx] % states]
        black, red = lists
        sc, bl, rd = score[idx], black[idx], red[idx]
        kin = tally.kin_class(pairs[idx] // states)
        # All probes at once, over the pairs (probe, citizen) whose counterfactual differs:
        # the probe holds deductions of the citizen, or caused the citizen's listing.
        held = self.held[:, idx]
        freed = (self.listing[idx][None, :] >> self._shifts[:, None]) & np.uint64(1) == 1
        p_at, c_at = np.nonzero((held > 0) | freed)
        if len(p_at):
            cf = tally.standing(
                sc[c_at] + held[p_at, c_at],
                np.where(freed[p_at, c_at], 0, bl[c_at]).astype(np.int8),
                rd[c_at],
                kin[c_at],
            )
            e_at = e[:, c_at]
            caused = (e_at >= RESTRICTED) & (tally.effects[:, cf] < e_at)
            # One count per (probe, service): a key per pair and service, counted at once.
            keys = p_at[None, :] * self._services + np.arange(self._services)[:, None]
            size = self.days.size
            self.days += np.bincount(keys[caused], minlength=size).reshape(self.days.shape)
            self.days_wrongful += np.bincount(
                keys[caused & wrong[:, c_at]], minlength=size
            ).reshape(self.days.shape)
            self.touched[p_at, idx[c_at]] |= _service_bits(caused)
        early = (bl > 0) & (day - since[idx] < self.plan.early_days)
        if early.any():
            cf = tally.standing(sc, np.zeros(len(idx), np.int8), rd, kin)
            caused = (e >= RESTRICTED) & (tally.effects[:, cf] < e) & early
            self.early_days += caused.sum(axis=1)
            self.early_days_wrongful += (caused & wrong).sum(axis=1)
            self.early_touched[idx] |= _service_bits(caused)

    def totals(self, services: tuple[str, ...], groups: tuple[str, ...]) -> dict[str, float]:
        """The shard's sums, named for `RunResult.totals`."""
        out: dict[str, float] = {}
        for p, probe in enumerate(self.plan.probes):
            key = f"attribution.{probe.name}"
            bit = np.uint64(1) << np.uint64(p)
            out[f"{key}.listings"] = float(self.listings[p])
            out[f"{key}.listings_wrongful"] = float(self.listings_wrongful[p])
            out[f"{key}.citizens_listed"] = float(((self.ever_listed & bit) != 0).sum())
            out[f"{key}.citizens_wrongly_listed"] = float(((self.ever_wrongly & bit) != 0).sum())
            out[f"{key}.citizens.any"] = float((self.touched[p] != 0).sum())
            for s, service in enumerate(services):
                sbit = np.uint64(1) << np.uint64(s)
                out[f"{key}.days.{service}"] = float(self.days[p, s])
                out[f"{key}.days_wrongful.{service}"] = float(self.days_wrongful[p, s])
                out[f"{key}.citizens.{service}"] = float(((self.touched[p] & sbit) != 0).sum())
        out["early.citizens.any"] = float((self.early_touched != 0).sum())
        for s, service in enumerate(services):
            sbit = np.uint64(1) << np.uint64(s)
            out[f"early.days.{service}"] = float(self.early_days[s])
            out[f"early.days_wrongful.{service}"] = float(self.early_days_wrongful[s])
            out[f"early.citizens.{service}"] = float(((self.early_touched & sbit) != 0).sum())
        confusion = self.confusion.reshape(1 + len(services), len(CELLS), len(groups))
        for t, target in enumerate(["black", *services]):
            for c, cell in enumerate(CELLS):
                for g, group in enumerate(groups):
                    out[f"confusion.{target}.{cell}.{group}"] = float(confusion[t, c, g])
        return out


def _confusion_matrix(tally: Tally) -> npt.NDArray[np.float64]:
    """(target × cell × group, histogram bin): 1 where a citizen of the bin adds to the cell."""
    s = tally.states
    bins = np.arange(tally.groups * s * s)
    group, obs, true = bins // (s * s), (bins // s) % s, bins % s
    black = (np.arange(s) // LIST_STATES) % LIST_STATES > 0
    harmed = tally.effects >= RESTRICTED
    targets = [(black[obs], black[true])]
    targets += [(h[obs], h[true]) for h in harmed]
    rows = []
    for observed, truth in targets:
        cells = (observed & truth, observed & ~truth, ~observed & truth, ~observed & ~truth)
        for cell in cells:
            rows += [cell & (group == g) for g in range(tally.groups)]
    return np.array(rows, dtype=np.float64)


def _service_bits(caused: Mask) -> U64:
    """Per column, one bit per row (a service, or a probe) set where `caused` holds (at most
    64 rows)."""
    packed = np.packbits(caused, axis=0, bitorder="little")
    out = packed[0].astype(np.uint64) if len(packed) else np.zeros(caused.shape[1], np.uint64)
    for byte in range(1, len(packed)):
        out |= packed[byte].astype(np.uint64) << np.uint64(8 * byte)
    return out
