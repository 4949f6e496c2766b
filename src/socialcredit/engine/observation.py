"""How conduct becomes evidence: feeds, collectors, false reports and review.

Each enabled feed looks, with its own stream, at every act of a behaviour it may report and sees
it with its coverage (times the group's exposure; a feed with a ramp has part of its coverage at
first). What no feed records may be seen by a collector of the citizen's district. Feeds also
record acts that never happened (false positives); honest collectors file some false reports
(biased towards a group if the scenario says so); malicious collectors invent reports against
residents they hold a grudge with; where collectors work, and whether they move between
districts, is the deployment's (`deployment`). Collectors never report themselves, and each is
held to the policy's daily limit. Records of untrusted feeds, and collectors' reports when the
policy requires it, go to review, where the reviewer rejects a share of false reports and, by
mistake, a few true ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socialcredit.engine.conduct import Acts
from socialcredit.engine.deployment import Deployment
from socialcredit.engine.model import FeedPlan, ObservationPlan
from socialcredit.engine.pcg import States
from socialcredit.engine.population import Population
from socialcredit.engine.record_log import log_records
from socialcredit.engine.responses import hidden_chance
from socialcredit.engine.scorebook import rank_in_runs
from socialcredit.engine.sightings import Inventing, invent, look
from socialcredit.engine.storylog import StoryLog
from socialcredit.engine.streams import Streams

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]

COUNTERS = (
    "observations",
    "observations_sensitive",
    "reports_feed",
    "reports_collector",
    "reports_over_limit",
    "reports_rejected",
    "false_reports",
    "false_rejected",
)
"""The day's counts of what happened on the way from act to entry (series of the catalogue)."""


@dataclass
class Evidence:
    """The day's entries that land in the ledger, and what happened on the way."""

    citizen: I64
    behaviour: I32
    false: Mask
    counters: dict[str, float] = field(default_factory=dict)
    feeds: npt.NDArray[np.uint64] | None = None
    """Per entry, one bit per feed (in plan order) that recorded it; kept only when the observer
    tracks sources (for attribution), else None."""
    collector: Mask | None = None
    """Per entry, whether a collector's report made it (tracked with `feeds`)."""


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


def coverage_on(feed: FeedPlan, day: int) -> float:
    """The feed's coverage on `day`: all of it from day 0, or a share rising in a straight line
    to all of it on the last day of its ramp."""
    ramp = feed.ramp
    if ramp is None or day >= ramp.days:
        return feed.coverage
    return feed.coverage * (ramp.start + (1.0 - ramp.start) * day / ramp.days)


def _weighted_choice(weights: npt.NDArray[np.float64], n: int, rng: np.random.Generator) -> I64:
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    cum = np.cumsum(weights)
    idx = np.searchsorted(cum / cum[-1], rng.random(n), side="right")
    return np.minimum(idx, len(weights) - 1).astype(np.int64)


class Observer:
    def __init__(
        self,
        plan: ObservationPlan,
        population: Population,
        streams: Streams,
        *,
        sources: bool = False,
        log: StoryLog | None = None,
        hide: npt.NDArray[np.float32] | None = None,
    ) -> None:
        self.plan = plan
        self._hide = hide
        """Per citizen: the effort put into hiding bad acts (None: nobody hides)."""
        self._sources = sources
        self._log = log
        """Told of every record made, and what became of it, when the run keeps stories."""
        self.population = population
        self.record = CollectorRecord.empty(len(population.collector_citizen))
        self._feeds = States([streams(f"feed:{f.code}") for f in plan.feeds])
        """The feeds' generators, drawn from in compiled code (`engine.pcg`)."""
        self._emax = float(plan.exposure.max()) if len(plan.exposure) else 1.0
        self._inventing = Inventing.of(
            [f.false_positive_rate for f in plan.feeds],
            [f.false_behaviours for f in plan.feeds],
            [f.false_weights for f in plan.feeds],
            population.n,
            self._emax,
        )
        self._collector_rng = streams("collectors")
        self.deployment = Deployment(plan.collectors.allocation, population, streams)
        self._review_rng = streams("review")
        self._untrusted = any(not f.trusted for f in plan.feeds)
        behaviours = len(plan.counts)
        self._reports = (
            np.stack([f.reports for f in plan.feeds])
            if plan.feeds
            else np.zeros((0, behaviours), dtype=np.bool_)
        )
        self._kinds = (
            np.array([f.trusted for f in plan.feeds], dtype=np.bool_),
            np.array([f.sensitive for f in plan.feeds], dtype=np.bool_),
        )

    def observe(self, acts: Acts, day: int) -> Evidence:
        plan, pop = self.plan, self.population
        self.deployment.begin_day(day)
        exposure = plan.exposure[pop.group[acts.citizen]]
        counted = plan.counts[acts.behaviour]
        hiding = None if self._hide is None else self._hide[acts.citizen] * ~acts.good
        coverage = np.array([coverage_on(f, day) for f in plan.feeds], dtype=np.float64)
        looked = look(
            acts.behaviour,
            self._reports,
            self._feeds.rows,
            coverage,
            exposure,
            hiding,
            *self._kinds,
            track=self._sources,
        )
        trusted_seen = looked.trusted
        untrusted_seen = looked.untrusted if self._untrusted else None
        sightings, sensitive_sightings = len(looked.seen), looked.sensitive
        seen_by = looked.seen_by if self._sources else None
        by_feed = counted & trusted_seen
        recorded = int(by_feed.sum())
        untrusted_rejected = 0.0
        if untrusted_seen is not None:
            # Seen only by untrusted feeds: the record waits for review like a collector's.
            reviewed = np.flatnonzero(counted & ~trusted_seen & untrusted_seen)
            recorded += len(reviewed)
            kept = self._review(np.zeros(len(reviewed), np.bool_))
            by_feed[reviewed[kept]] = True
            untrusted_rejected = float((~kept).sum())

        true_cit, true_beh, true_col = self._collector_sightings(acts, counted & ~by_feed, exposure)
        false_cit, false_beh, false_col = self._false_collector_reports()
        feed_cit, feed_beh, feed_review, feed_sensitive, feed_index = self._false_feed_records()

        col_cit = np.concatenate([true_cit, false_cit])
        col_beh = np.concatenate([true_beh, false_beh]).astype(np.int32)
        col_id = np.concatenate([true_col, false_col])
        col_false = np.concatenate(
            [np.zeros(len(true_cit), np.bool_), np.ones(len(false_cit), np.bool_)]
        )
        filed = (col_cit, col_beh, col_id, col_false)
        within = rank_in_runs(col_id) < plan.collectors.daily_limit
        col_cit, col_beh, col_id, col_false = (
            col_cit[within],
            col_beh[within],
            col_id[within],
            col_false[within],
        )
        upheld = (
            self._review(col_false)
            if plan.collectors.review_required
            else np.ones(len(col_cit), np.bool_)
        )
        # Collectors are sent where trouble was reported: the reports of bad acts that landed.
        self.deployment.landed(col_cit[upheld & ~plan.good[col_beh]])
        rec = self.record
        np.add.at(rec.filed, col_id, 1)
        np.add.at(rec.upheld, col_id[upheld], 1)
        np.add.at(rec.false_filed, col_id[col_false], 1)
        np.add.at(rec.false_upheld, col_id[col_false & upheld], 1)

        feed_upheld = np.ones(len(feed_cit), np.bool_)
        if feed_review.any():
            feed_upheld[feed_review] = self._review(np.ones(int(feed_review.sum()), np.bool_))
        if self._log is not None:
            log_records(
                self._log,
                self.population,
                acts,
                looked,
                (counted, by_feed),
                (feed_cit, feed_beh, feed_index, feed_upheld),
                filed,
                (within, upheld),
            )
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
            "observations": float(sightings + len(feed_cit) + len(col_cit)),
            "observations_sensitive": float(sensitive_sightings + feed_sensitive),
            "reports_feed": float(recorded + len(feed_cit)),
            "reports_collector": float(len(col_cit)),
            "reports_over_limit": float((~within).sum()),
            "reports_rejected": float((~upheld).sum() + (~feed_upheld).sum()) + untrusted_rejected,
            "false_reports": float(col_false.sum() + len(feed_cit)),
            "false_rejected": float((col_false & ~upheld).sum() + (~feed_upheld).sum()),
        }
        evidence = Evidence(citizen, behaviour, false, counters)
        if seen_by is not None:
            n_col = int(upheld.sum())
            # The feeds whose record made the entry: the trusted ones where any saw the act,
            # else the untrusted ones whose record review upheld.
            recorded_by = np.where(trusted_seen, seen_by[0], seen_by[1])
            evidence.feeds = np.concatenate(
                [
                    recorded_by[by_feed],
                    np.left_shift(np.uint64(1), feed_index[feed_upheld].astype(np.uint64)),
                    np.zeros(n_col, np.uint64),
                ]
            )
            evidence.collector = np.concatenate(
                [np.zeros(len(citizen) - n_col, np.bool_), np.ones(n_col, np.bool_)]
            )
        return evidence

    def _collector_sightings(
        self, acts: Acts, unrecorded: Mask, exposure: npt.NDArray[np.float64]
    ) -> tuple[I64, I64, I64]:
        """True acts no feed recorded that a collector sees: citizen, behaviour, collector."""
        col, pop = self.plan.collectors, self.population
        may = np.flatnonzero(unrecorded & col.reportable[acts.behaviour])
        bias = np.where(acts.good[may], 1.0, col.bias[pop.group[acts.citizen[may]]])
        cov = np.minimum(1.0, col.coverage * exposure[may] * bias)
        if self._hide is not None:
            cov = hidden_chance(cov, self._hide[acts.citizen[may]] * ~acts.good[may])
        density = self.deployment.per_1000(acts.citizen[may], col.per_1000)
        seen = may[self._collector_rng.random(len(may)) < 1.0 - (1.0 - cov) ** density]
        who = acts.citizen[seen]
        collector = self.deployment.collector_for(who, self._collector_rng)
        keep = collector >= 0
        return who[keep], acts.behaviour[seen][keep].astype(np.int64), collector[keep]

    def _review(self, false: Mask) -> Mask:
        p_reject = np.where(false, self.plan.catch_rate, self.plan.false_rejection_rate)
        return ~(self._review_rng.random(len(false)) < p_reject)

    def _false_collector_reports(self) -> tuple[I64, I64, I64]:
        col, pop, rng = self.plan.collectors, self.population, self._collector_rng
        k = len(pop.collector_citizen)
        empty = np.zeros(0, np.int64)
        if k == 0 or len(col.false_behaviours) == 0:
            return empty, empty, empty
        cols: list[I64] = []
        targets: list[I64] = []
        honest = np.flatnonzero(~pop.malicious)
        if col.false_report_rate > 0 and len(honest):
            n = rng.poisson(len(honest) * col.false_report_rate)
            reporter = honest[rng.integers(0, len(honest), size=n)]
            cols.append(reporter)
            targets.append(self._biased_resident(reporter))
        bad = np.flatnonzero(pop.malicious)
        if len(bad) and col.malicious_reports_per_day > 0:
            n_each = rng.poisson(col.malicious_reports_per_day, size=len(bad))
            reporter = np.repeat(bad, n_each)
            cols.append(reporter)
            targets.append(
                pop.grudges[reporter, rng.integers(0, col.malicious_targets, size=len(reporter))]
            )
        if not cols:
            return empty, empty, empty
        reporter, target = np.concatenate(cols), np.concatenate(targets)
        ok = (target >= 0) & (target != pop.collector_citizen[reporter])
        reporter, target = reporter[ok], target[ok]
        beh = col.false_behaviours[_weighted_choice(col.false_weights, len(reporter), rng)]
        return target, beh.astype(np.int64), reporter

    def _biased_resident(self, reporter: I64) -> I64:
        """One resident of its district per collector; the biased-against group `factor` times."""
        pop, rng, bias = self.population, self._collector_rng, self.plan.collectors.bias
        d = self.deployment.works_in[reporter]
        lo, hi = pop.district_start[d], pop.district_start[d + 1]
        target = lo + (rng.random(len(reporter)) * (hi - lo)).astype(np.int64)
        wmax = bias.max()
        if wmax > bias.min():
            for _ in range(20):
                accept = rng.random(len(reporter)) < bias[pop.group[target]] / wmax
                if accept.all():
                    break
                redo = ~accept
                target[redo] = lo[redo] + (rng.random(int(redo.sum())) * (hi - lo)[redo]).astype(
                    np.int64
                )
        return target

    def _false_feed_records(self) -> tuple[I64, I64, Mask, int, I64]:
        """False records: citizens, behaviours, which wait for review, how many of them
        sensitive feeds made, and which feed made each."""
        pop, emax = self.population, self._emax
        citizen, behaviour, index = invent(
            self._feeds.rows, self._inventing, pop.group, self.plan.exposure, emax
        )
        trusted, sensitive = self._kinds
        return citizen, behaviour, ~trusted[index], int(sensitive[index].sum()), index
