"""How conduct becomes evidence: feeds, collectors, false reports and review.

An act is seen by the feeds that may report it with their coverage, else perhaps by a collector of
the citizen's district. Feeds also record acts that never happened (false positives); honest
collectors file some false reports (biased towards a group if the scenario says so); malicious
collectors invent reports against residents they hold a grudge with. Collectors never report
themselves, and each is held to the policy's daily limit. When the policy requires review, the
reviewer rejects a share of false reports and, by mistake, a few true ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socialcredit.simulation.conduct import Acts
from socialcredit.simulation.model import Model
from socialcredit.simulation.population import Shard
from socialcredit.simulation.scorebook import rank_in_runs

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]


@dataclass
class Evidence:
    """The day's entries that land in the ledger, and what happened on the way."""

    citizen: I64
    behaviour: I32
    false: Mask
    counters: dict[str, float] = field(default_factory=dict)


@dataclass
class CollectorRecord:
    """Per collector, over the run: reports filed, upheld, and how many of each were false."""

    filed: I64
    upheld: I64
    false_filed: I64
    false_upheld: I64

    @classmethod
    def empty(cls, k: int) -> CollectorRecord:
        return cls(*(np.zeros(k, dtype=np.int64) for _ in range(4)))


def _weighted_choice(weights: npt.NDArray[np.float64], n: int, rng: np.random.Generator) -> I64:
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    cum = np.cumsum(weights)
    idx = np.searchsorted(cum / cum[-1], rng.random(n), side="right")
    return np.minimum(idx, len(weights) - 1).astype(np.int64)


class Observer:
    def __init__(self, model: Model, shard: Shard) -> None:
        self.model = model
        self.shard = shard
        groups = model.scenario.population.groups
        self.exposure = np.array([g.exposure for g in groups], dtype=np.float64)
        obs = model.scenario.observation.collectors
        self.col_bias = np.ones(len(groups))
        if obs.bias is not None:
            self.col_bias[model.group_names.index(obs.bias.group)] = obs.bias.factor
        self.record = CollectorRecord.empty(len(shard.collector_citizen))
        self.review = model.policy.sources.collectors.review_required
        self.limit = model.policy.sources.collectors.daily_limit
        self.untrusted_feeds = {f.code for f in model.policy.sources.feeds if not f.trusted}

    def _collector_for(self, citizens: I64, rng: np.random.Generator) -> I64:
        """A random collector of each citizen's district other than the citizen, or -1 if none."""
        if len(self.shard.collector_citizen) == 0:
            return np.full(len(citizens), -1, dtype=np.int64)
        d = self.shard.district[citizens]
        start = self.shard.collector_start[d]
        count = self.shard.collector_start[d + 1] - start
        offset = (rng.random(len(citizens)) * count).astype(np.int64)
        pick = np.where(count > 0, start + offset, -1)
        is_self = (pick >= 0) & (self.shard.collector_citizen[np.maximum(pick, 0)] == citizens)
        # A collector never reports themselves: the next collector of the district does, if any.
        other = start + (offset + 1) % np.maximum(count, 1)
        return np.where(is_self, np.where(count > 1, other, -1), pick)

    def observe(self, acts: Acts, rng: np.random.Generator) -> Evidence:
        m, shard = self.model, self.shard
        exposure = self.exposure[shard.group[acts.citizen]]
        counted = m.counts[acts.behaviour]
        feed_p = np.minimum(1.0, m.feed_coverage[acts.behaviour] * exposure)
        by_feed = counted & (rng.random(len(acts.citizen)) < feed_p)
        if m.untrusted_feed_coverage.any():
            # Seen only by untrusted feeds: the record waits for review like a collector's.
            untrusted_p = np.minimum(1.0, m.untrusted_feed_coverage[acts.behaviour] * exposure)
            seen = counted & ~by_feed & (rng.random(len(acts.citizen)) < untrusted_p)
            reviewed = np.flatnonzero(seen)
            kept = self._review(np.zeros(len(reviewed), np.bool_), rng)
            by_feed[reviewed[kept]] = True
            untrusted_rejected = float((~kept).sum())
        else:
            untrusted_rejected = 0.0

        obs = m.scenario.observation.collectors
        may = counted & ~by_feed & m.collector_reportable[acts.behaviour]
        bias = np.where(acts.good, 1.0, self.col_bias[shard.group[acts.citizen]])
        col_cov = np.minimum(1.0, obs.coverage * exposure * bias)
        col_p = 1.0 - (1.0 - col_cov) ** obs.per_1000
        by_col = may & (rng.random(len(acts.citizen)) < col_p)
        true_cit = acts.citizen[by_col]
        true_col = self._collector_for(true_cit, rng)
        keep = true_col >= 0
        true_cit, true_beh, true_col = true_cit[keep], acts.behaviour[by_col][keep], true_col[keep]

        false_cit, false_beh, false_col = self._false_collector_reports(rng)
        feed_cit, feed_beh, feed_review = self._false_feed_records(rng)

        col_cit = np.concatenate([true_cit, false_cit])
        col_beh = np.concatenate([true_beh, false_beh]).astype(np.int32)
        col_id = np.concatenate([true_col, false_col])
        col_false = np.concatenate(
            [np.zeros(len(true_cit), np.bool_), np.ones(len(false_cit), np.bool_)]
        )
        within = rank_in_runs(col_id) < self.limit
        col_cit, col_beh, col_id, col_false = (
            col_cit[within],
            col_beh[within],
            col_id[within],
            col_false[within],
        )
        upheld = self._review(col_false, rng) if self.review else np.ones(len(col_cit), np.bool_)
        rec = self.record
        np.add.at(rec.filed, col_id, 1)
        np.add.at(rec.upheld, col_id[upheld], 1)
        np.add.at(rec.false_filed, col_id[col_false], 1)
        np.add.at(rec.false_upheld, col_id[col_false & upheld], 1)

        feed_upheld = np.ones(len(feed_cit), np.bool_)
        if feed_review.any():
            feed_upheld[feed_review] = self._review(np.ones(int(feed_review.sum()), np.bool_), rng)
        citizen = np.concatenate([acts.citizen[by_feed], feed_cit[feed_upheld], col_cit[upheld]])
        behaviour = np.concatenate(
            [acts.behaviour[by_feed], feed_beh[feed_upheld], col_beh[upheld]]
        ).astype(np.int32)
        false = np.concatenate(
            [
                np.zeros(int(by_feed.sum()), np.bool_),
                np.ones(int(feed_upheld.sum()), np.bool_),
                col_false[upheld],
            ]
        )
        counters = {
            "reports_feed": float(by_feed.sum() + len(feed_cit)),
            "reports_collector": float(len(col_cit)),
            "reports_over_limit": float((~within).sum()),
            "reports_rejected": float((~upheld).sum() + (~feed_upheld).sum()) + untrusted_rejected,
            "false_reports": float(col_false.sum() + len(feed_cit)),
            "false_rejected": float((col_false & ~upheld).sum() + (~feed_upheld).sum()),
        }
        return Evidence(citizen, behaviour, false, counters)

    def _review(self, false: Mask, rng: np.random.Generator) -> Mask:
        review = self.model.scenario.observation.review
        p_reject = np.where(false, review.catch_rate, review.false_rejection_rate)
        return ~(rng.random(len(false)) < p_reject)

    def _false_collector_reports(self, rng: np.random.Generator) -> tuple[I64, I64, I64]:
        m, shard = self.model, self.shard
        obs = m.scenario.observation.collectors
        k = len(shard.collector_citizen)
        empty = np.zeros(0, np.int64)
        if k == 0 or len(m.collector_false_behaviours) == 0:
            return empty, empty, empty
        cols: list[I64] = []
        targets: list[I64] = []
        honest = np.flatnonzero(~shard.malicious)
        if obs.false_report_rate > 0 and len(honest):
            n = rng.poisson(len(honest) * obs.false_report_rate)
            col = honest[rng.integers(0, len(honest), size=n)]
            target = self._biased_resident(col, rng)
            cols.append(col)
            targets.append(target)
        bad = np.flatnonzero(shard.malicious)
        if len(bad) and obs.malicious_reports_per_day > 0:
            n_each = rng.poisson(obs.malicious_reports_per_day, size=len(bad))
            col = np.repeat(bad, n_each)
            target = shard.grudges[col, rng.integers(0, obs.malicious_targets, size=len(col))]
            cols.append(col)
            targets.append(target)
        if not cols:
            return empty, empty, empty
        col, target = np.concatenate(cols), np.concatenate(targets)
        ok = (target >= 0) & (target != shard.collector_citizen[col])
        col, target = col[ok], target[ok]
        beh = m.collector_false_behaviours[
            _weighted_choice(m.collector_false_weights, len(col), rng)
        ]
        return target, beh.astype(np.int64), col

    def _biased_resident(self, col: I64, rng: np.random.Generator) -> I64:
        """One resident of its district per collector; the biased-against group `factor` times."""
        shard = self.shard
        start = shard.collector_start
        d = np.searchsorted(start, col, side="right") - 1
        lo, hi = shard.district_start[d], shard.district_start[d + 1]
        target = lo + (rng.random(len(col)) * (hi - lo)).astype(np.int64)
        wmax = self.col_bias.max()
        if wmax > self.col_bias.min():
            for _ in range(20):
                accept = rng.random(len(col)) < self.col_bias[shard.group[target]] / wmax
                if accept.all():
                    break
                redo = ~accept
                target[redo] = lo[redo] + (rng.random(int(redo.sum())) * (hi - lo)[redo]).astype(
                    np.int64
                )
        return target

    def _false_feed_records(self, rng: np.random.Generator) -> tuple[I64, I64, Mask]:
        m, shard = self.model, self.shard
        cits: list[I64] = []
        behs: list[I64] = []
        review: list[Mask] = []
        emax = float(self.exposure.max()) if len(self.exposure) else 1.0
        for feed in m.feeds:
            if feed.false_positive_rate <= 0 or shard.n == 0:
                continue
            n = rng.poisson(shard.n * feed.false_positive_rate * emax)
            cand = rng.integers(0, shard.n, size=n)
            cand = cand[rng.random(n) < self.exposure[shard.group[cand]] / emax]
            cits.append(cand)
            pick = _weighted_choice(feed.false_weights, len(cand), rng)
            behs.append(feed.false_behaviours[pick].astype(np.int64))
            review.append(np.full(len(cand), feed.code in self.untrusted_feeds))
        if not cits:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.bool_)
        return np.concatenate(cits), np.concatenate(behs).astype(np.int64), np.concatenate(review)
