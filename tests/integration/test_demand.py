"""Service demand: attempts come at the scenario's rate, are refused exactly on the days the
observed standing refuses, are wrongly refused only where true conduct would not refuse, and
change nothing else in a run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from socialcredit.domain.errors import ScenarioError
from socialcredit.engine import RunResult, run_population
from socialcredit.inputs import load_policy
from tests.support import scenario

FLIGHT, TRAIN = 0.4, 2.2
"""The shipped scenarios' demand, trips per citizen per year."""


def total(run: RunResult, name: str) -> float:
    return float(run.column(name).sum())


def within(observed: float, expected: float, sds: float = 5.0) -> bool:
    """A Poisson count close to its mean: within `sds` standard deviations."""
    return abs(observed - expected) <= sds * math.sqrt(max(expected, 1.0))


def test_attempts_come_at_the_scenario_rate_and_are_refused_when_the_citizen_is() -> None:
    policy = load_policy("classic")
    sc = scenario("biased-collectors", citizens=4000, days=240)
    run = run_population(policy, sc, seed=3)
    citizen_days = 4000 * 240
    for service, rate in (("flight", FLIGHT), ("train", TRAIN)):
        attempts = total(run, f"attempts.{service}")
        assert within(attempts, citizen_days * rate / 365)
        refused = total(run, f"attempts_refused.{service}")
        restricted = total(run, f"attempts_restricted.{service}")
        # An attempt is refused on a day the citizen is denied: in expectation, the rate times
        # the citizen-days of denial.
        assert within(refused, total(run, f"denied.{service}") * rate / 365)
        assert within(restricted, total(run, f"restricted.{service}") * rate / 365)
        assert refused > 0
        wrongly = total(run, f"attempts_wrongly_refused.{service}")
        assert wrongly <= refused
        assert within(wrongly, total(run, f"denied_wrongful.{service}") * rate / 365)
        assert total(run, f"attempts_wrongly_restricted.{service}") <= restricted
    # Services the scenario gives no demand: no attempts at all.
    for service in ("school", "job", "loan"):
        assert total(run, f"attempts.{service}") == 0


def test_a_group_multiplier_scales_its_attempts() -> None:
    policy = load_policy("none")
    sc = scenario(
        "baseline",
        citizens=4000,
        days=200,
        population__demand={"train": {"per_year": 3.0, "by_group": {"minority": 0.0}}},
    )
    run = run_population(policy, sc, seed=1)
    majority = float(run.column("citizens.majority")[0])
    assert within(total(run, "attempts.train"), majority * 200 * 3.0 / 365)
    assert total(run, "attempts.flight") == 0
    # Nobody is refused anything under the counterfactual.
    assert total(run, "attempts_refused.train") == 0


def test_demand_changes_nothing_else_in_a_run() -> None:
    policy = load_policy("default")
    with_demand = scenario("baseline", citizens=3000, days=150)
    without = scenario("baseline", citizens=3000, days=150, population__demand={})
    a = run_population(policy, with_demand, seed=7)
    b = run_population(policy, without, seed=7)
    assert a.columns == b.columns
    demand = [i for i, c in enumerate(a.columns) if c.startswith("attempts")]
    others = [i for i in range(len(a.columns)) if i not in demand]
    assert np.array_equal(a.series[:, others], b.series[:, others])
    assert a.totals == b.totals
    assert b.series[:, demand].sum() == 0
    assert a.series[:, demand].sum() > 0


def test_demand_for_a_service_the_policy_lacks_is_left_out() -> None:
    """The same town runs under any rulebook: a policy without ferries refuses no ferry."""
    sc = scenario(
        "baseline", citizens=500, days=30, population__demand={"ferry": {"per_year": 50.0}}
    )
    run = run_population(load_policy("default"), sc, seed=0)
    assert not any(c.endswith(".ferry") for c in run.columns)
    assert sum(total(run, c) for c in run.columns if c.startswith("attempts")) == 0


def test_demand_for_an_unknown_group_names_the_field() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario(
            "baseline",
            citizens=100,
            days=10,
            population__demand={"train": {"per_year": 1.0, "by_group": {"martians": 2.0}}},
        )
    assert caught.value.field == "population.demand.train.by_group.martians"


def test_the_same_citizens_try_the_same_services_under_every_policy() -> None:
    """Common random numbers: attempts depend on the scenario and the seed, not the rulebook,
    also when a policy lacks a service the scenario gives demand."""
    sc = scenario("biased-collectors", citizens=3000, days=120)
    runs = {p: run_population(load_policy(p), sc, seed=0) for p in ("none", "default", "classic")}
    for service in ("flight", "train"):
        counts = {p: run.column(f"attempts.{service}").tolist() for p, run in runs.items()}
        assert counts["none"] == counts["default"] == counts["classic"]
    refused = {p: total(run, "attempts_refused.flight") for p, run in runs.items()}
    assert refused["none"] == 0 < refused["classic"]
    assert refused["default"] <= refused["classic"]
