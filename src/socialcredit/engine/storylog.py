"""The story log of one shard: everything that happens to every citizen, day by day, so that at
the end the lives of a few can be cut out whole.

The simulator vectorises each day over all citizens, and which citizens make a story (the
wrongly listed, the missed, a random few...) is known only at the end. So while a run keeps
stories, each stage hands the log the arrays it already computed (acts, records, entries,
attempts, disputes, repairs), scores and list states as changes from the day before, and
nothing is copied per citizen. At the end `StoryLog.cut` picks the citizens of each kind by a
random key drawn once per citizen from a stream of its own (so the choice never moves another
draw), and returns their events, which `engine.stories` turns into readable stories.
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
    "act": ("behaviour",),
    "record": ("behaviour", "source", "collector", "malicious", "false", "outcome"),
    "entry": ("behaviour", "false"),
    "entry_true": ("behaviour",),
    "score": ("value",),
    "score_true": ("value",),
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
"""Every kind of event and its columns besides `day` and `citizen` (shard-local index)."""

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
        self._events: dict[str, list[tuple[int, Idx, dict[str, npt.ArrayLike]]]] = defaultdict(list)
        """Per kind: (day, citizens, columns) as the stages handed them over, uncopied."""
        self._last: dict[str, npt.NDArray[np.generic]] = {}
        self.ever: dict[str, Mask] = {k: np.zeros(n, dtype=np.bool_) for k in KINDS}
        self.ever["random"][:] = True

    def add(self, kind: str, citizen: Idx, **columns: npt.ArrayLike) -> None:
        """Events of `kind` today: one per element of `citizen`, with the kind's columns (each
        an array as long as `citizen`, or one value for all)."""
        if not len(citizen):
            return
        expected = EVENTS[kind]
        if set(columns) != set(expected):  # pragma: no cover - a bug in a caller
            raise ValueError(f"{kind} events have {expected}, not {tuple(columns)}")
        self._events[kind].append((self.day, citizen, columns))

    def changes(self, kind: str, values: npt.NDArray[np.generic]) -> None:
        """Record the citizens whose `values` (a score, a list's `since`) changed since the
        last call for `kind`; the first call records none (the run's starting state)."""
        last = self._last.get(kind)
        if last is None:
            self._last[kind] = values.copy()
            return
        changed = np.flatnonzero(values != last)
        if len(changed):
            now = values[changed]
            last[changed] = now
            self.add(kind, changed, **{EVENTS[kind][0]: now})

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
            # Each day's chunk filtered on its own: only the chosen citizens' events are joined.
            parts: dict[str, list[npt.NDArray[np.generic]]] = {
                name: [] for name in ("day", "citizen", *EVENTS[kind])
            }
            for day, citizen, values in rows:
                keep = chosen_mask[citizen]
                if not keep.any():
                    continue
                who = np.asarray(citizen)[keep]
                parts["day"].append(np.full(len(who), day, dtype=np.int32))
                parts["citizen"].append(who.astype(np.int64) + first_citizen)
                for name in EVENTS[kind]:
                    value = np.asarray(values[name])
                    parts[name].append(value[keep] if value.ndim else np.full(len(who), value))
            if parts["day"]:
                events[kind] = {name: np.concatenate(chunks) for name, chunks in parts.items()}
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
