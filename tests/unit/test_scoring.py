"""One scoring rule, two speeds: the per-citizen and the vectorised path agree on every ledger."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.domain.grades import grade_index_many, grade_of
from socialcredit.domain.policy import Policy
from socialcredit.domain.scoring import Entry, EntryColumns, score_many, score_of, utc
from socialcredit.inputs import load_policy

DEFAULT = load_policy("default")
CLASSIC = load_policy("classic")
T0 = utc(2026, 1, 1)
CODES = [b.code for b in DEFAULT.behaviours]


def at(days: float) -> object:
    return T0 + timedelta(days=days)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[Entry], list[bool], int]:
    citizens = draw(st.integers(1, 4))
    n = draw(st.integers(0, 40))
    entries: list[Entry] = []
    for i in range(n):
        reverse = entries and draw(st.booleans()) and draw(st.integers(0, 5)) == 0
        occurred = T0 + timedelta(hours=draw(st.integers(0, 24 * 800)))
        if reverse:
            target = draw(st.sampled_from([e for e in entries if e.reverses is None] or entries))
            if target.reverses is None:
                entries.append(
                    Entry(i, target.citizen, target.behaviour, occurred, reverses=target.id)
                )
                continue
        entries.append(
            Entry(i, draw(st.integers(0, citizens - 1)), draw(st.sampled_from(CODES)), occurred)
        )
    consent = [draw(st.booleans()) for _ in range(citizens)]
    return entries, consent, citizens


class TestScoreEquality:
    @settings(max_examples=300, deadline=None)
    @given(ledger=ledgers(), day=st.integers(0, 900), policy=st.sampled_from([DEFAULT, CLASSIC]))
    def test_per_citizen_equals_vectorised(
        self, ledger: tuple[list[Entry], list[bool], int], day: int, policy: Policy
    ) -> None:
        entries, consent, citizens = ledger
        when = T0 + timedelta(days=day)
        vectorised = score_many(
            policy,
            EntryColumns.from_entries(policy, entries),
            when,
            citizens,
            consent=np.array(consent),
        )
        for c in range(citizens):
            mine = [e for e in entries if e.citizen == c]
            assert score_of(policy, mine, when, consent=consent[c]) == vectorised[c]


class TestScoreRules:
    def test_an_entry_counts_until_it_expires(self) -> None:
        e = [Entry(1, 0, "littering", T0)]  # -10 for 365 days
        assert score_of(DEFAULT, e, T0 + timedelta(days=364)) == 990
        assert score_of(DEFAULT, e, T0 + timedelta(days=365)) == 1000

    def test_an_entry_does_not_count_before_it_happens(self) -> None:
        e = [Entry(1, 0, "littering", T0 + timedelta(days=2))]
        assert score_of(DEFAULT, e, T0 + timedelta(days=1)) == 1000

    def test_a_cap_limits_entries_per_window(self) -> None:
        # helping_elderly: +5, at most 4 per 30-day window counted from the epoch.
        window_start = utc(2025, 12, 22)  # 20444 days after the epoch: 20444 = 681 * 30 + 14
        start = window_start - timedelta(days=(20444 % 30))
        entries = [Entry(i, 0, "helping_elderly", start + timedelta(hours=i)) for i in range(6)]
        assert score_of(DEFAULT, entries, start + timedelta(days=1)) == 1020
        later = [*entries, Entry(9, 0, "helping_elderly", start + timedelta(days=30))]
        assert score_of(DEFAULT, later, start + timedelta(days=31)) == 1025

    def test_a_reversal_cancels_its_entry_from_when_it_is_recorded(self) -> None:
        entries = [
            Entry(1, 0, "fighting", T0),
            Entry(2, 0, "fighting", T0 + timedelta(days=10), reverses=1),
        ]
        assert score_of(DEFAULT, entries, T0 + timedelta(days=5)) == 980
        assert score_of(DEFAULT, entries, T0 + timedelta(days=10)) == 1000

    def test_without_consent_only_legal_violations_count(self) -> None:
        entries = [Entry(1, 0, "littering", T0), Entry(2, 0, "traffic_ticket", T0)]
        assert score_of(DEFAULT, entries, T0, consent=False) == 995
        assert score_of(DEFAULT, entries, T0, consent=True) == 985
        assert score_of(CLASSIC, entries, T0, consent=False) == 985

    def test_naive_times_are_refused(self) -> None:
        from datetime import datetime

        with pytest.raises(ValueError, match="timezone-aware"):
            score_of(DEFAULT, [Entry(1, 0, "littering", datetime(2026, 1, 1))], T0)  # noqa: DTZ001


class TestGrades:
    @pytest.mark.parametrize(
        ("score", "grade"),
        [
            (1050, "AAA"),
            (1049, "AA"),
            (1030, "AA"),
            (1029, "A"),
            (960, "A"),
            (959, "B"),
            (850, "B"),
            (849, "C"),
            (600, "C"),
            (599, "D"),
            (-50, "D"),
        ],
    )
    def test_bands_follow_the_policy(self, score: int, grade: str) -> None:
        assert grade_of(DEFAULT, score) == grade

    @given(st.lists(st.integers(-2000, 3000), min_size=1, max_size=50))
    def test_vectorised_grades_match(self, scores: list[int]) -> None:
        names = [g.name for g in DEFAULT.grades_descending]
        idx = grade_index_many(DEFAULT, np.array(scores))
        assert [names[i] for i in idx] == [grade_of(DEFAULT, s) for s in scores]
