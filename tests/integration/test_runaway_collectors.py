"""Collectors sent where reports came from: the runaway feedback loop of Ensign et al. (2018),
reproduced over many seeds against the exact two-district chain of docs/runaway-collectors.md.

The town is the smallest that keeps the chain's figures apart: two districts of 100 residents
with the same conduct (propensities nearly equal, so neither district is truly worse), 20
collectors, about 14 reports a day (29 where the correction is checked: with fewer, a district
left with few collectors sends too few counted reports and is lost now and then, as the chain
says); a period is a day. Each figure is checked within four standard errors of the chain's
prediction over 150 seeds.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import numpy.typing as npt
import pytest
from docs import runaway_collectors as urn

from socialcredit.domain.catalogue.metrics import COLLECTORS_MAX_DISTRICT_SHARE
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_population, summarise
from socialcredit.inputs import load_policy, load_population_scenario
from tests.support import scenario

SEEDS = range(150)
RESIDENTS = 100
PER_YEAR = 182.5
"""Each of the three bad acts only collectors see (littering, jaywalking, noise nuisance)."""
CORRECTED_PER_YEAR = 365.0
DISCOVERED = ("littering", "jaywalking", "noise_nuisance")
COVERAGE = 0.0005


def chain_town(per_year: float) -> urn.Town:
    return urn.Town(
        residents=RESIDENTS,
        collectors=20,
        acts=RESIDENTS * per_year * len(DISCOVERED) / 365,
        coverage=COVERAGE,
        kept=0.98,  # the scenario's review rejects 2% of true reports
    )


def town(
    rule: str, days: int, correction: bool = False, per_year: float = PER_YEAR
) -> PopulationScenario:
    world = {
        code: behaviour.model_dump() | {"per_year": per_year if code in DISCOVERED else 0.0}
        for code, behaviour in load_population_scenario(
            "runaway-collectors"
        ).population.behaviours.items()
    }
    allocation = {"rule": rule, "period_days": 1, "correction": correction}
    return scenario(
        "runaway-collectors",
        citizens=2 * RESIDENTS,
        days=days,
        population__behaviours=world,
        population__propensity={"alpha": 50.0, "beta": 50.0},
        observation__collectors__per_1000=100.0,
        observation__collectors__coverage=COVERAGE,
        observation__collectors__allocation=allocation,
    )


@cache
def final_shares(
    rule: str, periods: int, correction: bool = False, per_year: float = PER_YEAR
) -> npt.NDArray[np.float64]:
    """District 1's share of the collectors on the last day, seed by seed."""
    sc, policy = town(rule, periods + 1, correction, per_year), load_policy("default")
    out = []
    for seed in SEEDS:
        run = run_population(policy, sc, seed=seed)
        mine, theirs = run.column("collectors_in.d1")[-1], run.column("collectors_in.d2")[-1]
        out.append(mine / (mine + theirs))
    return np.array(out)


def within_four_errors(values: npt.NDArray[np.float64], expected: float, sd: float) -> bool:
    return abs(float(values.mean()) - expected) <= 4 * sd / math.sqrt(len(values))


def predicted(
    rule: urn.Rule, periods: int, correction: bool = False, per_year: float = PER_YEAR
) -> tuple[float, float, float]:
    """The chain's spread E[(s - 1/2)^2], its standard deviation, and P(one district holds all)."""
    dist = urn.after(chain_town(per_year), rule, periods, correction)
    share = np.arange(len(dist)) / (len(dist) - 1)
    spread = float(dist @ (share - 0.5) ** 2)
    sd = math.sqrt(float(dist @ (share - 0.5) ** 4) - spread**2)
    return spread, sd, float(dist[0] + dist[-1])


class TestProportionalAllocation:
    """In proportion to the last period's reports: a neutral drift that ends at an edge."""

    PERIODS = 15

    def test_the_share_spreads_away_from_the_true_half_as_the_chain_says(self) -> None:
        shares = final_shares("proportional", self.PERIODS)
        spread, sd, _ = predicted("proportional", self.PERIODS)
        assert spread > 0.1  # the chain itself: far from the true half
        assert within_four_errors((shares - 0.5) ** 2, spread, sd)

    def test_as_many_towns_lose_a_district_entirely_as_the_chain_says(self) -> None:
        shares = final_shares("proportional", self.PERIODS)
        _, _, lost = predicted("proportional", self.PERIODS)
        gone = ((shares == 0) | (shares == 1)).astype(np.float64)
        assert within_four_errors(gone, lost, math.sqrt(lost * (1 - lost)))

    def test_neither_district_is_favoured(self) -> None:
        shares = final_shares("proportional", self.PERIODS)
        spread, _, _ = predicted("proportional", self.PERIODS)
        assert within_four_errors(shares, 0.5, math.sqrt(spread))


class TestCorrectedAllocation:
    """With the paper's correction the share stays near the true half."""

    PERIODS = 10

    def test_the_share_stays_near_the_true_half_as_the_chain_says(self) -> None:
        shares = final_shares("proportional", self.PERIODS, True, CORRECTED_PER_YEAR)
        spread, sd, _ = predicted("proportional", self.PERIODS, True, CORRECTED_PER_YEAR)
        uncorrected, _, _ = predicted("proportional", self.PERIODS, False, CORRECTED_PER_YEAR)
        assert spread < uncorrected / 4  # the chain itself: the correction holds the half
        assert within_four_errors((shares - 0.5) ** 2, spread, sd)


class TestMaxAllocation:
    """All to the district with most reports: locked onto one district after one period."""

    def test_every_town_ends_with_all_collectors_in_one_district(self) -> None:
        shares = final_shares("max", 2)
        assert np.all((shares == 0) | (shares == 1))

    def test_which_district_wins_is_a_fair_coin(self) -> None:
        shares = final_shares("max", 2)
        assert within_four_errors(shares, 0.5, 0.5)


class TestRunOfMovingCollectors:
    def test_it_is_one_shard_whatever_the_shard_size(self) -> None:
        sc, policy = town("proportional", 8), load_policy("default")
        whole = run_population(policy, sc, seed=3)
        cut = run_population(policy, sc, seed=3, shard_target=50)
        assert np.array_equal(whole.series, cut.series)

    def test_its_max_district_share_is_the_last_days_largest_share(self) -> None:
        run = run_population(load_policy("default"), town("max", 3), seed=0)
        assert summarise(run)[COLLECTORS_MAX_DISTRICT_SHARE] == pytest.approx(1.0)

    def test_fixed_collectors_record_no_district_figures(self) -> None:
        run = run_population(load_policy("default"), town("fixed", 3), seed=0)
        assert not any(c.startswith("collectors_in.") for c in run.columns)
        assert summarise(run)[COLLECTORS_MAX_DISTRICT_SHARE] is None
