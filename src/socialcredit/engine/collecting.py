"""The collectors' day and review, in one compiled pass: the acts they see, the reports they
invent, the daily limit, and what review keeps.

The rule, in the order of its draws (two streams: the collectors' and review's):

1. Review first looks at the acts only untrusted feeds saw: each is rejected by mistake with the
   false-rejection rate (one review draw each, in the order of the acts); a kept one is recorded.
2. Each act no feed recorded that collectors may report is seen with its chance (worked out
   before the pass, as an array: `Observer.observe`), one collectors' draw each in the order of
   the acts; then, where the shard has collectors at all, each act seen gets a random collector
   working in its doer's district (one draw each): not the doer, who passes it to the next
   collector of the district, if any.
3. Where collectors invent reports, they file them, from the collectors' stream
   (`engine.false_reports`).
4. The reports, seen then invented, count against each collector's daily limit in that order;
   those within it go to review when the policy requires it (a false one rejected at the catch
   rate, a true one at the false-rejection rate, one review draw each).
5. The feeds' invented records from untrusted feeds go to review (rejected at the catch rate).

The draws are numpy's (`engine.pcg`), in numpy's order, and every comparison is the same
product in the same types as the array rule `tests/unit/test_collecting.py` keeps, so each
report, entry and count is the array rule's, draw for draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled
from socialcredit.engine.false_reports import invented
from socialcredit.engine.pcg import U64, next_double

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

COLLECTORS, REVIEW = 0, 1
"""The rows of the pass's generator states: the collectors' stream and review's."""


@dataclass(frozen=True)
class Crew:
    """What the collectors' pass reads that stays the same all run: where the shard's citizens
    live, who the collectors are, and the rates and rules they report under."""

    district: npt.NDArray[np.int32]
    district_start: I64
    group: npt.NDArray[np.int8]
    collector_citizen: I64
    honest: I64
    """The honest collectors, in order."""
    bad: I64
    """The malicious collectors, in order."""
    grudges: I64
    bias: F64
    false_behaviours: I64
    false_cumulative: F64
    """The false behaviours' cumulative weights over their total (as the array rule divides)."""
    false_rate: float
    malicious_per_day: float
    malicious_targets: int
    invents: bool
    """The shard has collectors and the policy false behaviours for them to invent."""
    daily_limit: int
    review_required: bool
    catch_rate: float
    false_rejection_rate: float


@dataclass
class Collected:
    """What the collectors filed (seen, then invented), what became of it, and the day's
    entries."""

    citizen: I64
    behaviour: I32
    collector: I64
    false: Mask
    within: Mask
    """Per report filed: within its collector's daily limit."""
    upheld: Mask
    """Per report within the limit: kept by review (or not reviewed)."""
    feed_upheld: Mask
    """Per invented feed record: kept by review (or not reviewed)."""
    untrusted_rejected: int
    """Acts seen by untrusted feeds alone that review rejected."""
    entry_citizen: I64
    entry_behaviour: I32
    entry_false: Mask
    """The day's entries: acts feeds recorded, invented records kept, reports kept."""


@compiled
def _collect(
    rows: U64,
    reviewed: I64,
    candidate: I64,
    chance: F64,
    act_citizen: I64,
    act_behaviour: I32,
    by_feed: Mask,
    order: I64,
    start: I64,
    works_in: I64,
    district: npt.NDArray[np.int32],
    district_start: I64,
    group: npt.NDArray[np.int8],
    collector_citizen: I64,
    honest: I64,
    bad: I64,
    grudges: I64,
    bias: F64,
    false_behaviours: I64,
    false_cumulative: F64,
    false_rate: float,
    malicious_per_day: float,
    malicious_targets: int,
    invents: bool,
    daily_limit: int,
    review_required: bool,
    catch_rate: float,
    false_rejection_rate: float,
    feed_citizen: I64,
    feed_behaviour: I64,
    feed_review: Mask,
    filed: I64,
    upheld_count: I64,
    false_filed: I64,
    false_upheld: I64,
) -> tuple[I64, I32, I64, Mask, Mask, Mask, Mask, int, I64, I32, Mask]:
    """The rule of the module's docstring, steps 1 to 5; `by_feed` gains the reviewed acts
    kept, and the collectors' record (`filed` … `false_upheld`) the day's reports."""
    rejected = 0
    for j in range(len(reviewed)):
        if next_double(rows, REVIEW) < false_rejection_rate:
            rejected += 1
        else:
            by_feed[reviewed[j]] = True

    seen = np.empty(len(candidate), dtype=np.int64)
    m = 0
    for j in range(len(candidate)):
        i = candidate[j]
        if by_feed[i]:
            continue
        if next_double(rows, COLLECTORS) < chance[j]:
            seen[m] = i
            m += 1
    true_citizen = np.empty(m, dtype=np.int64)
    true_behaviour = np.empty(m, dtype=np.int64)
    true_collector = np.empty(m, dtype=np.int64)
    t = 0
    everyone = len(order)
    if everyone:
        for j in range(m):
            c = act_citizen[seen[j]]
            d = district[c]
            first = start[d]
            count = start[d + 1] - first
            offset = np.int64(next_double(rows, COLLECTORS) * count)
            if count <= 0:
                continue
            pick = order[first + offset]
            if collector_citizen[pick] == c:
                # A collector never reports themselves: the district's next one does, if any.
                if count <= 1:
                    continue
                pick = order[min(first + (offset + 1) % count, everyone - 1)]
            true_citizen[t] = c
            true_behaviour[t] = act_behaviour[seen[j]]
            true_collector[t] = pick
            t += 1

    if invents:
        made_citizen, made_behaviour, made_by = invented(
            rows,
            COLLECTORS,
            works_in,
            district_start,
            group,
            collector_citizen,
            honest,
            bad,
            grudges,
            bias,
            false_behaviours,
            false_cumulative,
            false_rate,
            malicious_per_day,
            malicious_targets,
        )
    else:
        made_citizen = np.empty(0, dtype=np.int64)
        made_behaviour = np.empty(0, dtype=np.int64)
        made_by = np.empty(0, dtype=np.int64)

    k = t + len(made_citizen)
    citizen = np.concatenate((true_citizen[:t], made_citizen))
    behaviour = np.concatenate((true_behaviour[:t], made_behaviour)).astype(np.int32)
    collector = np.concatenate((true_collector[:t], made_by))
    false = np.zeros(k, dtype=np.bool_)
    false[t:] = True
    within = np.empty(k, dtype=np.bool_)
    today = np.zeros(len(collector_citizen), dtype=np.int64)
    w = 0
    for j in range(k):
        within[j] = today[collector[j]] < daily_limit
        today[collector[j]] += 1
        if within[j]:
            w += 1
    upheld = np.ones(w, dtype=np.bool_)
    kept = 0
    r = 0
    for j in range(k):
        if not within[j]:
            continue
        if review_required:
            p_reject = catch_rate if false[j] else false_rejection_rate
            upheld[r] = not next_double(rows, REVIEW) < p_reject
        c = collector[j]
        filed[c] += 1
        if upheld[r]:
            upheld_count[c] += 1
            kept += 1
        if false[j]:
            false_filed[c] += 1
            if upheld[r]:
                false_upheld[c] += 1
        r += 1

    feed_upheld = np.ones(len(feed_citizen), dtype=np.bool_)
    for j in range(len(feed_citizen)):
        if feed_review[j]:
            feed_upheld[j] = not next_double(rows, REVIEW) < catch_rate

    acts = 0
    for i in range(len(by_feed)):
        if by_feed[i]:
            acts += 1
    entries = acts + int(feed_upheld.sum()) + kept
    entry_citizen = np.empty(entries, dtype=np.int64)
    entry_behaviour = np.empty(entries, dtype=np.int32)
    entry_false = np.ones(entries, dtype=np.bool_)
    e = 0
    for i in range(len(by_feed)):
        if by_feed[i]:
            entry_citizen[e] = act_citizen[i]
            entry_behaviour[e] = act_behaviour[i]
            entry_false[e] = False
            e += 1
    for j in range(len(feed_citizen)):
        if feed_upheld[j]:
            entry_citizen[e] = feed_citizen[j]
            entry_behaviour[e] = feed_behaviour[j]
            e += 1
    r = 0
    for j in range(k):
        if not within[j]:
            continue
        if upheld[r]:
            entry_citizen[e] = citizen[j]
            entry_behaviour[e] = behaviour[j]
            entry_false[e] = false[j]
            e += 1
        r += 1
    return (
        citizen,
        behaviour,
        collector,
        false,
        within,
        upheld,
        feed_upheld,
        rejected,
        entry_citizen,
        entry_behaviour,
        entry_false,
    )


def collect(
    rows: U64,
    crew: Crew,
    acts: tuple[I64, I32],
    reviewed: I64,
    candidate: I64,
    chance: F64,
    by_feed: Mask,
    deployment: tuple[I64, I64, I64],
    feed_records: tuple[I64, I64, Mask],
    record: tuple[I64, I64, I64, I64],
) -> Collected:
    """The rule of the module's docstring over the day's acts (citizen, behaviour): `reviewed`,
    the acts only untrusted feeds saw; `candidate`, the acts collectors may see unless review
    kept them, with each one's `chance`; `by_feed`, per act, recorded by a feed (updated in
    place); the deployment's collector `order`, district `start` and `works_in`
    (`engine.deployment`); the feeds' invented records (citizen, behaviour, reviewed or not);
    and the collectors' record (filed, upheld, false filed, false upheld), added to in place.
    Draws come from `rows` (`COLLECTORS`, `REVIEW`: `pcg.States`)."""
    c = crew
    citizen, behaviour = acts
    order, start, works_in = deployment
    feed_citizen, feed_behaviour, feed_review = feed_records
    filed, upheld, false_filed, false_upheld = record
    out = _collect(
        rows,
        reviewed,
        candidate,
        chance,
        citizen,
        behaviour,
        by_feed,
        order,
        start,
        works_in,
        c.district,
        c.district_start,
        c.group,
        c.collector_citizen,
        c.honest,
        c.bad,
        c.grudges,
        c.bias,
        c.false_behaviours,
        c.false_cumulative,
        c.false_rate,
        c.malicious_per_day,
        c.malicious_targets,
        c.invents,
        c.daily_limit,
        c.review_required,
        c.catch_rate,
        c.false_rejection_rate,
        feed_citizen,
        feed_behaviour,
        feed_review,
        filed,
        upheld,
        false_filed,
        false_upheld,
    )
    return Collected(*out)
