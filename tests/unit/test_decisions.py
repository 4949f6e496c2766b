"""Decisions: the first matching rule decides, with reasons and what would change the outcome."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialcredit.domain.collateral import collateral_many
from socialcredit.domain.decisions import EFFECTS, Standing, decide, decide_many
from socialcredit.domain.effects import Effect
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.inputs import load_policy, shipped_text

DEFAULT = load_policy("default")
CLASSIC = load_policy("classic")


class TestDecide:
    def test_blacklisted_citizen_may_not_fly_and_is_told_why(self) -> None:
        d = decide(
            CLASSIC,
            "flight",
            Standing(820, black=True),
            negative_entries=[("littering", -10), ("court_defaulter", -50)],
        )
        assert d.effect is Effect.DENY
        assert "on the black list" in d.reasons
        assert d.entries == ["court_defaulter (-50)", "littering (-10)"]
        assert any("once off the black list" in w and "960" in w for w in d.would_change)
        assert d.policy == CLASSIC.hash

    def test_restriction_names_its_conditions(self) -> None:
        d = decide(DEFAULT, "loan", Standing(700))
        assert d.effect is Effect.RESTRICTED
        assert d.conditions == {"rate_premium_pct": 2.0}
        assert "grade C (score 700)" in d.reasons
        assert d.would_change == ["allow at a score of at least 850"]

    def test_no_matching_rule_falls_back_to_the_default(self) -> None:
        d = decide(DEFAULT, "train", Standing(700))
        assert d.effect is Effect.ALLOW
        assert d.rule is None
        assert d.would_change == []

    def test_default_policy_never_closes_internet_on_a_score_alone(self) -> None:
        assert decide(DEFAULT, "internet", Standing(100)).effect is Effect.ALLOW

    def test_a_privilege_is_better_than_allow_and_needs_no_way_out(self) -> None:
        d = decide(DEFAULT, "housing", Standing(1060, red=True))
        assert d.effect is Effect.PRIVILEGED
        assert d.conditions == {"deposit_months": 0}
        assert d.would_change == []

    def test_the_default_train_rule_is_a_restriction(self) -> None:
        d = decide(DEFAULT, "train", Standing(800, black=True))
        assert d.effect is Effect.RESTRICTED
        assert d.conditions == {"class": "second", "train": "conventional"}


class TestVectorisedDecisions:
    @given(
        st.lists(
            st.tuples(st.integers(0, 1200), st.booleans(), st.booleans()), min_size=1, max_size=40
        ),
        st.sampled_from(["school", "job", "housing", "loan", "internet", "train", "flight"]),
        st.sampled_from([DEFAULT, CLASSIC]),
    )
    def test_match_the_per_citizen_path(self, rows, service, policy) -> None:  # type: ignore[no-untyped-def]
        score = np.array([r[0] for r in rows])
        black = np.array([r[1] for r in rows])
        red = np.array([r[2] for r in rows])
        codes = decide_many(policy, service, score, black, red)
        for (s, b, r), code in zip(rows, codes, strict=True):
            assert EFFECTS[code] is decide(policy, service, Standing(s, b, r)).effect


def reaching_relatives() -> Policy:
    """The default policy with its school rule reaching the children too, and its first
    flight rule reaching the spouse instead of the listed."""
    text = shipped_text("policy", "default")
    school = "{when: {lists: [black]}, effect: restricted, conditions: {high_fee_private_school"
    flight = "{when: {lists: [black]}, effect: deny, reason: Blacklisted persons may not fly.}"
    assert school in text
    assert flight in text
    text = text.replace(school, school.replace("effect:", "applies_to: [self, children], effect:"))
    text = text.replace(flight, flight.replace("effect:", "applies_to: [spouse], effect:"))
    return parse_policy(text)


RELATIVES = reaching_relatives()
REACHES = [("children", "black"), ("children", "red"), ("spouse", "black")]


class TestDecisionsReachingRelatives:
    def test_a_parents_listing_restricts_the_child_and_says_so(self) -> None:
        child = Standing(1000, relatives=frozenset({("children", "black")}))
        d = decide(RELATIVES, "school", child)
        assert d.effect is Effect.RESTRICTED
        assert d.reasons[0] == "a parent is on the black list"
        assert d.conditions == {"high_fee_private_school": "not_eligible"}
        # The spouse's listing does not reach school; it reaches flights.
        spouse = Standing(1000, relatives=frozenset({("spouse", "black")}))
        assert decide(RELATIVES, "school", spouse).effect is Effect.ALLOW
        assert decide(RELATIVES, "flight", spouse).effect is Effect.DENY

    def test_a_rule_not_for_the_citizen_is_skipped_for_them(self) -> None:
        listed = decide(RELATIVES, "flight", Standing(1000, black=True))
        assert listed.rule != 0

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 1200),
                st.booleans(),
                st.booleans(),
                st.sets(st.sampled_from(REACHES)),
            ),
            min_size=1,
            max_size=40,
        ),
        st.sampled_from(["school", "job", "housing", "loan", "internet", "train", "flight"]),
    )
    def test_own_and_collateral_match_the_per_citizen_path(self, rows, service) -> None:  # type: ignore[no-untyped-def]
        score = np.array([r[0] for r in rows])
        black = np.array([r[1] for r in rows])
        red = np.array([r[2] for r in rows])
        reached = {reach: np.array([reach in r[3] for r in rows]) for reach in REACHES}
        own = decide_many(RELATIVES, service, score, black, red)
        codes = np.maximum(own, collateral_many(RELATIVES, service, reached, len(rows)))
        for (s, b, r, reach), code in zip(rows, codes, strict=True):
            standing = Standing(s, b, r, frozenset(reach))
            assert EFFECTS[code] is decide(RELATIVES, service, standing).effect


@given(
    st.integers(0, 1200),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["school", "job", "housing", "loan", "internet", "train", "flight"]),
    st.sampled_from([DEFAULT, CLASSIC]),
)
def test_a_decision_without_hints_is_the_same_decision(  # type: ignore[no-untyped-def]
    score, black, red, service, policy
) -> None:
    full = decide(policy, service, Standing(score, black=black, red=red))
    bare = decide(policy, service, Standing(score, black=black, red=red), hints=False)
    assert bare.would_change == []
    assert (bare.effect, bare.rule, bare.reasons) == (full.effect, full.rule, full.reasons)
