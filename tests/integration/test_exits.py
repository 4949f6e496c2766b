"""The three exits off the court list, in runs: a fixed term ends the listings that carry it on
their day, credit restoration ends none before its regime opens, and every exit is counted."""

from __future__ import annotations

from typing import Any

import numpy as np

from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import RunResult, run_population
from socialcredit.inputs import load_policy, load_population_scenario


def _run(redress: dict[str, Any], days: int = 1200) -> RunResult:
    data = load_population_scenario("court-blacklist").model_dump(mode="json")
    pop = data["population"]
    pop.update(citizens=2000, districts=2, start="2017-01-01", days=days)
    pop["behaviours"]["court_defaulter"].update(per_year=0.05)
    data["observation"]["feeds"]["public_records"].pop("ramp")
    data["redress"].update(redress)
    data.pop("calibration")
    return run_population(load_policy("court-defaulters"), PopulationScenario.model_validate(data))


class TestExits:
    def test_every_listing_carrying_the_term_ends_when_it_runs_out(self) -> None:
        run = _run({"term_share": 1.0, "restoration": {"per_year": 0.0}, "rehabilitation": None})
        expiries, exits = run.column("black_expiries"), run.column("black_exits")
        # Nothing expires before 730 days, and then every exit is an expiry.
        assert expiries[:730].sum() == 0
        assert expiries.sum() > 0
        np.testing.assert_array_equal(expiries, exits)
        listings = run.column("black_listings")
        assert expiries[730:].sum() <= listings[: len(listings) - 730].sum()

    def test_without_a_term_nobody_expires_and_nobody_leaves_unpaid(self) -> None:
        run = _run({"term_share": 0.0, "restoration": {"per_year": 0.0}, "rehabilitation": None})
        assert run.column("black_expiries").sum() == 0
        assert run.column("black_exits").sum() == 0
        assert run.column("black")[-1] > 0

    def test_credit_restoration_waits_for_its_regime_and_is_counted_apart(self) -> None:
        opens = 600  # days after 2017-01-01
        run = _run(
            {
                "term_share": 0.0,
                "restoration": {"per_year": 0.0},
                "rehabilitation": {"per_year": 2.0, "opens": "2018-08-24"},
            }
        )
        restored = run.column("rehabilitations")
        # Some listed citizens act on the day it opens (two a year each, hundreds listed), and
        # the policy takes effect 3 days after the act: the first exit is on exactly that day.
        assert int(np.nonzero(restored)[0][0]) == opens + 3
        np.testing.assert_array_equal(restored, run.column("black_exits"))
        assert run.column("restorations").sum() == 0
