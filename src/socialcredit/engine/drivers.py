"""Dated drivers compiled for the simulator: how a yearly index moves a behaviour's rate.

The act streams draw a driven behaviour at its highest rate over the run's years (`world.py`
raises its `per_year` by the index's largest multiplier), and each day its acts are thinned to
the day's year: an act is kept with the year's multiplier over the largest. Thinning a Poisson
process by an independent chance is a Poisson process at the product of the rates, so a day's
acts come at `per_year` times the year's multiplier. The thinning uses each candidate act's own
acceptance draw in `conduct.py` (the rate it is accepted at is multiplied by `keep_today`), so a
driven act is kept or not alike under every policy and response, and a scenario without drivers
draws exactly what it drew before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from socialcredit.domain.drivers import years_of_run
from socialcredit.domain.scenario import PopulationScenario

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DriverPlan:
    start: date
    first_year: int
    keep: F64
    """(year of the run from the first, world behaviour): the chance an act drawn at the
    behaviour's largest rate is kept (1 for behaviours no driver moves)."""

    def keep_today(self, day: int) -> F64:
        row: F64 = self.keep[(self.start + timedelta(days=day)).year - self.first_year]
        return row


def largest_multiplier(scenario: PopulationScenario, code: str) -> float:
    """The largest multiplier a behaviour's driver reaches over the run's years (1 undriven)."""
    pop = scenario.population
    name = pop.behaviours[code].driver
    if name is None:
        return 1.0
    index = scenario.drivers[name]
    return max(index.multiplier(y) for y in years_of_run(pop.start, pop.days))


def driver_plan(scenario: PopulationScenario) -> DriverPlan | None:
    """The thinning of driven behaviours' acts, or None when no behaviour has a driver."""
    pop = scenario.population
    if all(b.driver is None for b in pop.behaviours.values()):
        return None
    years = years_of_run(pop.start, pop.days)
    keep = np.ones((len(years), len(pop.behaviours)), dtype=np.float64)
    for j, (code, behaviour) in enumerate(pop.behaviours.items()):
        if behaviour.driver is None:
            continue
        index = scenario.drivers[behaviour.driver]
        top = largest_multiplier(scenario, code)
        keep[:, j] = [index.multiplier(y) / top for y in years]
    return DriverPlan(start=pop.start, first_year=years[0], keep=keep)
