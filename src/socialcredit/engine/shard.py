"""One shard of a simulation, day by day: conduct, evidence, scores, lists and the day's counts.

Two ledgers run side by side: the observed one (what the sources report and review lets through)
and the true one (every act the policy counts, seen perfectly, nothing false). Everything a shard
returns is a sum over its citizens, so shards add up to the whole population exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import COLLECTOR_KINDS, SCORE_HISTOGRAM_BINS
from socialcredit.domain.lists import ListBook
from socialcredit.engine.appeals import NONE_UPHELD, Appeals, Upheld
from socialcredit.engine.attribution import Attribution, AttributionPlan
from socialcredit.engine.conduct import Acts, Conduct
from socialcredit.engine.demand import Demand, demand_columns
from socialcredit.engine.model import Model
from socialcredit.engine.observation import COUNTERS, Evidence, Observer
from socialcredit.engine.population import Population, build_population
from socialcredit.engine.redress import MAX_WAIT_DAYS, REDRESS_COLUMNS
from socialcredit.engine.repairs import Repairs
from socialcredit.engine.scorebook import ScoreBook
from socialcredit.engine.streams import Streams
from socialcredit.engine.tally import RESTRICTED

_BINS = np.array(SCORE_HISTOGRAM_BINS)


def day_columns(groups: tuple[str, ...]) -> list[str]:
    """The series a shard counts beside the tally's, in the catalogue's order."""
    out = ["acts_good", "acts_bad"]
    out += [f"acts_good.{g}" for g in groups] + [f"acts_bad.{g}" for g in groups]
    out += ["entries", "entries_true", "entries_good", "entries_true_good", "false_entries"]
    out += list(COUNTERS)
    for prefix in ("citizens", "score_sum", "score_sum_true"):
        out += [f"{prefix}.{g}" for g in groups]
    return out


def columns(model: Model) -> list[str]:
    """Every series of the run, in the order of `series.parquet`."""
    demand = demand_columns(model.services)
    return [*model.tally.columns, *day_columns(model.groups), *demand, *REDRESS_COLUMNS]


@dataclass
class ShardResult:
    columns: list[str]
    series: npt.NDArray[np.float64]
    """(day, column) sums over the shard's citizens."""
    totals: dict[str, float]
    score_hist: npt.NDArray[np.int64]
    score_hist_true: npt.NDArray[np.int64]
    decision_waits: npt.NDArray[np.int64]
    """Appeal decisions by days from dispute to decision (the last bin: that many or more)."""


def _list_state(book: ListBook, day: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    black = (book.black >= 0).astype(np.int8) + book.black_in_force(day).astype(np.int8)
    red = (book.red >= 0).astype(np.int8) + book.red_in_force(day).astype(np.int8)
    return black, red


def _triggered(
    n: int,
    citizens: npt.NDArray[np.int64],
    behaviours: npt.NDArray[np.int32],
    listing: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    out = np.zeros(n, dtype=np.bool_)
    out[citizens[listing[behaviours]]] = True
    return out


class ShardSimulation:
    """The citizens of a range of districts, stepped one day at a time."""

    def __init__(
        self,
        model: Model,
        districts: tuple[int, int],
        seed: np.random.SeedSequence,
        attribution: AttributionPlan | None = None,
    ) -> None:
        self.model = model
        streams = Streams(seed)
        pop: Population = build_population(model.population, districts, streams)
        self.population = pop
        self.conduct = Conduct(model.conduct, pop, streams)
        self.observer = Observer(model.observation, pop, streams, sources=attribution is not None)
        self.attribution = (
            None if attribution is None else Attribution(attribution, model.tally, pop.group)
        )
        redress = model.redress
        clears = redress.repairs.clears if redress.repairs.live else None
        self.observed = ScoreBook(model.ledger, pop.n, pop.consent, clears)
        self.true = ScoreBook(model.ledger, pop.n, pop.consent, clears)
        follow = self.attribution
        self.appeals = (
            Appeals(redress.appeals, pop.n, streams("appeals"), follow)
            if redress.appeals.live
            else None
        )
        self.repairs = (
            Repairs(
                redress.repairs,
                pop.n,
                (model.tally.effects >= RESTRICTED).sum(axis=0).astype(np.int64),
                streams("repairs"),
                follow,
            )
            if redress.repairs.live
            else None
        )
        honourable = pop.consent if model.lists.consent_required else np.ones(pop.n, np.bool_)
        self.lists = ListBook(model.lists.rules, pop.n, honourable)
        self.lists_true = ListBook(model.lists.rules, pop.n, honourable)
        self.demand = Demand(model.demand, model.tally, pop.group, streams("demand"))
        self.columns = columns(model)
        self._redress_at = len(self.columns) - len(REDRESS_COLUMNS)
        self._demand_at = self._redress_at - len(demand_columns(model.services))
        self.series = np.zeros((model.days, len(self.columns)), dtype=np.float64)
        self._at = {name: i for i, name in enumerate(self.columns)}
        self._groups = pop.group.astype(np.int64)
        self._group_sizes = np.bincount(self._groups, minlength=len(model.groups)).astype(
            np.float64
        )
        # Score sums per group: the largest group is the total less the others, so the day
        # touches only the members of the smaller groups.
        self._largest = int(np.argmax(self._group_sizes)) if len(self._group_sizes) else 0
        self._members = {
            gi: np.flatnonzero(pop.group == gi)
            for gi in range(len(model.groups))
            if gi != self._largest
        }
        self.ever_black = np.zeros(pop.n, dtype=np.bool_)
        self.ever_wrong = np.zeros(pop.n, dtype=np.bool_)
        self.ever_harmed = np.zeros(pop.n, dtype=np.uint64)

    def step(self, day: int) -> None:
        model, pop = self.model, self.population
        attribution = self.attribution
        self.observed.begin_day(day)
        self.true.begin_day(day)
        if attribution is not None:
            attribution.begin_day(day)
        redress = dict.fromkeys(REDRESS_COLUMNS, 0.0)
        upheld = self._redress_before(day, redress)
        acts = self.conduct.sample(self.observed.score, self.lists.black >= 0)
        evidence = self.observer.observe(acts, day)

        counted = model.observation.counts[acts.behaviour]
        true_cit, true_beh = acts.citizen[counted], acts.behaviour[counted]
        true_ok = self.true.add(day, true_cit, true_beh)
        obs_ok = self.observed.add(day, evidence.citizen, evidence.behaviour)
        obs_cit, obs_beh = evidence.citizen[obs_ok], evidence.behaviour[obs_ok]
        black_before = self.lists.black
        self.lists.resume_black(upheld[0], upheld[3])
        self._step_lists(self.lists, day, self.observed.score, obs_cit, obs_beh)
        self._step_lists(
            self.lists_true, day, self.true.score, true_cit[true_ok], true_beh[true_ok]
        )
        new = self.lists.black == day
        redress["black_listings"] = float(new.sum())
        redress["black_listings_wrongful"] = float((new & (self.lists_true.black < 0)).sum())
        if attribution is not None:
            assert evidence.feeds is not None
            assert evidence.collector is not None
            entries = (obs_cit, obs_beh, evidence.feeds[obs_ok], evidence.collector[obs_ok])
            probes = attribution.entry_bits(*entries[1:])
        else:
            probes = np.zeros(len(obs_cit), dtype=np.uint64)
        if self.appeals is not None:
            found = (obs_cit, obs_beh, evidence.false[obs_ok], probes)
            truly = self.lists_true.black >= 0
            self.appeals.file(day, found, self.observed, self.lists, truly, redress)

        black, red = _list_state(self.lists, day)
        black_t, red_t = _list_state(self.lists_true, day)
        tally = model.tally
        standing = tally.standing(self.observed.score, black, red)
        standing_true = tally.standing(self.true.score, black_t, red_t)
        pairs = tally.pairs(standing, standing_true)
        hist = tally.histogram(pop.group, pairs)
        row = self.series[day]
        row[: len(tally.columns)] = tally.count(hist)
        row[self._demand_at : self._redress_at] = self.demand.count(pairs)
        if self.repairs is not None:
            self.repairs.draw(day, self.lists.black >= 0, standing)
        if self.appeals is not None:
            redress["appeal_backlog"] = float(len(self.appeals.queue))
        row[self._redress_at :] = list(redress.values())
        if attribution is not None:
            attribution.add(day, *entries)
            attribution.listed(
                day,
                black_before,
                self.lists.black,
                self.observed.score,
                entries,
                self.lists_true.black >= 0,
                upheld,
            )
            attribution.count_day(
                day, hist, self.observed.score, (black, red), self.lists.black, pairs
            )
        self._count_day(row, acts, evidence, obs_ok, true_beh[true_ok])
        self.ever_black |= black > 0
        self.ever_wrong |= (black > 0) & (black_t == 0)
        self.ever_harmed |= tally.harm_bits[pairs]

    def _redress_before(self, day: int, counts: dict[str, float]) -> Upheld:
        """The day's redress before anyone acts: disputes lapse, repairs take effect, review
        decides. Returns the listing entries upheld after being set aside."""
        if self.appeals is not None:
            self.appeals.lapse(day, counts)
        if self.repairs is not None:
            books, lists = (self.observed, self.true), (self.lists, self.lists_true)
            repaired = self.repairs.take_effect(day, books, lists, counts)
            if self.appeals is not None:
                self.appeals.drop_cleared(repaired, self.repairs.plan.clears, counts)
        if self.appeals is None:
            return NONE_UPHELD
        truly = self.lists_true.black >= 0
        return self.appeals.decide(day, self.observed, self.lists, truly, counts)

    def _step_lists(
        self,
        book: ListBook,
        day: int,
        score: npt.NDArray[np.int32],
        citizens: npt.NDArray[np.int64],
        behaviours: npt.NDArray[np.int32],
    ) -> None:
        """Advance both lists by a day, given the end-of-day scores and the entries that counted."""
        n, plan = len(score), self.model.lists
        book.step(
            day,
            score,
            black_triggered=_triggered(n, citizens, behaviours, plan.listing_black),
            red_triggered=_triggered(n, citizens, behaviours, plan.listing_red),
        )

    def _count_day(
        self,
        row: npt.NDArray[np.float64],
        acts: Acts,
        evidence: Evidence,
        obs_ok: npt.NDArray[np.bool_],
        true_counted: npt.NDArray[np.int32],
    ) -> None:
        at, groups, names = self._at, self._groups, self.model.groups
        good_behaviour = self.model.observation.good
        n_groups = len(names)
        row[at["acts_good"]] = float(acts.good.sum())
        row[at["acts_bad"]] = float(len(acts.good) - acts.good.sum())
        act_group = groups[acts.citizen]
        good = np.bincount(act_group[acts.good], minlength=n_groups)
        bad = np.bincount(act_group[~acts.good], minlength=n_groups)
        row[at["entries"]] = float(obs_ok.sum())
        row[at["entries_true"]] = float(len(true_counted))
        row[at["entries_good"]] = float(good_behaviour[evidence.behaviour[obs_ok]].sum())
        row[at["entries_true_good"]] = float(good_behaviour[true_counted].sum())
        row[at["false_entries"]] = float((evidence.false & obs_ok).sum())
        for name, value in evidence.counters.items():
            row[at[name]] = value
        sums = self._group_sums(self.observed.score)
        sums_true = self._group_sums(self.true.score)
        for gi, g in enumerate(names):
            row[at[f"acts_good.{g}"]] = good[gi]
            row[at[f"acts_bad.{g}"]] = bad[gi]
            row[at[f"citizens.{g}"]] = self._group_sizes[gi]
            row[at[f"score_sum.{g}"]] = sums[gi]
            row[at[f"score_sum_true.{g}"]] = sums_true[gi]

    def _group_sums(self, score: npt.NDArray[np.int32]) -> list[float]:
        sums = [0.0] * len(self.model.groups)
        rest = int(score.sum(dtype=np.int64))
        for gi, members in self._members.items():
            sums[gi] = float(score[members].sum(dtype=np.int64))
            rest -= int(sums[gi])
        if sums:
            sums[self._largest] = float(rest)
        return sums

    def result(self) -> ShardResult:
        pop, model = self.population, self.model
        rec = self.observer.record
        malicious = pop.malicious
        totals: dict[str, float] = {
            "citizens": float(pop.n),
            "collectors": float(len(malicious)),
            "collectors_malicious": float(malicious.sum()),
            "ever_blacklisted": float(self.ever_black.sum()),
            "ever_wrongly_blacklisted": float(self.ever_wrong.sum()),
        }
        for gi, g in enumerate(model.groups):
            in_group = pop.group == gi
            totals[f"ever_blacklisted.{g}"] = float((self.ever_black & in_group).sum())
            totals[f"ever_wrongly_blacklisted.{g}"] = float((self.ever_wrong & in_group).sum())
        for bit, service in enumerate(model.services):
            harmed = (self.ever_harmed >> np.uint64(bit)) & np.uint64(1)
            totals[f"ever_wrongly_harmed.{service}"] = float(harmed.sum())
        if self.attribution is not None:
            totals.update(self.attribution.totals(model.services, model.groups))
        for label, sel in zip(COLLECTOR_KINDS, (~malicious, malicious), strict=True):
            totals[f"collector_{label}_filed"] = float(rec.filed[sel].sum())
            totals[f"collector_{label}_upheld"] = float(rec.upheld[sel].sum())
            totals[f"collector_{label}_false_filed"] = float(rec.false_filed[sel].sum())
            totals[f"collector_{label}_false_upheld"] = float(rec.false_upheld[sel].sum())
        return ShardResult(
            columns=self.columns,
            series=self.series,
            totals=totals,
            score_hist=np.histogram(self.observed.score, bins=_BINS)[0].astype(np.int64),
            score_hist_true=np.histogram(self.true.score, bins=_BINS)[0].astype(np.int64),
            decision_waits=(
                self.appeals.waits
                if self.appeals is not None
                else np.zeros(MAX_WAIT_DAYS + 1, dtype=np.int64)
            ),
        )


def run_shard(
    model: Model,
    districts: tuple[int, int],
    seed: np.random.SeedSequence,
    *,
    progress: Callable[[int], None] | None = None,
    attribution: AttributionPlan | None = None,
) -> ShardResult:
    """Simulate the citizens of `districts` for the scenario's days; `progress(days_done)`.
    With `attribution`, the totals also hold its figures (see `engine.attribution`)."""
    simulation = ShardSimulation(model, districts, seed, attribution)
    for day in range(model.days):
        simulation.step(day)
        if progress is not None:
            progress(day + 1)
    return simulation.result()
