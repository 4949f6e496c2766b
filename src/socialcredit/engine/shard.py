"""One shard of a simulation, day by day: conduct, evidence, scores, lists and the day's counts.

Two ledgers run side by side: the observed one (what the sources report and review lets through)
and the true one (every act the policy counts, seen perfectly, nothing false). Everything a shard
returns is a sum over its citizens, so shards add up to the whole population exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import COLLECTOR_KINDS, SCORE_HISTOGRAM_BINS
from socialcredit.domain.lists import ListBook
from socialcredit.engine.appeals import NONE_UPHELD, Appeals, Upheld
from socialcredit.engine.attribution import Attribution
from socialcredit.engine.collateral import Collateral, collateral_columns
from socialcredit.engine.conduct import Acts, Conduct
from socialcredit.engine.daycount import DayCount
from socialcredit.engine.demand import Demand, demand_columns
from socialcredit.engine.exits import Exits, any_exit
from socialcredit.engine.listbook import CompiledListBook, triggered
from socialcredit.engine.marks import mark_ever, new_listings
from socialcredit.engine.model import Model
from socialcredit.engine.observation import Observer
from socialcredit.engine.population import Population, build_population
from socialcredit.engine.probes import AttributionPlan
from socialcredit.engine.redress import MAX_WAIT_DAYS, REDRESS_COLUMNS
from socialcredit.engine.scorebook import ScoreBook
from socialcredit.engine.shard_result import ShardResult, columns
from socialcredit.engine.storylog import StoryLog
from socialcredit.engine.strategist import Strategist
from socialcredit.engine.streams import Streams
from socialcredit.engine.tally import RESTRICTED

_BINS = np.array(SCORE_HISTOGRAM_BINS)


def _declared(acts: Acts, declared: npt.NDArray[np.int32] | None) -> Acts:
    """The acts of behaviours the policy names, numbered as the policy numbers them: the only
    acts its sources can see and its true ledger can count (`declared` None: the policy names
    every behaviour of the world, in its order)."""
    if declared is None:
        return acts
    number = declared[acts.behaviour]
    named = number >= 0
    if named.all():
        return Acts(acts.citizen, number, acts.good)
    return Acts(acts.citizen[named], number[named], acts.good[named])


def _joined(acts: Acts, gamed: Acts, declared: npt.NDArray[np.int32] | None) -> Acts:
    """The day's true acts followed by its gamed deeds, as the policy numbers them."""
    more = _declared(gamed, declared)
    return Acts(
        np.concatenate([acts.citizen, more.citizen]),
        np.concatenate([acts.behaviour, more.behaviour]),
        np.concatenate([acts.good, more.good]),
    )


class ShardSimulation:
    """The citizens of a range of districts, stepped one day at a time."""

    def __init__(
        self,
        model: Model,
        districts: tuple[int, int],
        seed: np.random.SeedSequence,
        attribution: AttributionPlan | None = None,
        stories: int = 0,
    ) -> None:
        self.model = model
        self.districts = districts
        streams = Streams(seed)
        pop: Population = build_population(model.population, districts, streams)
        self.population = pop
        self.stories = stories
        log = self.log = StoryLog(pop.n, streams("stories")) if stories else None
        self.strategist = (
            None
            if model.strategy is None
            else Strategist(
                model.strategy,
                pop,
                streams("strategy"),
                np.array([pop.propensity_rows.index(s.name) for s in model.conduct.streams]),
            )
        )
        self.conduct = Conduct(
            model.conduct, pop, streams, model.world.good, model.drivers, self.strategist
        )
        declared = model.world.declared
        same = np.array_equal(declared, np.arange(len(declared)))
        self._declared = None if same else declared
        self.observer = Observer(
            model.observation,
            pop,
            streams,
            sources=attribution is not None,
            log=log,
            hide=None if self.strategist is None else self.strategist.hide,
        )
        self.attribution = (
            None if attribution is None else Attribution(attribution, model.tally, pop.group)
        )
        redress = model.redress
        clears = redress.repairs.clears if any_exit(redress) else None
        # Appeals lift a listing only when no listing act still holds it up: the observed
        # book then follows the listing entries that count.
        listing = model.lists.listing_black if redress.appeals.live else None
        self.observed = ScoreBook(model.ledger, pop.n, pop.consent, clears, listing)
        self.true = ScoreBook(model.ledger, pop.n, pop.consent, clears)
        follow = self.attribution
        self.appeals = (
            Appeals(redress.appeals, pop.n, streams("appeals"), follow, log)
            if redress.appeals.live
            else None
        )
        self.exits = (
            Exits(
                redress,
                pop.n,
                (model.tally.effects >= RESTRICTED).sum(axis=0).astype(np.int64),
                streams,
                follow,
                log,
            )
            if any_exit(redress)
            else None
        )
        honourable = pop.consent if model.lists.consent_required else np.ones(pop.n, np.bool_)
        self.lists = CompiledListBook(model.lists.rules, pop.n, honourable)
        self.lists_true = CompiledListBook(model.lists.rules, pop.n, honourable)
        self.demand = Demand(model.demand, model.tally, pop.group, streams("demand"))
        self.collateral = Collateral(model.tally, pop.households, pop.n)
        self.columns = columns(model)
        self._districts_at = len(self.columns) - 2 * len(model.districts)
        self._redress_at = self._districts_at - len(REDRESS_COLUMNS)
        self._demand_at = self._redress_at - len(demand_columns(model.services))
        self._collateral_at = self._demand_at - len(collateral_columns(model.services))
        self.series = np.zeros((model.days, len(self.columns)), dtype=np.float64)
        self.day_count = DayCount(
            model.groups, model.observation.good, pop.group, self.columns, model.world.codes
        )
        if log is not None:
            self.observed.on_change = lambda c, v: log.add("points", c, value=v)
            self.true.on_change = lambda c, v: log.add("points_true", c, value=v)
            self.lists.follow()
            self.lists_true.follow()
            # The starting state: later calls record changes from it.
            self._log_lists(log)
            log.changes("collateral", np.zeros(pop.n, dtype=np.uint64))
        # Without a rule reaching relatives (or without households), nobody is ever reached.
        self._log_collateral = log is not None and len(self.collateral.ever) > 0
        self.began_wrongful = np.zeros(pop.n, dtype=np.bool_)
        """Per citizen: the current black listing term began while true conduct listed them
        not (what an appeal that lifts it corrects)."""
        self.ever_black = np.zeros(pop.n, dtype=np.bool_)
        self.ever_wrong = np.zeros(pop.n, dtype=np.bool_)
        self.ever_harmed = np.zeros(pop.n, dtype=np.uint64)

    def step(self, day: int) -> None:
        model, pop = self.model, self.population
        attribution = self.attribution
        log = self.log
        if log is not None:
            log.day = day
        self.observed.begin_day(day)
        self.true.begin_day(day)
        if attribution is not None:
            attribution.begin_day(day)
        redress = dict.fromkeys(REDRESS_COLUMNS, 0.0)
        listed_at_dawn = self.lists.black >= 0
        upheld = self._redress_before(day, redress)
        done = self.conduct.sample(self.observed.score, self.lists.black, self.lists.red, day)
        acts = _declared(done, self._declared)
        # Gamed deeds are there to be seen: the sources look at them after the true acts, and
        # only the observed ledger books them.
        seen = (
            acts if self.strategist is None else _joined(acts, self.conduct.gamed, self._declared)
        )
        evidence = self.observer.observe(seen, day)

        counted = model.observation.counts[acts.behaviour]
        true_cit, true_beh = acts.citizen[counted], acts.behaviour[counted]
        true_ok = self.true.add(day, true_cit, true_beh)
        obs_ok = self.observed.add(day, evidence.citizen, evidence.behaviour)
        obs_cit, obs_beh = evidence.citizen[obs_ok], evidence.behaviour[obs_ok]
        if log is not None:
            # The true ledger's entries are acts: each act says whether it made one (a gamed
            # deed never does).
            entered = np.zeros(len(seen.citizen), dtype=np.bool_)
            entered[np.flatnonzero(counted)[true_ok]] = True
            log.add("act", seen.citizen, behaviour=seen.behaviour, entered=entered)
            log.add("entry", obs_cit, behaviour=obs_beh, false=evidence.false[obs_ok])
        black_before = self.lists.black
        self.lists.resume_black(upheld[0], upheld[3])
        self._step_lists(self.lists, day, self.observed.score, obs_cit, obs_beh)
        self._step_lists(
            self.lists_true, day, self.true.score, true_cit[true_ok], true_beh[true_ok]
        )
        if self.exits is not None:
            self.exits.begin(day, self.lists)
        new, wrongful = new_listings(
            day, self.lists.black, self.lists_true.black, self.began_wrongful
        )
        redress["black_listings"] = float(new)
        redress["black_listings_wrongful"] = float(wrongful)
        if attribution is not None:
            assert evidence.feeds is not None
            assert evidence.collector is not None
            entries = (obs_cit, obs_beh, evidence.feeds[obs_ok], evidence.collector[obs_ok])
            probes = attribution.entry_bits(*entries[1:])
        else:
            probes = np.zeros(len(obs_cit), dtype=np.uint64)
        if self.appeals is not None:
            found = (obs_cit, obs_beh, evidence.false[obs_ok], probes)
            wrong = self.began_wrongful
            self.appeals.file(day, found, self.observed, self.lists, wrong, redress)

        black, red = self.lists.states(day)
        black_t, red_t = self.lists_true.states(day)
        tally = model.tally
        reached = self.collateral.reach(black, red)
        standing = tally.standing(self.observed.score, black, red)
        standing_true = tally.standing(self.true.score, black_t, red_t)
        self.collateral.place(standing, reached)
        self.collateral.place(standing_true, self.collateral.reach(black_t, red_t))
        pairs, hist = tally.pairs(pop.group, standing, standing_true)
        row = self.series[day]
        row[: len(tally.columns)] = tally.count(hist)
        row[self._collateral_at : self._demand_at] = self.collateral.count(pairs, reached)
        if log is not None and self._log_collateral:
            hurt = np.zeros(pop.n, dtype=np.uint64)
            if reached is not None:
                hurt[reached.citizens] = tally.collateral_bits[pairs[reached.citizens]]
            log.changes("collateral", hurt)
        row[self._demand_at : self._redress_at] = self.demand.count(pairs, log)
        if self.exits is not None:
            self.exits.draw(day, self.lists.black >= 0, standing)
        redress["black_exits"] = float(np.count_nonzero(listed_at_dawn & (self.lists.black < 0)))
        if self.appeals is not None:
            redress["appeal_backlog"] = float(len(self.appeals.queue))
        row[self._redress_at : self._districts_at] = list(redress.values())
        if model.districts:
            row[self._districts_at :] = self.observer.deployment.count(done.citizen[~done.good])
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
        scores = (self.observed.score, self.true.score)
        self.day_count.count(row, done, evidence, obs_ok, true_beh[true_ok], scores)
        ever = (self.ever_black, self.ever_wrong, self.ever_harmed)
        mark_ever(black, black_t, pairs, tally.harm_bits, *ever)
        if log is not None:
            self._log_lists(log)

    def _log_lists(self, log: StoryLog) -> None:
        observed, true = self.lists, self.lists_true
        assert observed.moved is not None
        assert true.moved is not None
        moved = np.logical_or(observed.moved, true.moved, out=observed.moved)
        log.lists((observed.black, true.black, observed.red, true.red), moved)
        observed.moved.fill(False)
        true.moved.fill(False)

    def _redress_before(self, day: int, counts: dict[str, float]) -> Upheld:
        """The day's redress before anyone acts: disputes lapse, repairs take effect, review
        decides. Returns the listing entries upheld after being set aside."""
        if self.appeals is not None:
            self.appeals.lapse(day, counts)
        if self.exits is not None:
            books, lists = (self.observed, self.true), (self.lists, self.lists_true)
            self.exits.take_effect(day, books, lists, counts, self.appeals)
        if self.appeals is None:
            return NONE_UPHELD
        return self.appeals.decide(day, self.observed, self.lists, self.began_wrongful, counts)

    def _step_lists(
        self,
        book: ListBook,
        day: int,
        score: npt.NDArray[np.int32],
        citizens: npt.NDArray[np.int64],
        behaviours: npt.NDArray[np.int32],
    ) -> None:
        """Advance both lists by a day, given the end-of-day scores and the entries that counted."""
        plan = self.model.lists
        black, red = triggered(
            len(score), citizens, behaviours, plan.listing_black, plan.listing_red
        )
        book.step(day, score, black_triggered=black, red_triggered=red)

    def result(self) -> ShardResult:
        pop, model = self.population, self.model
        if self.log is not None and len(self.collateral.ever):
            self.log.ever["collateral"] |= self.collateral.ever != 0
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
        totals.update(self.collateral.totals(model.services))
        if self.attribution is not None:
            totals.update(self.attribution.totals(model.services, model.groups))
        if self.strategist is not None:
            totals.update(self.strategist.totals(model.groups, model.days))
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
            stories=(
                None
                if self.log is None
                else self.log.cut(
                    self.stories,
                    pop.first_citizen,
                    self.districts[0],
                    pop.district,
                    pop.group,
                    pop.consent,
                    pop.collector_citizen,
                )
            ),
        )


def run_shard(
    model: Model,
    districts: tuple[int, int],
    seed: np.random.SeedSequence,
    *,
    progress: Callable[[int], None] | None = None,
    attribution: AttributionPlan | None = None,
    stories: int = 0,
) -> ShardResult:
    """Simulate the citizens of `districts` for the scenario's days; `progress(days_done)`.
    With `attribution`, the totals also hold its figures (see `engine.attribution`); with
    `stories`, the result holds the events of up to that many citizens of each kind."""
    simulation = ShardSimulation(model, districts, seed, attribution, stories)
    for day in range(model.days):
        simulation.step(day)
        if progress is not None:
            progress(day + 1)
    return simulation.result()
