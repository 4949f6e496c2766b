"""Redress: disputes reviewed within a capacity, reversals that take entries out exactly as the
ledger's reversal rule does, listings lifted when their entry goes, and repairs that end a
listing in both ledgers. The true ledger is the judge throughout."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from socialcredit.domain.errors import PolicyError
from socialcredit.domain.lists import ListBook
from socialcredit.domain.policy import ListEnter, ListExit, Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.scoring import NEVER, EntryColumns, score_many
from socialcredit.engine import RunResult, compile_model, run_population, summarise
from socialcredit.engine.appeals import DISPUTE, Appeals
from socialcredit.engine.redress import REDRESS_COLUMNS
from socialcredit.engine.scorebook import ScoreBook
from socialcredit.engine.shard import ShardSimulation
from socialcredit.experiment import load_experiment, resolve, run_experiment
from socialcredit.experiment.results import table_csv
from socialcredit.experiment.store import open_directory
from socialcredit.inputs import load_policy
from tests.support import scenario

DEFAULT = load_policy("default")
CLASSIC = load_policy("classic")
COURT = load_policy("court-defaulters")

PERFECT_REVIEW = {
    "reviewers_per_1000": 1000.0,
    "reviews_per_reviewer_day": 1000.0,
    "catch_rate": 1.0,
    "wrong_reversal_rate": 0.0,
}
NO_DISPUTES = {"false_entry": 0.0, "true_entry": 0.0, "aware_unnotified": 0.0}


def with_appeals(policy: Policy, **appeals: Any) -> Policy:
    data = policy.model_dump()
    data["appeals"].update(appeals)
    return Policy.model_validate(data)


def total(run: RunResult, name: str) -> float:
    return float(run.column(name).sum())


def redress(**parts: dict[str, Any]) -> dict[str, Any]:
    return {"disputes": {}, "review": {}, "restoration": {}, **parts}


class TestDisputes:
    def test_with_perfect_review_every_disputed_false_entry_is_reversed(self) -> None:
        policy = with_appeals(CLASSIC, notify_entries=True)
        sc = scenario(
            "malicious-collectors",
            citizens=3000,
            days=200,
            redress=redress(
                disputes={"false_entry": 1.0, "true_entry": 0.0}, review=PERFECT_REVIEW
            ),
        )
        run = run_population(policy, sc, seed=2)
        disputes = total(run, "disputes")
        assert disputes > 50
        assert total(run, "disputes_false") == disputes
        # Every dispute filed before the last day is decided the next morning and reversed.
        last_day = float(run.column("disputes")[-1])
        assert total(run, "reversals_false") == disputes - last_day
        assert total(run, "reversals_wrongful") == 0
        assert total(run, "disputes_lapsed") == 0
        assert run.column("appeal_backlog")[-1] == last_day
        s = summarise(run)
        assert s["redress.decision_days.median"] == 1.0
        assert s["redress.decided_in_time_share"] == 1.0

    def test_set_aside_while_disputed_and_perfect_review_leave_no_false_entry_counting(
        self,
    ) -> None:
        # Every false record is disputed the day it lands and set aside at once: the observed
        # ledger never holds one, so nobody is ever wrongly listed (true defaulters still are).
        policy = with_appeals(COURT, notify_entries=True, disputed_entries_count=False)
        sc = scenario(
            "baseline",
            citizens=3000,
            days=150,
            observation__feeds={"public_records": {"coverage": 1.0, "false_positive_rate": 0.002}},
            redress=redress(disputes={"false_entry": 1.0}, review=PERFECT_REVIEW),
        )
        run = run_population(policy, sc, seed=4)
        assert total(run, "false_entries") > 100
        assert total(run, "false_entries") == total(run, "disputes_false")
        assert run.column("black").max() > 0
        assert total(run, "black_wrongful") == 0
        assert run.totals["ever_wrongly_blacklisted"] == 0

    def test_an_upheld_listing_act_resumes_its_listing_as_the_truth_has_it(self) -> None:
        # Every court finding is true and disputed, set aside while under review, and upheld:
        # listings are lifted for a while, then resume from the finding's day, so the observed
        # list is never longer than the true one.
        policy = with_appeals(COURT, notify_entries=True, disputed_entries_count=False)
        sc = scenario(
            "baseline",
            citizens=4000,
            days=300,
            observation__feeds={"public_records": {"coverage": 1.0, "false_positive_rate": 0.0}},
            redress=redress(
                disputes={"true_entry": 1.0},
                review={"reviewers_per_1000": 0.05, "wrong_reversal_rate": 0.0},
                restoration={"per_year": 0.0},
            ),
        )
        run = run_population(policy, sc, seed=8)
        assert total(run, "disputes") > 20
        assert total(run, "listings_lifted") > 20
        assert total(run, "black_wrongful") == 0
        assert total(run, "black_missed") > 0  # the days a listing was set aside
        tail = run.column("appeal_backlog") == 0
        np.testing.assert_array_equal(run.column("black")[tail], run.column("black_true")[tail])

    def test_without_review_disputes_wait_until_their_entries_expire(self) -> None:
        sc = scenario(
            "malicious-collectors",
            citizens=2000,
            days=250,
            redress=redress(review={"reviewers_per_1000": 0.0}),
        )
        run = run_population(CLASSIC, sc, seed=1)
        filed = np.cumsum(run.column("disputes"))
        lapsed = np.cumsum(run.column("disputes_lapsed"))
        np.testing.assert_array_equal(run.column("appeal_backlog"), filed - lapsed)
        assert total(run, "appeal_decisions") == 0
        assert lapsed[-1] > 0  # jaywalking and the like expire within 180 days
        assert summarise(run)["redress.decision_days.median"] is None

    def test_a_small_review_body_makes_people_wait_past_the_deadline(self) -> None:
        slow = {"reviewers_per_1000": 0.01, "reviews_per_reviewer_day": 1.0}
        sc = scenario("malicious-collectors", citizens=4000, days=300, redress=redress(review=slow))
        s = summarise(run_population(CLASSIC, sc, seed=5))
        assert s["redress.backlog.peak"] > 20
        assert s["redress.decision_days.p90"] > CLASSIC.appeals.deadline_days
        assert s["redress.decided_in_time_share"] < 0.9

    def test_appeals_change_nothing_in_the_true_ledger(self) -> None:
        # Responses off: conduct does not answer the observed score, so it is the same in both.
        common: dict[str, Any] = {"citizens": 3000, "days": 200, "behaviour": {}}
        live = scenario("malicious-collectors", **common)
        off = scenario("malicious-collectors", **common, redress=redress(disputes=NO_DISPUTES))
        a, b = run_population(CLASSIC, live, seed=6), run_population(CLASSIC, off, seed=6)
        assert total(a, "reversals") > 0
        assert total(b, "disputes") == 0
        truth = [
            i
            for i, c in enumerate(a.columns)
            if "_true" in c or c.startswith(("acts_", "entries_true"))
        ]
        assert len(truth) > 20
        np.testing.assert_array_equal(a.series[:, truth], b.series[:, truth])

    def test_nobody_disputes_what_they_do_not_know(self) -> None:
        sc = scenario(
            "malicious-collectors",
            citizens=2000,
            days=150,
            redress=redress(disputes={"aware_unnotified": 0.0, "false_entry": 1.0}),
        )
        # The classic black list is neither served nor published, and no entry is notified.
        policy = CLASSIC.model_copy()
        assert policy.lists.black.notice_days == 0
        data = policy.model_dump()
        data["lists"]["black"]["publish"] = "none"
        quiet = Policy.model_validate(data)
        assert total(run_population(quiet, sc, seed=3), "disputes") == 0


Ledger = list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], int]]
Changes = list[tuple[int, int, int, int]]
"""(citizen, behaviour, day added, day changed) per withdrawal or reinstatement."""


def _recorded(
    policy: Policy, sc: PopulationScenario, seed: int
) -> tuple[ShardSimulation, Ledger, Changes, Changes]:
    """A one-shard run with every entry the observed ledger accepted, every withdrawal and
    every reinstatement (the engine itself keeps no such list)."""
    sim = ShardSimulation(
        compile_model(policy, sc), (0, sc.population.districts), np.random.SeedSequence(seed)
    )
    added: Ledger = []
    withdrawn: Changes = []
    reinstated: Changes = []
    book = sim.observed
    add, withdraw, reinstate = book.add, book.withdraw, book.reinstate

    def recording_add(
        day: int, citizens: npt.NDArray[np.int64], behaviours: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.bool_]:
        kept = add(day, citizens, behaviours)
        added.append((citizens[kept], behaviours[kept], day))
        return kept

    def recorder(change: Any, into: Changes) -> Any:
        def recording(
            day: int,
            citizens: npt.NDArray[np.int64],
            behaviours: npt.NDArray[np.int32],
            days_added: npt.NDArray[np.int64],
        ) -> None:
            change(day, citizens, behaviours, days_added)
            into.extend(
                (int(c), int(b), int(d), day)
                for c, b, d in zip(citizens, behaviours, days_added, strict=True)
            )

        return recording

    book.add = recording_add  # type: ignore[method-assign]
    book.withdraw = recorder(withdraw, withdrawn)  # type: ignore[method-assign]
    book.reinstate = recorder(reinstate, reinstated)  # type: ignore[method-assign]
    for day in range(sc.population.days):
        sim.step(day)
    return sim, added, withdrawn, reinstated


class TestReversalIsTheLedgersReversal:
    @pytest.mark.parametrize("count_while_disputed", [True, False])
    def test_running_scores_equal_a_replay_with_the_reversals_joined_in(
        self, count_while_disputed: bool
    ) -> None:
        """At the end of a run an entry counts unless review reversed it or its dispute is
        still open where disputed entries stop counting: the ledger's reversal rule."""
        policy = with_appeals(
            DEFAULT, notify_entries=True, disputed_entries_count=count_while_disputed
        )
        days = 200
        sc = scenario(
            "malicious-collectors",
            citizens=1500,
            days=days,
            redress=redress(
                disputes={"false_entry": 0.8, "true_entry": 0.3},
                review={"catch_rate": 0.9, "wrong_reversal_rate": 0.3},
            ),
        )
        sim, added, withdrawn, reinstated = _recorded(policy, sc, 7)
        assert len(withdrawn) > 20
        assert bool(reinstated) is not count_while_disputed
        out = list(withdrawn)
        for c, b, d, _ in reinstated:
            out.remove(next(w for w in out if w[:3] == (c, b, d)))
        cit = np.concatenate([c for c, _, _ in added])
        beh = np.concatenate([b for _, b, _ in added])
        day = np.concatenate([np.full(len(c), d) for c, _, d in added])
        start = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
        reversed_at = np.full(len(cit), NEVER, dtype=np.int64)
        for c, b, d, when in out:
            row = np.flatnonzero((reversed_at == NEVER) & (cit == c) & (beh == b) & (day == d))[0]
            reversed_at[row] = start + when * 86_400
        columns = EntryColumns(
            citizen=cit.astype(np.int64),
            behaviour=beh.astype(np.int32),
            occurred=(start + day * 86_400).astype(np.int64),
            id=np.arange(len(cit), dtype=np.int64),
            reversed_at=reversed_at,
        )
        end = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=days) - timedelta(seconds=1)
        replay = score_many(policy, columns, end, 1500, consent=sim.population.consent)
        np.testing.assert_array_equal(replay, sim.observed.score)


class TestRepairs:
    def test_repairs_end_listings_in_both_ledgers(self) -> None:
        sc = scenario("baseline", citizens=5000, days=365)
        run = run_population(COURT, sc, seed=1)
        s = summarise(run)
        assert s["restorations"] > 10
        # The baseline's court records hold a few false findings: some pay their way off a
        # listing true conduct would not give them, most repair a true one.
        assert 0 < s["restorations_wrongful"] < s["restorations"] / 2
        never = scenario(
            "baseline", citizens=5000, days=365, redress=redress(restoration={"per_year": 0.0})
        )
        other = run_population(COURT, never, seed=1)
        assert total(other, "restorations") == 0
        # Paying ends listings: fewer people are on the list, in both ledgers.
        assert total(run, "black") < total(other, "black")
        assert total(run, "black_true") < total(other, "black_true")

    def test_pressure_raises_repairs(self) -> None:
        def restorations(per_detriment: float) -> float:
            sc = scenario(
                "baseline",
                citizens=5000,
                days=365,
                redress=redress(restoration={"per_detriment": per_detriment}),
            )
            return total(run_population(COURT, sc, seed=2), "restorations")

        assert restorations(3.0) > restorations(0.0)

    def test_without_false_records_nobody_pays_off_a_wrongful_listing(self) -> None:
        sc = scenario(
            "baseline",
            citizens=4000,
            days=300,
            observation__feeds={"public_records": {"coverage": 1.0, "false_positive_rate": 0.0}},
        )
        run = run_population(COURT, sc, seed=3)
        assert total(run, "restorations") > 0
        assert total(run, "restorations_wrongful") == 0


class TestPolicyRules:
    def test_only_the_black_list_has_a_repair(self) -> None:
        data = COURT.model_dump()
        data["lists"]["red"]["repair"] = {"act": "x", "clears": ["court_defaulter"]}
        with pytest.raises(PolicyError) as err:
            Policy.model_validate(data)
        assert err.value.field == "lists.red.repair"

    @pytest.mark.parametrize(
        ("code", "why"), [("no_such_act", "not a behaviour"), ("heroic_act", "a good deed")]
    )
    def test_a_repair_clears_only_entries_against_the_citizen(self, code: str, why: str) -> None:
        data = COURT.model_dump()
        if code == "heroic_act":  # the court list names no good deed: give it one
            data["behaviours"].append(load_policy("default").behaviour(code).model_dump())
            data["sources"]["feeds"][0]["behaviours"].append(code)
        data["lists"]["black"]["repair"]["clears"] = ["court_defaulter", code]
        with pytest.raises(PolicyError, match=why) as err:
            Policy.model_validate(data)
        assert err.value.field == "lists.black.repair.clears.1"


def test_an_experiment_varies_review_capacity_and_reads_the_redress_figures(
    tmp_path: Path,
) -> None:
    """Redress is part of the scenario and the catalogue like anything else: an experiment
    sets review capacity by path and reads the waiting times as outcomes, and a smaller review
    body makes people wait longer on the same seeds."""
    path = tmp_path / "review.yaml"
    path.write_text(
        """kind: experiment
name: review
policies: [classic]
scenarios: [malicious-collectors]
uncertainties:
  - {path: scenario.redress.review.reviewers_per_1000, values: [0.01, 1.0]}
citizens: 3000
days: 200
seeds: 2
""",
        encoding="utf-8",
    )
    experiment, file, lines = load_experiment(path)
    resolved = resolve(experiment, file=file, lines=lines, base_dir=tmp_path)
    out = tmp_path / "out"
    results = run_experiment(
        resolved, open_directory(out, resolved.document(), force=False, option="--out")
    )
    rows = list(csv.DictReader(io.StringIO(table_csv(results.table()).decode())))
    assert len(rows) == 4
    column = "scenario.redress.review.reviewers_per_1000"
    waits = {(float(r[column]), r["seed"]): float(r["redress.decision_days.p90"]) for r in rows}
    for seed in ("0", "1"):
        assert waits[(0.01, seed)] > waits[(1.0, seed)]


class TestLifting:
    """What a reversal lifts, driven entry by entry through the ledger, the lists and review."""

    @staticmethod
    def _world(policy: Policy) -> tuple[Any, ScoreBook, ListBook, Appeals]:
        sc = scenario("baseline", citizens=20, days=100)
        model = SimpleNamespace(**vars(compile_model(policy, sc)), codes=policy.behaviour_index)
        plan = dataclasses.replace(
            model.redress.appeals,
            catch_rate=1.0,
            wrong_reversal_rate=1.0,
            reviews_per_citizen_day=10.0,
        )
        book = ScoreBook(model.ledger, 20, np.ones(20, np.bool_), listing=model.lists.listing_black)
        lists = ListBook(model.lists.rules, 20, np.ones(20, np.bool_))
        return model, book, lists, Appeals(plan, 20, np.random.default_rng(0))

    @staticmethod
    def _act(model: Any, book: ScoreBook, lists: ListBook, day: int, code: str) -> None:
        b = np.array([model.codes[code]], dtype=np.int32)
        book.begin_day(day)
        book.add(day, np.array([0]), b)
        triggered = np.zeros(20, np.bool_)
        triggered[0] = bool(model.lists.listing_black[b[0]])
        lists.step(day, book.score, black_triggered=triggered)

    @staticmethod
    def _reverse(
        model: Any,
        appeals: Appeals,
        book: ScoreBook,
        lists: ListBook,
        day: int,
        code: str,
        added: int,
    ) -> dict[str, float]:
        counts = dict.fromkeys(REDRESS_COLUMNS, 0.0)
        record = np.zeros(1, dtype=DISPUTE)
        record["citizen"], record["behaviour"], record["added"] = 0, model.codes[code], added
        record["false"], record["lifted"] = True, -1
        appeals.queue = record
        appeals.decide(day, book, lists, np.zeros(20, np.bool_), counts)
        return counts

    def test_reversing_a_renewal_keeps_the_listing_an_earlier_finding_holds_up(self) -> None:
        model, book, lists, appeals = self._world(COURT)
        self._act(model, book, lists, 10, "court_defaulter")
        self._act(model, book, lists, 50, "court_defaulter")
        assert lists.black[0] == 50
        counts = self._reverse(model, appeals, book, lists, 60, "court_defaulter", 50)
        assert counts["reversals"] == 1
        assert book.score[0] == 950
        assert lists.black[0] >= 0
        assert counts["listings_lifted"] == 0

    def test_reversing_the_only_finding_lifts_the_listing(self) -> None:
        model, book, lists, appeals = self._world(COURT)
        self._act(model, book, lists, 10, "court_defaulter")
        counts = self._reverse(model, appeals, book, lists, 20, "court_defaulter", 10)
        assert book.score[0] == 1000
        assert lists.black[0] == -1
        assert counts["listings_lifted"] == 1

    def test_a_reversed_deduction_never_lifts_a_listing_entered_on_a_high_score(self) -> None:
        # A list entered at or above a score is reached by rises: no deduction put the citizen
        # there, so reversing one lifts nothing, even with the score fallen below the bound.
        high = CLASSIC.model_copy(
            update={
                "lists": CLASSIC.lists.model_copy(
                    update={
                        "black": CLASSIC.lists.black.model_copy(
                            update={
                                "enter": ListEnter(score_at_least=1040),
                                "exit": ListExit(score_below=1000),
                                "min_days": 1,
                            }
                        )
                    }
                )
            }
        )
        model, book, lists, appeals = self._world(Policy.model_validate(high.model_dump()))
        self._act(model, book, lists, 3, "jaywalking")
        self._act(model, book, lists, 5, "heroic_act")
        self._act(model, book, lists, 6, "heroic_act")
        assert lists.black[0] == 6
        self._act(model, book, lists, 8, "fighting")
        self._act(model, book, lists, 9, "fighting")
        counts = self._reverse(model, appeals, book, lists, 12, "jaywalking", 3)
        assert counts["reversals"] == 1
        assert book.score[0] == 1020
        assert lists.black[0] == 6
        assert counts["listings_lifted"] == 0

    def test_a_listing_act_still_holds_the_listing_when_an_older_entry_goes(self) -> None:
        model, book, lists, appeals = self._world(CLASSIC)
        self._act(model, book, lists, 3, "jaywalking")
        self._act(model, book, lists, 10, "court_defaulter")
        assert lists.black[0] == 10
        counts = self._reverse(model, appeals, book, lists, 12, "jaywalking", 3)
        assert counts["reversals"] == 1
        assert lists.black[0] == 10
        assert counts["listings_lifted"] == 0
