"""The collectors' compiled day is the array rule, draw for draw.

The array rule, written out here as the observer took it with numpy's generators: review of the
acts only untrusted feeds saw; the collectors' look at the acts no feed recorded; a random
collector of the doer's district for each act seen (never the doer); the honest collectors'
false reports against residents of the district they work in (biased by group) and the
malicious ones' against their grudges, with a behaviour by severity; each collector's daily
limit in the order of filing; review of the reports within it; review of the feeds' invented
records; the day's entries.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.engine.collecting import COLLECTORS, REVIEW, Crew, collect
from socialcredit.engine.pcg import States


@dataclass
class World:
    """A shard's citizens and collectors as the pass reads them, and where collectors work."""

    crew: Crew
    works_in: np.ndarray
    order: np.ndarray
    start: np.ndarray


def rank_in_runs(keys: np.ndarray) -> np.ndarray:
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


def collector_for(w: World, citizens: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    c = w.crew
    if len(w.order) == 0:
        return np.full(len(citizens), -1, dtype=np.int64)
    d = c.district[citizens]
    start = w.start[d]
    count = w.start[d + 1] - start
    offset = (rng.random(len(citizens)) * count).astype(np.int64)
    slot = np.where(count > 0, start + offset, 0)
    pick = np.where(count > 0, w.order[slot], -1)
    is_self = (pick >= 0) & (c.collector_citizen[np.maximum(pick, 0)] == citizens)
    next_slot = np.minimum(start + (offset + 1) % np.maximum(count, 1), len(w.order) - 1)
    other = w.order[next_slot]
    BRANCHES["no collector works there"] += int((count == 0).sum())
    BRANCHES["own act passed on"] += int((is_self & (count > 1)).sum())
    BRANCHES["own act, no other collector"] += int((is_self & (count == 1)).sum())
    return np.where(is_self, np.where(count > 1, other, -1), pick)


BRANCH_NAMES = (
    "untrusted act rejected",
    "no collector works there",
    "own act passed on",
    "own act, no other collector",
    "invented",
    "over the limit",
    "rejected in review",
    "invented record rejected",
)
BRANCHES: Counter[str] = Counter()
"""How often the array rule took each branch (`test_the_random_days_reach_every_branch`)."""

ROUNDS: list[int] = []
"""The rounds of each biased pick the array rule made (`biased_resident`)."""


def biased_resident(w: World, reporter: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    c = w.crew
    d = w.works_in[reporter]
    lo, hi = c.district_start[d], c.district_start[d + 1]
    target = lo + (rng.random(len(reporter)) * (hi - lo)).astype(np.int64)
    wmax = c.bias.max()
    if wmax > c.bias.min():
        rounds = 0
        for _ in range(20):
            rounds += 1
            accept = rng.random(len(reporter)) < c.bias[c.group[target]] / wmax
            if accept.all():
                break
            redo = ~accept
            target[redo] = lo[redo] + (rng.random(int(redo.sum())) * (hi - lo)[redo]).astype(
                np.int64
            )
        ROUNDS.append(rounds)
    out: np.ndarray = target
    return out


def false_reports(
    w: World, weights: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    c = w.crew
    empty = np.zeros(0, np.int64)
    if len(c.collector_citizen) == 0 or len(c.false_behaviours) == 0:
        return empty, empty, empty
    cols, targets = [], []
    honest, bad = c.honest, c.bad
    if c.false_rate > 0 and len(honest):
        n = rng.poisson(len(honest) * c.false_rate)
        reporter = honest[rng.integers(0, len(honest), size=n)]
        cols.append(reporter)
        targets.append(biased_resident(w, reporter, rng))
    if len(bad) and c.malicious_per_day > 0:
        n_each = rng.poisson(c.malicious_per_day, size=len(bad))
        reporter = np.repeat(bad, n_each)
        cols.append(reporter)
        targets.append(
            c.grudges[reporter, rng.integers(0, c.malicious_targets, size=len(reporter))]
        )
    if not cols:
        return empty, empty, empty
    reporter, target = np.concatenate(cols), np.concatenate(targets)
    ok = (target >= 0) & (target != c.collector_citizen[reporter])
    reporter, target = reporter[ok], target[ok]
    pick = np.zeros(0, dtype=np.int64)
    if len(reporter):
        cum = np.cumsum(weights)
        pick = np.searchsorted(cum / cum[-1], rng.random(len(reporter)), side="right")
        pick = np.minimum(pick, len(weights) - 1)
    return target, c.false_behaviours[pick].astype(np.int64), reporter


def review(false: np.ndarray, c: Crew, rng: np.random.Generator) -> np.ndarray:
    p_reject = np.where(false, c.catch_rate, c.false_rejection_rate)
    return ~(rng.random(len(false)) < p_reject)


def by_arrays(
    w: World,
    weights: np.ndarray,
    rngs: tuple[np.random.Generator, np.random.Generator],
    acts: tuple[np.ndarray, np.ndarray],
    reviewed: np.ndarray,
    candidate: np.ndarray,
    chance: np.ndarray,
    by_feed: np.ndarray,
    feeds: tuple[np.ndarray, np.ndarray, np.ndarray],
    record: list[np.ndarray],
) -> tuple[np.ndarray, ...]:
    c = w.crew
    collectors, reviewer = rngs
    citizen, behaviour = acts
    kept = review(np.zeros(len(reviewed), np.bool_), c, reviewer)
    by_feed[reviewed[kept]] = True
    rejected = int((~kept).sum())
    open_ = ~by_feed[candidate]
    may, p = candidate[open_], chance[open_]
    seen = may[collectors.random(len(may)) < p]
    who = citizen[seen]
    picked = collector_for(w, who, collectors)
    keep = picked >= 0
    true = who[keep], behaviour[seen][keep].astype(np.int64), picked[keep]
    made = false_reports(w, weights, collectors)
    col_cit = np.concatenate([true[0], made[0]])
    col_beh = np.concatenate([true[1], made[1]]).astype(np.int32)
    col_id = np.concatenate([true[2], made[2]])
    col_false = np.concatenate([np.zeros(len(true[0]), np.bool_), np.ones(len(made[0]), np.bool_)])
    within = rank_in_runs(col_id) < c.daily_limit
    cit, beh, ids, false = col_cit[within], col_beh[within], col_id[within], col_false[within]
    upheld = review(false, c, reviewer) if c.review_required else np.ones(len(cit), np.bool_)
    np.add.at(record[0], ids, 1)
    np.add.at(record[1], ids[upheld], 1)
    np.add.at(record[2], ids[false], 1)
    np.add.at(record[3], ids[false & upheld], 1)
    feed_cit, feed_beh, feed_review = feeds
    feed_upheld = np.ones(len(feed_cit), np.bool_)
    if feed_review.any():
        feed_upheld[feed_review] = review(np.ones(int(feed_review.sum()), np.bool_), c, reviewer)
    BRANCHES["untrusted act rejected"] += rejected
    BRANCHES["invented"] += len(made[0])
    BRANCHES["over the limit"] += int((~within).sum())
    BRANCHES["rejected in review"] += int((~upheld).sum())
    BRANCHES["invented record rejected"] += int((~feed_upheld).sum())
    entry_citizen = np.concatenate([citizen[by_feed], feed_cit[feed_upheld], cit[upheld]])
    entry_behaviour = np.concatenate(
        [behaviour[by_feed], feed_beh[feed_upheld], beh[upheld]]
    ).astype(np.int32)
    entry_false = np.concatenate(
        [
            np.zeros(int(by_feed.sum()), np.bool_),
            np.ones(int(feed_upheld.sum()), np.bool_),
            false[upheld],
        ]
    )
    return (
        col_cit,
        col_beh,
        col_id,
        col_false,
        within,
        upheld,
        feed_upheld,
        np.array(rejected, dtype=np.int64),
        entry_citizen,
        entry_behaviour,
        entry_false,
    )


def world(
    rng: np.random.Generator, citizens: int, districts: int, per_district: int
) -> tuple[World, np.ndarray]:
    """A shard: districts of random sizes, 0 to `per_district` collectors living in each (some
    malicious, with grudges), working at home or moved elsewhere; and the false behaviours'
    weights."""
    # Every district has residents (as every district of a shard does).
    cuts = np.sort(rng.choice(np.arange(1, citizens), size=districts - 1, replace=False))
    district_start = np.concatenate([[0], cuts, [citizens]]).astype(np.int64)
    district = np.repeat(np.arange(districts), np.diff(district_start)).astype(np.int32)
    homes = [
        lo
        + rng.choice(
            hi - lo, size=min(int(rng.integers(0, per_district + 1)), hi - lo), replace=False
        )
        for lo, hi in itertools.pairwise(district_start)
    ]
    collector_citizen = np.sort(np.concatenate([np.zeros(0, np.int64), *homes])).astype(np.int64)
    k = len(collector_citizen)
    home = district[collector_citizen].astype(np.int64)
    works_in = home if rng.random() < 0.5 else rng.integers(0, districts, size=k).astype(np.int64)
    order = np.argsort(works_in, kind="stable").astype(np.int64)
    start = np.concatenate([[0], np.cumsum(np.bincount(works_in, minlength=districts))]).astype(
        np.int64
    )
    malicious = rng.random(k) < rng.choice([0.0, 0.3, 1.0])
    targets = int(rng.integers(1, 4))
    grudges = np.full((k, targets), -1, dtype=np.int64)
    for c in np.flatnonzero(malicious):
        lo, hi = district_start[home[c]], district_start[home[c] + 1]
        grudges[c] = rng.integers(lo, max(hi, lo + 1), size=targets)
        grudges[c][rng.random(targets) < 0.2] = -1
    groups = int(rng.integers(1, 4))
    bias = rng.choice([1.0, 1.0, 2.5], size=groups) if rng.random() < 0.7 else np.ones(groups)
    false_behaviours = rng.choice(30, size=int(rng.integers(0, 5)), replace=False).astype(np.int64)
    weights = rng.random(len(false_behaviours)) + 0.01
    cum = np.cumsum(weights)
    crew = Crew(
        district=district,
        district_start=district_start,
        group=rng.integers(0, groups, size=citizens).astype(np.int8),
        collector_citizen=collector_citizen,
        honest=np.flatnonzero(~malicious),
        bad=np.flatnonzero(malicious),
        grudges=grudges,
        bias=bias.astype(np.float64),
        false_behaviours=false_behaviours,
        false_cumulative=cum / cum[-1] if len(cum) else np.zeros(0),
        false_rate=float(rng.choice([0.0, 0.05, 2.0, 30.0])),
        malicious_per_day=float(rng.choice([0.0, 0.5, 15.0])),
        malicious_targets=targets,
        invents=k > 0 and len(false_behaviours) > 0,
        daily_limit=int(rng.integers(1, 4)),
        review_required=bool(rng.random() < 0.5),
        catch_rate=float(rng.random()),
        false_rejection_rate=float(rng.random() * 0.3),
    )
    return World(crew, works_in, order, start), weights


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    citizens=st.sampled_from([1, 2, 9, 60, 800]),
    districts=st.integers(1, 6),
    per_district=st.sampled_from([0, 1, 2, 5]),
    days=st.integers(1, 3),
)
def test_the_compiled_collectors_are_the_array_rule(
    seed: int, citizens: int, districts: int, per_district: int, days: int
) -> None:
    rng = np.random.default_rng(seed)
    w, weights = world(rng, citizens, min(districts, citizens), per_district)
    same_days(w, weights, seed, days, rng)


def test_biased_picks_drawn_again_to_the_last_round() -> None:
    """Many honest false reports where nine in ten residents belong to a group picked at 0.4
    of the other's rate: every round some pick is turned down, so all 20 rounds are drawn (the
    rule's last)."""
    rng = np.random.default_rng(7)
    w, weights = world(rng, 800, 4, 5)
    w.crew = replace(
        w.crew,
        group=(np.arange(800) % 10 == 0).astype(np.int8),
        bias=np.array([1.0, 2.5]),
        false_rate=30.0,
        honest=np.arange(len(w.crew.collector_citizen)),
        bad=np.zeros(0, np.int64),
        false_behaviours=np.array([3, 4], np.int64),
        false_cumulative=np.array([0.25, 1.0]),
        invents=True,
    )
    weights = np.array([1.0, 3.0])
    ROUNDS.clear()
    same_days(w, weights, 7, 2, rng)
    assert ROUNDS
    assert max(ROUNDS) == 20


def same_days(
    w: World, weights: np.ndarray, seed: int, days: int, rng: np.random.Generator
) -> None:
    """Random days of acts and records through the pass and the array rule, from the same
    streams: the same reports, fates, entries, record and streams left in the same place."""
    c = w.crew
    citizens = len(c.district)
    streams = np.random.SeedSequence(seed).spawn(2)
    fast_rngs = [np.random.default_rng(s) for s in streams]
    rngs = (np.random.default_rng(streams[COLLECTORS]), np.random.default_rng(streams[REVIEW]))
    states = States(fast_rngs)
    mine_record = [np.zeros(len(c.collector_citizen), np.int64) for _ in range(4)]
    their_record = [np.zeros(len(c.collector_citizen), np.int64) for _ in range(4)]
    for _ in range(days):
        n = int(rng.integers(0, 3 * citizens + 5))
        # The doers: collectors among them (who never report themselves) and anyone else.
        pool = np.concatenate([c.collector_citizen, rng.integers(0, citizens, size=5)])
        citizen = np.where(
            rng.random(n) < 0.3, rng.choice(pool, size=n), rng.integers(0, citizens, size=n)
        ).astype(np.int64)
        behaviour = rng.integers(0, 30, size=n).astype(np.int32)
        trusted = rng.random(n) < 0.3
        untrusted = rng.random(n) < 0.3
        reviewed = np.flatnonzero(~trusted & untrusted)
        candidate = np.flatnonzero(~trusted & (rng.random(n) < 0.8))
        chance = rng.choice([0.0, 0.3, 0.9, 1.0], size=len(candidate))
        k = int(rng.integers(0, 8))
        feeds = (
            rng.integers(0, citizens, size=k).astype(np.int64),
            rng.integers(0, 30, size=k).astype(np.int64),
            rng.random(k) < 0.5,
        )
        mine_by_feed, their_by_feed = trusted.copy(), trusted.copy()
        got = collect(
            states.rows,
            c,
            (citizen, behaviour),
            reviewed,
            candidate,
            chance,
            mine_by_feed,
            (w.order, w.start, w.works_in),
            feeds,
            tuple(mine_record),  # type: ignore[arg-type]
        )
        want = by_arrays(
            w,
            weights,
            rngs,
            (citizen, behaviour),
            reviewed,
            candidate,
            chance,
            their_by_feed,
            feeds,
            their_record,
        )
        mine: tuple[np.ndarray, ...] = (
            got.citizen,
            got.behaviour,
            got.collector,
            got.false,
            got.within,
            got.upheld,
            got.feed_upheld,
            np.array(got.untrusted_rejected, dtype=np.int64),
            got.entry_citizen,
            got.entry_behaviour,
            got.entry_false,
        )
        for a, b in zip(mine, want, strict=True):
            assert np.array_equal(a, b)
            assert np.asarray(a).dtype == np.asarray(b).dtype
        assert np.array_equal(mine_by_feed, their_by_feed)
        for a, b in zip(mine_record, their_record, strict=True):
            assert np.array_equal(a, b)
    # Both streams are left where the array rule leaves them.
    states.give_back()
    for mine_rng, their_rng in zip(fast_rngs, rngs, strict=True):
        assert mine_rng.random() == their_rng.random()


def test_the_random_days_reach_every_branch() -> None:
    """The random shards and days the property test draws from reach every branch of the rule
    (counted in the array rule), each compared with the pass as there."""
    BRANCHES.clear()
    for seed in range(30):
        rng = np.random.default_rng(seed)
        citizens = int(rng.choice([9, 60, 800]))
        districts = int(rng.integers(1, 6))
        w, weights = world(rng, citizens, districts, int(rng.choice([1, 2, 5])))
        same_days(w, weights, seed, 2, rng)
    assert set(BRANCHES) == set(BRANCH_NAMES)
    assert all(BRANCHES[name] > 0 for name in BRANCH_NAMES), BRANCHES
