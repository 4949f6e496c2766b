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

from socialcredit.engine.collecting import Crew, collect
from socialcredit.engine.conduct import Acts
from socialcredit.engine.deployment import Deployment
from socialcredit.engine.model import FeedPlan, ObservationPlan
from socialcredit.engine.pcg import States
from socialcredit.engine.population import Population
from socialcredit.engine.record_log import log_records
from socialcredit.engine.responses import hidden_chance
from socialcredit.engine.sightings import Inventing, invent, look
from socialcredit.engine.storylog import StoryLog
from socialcredit.engine.streams import Streams

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]

_NONE = np.zeros(0, dtype=np.int64)

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
        self.deployment = Deployment(plan.collectors.allocation, population, streams)
        self._collecting = States([streams("collectors"), streams("review")])
        """The collectors' and review's generators, drawn from in compiled code (rows
        `collecting.COLLECTORS` and `REVIEW`)."""
        col = plan.collectors
        cumulative = np.cumsum(col.false_weights)
        self._crew = Crew(
            district=population.district,
            district_start=population.district_start,
            group=population.group,
            collector_citizen=population.collector_citizen,
            honest=np.flatnonzero(~population.malicious),
            bad=np.flatnonzero(population.malicious),
            grudges=population.grudges,
            bias=col.bias.astype(np.float64),
            false_behaviours=col.false_behaviours.astype(np.int64),
            false_cumulative=(
                cumulative / cumulative[-1] if len(cumulative) else np.zeros(0, np.float64)
            ),
            false_rate=float(col.false_report_rate),
            malicious_per_day=float(col.malicious_reports_per_day),
            malicious_targets=int(col.malicious_targets),
            invents=len(population.collector_citizen) > 0 and len(col.false_behaviours) > 0,
            daily_limit=int(col.daily_limit),
            review_required=bool(col.review_required),
            catch_rate=float(plan.catch_rate),
            false_rejection_rate=float(plan.false_rejection_rate),
        )
        self._untrusted = any(not f.trusted for f in plan.feeds)
        # From the day the last ramp ends, every feed's coverage is its whole coverage.
        self._steady_from = max((f.ramp.days for f in plan.feeds if f.ramp is not None), default=0)
        self._coverage_steady = np.array(
            [coverage_on(f, self._steady_from) for f in plan.feeds], dtype=np.float64
        )
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
        col = plan.collectors
        self.deployment.begin_day(day)
        exposure = plan.exposure[pop.group[acts.citizen]]
        counted = plan.counts[acts.behaviour]
        hiding = None if self._hide is None else self._hide[acts.citizen] * ~acts.good
        coverage = (
            self._coverage_steady
            if day >= self._steady_from
            else np.array([coverage_on(f, day) for f in plan.feeds], dtype=np.float64)
        )
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
        sightings, sensitive_sightings = len(looked.seen), looked.sensitive
        seen_by = looked.seen_by if self._sources else None
        by_feed = counted & trusted_seen
        unrecorded = counted & ~trusted_seen
        # Seen only by untrusted feeds: the record waits for review like a collector's.
        reviewed = np.flatnonzero(unrecorded & looked.untrusted) if self._untrusted else _NONE
        recorded = int(np.count_nonzero(by_feed)) + len(reviewed)
        # The acts collectors may see (less those review keeps, in the pass) and the chance
        # that they see each: the collectors of the doer's district, each looking.
        candidate = np.flatnonzero(unrecorded & col.reportable[acts.behaviour])
        who, good = acts.citizen[candidate], acts.good[candidate]
        bias = np.where(good, 1.0, col.bias[pop.group[who]])
        cov = np.minimum(1.0, col.coverage * exposure[candidate] * bias)
        if self._hide is not None:
            cov = hidden_chance(cov, self._hide[who] * ~good)
        density = self.deployment.per_1000(who, col.per_1000)
        chance = 1.0 - (1.0 - cov) ** density
        feed_cit, feed_beh, feed_review, feed_sensitive, feed_index = self._false_feed_records()
        deployment = self.deployment
        rec = self.record
        got = collect(
            self._collecting.rows,
            self._crew,
            (acts.citizen, acts.behaviour),
            reviewed,
            candidate,
            chance,
            by_feed,
            (deployment.order, deployment.start, deployment.works_in),
            (feed_cit, feed_beh, feed_review),
            (rec.filed, rec.upheld, rec.false_filed, rec.false_upheld),
        )
        within, upheld, feed_upheld = got.within, got.upheld, got.feed_upheld
        reports = int(np.count_nonzero(within))
        if deployment.plan.moving:
            # Collectors are sent where trouble was reported: the reports of bad acts that
            # landed.
            col_cit, col_beh = got.citizen[within], got.behaviour[within]
            deployment.landed(col_cit[upheld & ~plan.good[col_beh]])
        if self._log is not None:
            log_records(
                self._log,
                self.population,
                acts,
                looked,
                (counted, by_feed),
                (feed_cit, feed_beh, feed_index, feed_upheld),
                (got.citizen, got.behaviour, got.collector, got.false),
                (within, upheld),
            )
        rejected = len(upheld) - int(np.count_nonzero(upheld))
        feed_rejected = len(feed_upheld) - int(np.count_nonzero(feed_upheld))
        false_within = int(np.count_nonzero(got.false[within]))
        false_rejected = false_within - int(np.count_nonzero(got.false[within] & upheld))
        counters = {
            "observations": float(sightings + len(feed_cit) + reports),
            "observations_sensitive": float(sensitive_sightings + feed_sensitive),
            "reports_feed": float(recorded + len(feed_cit)),
            "reports_collector": float(reports),
            "reports_over_limit": float(len(within) - reports),
            "reports_rejected": float(rejected + feed_rejected) + float(got.untrusted_rejected),
            "false_reports": float(false_within + len(feed_cit)),
            "false_rejected": float(false_rejected + feed_rejected),
        }
        evidence = Evidence(got.entry_citizen, got.entry_behaviour, got.entry_false, counters)
        if seen_by is not None:
            n_col = int(np.count_nonzero(upheld))
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
                [np.zeros(len(evidence.citizen) - n_col, np.bool_), np.ones(n_col, np.bool_)]
            )
        return evidence

    def _false_feed_records(self) -> tuple[I64, I64, Mask, int, I64]:
        """False records: citizens, behaviours, which wait for review, how many of them
        sensitive feeds made, and which feed made each."""
        pop, emax = self.population, self._emax
        citizen, behaviour, index = invent(
            self._feeds.rows, self._inventing, pop.group, self.plan.exposure, emax
        )
        trusted, sensitive = self._kinds
        return citizen, behaviour, ~trusted[index], int(np.count_nonzero(sensitive[index])), index
