"""Dated drivers and the exits off the black list, as documents: what loads, what is refused,
and that a scenario or policy without them keeps its hash."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from socialcredit.calibration.fitting import year_days
from socialcredit.domain.drivers import YearlyIndex
from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.drivers import driver_plan
from socialcredit.experiment.variants import document_hash
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.limits import MAX_DAYS


def _scenario(**population: Any) -> dict[str, Any]:
    pop = {
        "citizens": 100,
        "districts": 1,
        "start": "2016-07-01",
        "days": 730,
        "behaviours": {
            "court_defaulter": {
                "category": "financial",
                "kind": "harmful",
                "per_year": 0.01,
                "driver": "cases",
            }
        },
        **population,
    }
    index = {"unit": "cases", "base_year": 2017, "values": {2016: 1.0, 2017: 2.0, 2018: 4.0}}
    return {"name": "driven", "population": pop, "drivers": {"cases": {**index, "source": "x"}}}


class TestYearlyIndex:
    def test_a_year_missing_between_first_and_last_is_refused(self) -> None:
        with pytest.raises(ValueError, match="2017 is missing"):
            YearlyIndex(unit="u", base_year=2016, values={2016: 1.0, 2018: 2.0}, source="s")

    def test_multiplier_is_the_year_over_the_base_year(self) -> None:
        index = YearlyIndex(unit="u", base_year=2017, values={2016: 1.0, 2017: 4.0}, source="s")
        assert index.multiplier(2016) == 0.25


class TestScenarioDrivers:
    def test_a_run_past_the_index_is_refused_naming_the_driver(self) -> None:
        with pytest.raises(ScenarioError, match="no value for 2019") as caught:
            PopulationScenario.model_validate(_scenario(days=1000))
        assert caught.value.field == "drivers.cases.values"

    def test_a_year_that_takes_a_rate_past_once_a_day_is_refused_naming_the_year(self) -> None:
        data = _scenario()
        data["drivers"]["cases"]["values"][2018] = 1e300  # 0.01 × 1e300 / 2 a year
        with pytest.raises(ScenarioError, match=r"court_defaulter to 5e\+297 a year in 2018"):
            PopulationScenario.model_validate(data)
        data["drivers"]["cases"]["values"][2018] = 73_000.0  # 0.01 × 73,000 / 2 = 365: allowed
        PopulationScenario.model_validate(data)
        data["drivers"]["cases"]["values"][2018] = 73_001.0
        with pytest.raises(ScenarioError) as caught:
            PopulationScenario.model_validate(data)
        assert caught.value.field == "drivers.cases.values.2018"

    def test_an_undeclared_driver_is_refused_naming_the_behaviour(self) -> None:
        data = _scenario()
        data["drivers"] = {}
        with pytest.raises(ScenarioError, match="driven by 'cases'") as caught:
            PopulationScenario.model_validate(data)
        assert caught.value.field == "population.behaviours.court_defaulter.driver"

    def test_acts_are_kept_at_the_year_over_the_largest_year_of_the_run(self) -> None:
        plan = driver_plan(PopulationScenario.model_validate(_scenario()))
        assert plan is not None
        # The run covers 2016-2018; 2018 is the largest (4 against 2017's 2).
        assert plan.keep_today(0).tolist() == [0.25]
        assert plan.keep_today(200).tolist() == [0.5]
        assert plan.keep_today(729).tolist() == [1.0]

    def test_runs_may_last_twenty_years(self) -> None:
        assert MAX_DAYS == 7305
        PopulationScenario.model_validate({"name": "long", "population": {"days": MAX_DAYS}})
        with pytest.raises(ValueError, match="less than or equal to 7305"):
            PopulationScenario.model_validate({"name": "x", "population": {"days": MAX_DAYS + 1}})


class TestUnchangedWithoutDrivers:
    def test_a_scenario_without_drivers_or_exits_writes_none_of_their_fields(self) -> None:
        doc = load_population_scenario("baseline").model_dump(mode="json")
        assert "drivers" not in doc
        assert "rehabilitation" not in doc["redress"]
        assert "term_share" not in doc["redress"]
        assert all("driver" not in b for b in doc["population"]["behaviours"].values())
        assert driver_plan(load_population_scenario("baseline")) is None

    def test_a_policy_without_the_new_exits_writes_none_of_their_fields(self) -> None:
        black = load_policy("default").model_dump(mode="json")["lists"]["black"]
        assert "rehabilitation" not in black
        assert "term_days" not in black

    def test_the_court_scenario_hash_reads_its_drivers(self) -> None:
        scenario = load_population_scenario("court-blacklist")
        doc = scenario.model_dump(mode="json")
        doc["drivers"]["enforcement_cases"]["values"]["2020"] = 1.0
        assert document_hash(doc) != document_hash(scenario.model_dump(mode="json"))


class TestYearWindow:
    @pytest.mark.parametrize(
        ("when", "days"),
        [(date(2019, 12, 31), 365), (date(2020, 12, 31), 366), (date(2024, 2, 29), 366)],
    )
    def test_the_year_ending_on_a_day(self, when: date, days: int) -> None:
        start = date(2013, 10, 1)
        assert year_days(start, (when - start).days) == days
