"""Households and collateral effects, held to the truth ledger: a rule reaching relatives hurts a
listed citizen's children (or spouse) exactly while the listing is in force, the true ledger
tells wrongful and doubly wrongful collateral apart, and households move no other draw."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.decisions import Standing, decide
from socialcredit.domain.effects import Effect
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.domain.scenario import Households, PopulationScenario
from socialcredit.domain.scenario_references import dimensions
from socialcredit.engine import RunResult, compile_model, run_population
from socialcredit.engine.collateral import Collateral
from socialcredit.engine.households import Kinship, draw_households, household_plan
from socialcredit.engine.population import district_bounds
from socialcredit.inputs import load_policy, shipped_text
from tests.support import scenario

COURT = load_policy("court-defaulters")
FAMILIES = {"sizes": [0.2, 0.3, 0.3, 0.2], "spouse_share": 0.7}
SCHOOL_RULE = "{when: {lists: [black]}, applies_to: [children], effect: restricted,"


def court_with(school_rule: str) -> Policy:
    """The court list with its school rule written another way."""
    text = shipped_text("policy", "court-defaulters")
    assert SCHOOL_RULE in text
    return parse_policy(text.replace(SCHOOL_RULE, school_rule))


def families(**changes: Any) -> PopulationScenario:
    return scenario("baseline", citizens=3000, days=150, population__households=FAMILIES, **changes)


def total(run: RunResult, name: str) -> float:
    return float(run.column(name).sum())


def collateral_columns(run: RunResult) -> list[int]:
    return [i for i, c in enumerate(run.columns) if c.startswith("collateral")]


class HandMade:
    """A few households under the court list, stepped through one day by hand: list states
    in, the tally's counts out (0 not listed, 1 listed within notice, 2 in force)."""

    def town(self, start: list[int], size: list[int], couple: list[bool]) -> None:
        self.tally = compile_model(COURT, scenario("baseline", citizens=20, days=1)).tally
        kinship = Kinship(np.array(start), np.array(size), np.array(couple))
        n = sum(size)
        self.collateral = Collateral(self.tally, kinship, n)
        self.score = np.full(n, 1000, dtype=np.int32)
        self.none = np.zeros(n, dtype=np.int8)

    def count(self, black: list[int], black_true: list[int]) -> dict[str, float]:
        tally, col = self.tally, self.collateral
        obs, true = np.array(black, np.int8), np.array(black_true, np.int8)
        reached = col.reach(obs, self.none)
        pairs, hist = tally.pairs(
            self.none,
            col.place(tally.standing(self.score, obs, self.none), reached),
            col.place(tally.standing(self.score, true, self.none), col.reach(true, self.none)),
        )
        values = tally.count(hist)
        out = dict(zip(tally.columns, values.tolist(), strict=True))
        children = col.count(pairs, reached)
        out.update(
            {f"collateral_children.{s}": v for s, v in zip(COURT.services, children, strict=True)}
        )
        return out


class TestAHandMadeHousehold(HandMade):
    """One parent with one child (citizens 0 and 1), and a neighbour alone."""

    def setup_method(self) -> None:
        self.town([0, 2], [2, 1], [False, False])

    def test_the_child_is_restricted_at_school_only_through_the_parent(self) -> None:
        day = self.count([2, 0, 0], [0, 0, 0])
        assert day["black_in_force"] == 1
        assert day["restricted.school"] == 1  # the child, not the parent
        assert day["collateral.school"] == day["collateral_children.school"] == 1
        assert day["collateral"] == 1
        assert day["restricted.job"] == 1  # the parent's own restriction
        assert day["collateral.job"] == 0
        # The parent is wrongly listed: true conduct lists nobody.
        assert day["collateral_true.school"] == 0
        assert day["collateral_wrongful.school"] == 1
        assert day["collateral_doubly_wrongful.school"] == 1
        totals = self.collateral.totals(COURT.services)
        assert totals["ever_collateral.school"] == totals["ever_collateral_children.school"] == 1
        assert totals["ever_collateral_doubly_wrongful.school"] == 1
        assert (totals["households"], totals["children"]) == (2, 1)

    def test_a_rightly_listed_parent_hurts_the_child_but_not_wrongly(self) -> None:
        day = self.count([2, 0, 0], [2, 0, 0])
        assert day["collateral.school"] == day["collateral_true.school"] == 1
        assert day["collateral_wrongful.school"] == day["collateral_doubly_wrongful.school"] == 0

    def test_a_listing_in_its_notice_period_reaches_nobody(self) -> None:
        day = self.count([1, 0, 0], [1, 0, 0])
        assert day["black"] == 1
        assert day["restricted.school"] == day["collateral.school"] == 0

    def test_the_childs_own_listing_does_not_close_its_school_nor_does_the_neighbours(
        self,
    ) -> None:
        day = self.count([0, 2, 2], [0, 2, 2])
        assert day["restricted.school"] == day["collateral.school"] == 0
        assert day["restricted.job"] == 2

    def test_the_per_citizen_decision_says_why(self) -> None:
        child = Standing(1000, relatives=frozenset({("children", "black")}))
        decision = decide(COURT, "school", child)
        assert decision.effect is Effect.RESTRICTED
        assert decision.reasons[0] == "a parent is on the black list"
        assert decision.would_change == ["allow once a parent is off the black list"]
        assert decide(COURT, "school", Standing(1000, black=True)).effect is Effect.ALLOW


class TestAHandMadeCouple(HandMade):
    """A couple with one child (citizens 0, 1 and 2), and a neighbour alone."""

    def setup_method(self) -> None:
        self.town([0, 3], [3, 1], [True, False])

    def test_either_parent_reaches_the_child_and_a_spouse_is_not_a_child(self) -> None:
        for listed in ([2, 0, 0, 0], [0, 2, 0, 0], [2, 2, 0, 0]):
            day = self.count(listed, listed)
            assert day["collateral.school"] == day["collateral_children.school"] == 1
            assert day["collateral_true.school"] == 1

    def test_one_wrongly_listed_parent_beside_a_rightly_listed_one_wrongs_nobody(self) -> None:
        day = self.count([2, 2, 0, 0], [2, 0, 0, 0])
        assert day["collateral.school"] == 1
        assert day["collateral_wrongful.school"] == day["collateral_doubly_wrongful.school"] == 0

    def test_the_child_hurt_by_its_two_parents_counts_once(self) -> None:
        self.count([2, 2, 0, 0], [0, 0, 0, 0])
        totals = self.collateral.totals(COURT.services)
        assert totals["ever_collateral.school"] == totals["ever_collateral_doubly_wrongful.school"]
        assert totals["ever_collateral.school"] == 1
        assert (totals["households"], totals["children"]) == (2, 1)


class TestWithoutHouseholds:
    def test_nobody_is_reached_and_the_rule_changes_nothing(self) -> None:
        """Without households, the court list's school rule reaches nobody: every collateral
        figure is zero, nobody is restricted at school, and every other series is that of the
        same rulebook with the rule for the listed themselves."""
        sc = scenario("baseline", citizens=3000, days=150)
        reaching = run_population(COURT, sc, seed=4)
        # The same rule for the listed themselves restricts them instead: a control that the
        # town has listings in force.
        control_policy = court_with("{when: {lists: [black]}, effect: restricted,")
        control = run_population(control_policy, sc, seed=4)
        assert total(control, "restricted.school") > 0
        assert reaching.columns == control.columns
        school = [i for i, c in enumerate(reaching.columns) if "school" in c]
        others = [i for i in range(len(reaching.columns)) if i not in school]
        assert np.array_equal(reaching.series[:, others], control.series[:, others])
        assert reaching.series[:, school].sum() == total(reaching, "attempts.school") == 0
        assert reaching.series[:, collateral_columns(reaching)].sum() == 0
        assert reaching.totals["households"] == 3000
        assert reaching.totals["children"] == reaching.totals["ever_collateral"] == 0

    def test_a_scenario_without_households_keeps_its_hash(self) -> None:
        sc = scenario("baseline", citizens=3000, days=150)
        assert "households" not in sc.model_dump()["population"]
        assert (
            "applies_to" not in load_policy("default").model_dump()["services"]["loan"]["rules"][0]
        )


class TestCommonRandomNumbers:
    def test_households_move_no_other_draw(self) -> None:
        """Under a rulebook that reaches no relative, a town with households is the same town:
        every series and total but the households' own counts."""
        policy = load_policy("classic")
        a = run_population(policy, families(), seed=2)
        b = run_population(policy, scenario("baseline", citizens=3000, days=150), seed=2)
        assert a.columns == b.columns
        assert np.array_equal(a.series, b.series)
        differ = {k for k in a.totals if a.totals[k] != b.totals[k]}
        assert differ == {"households", "children"}

    def test_the_court_list_with_households_differs_only_at_school(self) -> None:
        with_households = run_population(COURT, families(), seed=2)
        alone = run_population(COURT, scenario("baseline", citizens=3000, days=150), seed=2)
        school = [
            i
            for i, c in enumerate(with_households.columns)
            if "school" in c or c.startswith("collateral") or c.startswith("harmed.")
        ]
        school += [with_households.columns.index("wrongly_harmed")]
        others = [i for i in range(len(alone.columns)) if i not in school]
        assert np.array_equal(with_households.series[:, others], alone.series[:, others])
        # All of the court list's school restriction is collateral: it reaches children only.
        assert total(with_households, "restricted.school") == total(
            with_households, "collateral.school"
        )
        assert total(with_households, "collateral.school") == total(
            with_households, "collateral_children.school"
        )
        assert total(with_households, "collateral.school") > 0
        assert total(alone, "restricted.school") == 0


class TestTheTruthLedger:
    def test_false_findings_alone_make_every_collateral_day_doubly_wrongful(self) -> None:
        """No court default is ever done; the court feed invents findings: every listing is
        wrong, so every day a child pays for it is doubly wrongful."""
        sc = families(
            population__behaviours__court_defaulter__per_year=0.0,
            observation__feeds={"public_records": {"coverage": 1.0, "false_positive_rate": 2e-4}},
        )
        run = run_population(COURT, sc, seed=1)
        assert total(run, "black_true") == 0
        coll = total(run, "collateral.school")
        assert coll > 0
        assert total(run, "collateral_doubly_wrongful.school") == coll
        assert total(run, "collateral_wrongful.school") == coll
        assert total(run, "collateral_true.school") == 0
        assert (
            run.totals["ever_collateral_doubly_wrongful.school"]
            == run.totals["ever_collateral.school"]
        )

    def test_a_perfect_record_makes_no_collateral_day_wrongful(self) -> None:
        sc = families(
            population__behaviours__court_defaulter__per_year=0.05,
            observation__feeds={"public_records": {"coverage": 1.0, "false_positive_rate": 0.0}},
        )
        run = run_population(COURT, sc, seed=1)
        coll = total(run, "collateral.school")
        assert coll > 0
        assert total(run, "collateral_true.school") == coll
        assert total(run, "collateral_wrongful.school") == 0
        assert total(run, "collateral_doubly_wrongful.school") == 0

    def test_a_spouse_rule_reaches_spouses_and_no_child(self) -> None:
        policy = court_with(
            "{when: {lists: [black]}, applies_to: [self, spouse], effect: restricted,"
        )
        run = run_population(policy, families(), seed=3)
        assert total(run, "collateral.school") > 0
        assert total(run, "collateral_children.school") == 0
        # Both the listed (their own rule) and their spouses are restricted.
        assert total(run, "restricted.school") > total(run, "collateral.school")

    def test_every_collateral_series_is_declared_and_sums_by_group(self) -> None:
        run = run_population(COURT, families(), seed=0)
        dims = dimensions(COURT, families())
        assert run.columns == CATALOGUE.series_names(dims)
        by_group = sum(total(run, f"collateral.school.{g}") for g in dims.groups)
        assert by_group == total(run, "collateral.school")


class TestHouseholdDraws:
    @pytest.mark.parametrize("spouse_share", [0.0, 0.6, 1.0])
    def test_households_stay_in_their_district_and_have_their_shape(
        self, spouse_share: float
    ) -> None:
        plan = household_plan(Households(sizes=[0.1, 0.2, 0.3, 0.4], spouse_share=spouse_share))
        assert plan is not None
        starts = district_bounds(5000, 7)
        kin = draw_households(plan, starts, np.random.default_rng(5))
        assert kin.n == kin.size.sum() == 5000
        assert set(kin.size.tolist()) <= {1, 2, 3, 4}
        ends = kin.start + kin.size
        for boundary in starts[1:-1]:
            assert not ((kin.start < boundary) & (ends > boundary)).any()
        assert kin.child.sum() == 5000 - len(kin.start) - kin.couple.sum()
        if spouse_share == 0.0:
            assert not kin.couple.any()
        if spouse_share == 1.0:
            assert (kin.couple == (kin.size >= 2)).all()
        assert abs(kin.size.mean() - 3.0) < 0.15
        married, spouse = kin.spouses()
        partner = dict(zip(married.tolist(), spouse.tolist(), strict=True))
        assert all(partner[partner[a]] == a and abs(partner[a] - a) == 1 for a in partner)
        assert not kin.child[married].any()
        children, first, second = kin.parents()
        assert kin.child[children].all()
        assert not kin.child[np.concatenate([first, second])].any()

    def test_bad_sizes_name_the_field(self) -> None:
        from socialcredit.domain.errors import ScenarioError

        with pytest.raises(ScenarioError) as caught:
            scenario("baseline", population__households={"sizes": [0.5, 0.6]})
        assert caught.value.field == "population.households.sizes"
