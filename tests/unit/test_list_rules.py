"""A list's rule, written once: entry and exit bounds, the terms, and when a listing is in force."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialcredit.domain.list_rules import (
    entered_on_score,
    enters,
    in_force,
    in_force_day,
    leaves,
    listed_by_a_fall,
    score_meets,
)
from socialcredit.domain.lists import NOT_LISTED, step_list
from socialcredit.domain.policy import ListEnter, ListExit, ListRule

BLACK = ListRule(
    enter=ListEnter(score_below=850, behaviours=["court_defaulter"]),
    exit=ListExit(score_at_least=900),
    min_days=90,
    max_days=730,
    notice_days=30,
)
RED = ListRule(enter=ListEnter(score_at_least=1050), exit=ListExit(score_below=1030), min_days=90)
ON_FINDINGS = ListRule(
    enter=ListEnter(behaviours=["court_defaulter"]), exit=ListExit(score_at_least=1000)
)


class TestScoreBounds:
    def test_an_entry_below_a_bound_is_met_under_it_and_not_at_it(self) -> None:
        assert score_meets(BLACK.enter, 849)
        assert not score_meets(BLACK.enter, 850)

    def test_an_entry_at_least_a_bound_is_met_at_it_exactly(self) -> None:
        assert score_meets(RED.enter, 1050)
        assert not score_meets(RED.enter, 1049)

    def test_an_exit_bound_is_met_at_it_exactly(self) -> None:
        assert score_meets(BLACK.exit, 900)
        assert not score_meets(BLACK.exit, 899)
        assert score_meets(RED.exit, 1029)
        assert not score_meets(RED.exit, 1030)

    def test_only_a_list_entered_below_a_score_can_be_reached_by_a_deduction(self) -> None:
        assert listed_by_a_fall(BLACK)
        assert not listed_by_a_fall(RED)
        assert not listed_by_a_fall(ON_FINDINGS)

    def test_an_entry_on_findings_alone_is_met_by_no_score(self) -> None:
        assert not entered_on_score(ON_FINDINGS)
        assert entered_on_score(BLACK)
        assert entered_on_score(RED)
        assert score_meets(ON_FINDINGS.enter, -1_000_000) is False
        met = score_meets(ON_FINDINGS.enter, np.array([[0, 500], [900, 2000]]))
        assert met.shape == (2, 2)
        assert not met.any()

    @given(st.lists(st.integers(-2000, 3000), max_size=50))
    def test_one_citizen_and_many_meet_a_bound_alike(self, scores: list[int]) -> None:
        for bound in (BLACK.enter, BLACK.exit, RED.enter, RED.exit, ON_FINDINGS.enter):
            many = score_meets(bound, np.array(scores, dtype=np.int32))
            assert many.tolist() == [score_meets(bound, s) for s in scores]


class TestEntry:
    def test_a_listing_behaviour_enters_whatever_the_score(self) -> None:
        assert enters(BLACK, 1_000, triggered=True)
        assert enters(ON_FINDINGS, 1_000, triggered=True)

    def test_a_score_at_the_entry_bound_exactly_enters_only_an_at_least_bound(self) -> None:
        assert not enters(BLACK, 850, triggered=False)
        assert enters(BLACK, 849, triggered=False)
        assert enters(RED, 1050, triggered=False)

    def test_without_a_finding_a_list_on_findings_alone_is_never_entered(self) -> None:
        assert not enters(ON_FINDINGS, -1_000_000, triggered=False)


class TestExit:
    def test_the_exit_bound_counts_only_once_the_minimum_term_is_served(self) -> None:
        assert not leaves(BLACK, 89, 950)
        assert leaves(BLACK, 90, 950)

    def test_the_exit_bound_met_at_it_exactly_leaves(self) -> None:
        assert leaves(BLACK, 90, 900)
        assert not leaves(BLACK, 90, 899)

    def test_the_maximum_term_ends_the_listing_whatever_the_score(self) -> None:
        assert not leaves(BLACK, 729, 0)
        assert leaves(BLACK, 730, 0)

    def test_without_a_maximum_a_listing_lasts_while_the_exit_bound_is_unmet(self) -> None:
        assert not leaves(RED, 100_000, 1030)

    def test_a_listing_act_on_the_exit_day_starts_a_new_term(self) -> None:
        since = np.array([0, 0], dtype=np.int32)
        after = step_list(
            BLACK,
            since,
            day=90,
            score=np.array([950, 950]),
            triggered=np.array([True, False]),
            eligible=np.ones(2, dtype=np.bool_),
        )
        assert after.tolist() == [90, NOT_LISTED]

    @given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 1200)), min_size=1, max_size=50))
    def test_one_citizen_and_many_leave_alike(self, cases: list[tuple[int, int]]) -> None:
        days_on = np.array([d for d, _ in cases], dtype=np.int32)
        scores = np.array([s for _, s in cases], dtype=np.int32)
        for rule in (BLACK, RED):
            many = leaves(rule, days_on, scores)
            assert many.tolist() == [bool(leaves(rule, d, s)) for d, s in cases]


class TestInForce:
    def test_with_no_notice_a_listing_is_in_force_the_day_it_began(self) -> None:
        assert in_force_day(RED, 12) == 12
        assert in_force(RED, 12, 12)
        assert not in_force(RED, 12, 11)

    def test_a_listing_is_in_force_from_the_day_its_notice_ends(self) -> None:
        assert in_force_day(BLACK, 10) == 40
        assert not in_force(BLACK, 10, 39)
        assert in_force(BLACK, 10, 40)

    def test_an_unlisted_citizen_has_no_listing_in_force(self) -> None:
        assert not in_force(RED, NOT_LISTED, 0)
        assert not in_force(RED, NOT_LISTED, 10_000)

    @given(st.lists(st.integers(NOT_LISTED, 400), max_size=50), st.integers(0, 500), st.booleans())
    def test_one_citizen_and_many_are_in_force_alike(
        self, since: list[int], day: int, notice: bool
    ) -> None:
        rule = BLACK if notice else RED
        many = in_force(rule, np.array(since, dtype=np.int32), day)
        assert many.tolist() == [in_force(rule, s, day) for s in since]
