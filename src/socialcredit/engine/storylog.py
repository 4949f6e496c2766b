"""The story log of one shard: everything that happens to every citizen, day by day, so that at
the end the lives of a few can be cut out whole.

The simulator vectorises each day over all citizens, and which citizens make a story (the
wrongly listed, the missed, a random few...) is known only at the end: a kind as rare as the
wrongly listed may have fewer members than the stories asked for, so nobody can be left out
early. So while a run keeps stories, each stage hands the log the arrays it already computed
(acts, records, entries, attempts, disputes, repairs, and the changes of points the entries do
not imply), and nothing is done per citizen: the log keeps the day's arrays, the big kinds
copied into small types (`COMPACT`). The list states are compared only for the citizens the
list books mark as moved. The cost is a few per cent of a run (`bench/stories.py`), and the
memory of every citizen's events until the end. At the end `StoryLog.cut`
picks the citizens of each kind by a random key drawn once per citizen from a stream of its own
(so the choice never moves another draw), and returns their events, which
`stories.telling` turns into readable stories.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Idx = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Columns = dict[str, npt.NDArray[np.generic]]

KINDS = ("wrongly_listed", "rightly_listed", "missed", "collateral", "honour_roll", "random")
"""The kinds of citizen a run tells the stories of, in the order the report shows them."""

EVENTS: dict[str, tuple[str, ...]] = {
    "act": ("behaviour", "entered"),
    "record": ("behaviour", "source", "collector", "malicious", "false", "outcome"),
    "entry": ("behaviour", "false"),
    "points": ("value",),
    "points_true": ("value",),
    "black": ("since",),
    "black_true": ("since",),
    "red": ("since",),
    "red_true": ("since",),
    "attempt": ("service", "effect", "effect_true"),
    "dispute": ("behaviour", "false"),
    "decision": ("behaviour", "added", "reversed"),
    "lapse": ("behaviour", "added"),
    "lift": ("since",),
    "repair": (),
    "restoration": (),
    "collateral": ("value",),
}
"""Every kind of event and its columns besides `day` and `citizen` (shard-local index).
`act`: `entered` says whether the act made an entry in the true ledger (its entries are acts).
`points` and `points_true`: a change of the score in one score book besides an entry counting
and expiring on its day (withdrawals, reinstatements, clears; see `ScoreBook.on_change`), so a
score is the base plus the points of its entries while they run plus these changes.
`black`, `red` and their `_true`: the list state (`since`, -1 when off) on a day it changed."""

COMPACT: dict[str, dict[str, type[np.generic]]] = {
    "act": {"behaviour": np.int16, "entered": np.bool_},
    "record": {
        "behaviour": np.int16,
        "source": np.int16,
        "collector": np.int32,
        "malicious": np.bool_,
        "false": np.bool_,
        "outcome": np.int8,
    },
    "entry": {"behaviour": np.int16, "false": np.bool_},
}
"""The kinds of event there are millions of, kept in small types (and citizens as int32): a
run's log holds every citizen's acts, records and entries until the end, and the memory it
takes from the system is time, too (every new page is a fault)."""

LISTS = ("black", "black_true", "red", "red_true")
"""The list states `StoryLog.lists` follows, in its arguments' order."""

OUTCOMES = ("landed", "rejected in review", "over the collector's daily limit", "not scored")
"""What became of a record, by its `outcome` code."""


@dataclass(frozen=True)
class Cut:
    """The events of the chosen citizens of one shard."""

    citizens: Idx
    """Run-wide citizen numbers, sorted."""
    keys: npt.NDArray[np.float64]
    """Each chosen citizen's random key (smaller is chosen first)."""
    kinds: dict[str, Idx]
    """Per kind, the run-wide numbers of its citizens in this shard, by key."""
    events: dict[str, Columns]
    """Per event kind: `day`, `citizen` (run-wide) and the kind's columns."""
    district: Idx
    group: npt.NDArray[np.int8]
    consent: Mask
    collector: Mask
    """Whether each chosen citizen is a collector themselves."""


class StoryLog:
    """The events of one shard's citizens, kept as the day's arrays."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.n = n
        self.day = 0
        self.keys = rng.random(n)
        self._events: dict[
            str, list[tuple[int, npt.NDArray[np.integer], dict[str, npt.ArrayLike]]]
        ] = defaultdict(list)
        """Per kind: (day, citizens, columns) as the stages handed them over (the big kinds in
        their `COMPACT` types)."""
        self._last: dict[str, npt.NDArray[np.generic]] = {}
        self._lists: tuple[npt.NDArray[np.int32], ...] | None = None
        self.ever: dict[str, Mask] = {k: np.zeros(n, dtype=np.bool_) for k in KINDS}
        self.ever["random"][:] = True

    def add(self, kind: str, citizen: npt.NDArray[np.integer], **columns: npt.ArrayLike) -> None:
        """Events of `kind` today: one per element of `citizen`, with the kind's columns (each
        an array as long as `citizen`, or one value for all)."""
        if not len(citizen):
            return
        expected = EVENTS[kind]
        if set(columns) != set(expected):  # pragma: no cover - a bug in a caller
            raise ValueError(f"{kind} events have {expected}, not {tuple(columns)}")
        compact = COMPACT.get(kind)
        if compact is not None:
            citizen = citizen.astype(np.int32, copy=False)
            columns = {
                name: np.asarray(v).astype(compact[name], copy=False) if np.ndim(v) else v
                for name, v in columns.items()
            }
        self._events[kind].append((self.day, citizen, columns))

    def changes(self, kind: str, values: npt.NDArray[np.generic]) -> None:
        """Record the citizens whose `values` (the bits of detriment through relatives)
        changed since the last call for `kind`; the first call records none (the run's
        starting state)."""
        last = self._last.get(kind)
        if last is None:
            self._last[kind] = values.copy()
            return
        changed = np.flatnonzero(values != last)
        if len(changed):
            now = values[changed]
            last[changed] = now
            self.add(kind, changed, **{EVENTS[kind][0]: now})

    def lists(self, states: tuple[npt.NDArray[np.int32], ...], moved: Mask) -> None:
        """Record the list states (`LISTS`, in order) of the citizens whose states changed
        since the last call, among those `moved` marks (the list books mark whoever they
        touch, so nothing is compared for the rest); the first call records none."""
        last = self._lists
        if last is None:
            self._lists = tuple(s.copy() for s in states)
            return
        changed = np.flatnonzero(moved)
        if not len(changed):
            return
        for kind, now, before in zip(LISTS, states, last, strict=True):
            values = now[changed]
            mine = values != before[changed]
            if mine.any():
                before[changed[mine]] = values[mine]
                self.add(kind, changed[mine], since=values[mine])

    def _listed_kinds(self) -> None:
        """Who was ever wrongly listed, rightly listed, missed by the black list, or on the
        honour roll, at the end of some day: from the list states on the days they changed
        (every state holds until its next change; all start off the lists)."""
        ever, events = self.ever, self._events
        for _, citizen, columns in events.get("red", []):
            ever["honour_roll"][citizen[np.asarray(columns["since"]) >= 0]] = True
        parts = [
            (np.asarray(c), np.full(len(c), day), np.full(len(c), ledger), np.asarray(v["since"]))
            for ledger, kind in enumerate(("black", "black_true"))
            for day, c, v in events.get(kind, [])
        ]
        if not parts:
            return
        stacked = zip(*parts, strict=True)
        citizen, day, ledger, since = (np.concatenate(column) for column in stacked)
        order = np.lexsort((ledger, day, citizen))
        citizen, day, ledger, on = citizen[order], day[order], ledger[order], since[order] >= 0
        position = np.arange(len(citizen))
        first = np.r_[True, citizen[1:] != citizen[:-1]]
        start = np.maximum.accumulate(np.where(first, position, 0))
        state = []
        for which in (0, 1):  # each ledger's state carried forward within the citizen
            last = np.maximum.accumulate(np.where(ledger == which, position, -1))
            state.append(np.where(last >= start, on[np.maximum(last, 0)], False))
        listed, truly = state
        end = np.r_[(citizen[1:] != citizen[:-1]) | (day[1:] != day[:-1]), True]
        for kind, held in (
            ("wrongly_listed", listed & ~truly),
            ("rightly_listed", listed & truly),
            ("missed", truly & ~listed),
        ):
            ever[kind][citizen[end & held]] = True

    def cut(
        self,
        per_kind: int,
        first_citizen: int,
        first_district: int,
        district: npt.NDArray[np.int32],
        group: npt.NDArray[np.int8],
        consent: Mask,
        collector_citizen: Idx,
    ) -> Cut:
        """The events of up to `per_kind` citizens of each kind: those with the smallest keys
        (the run keeps the smallest over its shards: `merge_cuts`)."""
        self._listed_kinds()
        kinds: dict[str, Idx] = {}
        for kind in KINDS:
            eligible = np.flatnonzero(self.ever[kind])
            order = np.argsort(self.keys[eligible], kind="stable")[:per_kind]
            kinds[kind] = eligible[order]
        chosen = np.unique(np.concatenate(list(kinds.values()))).astype(np.int64)
        events: dict[str, Columns] = {}
        chosen_mask = np.zeros(self.n, dtype=np.bool_)
        chosen_mask[chosen] = True
        for kind, rows in self._events.items():
            picked = _pick(rows, chosen_mask, EVENTS[kind])
            if picked is not None:
                picked["citizen"] = picked["citizen"] + first_citizen
                events[kind] = picked
        is_collector = np.zeros(self.n, dtype=np.bool_)
        is_collector[collector_citizen] = True
        return Cut(
            citizens=chosen + first_citizen,
            keys=self.keys[chosen],
            kinds={k: v + first_citizen for k, v in kinds.items()},
            events=events,
            district=district[chosen].astype(np.int64) + first_district,
            group=group[chosen],
            consent=consent[chosen],
            collector=is_collector[chosen],
        )


def _pick(
    rows: list[tuple[int, npt.NDArray[np.integer], dict[str, npt.ArrayLike]]],
    chosen: Mask,
    names: tuple[str, ...],
) -> Columns | None:
    """The events of the chosen citizens among one kind's daily chunks: which ones is found
    over all chunks at once, and each chunk then gives up only its few chosen rows."""
    citizens = np.concatenate([np.asarray(c) for _, c, _ in rows])
    at = np.flatnonzero(chosen[citizens])
    if not len(at):
        return None
    sizes = np.array([len(c) for _, c, _ in rows], dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    counts = np.diff(np.searchsorted(at, np.r_[starts, len(citizens)]))
    hit = np.flatnonzero(counts)
    many = counts[hit]
    local = at - np.repeat(starts[hit], many)
    bounds = np.r_[0, np.cumsum(many)].tolist()
    days = np.array([rows[j][0] for j in hit.tolist()], dtype=np.int32)
    out: Columns = {"day": np.repeat(days, many), "citizen": citizens[at].astype(np.int64)}
    for name in names:
        parts = []
        for k, j in enumerate(hit.tolist()):
            value = np.asarray(rows[j][2][name])
            lo, hi = bounds[k], bounds[k + 1]
            parts.append(value[local[lo:hi]] if value.ndim else np.full(hi - lo, value))
        out[name] = np.concatenate(parts)
    return out


def merge_cuts(cuts: list[Cut], per_kind: int) -> Cut:
    """The run's stories from its shards' cuts: per kind, the `per_kind` citizens with the
    smallest keys over all shards, and the events of every citizen chosen."""
    citizens = np.concatenate([c.citizens for c in cuts])
    keys = np.concatenate([c.keys for c in cuts])
    key_of = dict(zip(citizens.tolist(), keys.tolist(), strict=True))
    kinds: dict[str, Idx] = {}
    for kind in KINDS:
        pool = np.concatenate([c.kinds[kind] for c in cuts])
        order = np.argsort([key_of[int(x)] for x in pool], kind="stable")[:per_kind]
        kinds[kind] = pool[order]
    chosen = np.unique(np.concatenate(list(kinds.values()))).astype(np.int64)
    order = np.argsort(citizens, kind="stable")
    at = order[np.searchsorted(citizens[order], chosen)]
    events: dict[str, Columns] = {}
    for kind in EVENTS:
        parts = [c.events[kind] for c in cuts if kind in c.events]
        if not parts:
            continue
        joined = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
        keep = np.isin(joined["citizen"], chosen)
        if keep.any():
            events[kind] = {name: column[keep] for name, column in joined.items()}
    return Cut(
        citizens=chosen,
        keys=keys[at],
        kinds=kinds,
        events=events,
        district=np.concatenate([c.district for c in cuts])[at],
        group=np.concatenate([c.group for c in cuts])[at],
        consent=np.concatenate([c.consent for c in cuts])[at],
        collector=np.concatenate([c.collector for c in cuts])[at],
    )
