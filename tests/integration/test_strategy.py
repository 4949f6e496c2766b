"""Strategic effort: the checks with known answers (docs/strategy.md).

A town of one category of good deeds, every one of them seen (coverage 1, no collectors), whose
points never expire within the run, is where the effort model of Kleinberg and Raghavan (2019)
has a closed answer: every citizen puts the whole budget into the way with the most points per
unit of effort. There, improving (tutoring and volunteering both up by `improve_share`) is worth
`improve_share * (r_t * P_t + r_v * P_v)` a year per unit of propensity, and gaming (logged
volunteering at `game_lift` times its rate) `game_lift * r_v * P_v`; with the rates equal,
`improve_share` 0.5 and `game_lift` 1 the citizens game exactly when volunteering is worth more
points than tutoring.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import yaml

from socialcredit.domain.catalogue.terms import STRATEGY_PARTS
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_population
from socialcredit.engine.figures import summarise
from socialcredit.engine.run import RunResult
from socialcredit.engine.strategy import choose
from socialcredit.inputs import load_policy, load_population_scenario
from tests.support import scenario

SEED = 4
RATE = 2.0
"""Tutoring and logged volunteering, acts a year each."""


def effort_rule(tutoring: int, volunteering: int, *, logged: bool = True) -> Policy:
    """A rulebook of two good deeds that a registry sees, worth the points given; unless
    `logged`, volunteering only an archive reports, which the town's sources never see."""
    seen = "tutoring, logged_volunteering" if logged else "tutoring"
    return parse_policy(
        f"""
name: effort-rule
version: 1
base_score: 1000
categories:
  civic: {{description: "Deeds a registry logs.", enabled: true}}
  archive: {{description: "An archive nobody reads.", enabled: true}}
behaviours:
  - {{code: tutoring, category: civic, points: {tutoring}, expires_after_days: 3650}}
  - {{code: logged_volunteering, category: civic, points: {volunteering}, expires_after_days: 3650}}
sources:
  feeds:
    - {{code: registry, category: civic, behaviours: [{seen}]}}
    - {{code: archive, category: archive, behaviours: [logged_volunteering]}}
  collectors: {{enabled: false, behaviours: []}}
grades:
  - {{name: all, min_score: -1000000}}
watch: {{below: -1000000}}
lists:
  black:
    description: Never entered.
    enter: {{score_below: -1000000}}
    exit: {{score_at_least: -999999}}
  red:
    description: Never entered.
    enter: {{score_at_least: 1000000}}
    exit: {{score_below: 999999}}
services:
  train: {{description: "Train tickets, open to all."}}
"""
    )


def effort_town(strategy: dict[str, Any] | None, groups: int = 1) -> PopulationScenario:
    data: dict[str, Any] = yaml.safe_load(
        f"""
kind: population
name: effort-town
population:
  citizens: 3000
  districts: 2
  days: 365
  behaviours:
    tutoring: {{category: civic, kind: good, per_year: {RATE}}}
    logged_volunteering: {{category: civic, kind: good, per_year: {RATE}}}
observation:
  feeds: {{civic: {{coverage: 1.0}}, archive: {{coverage: 0.0}}}}
  collectors: {{per_1000: 0}}
"""
    )
    data["population"]["groups"] = (
        [{"name": "all", "share": 1.0}]
        if groups == 1
        else [{"name": "dear", "share": 0.5}, {"name": "cheap", "share": 0.5}]
    )
    if strategy is not None:
        data["strategy"] = {"spread": 0.0, "gameable": ["logged_volunteering"], **strategy}
    return PopulationScenario.model_validate(data)


def score_sum(run: RunResult, group: str = "all") -> float:
    return float(run.series[-1, run.columns.index(f"score_sum.{group}")])


class TestEffortFollowsThePoints:
    """Kleinberg and Raghavan's result in the lab: the rule decides where effort goes."""

    def test_points_that_favour_improving_induce_no_gaming(self) -> None:
        run = run_population(effort_rule(5, 3), effort_town({"budget": 1.0}), seed=SEED)
        t, figures = run.totals, summarise(run)
        assert t["strategy.effort_game"] == 0.0
        assert t["strategy.gamed_deeds"] == 0.0
        assert t["strategy.effort_improve"] == pytest.approx(3000.0)
        assert figures["strategy.gaming_share"] == 0.0
        assert figures["strategy.improvement_share"] == 1.0
        # 0.5 * (2 * 5 + 2 * 3) = 8 points a citizen-year, in expectation.
        assert figures["strategy.points_per_citizen_year"] == pytest.approx(8.0, rel=0.05)

    def test_tilting_the_points_to_the_gameable_deed_moves_all_effort_to_it(self) -> None:
        run = run_population(effort_rule(3, 5), effort_town({"budget": 1.0}), seed=SEED)
        t, figures = run.totals, summarise(run)
        assert t["strategy.effort_improve"] == 0.0
        assert t["strategy.effort_game"] == pytest.approx(3000.0)
        assert figures["strategy.gaming_share"] == 1.0
        assert figures["strategy.improvement_share"] == 0.0
        # 1 * 2 * 5 = 10 points a citizen-year from gamed deeds.
        assert figures["strategy.points_per_citizen_year"] == pytest.approx(10.0, rel=0.05)

    @pytest.mark.parametrize(("tutoring", "volunteering"), [(5, 3), (3, 5)])
    def test_the_split_is_the_booked_points_against_the_twin(
        self, tutoring: int, volunteering: int
    ) -> None:
        """Every deed is seen and nothing expires: the rise of the observed score sum against
        the same town without strategic effort (same seed, so the same world's acts) is exactly
        the points the split accounts for."""
        rule = effort_rule(tutoring, volunteering)
        run = run_population(rule, effort_town({"budget": 1.0}), seed=SEED)
        twin = run_population(rule, effort_town(None), seed=SEED)
        booked = sum(run.totals[f"strategy.points_{p}"] for p in ("improved", "gamed"))
        assert booked > 0
        assert score_sum(run) - score_sum(twin) == pytest.approx(booked)

    def test_no_budget_is_the_model_without_strategic_effort(self) -> None:
        rule = effort_rule(3, 5)
        off = run_population(rule, effort_town({"budget": 0.0}), seed=SEED)
        without = run_population(rule, effort_town(None), seed=SEED)
        assert off.columns == without.columns
        assert off.series.tobytes() == without.series.tobytes()
        assert off.totals == without.totals
        assert not any(k.startswith("strategy.") for k in off.totals)
        assert summarise(off)["strategy.gaming_share"] is None


def test_the_split_holds_where_caps_and_review_bite() -> None:
    """In the shipped strategic town under `classic` (caps, collectors, review, appeals, false
    records), for a run shorter than any entry lasts: the parts of the split add up to the rise
    of the observed score sum against the same town with every response and all strategic
    effort off, within the noise of two seeds. (The citizens' horizon weighs their choice, not
    what is booked.)"""
    data = load_population_scenario("strategic").model_dump(exclude_none=True)
    data["population"].update(citizens=10_000, days=60)
    data["strategy"].pop("ranges")
    town = PopulationScenario.model_validate(data)
    del data["strategy"]
    data["behaviour"] = {"certainty": 0.0, "severity": 0.0, "shame": {}, "pride": {}}
    data["behaviour"]["give_up"] = {"hazard": 0.0}
    inert = PopulationScenario.model_validate(data)
    classic = load_policy("classic")
    rise = split = 0.0
    for seed in (0, 1):
        run, twin = (
            run_population(classic, town, seed=seed),
            run_population(classic, inert, seed=seed),
        )
        groups = [c.removeprefix("score_sum.") for c in run.columns if c.startswith("score_sum.")]
        rise += sum(score_sum(run, g) - score_sum(twin, g) for g in groups)
        split += sum(run.totals[f"strategy.points_{p}"] for p in STRATEGY_PARTS)
    assert split > 0
    assert split == pytest.approx(rise, rel=0.04)


def test_deeds_are_gamed_only_where_they_book_points() -> None:
    """Volunteering that no source records books nothing, so it is never done for show,
    whatever its `gameable` mark; recorded, it is."""
    for logged in (False, True):
        town = effort_town({"budget": 1.0, "costs": {"improve": float("inf")}})
        run = run_population(effort_rule(3, 5, logged=logged), town, seed=SEED)
        assert (run.totals["strategy.gamed_deeds"] > 0) is logged


class TestKnownAnswers:
    def test_gaming_out_of_reach_gives_no_gaming(self) -> None:
        town = effort_town({"budget": 1.0, "costs": {"game": float("inf")}})
        run = run_population(effort_rule(3, 5), town, seed=SEED)
        assert run.totals["strategy.gamed_deeds"] == 0.0
        assert summarise(run)["strategy.gaming_share"] == 0.0
        # Improving, the next best way, takes the budget instead.
        assert run.totals["strategy.effort_improve"] == pytest.approx(3000.0)

    def test_nothing_unobserved_gives_no_hiding(self) -> None:
        """Every feed sees every act it may report: nowhere to hide, so nobody hides; where a
        feed sees half, the same citizens do hide."""
        data: dict[str, Any] = {"budget": 1.0, "costs": {"improve": float("inf")}}
        for coverage, hides in ((1.0, False), (0.5, True)):
            town = scenario(
                "baseline",
                citizens=3000,
                days=120,
                observation__feeds={
                    c: {"coverage": coverage}
                    for c in (
                        *("public_records", "financial", "insurance", "social_media"),
                        *("shopping", "health", "dating"),
                    )
                },
                observation__collectors={"per_1000": 0},
                strategy={**data, "gameable": [], "withdrawable": []},
            )
            run = run_population(load_policy("classic"), town, seed=SEED)
            share = summarise(run)["strategy.hiding_share"]
            assert (run.totals["strategy.effort_hide"] > 0) is hides
            assert (share is not None and share > 0.5) is hides
            if not hides:
                assert run.totals["strategy.points_hidden"] == 0.0

    def test_a_group_that_games_cheaply_scores_higher_with_the_same_conduct(self) -> None:
        """Two groups alike in conduct; gaming costs one three times what it costs the other,
        and nothing else is within reach. The cheap group's observed scores rise further above
        its true ones, and the disparity figure says so with its sign."""
        out_of_reach = {w: float("inf") for w in ("improve", "hide", "withdraw")}
        town = effort_town(
            {
                "budget": 1.0,
                "costs": {"game": 1.0, **out_of_reach},
                "by_group": {"dear": {"game": 3.0}},
            },
            groups=2,
        )
        run = run_population(effort_rule(3, 5), town, seed=SEED)
        figures = summarise(run)
        cheap = figures["group.cheap.strategy.points_per_citizen_year"]
        dear = figures["group.dear.strategy.points_per_citizen_year"]
        assert cheap is not None
        assert dear is not None
        assert cheap == pytest.approx(3 * dear, rel=0.15)  # full effort against a third
        gap = figures["disparity.cheap_vs_dear.score_gap.difference"]
        assert gap is not None
        assert gap > 0
        true_cheap = figures["group.cheap.mean_score_true.final"]
        true_dear = figures["group.dear.mean_score_true.final"]
        assert true_cheap is not None
        assert true_dear is not None
        # The same true conduct: the true mean scores differ by noise alone, well under the
        # 6.6 points the gamed deeds open between the observed ones.
        assert abs(true_cheap - true_dear) < 3.0
        # Both spend the whole budget, so the effort on being scored is the same; what differs
        # is what a point costs: a third of the effort per point for the cheap group.
        assert figures["disparity.cheap_vs_dear.strategy.burden.difference"] == pytest.approx(
            0.0, abs=1e-9
        )
        per_point = figures["disparity.cheap_vs_dear.strategy.effort_per_100_points.difference"]
        dear_per_point = figures["group.dear.strategy.effort_per_100_points"]
        assert dear_per_point is not None
        assert per_point == pytest.approx(-2 / 3 * dear_per_point, rel=0.15)


def test_choosing_fills_the_best_ways_first() -> None:
    gain = np.array([[4.0, 2.0, 1.0, -1.0], [1.0, 1.0, 1.0, 1.0]])
    cost = np.array([[1.0, 1.0, 1.0, 1.0], [np.inf, 2.0, 0.5, 1.0]])
    effort, spent = choose(gain, cost, 1.5)
    assert effort[0].tolist() == [1.0, 0.5, 0.0, 0.0]
    assert spent[0].tolist() == [1.0, 0.5, 0.0, 0.0]
    # Hiding (ratio 2) first, then withdrawing (ratio 1) with what is left; improving is out
    # of reach.
    assert effort[1].tolist() == [0.0, 0.0, 1.0, 1.0]
    assert spent[1].tolist() == [0.0, 0.0, 0.5, 1.0]
