"""A story's listings: which spells hold the citizen on a list, and when a list is in force."""

from __future__ import annotations

from typing import Any

from socialcredit.domain.policy import ListEnter, ListExit, ListRule
from socialcredit.stories.listings import in_force_on, on_list

BLACK = ListRule(
    enter=ListEnter(score_below=850), exit=ListExit(score_at_least=900), notice_days=30
)


def spell(from_day: int, to_day: int | None, renewed: tuple[int, ...] = (), **kw: Any) -> Any:
    return {
        "name": "black",
        "ledger": "observed",
        "from_day": from_day,
        "since_day": kw.get("since_day", from_day),
        "in_force_day": from_day + BLACK.notice_days,
        "to_day": to_day,
        "renewed": list(renewed),
        "ended_by": "term" if to_day is not None else "run end",
    }


class TestOnList:
    def test_a_spell_holds_from_its_first_day_to_the_day_before_it_ends(self) -> None:
        s = spell(10, 50)
        assert [on_list(s, d) for d in (9, 10, 49, 50)] == [False, True, True, False]

    def test_a_spell_open_at_the_run_end_holds_to_the_end(self) -> None:
        assert on_list(spell(10, None), 10_000)


class TestInForceOn:
    def test_the_list_is_in_force_once_the_notice_has_passed(self) -> None:
        spells = [spell(10, None)]
        assert not in_force_on(spells, "black", BLACK, 39)
        assert in_force_on(spells, "black", BLACK, 40)

    def test_a_renewal_starts_a_term_with_its_own_notice(self) -> None:
        spells = [spell(10, None, renewed=(60,))]
        assert in_force_on(spells, "black", BLACK, 59)
        assert not in_force_on(spells, "black", BLACK, 60)
        assert in_force_on(spells, "black", BLACK, 90)

    def test_a_listing_resumed_on_appeal_counts_its_notice_from_its_first_term(self) -> None:
        assert in_force_on([spell(25, None, since_day=5)], "black", BLACK, 35)

    def test_only_the_observed_ledger_and_the_named_list_count(self) -> None:
        true = {**spell(0, None), "ledger": "true"}
        red = {**spell(0, None), "name": "red"}
        assert not in_force_on([true, red], "black", BLACK, 100)

    def test_no_list_is_in_force_on_the_day_a_spell_ends(self) -> None:
        assert not in_force_on([spell(0, 100)], "black", BLACK, 100)
