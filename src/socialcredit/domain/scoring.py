"""Scores from ledger entries: one rule, two speeds.

The score of a citizen at time `t` is the policy's base plus the points of every entry that counts
at `t`. An entry counts when
  - it has happened (`occurred_at <= t`) and has not expired (`t < occurred_at + expiry`),
  - it has not been reversed by an entry recorded at or before `t`,
  - it is within its behaviour's cap: in each window of `period_days` (counted from 1970-01-01
    UTC) only the first `max` live entries of that behaviour count, in order of `occurred_at`
    then entry id, and
  - the citizen has consented to be scored, or the policy does not require consent, or the
    behaviour is a legal violation.

`score_of` is the per-citizen path; `score_many` is the vectorised path over columns. A property
test holds them equal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from socialcredit.domain.policy import Policy

DAY = 86_400
NEVER = np.iinfo(np.int64).max


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger line as the scorer needs it."""

    id: int
    citizen: int
    behaviour: str
    occurred_at: datetime
    reverses: int | None = None
    """A reversing entry names the entry it cancels and carries no points of its own."""


def epoch_seconds(at: datetime) -> int:
    if at.tzinfo is None:
        raise ValueError("times must be timezone-aware (UTC)")
    return int(at.timestamp())


def expires_at(policy: Policy, entry: Entry) -> datetime:
    return entry.occurred_at + timedelta(days=policy.behaviour(entry.behaviour).expires_after_days)


def counting_entries(
    policy: Policy, entries: Iterable[Entry], at: datetime, *, consent: bool = True
) -> list[Entry]:
    """The entries of one citizen that count at `at`, in ledger order."""
    entries = list(entries)
    if at.tzinfo is None or any(e.occurred_at.tzinfo is None for e in entries):
        raise ValueError("times must be timezone-aware (UTC)")
    reversed_at = {
        e.reverses: e.occurred_at for e in entries if e.reverses is not None and e.occurred_at <= at
    }
    live = [
        e for e in entries if e.reverses is None and e.occurred_at <= at and e.id not in reversed_at
    ]
    live.sort(key=lambda e: (e.occurred_at, e.id))
    used: dict[tuple[str, int], int] = defaultdict(int)
    out: list[Entry] = []
    for e in live:
        behaviour = policy.behaviour(e.behaviour)
        if policy.consent.required and not consent and not behaviour.legal_violation:
            continue
        if behaviour.cap is not None:
            window = epoch_seconds(e.occurred_at) // (behaviour.cap.period_days * DAY)
            key = (e.behaviour, window)
            used[key] += 1
            if used[key] > behaviour.cap.max:
                continue
        if at < expires_at(policy, e):
            out.append(e)
    return out


def score_of(
    policy: Policy, entries: Iterable[Entry], at: datetime, *, consent: bool = True
) -> int:
    """The score of one citizen at `at` (per-citizen path)."""
    counting = counting_entries(policy, entries, at, consent=consent)
    return policy.base_score + sum(policy.behaviour(e.behaviour).points for e in counting)


@dataclass(frozen=True)
class EntryColumns:
    """A ledger as columns, for the vectorised path. Reversals are already joined in."""

    citizen: npt.NDArray[np.int64]
    behaviour: npt.NDArray[np.int32]
    """Index into `policy.behaviours`."""
    occurred: npt.NDArray[np.int64]
    """Epoch seconds."""
    id: npt.NDArray[np.int64]
    reversed_at: npt.NDArray[np.int64]
    """Epoch seconds of the reversing entry, or `NEVER`."""

    @classmethod
    def from_entries(cls, policy: Policy, entries: Sequence[Entry]) -> EntryColumns:
        reversal: dict[int, int] = {}
        for e in entries:
            if e.reverses is not None:
                t = epoch_seconds(e.occurred_at)
                reversal[e.reverses] = min(t, reversal.get(e.reverses, t))
        rows = [e for e in entries if e.reverses is None]
        index = policy.behaviour_index
        return cls(
            citizen=np.array([e.citizen for e in rows], dtype=np.int64),
            behaviour=np.array([index[e.behaviour] for e in rows], dtype=np.int32),
            occurred=np.array([epoch_seconds(e.occurred_at) for e in rows], dtype=np.int64),
            id=np.array([e.id for e in rows], dtype=np.int64),
            reversed_at=np.array([reversal.get(e.id, NEVER) for e in rows], dtype=np.int64),
        )


@dataclass(frozen=True)
class PolicyArrays:
    """The numbers of a policy's catalogue as arrays indexed by behaviour."""

    points: npt.NDArray[np.int64]
    expiry_seconds: npt.NDArray[np.int64]
    cap_max: npt.NDArray[np.int64]
    """0 where the behaviour has no cap."""
    cap_period_seconds: npt.NDArray[np.int64]
    legal: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, policy: Policy) -> PolicyArrays:
        bs = policy.behaviours
        return cls(
            points=np.array([b.points for b in bs], dtype=np.int64),
            expiry_seconds=np.array([b.expires_after_days * DAY for b in bs], dtype=np.int64),
            cap_max=np.array([b.cap.max if b.cap else 0 for b in bs], dtype=np.int64),
            cap_period_seconds=np.array(
                [b.cap.period_days * DAY if b.cap else DAY for b in bs], dtype=np.int64
            ),
            legal=np.array([b.legal_violation for b in bs], dtype=np.bool_),
        )


def counting_mask(
    policy: Policy,
    columns: EntryColumns,
    at: datetime,
    *,
    consent: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.bool_]:
    """Which rows of `columns` count at `at` (vectorised path)."""
    arrays = PolicyArrays.of(policy)
    t = epoch_seconds(at)
    b = columns.behaviour
    live = (columns.occurred <= t) & (columns.reversed_at > t)
    if policy.consent.required and consent is not None:
        live &= consent[columns.citizen] | arrays.legal[b]
    within_cap = np.ones(len(b), dtype=np.bool_)
    capped = np.flatnonzero(live & (arrays.cap_max[b] > 0))
    if capped.size:
        window = columns.occurred[capped] // arrays.cap_period_seconds[b[capped]]
        order = np.lexsort(
            (
                columns.id[capped],
                columns.occurred[capped],
                window,
                b[capped],
                columns.citizen[capped],
            )
        )
        rows = capped[order]
        key_c, key_b, key_w = columns.citizen[rows], b[rows], window[order]
        new_group = np.ones(len(rows), dtype=np.bool_)
        new_group[1:] = (
            (key_c[1:] != key_c[:-1]) | (key_b[1:] != key_b[:-1]) | (key_w[1:] != key_w[:-1])
        )
        starts = np.flatnonzero(new_group)
        group_start = np.repeat(starts, np.diff(np.append(starts, len(rows))))
        rank = np.arange(len(rows)) - group_start
        within_cap[rows] = rank < arrays.cap_max[key_b]
    unexpired = t < columns.occurred + arrays.expiry_seconds[b]
    return live & within_cap & unexpired


def score_many(
    policy: Policy,
    columns: EntryColumns,
    at: datetime,
    n_citizens: int,
    *,
    consent: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int64]:
    """Scores of citizens `0 .. n_citizens-1` at `at` (vectorised path)."""
    mask = counting_mask(policy, columns, at, consent=consent)
    points = PolicyArrays.of(policy).points[columns.behaviour[mask]]
    sums = np.bincount(columns.citizen[mask], weights=points, minlength=n_citizens)
    return policy.base_score + sums.astype(np.int64)


def utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)
