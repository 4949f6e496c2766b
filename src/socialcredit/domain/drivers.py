"""Dated drivers of a scenario's world: yearly indices that move a behaviour's rate, and the
regime of credit restoration, which opens on a date.

```yaml
drivers:
  cases:                              # a name behaviours refer to (`driver: cases`)
    unit: million new enforcement cases accepted by the courts
    base_year: 2017                   # `per_year` of a driven behaviour is its rate in this year
    values: {2013: 3.38, 2014: 3.38, ..., 2026: 9.15}
    projected_from: 2025              # this year and later are not published: a projection
    source: Supreme People's Court, ...
population:
  behaviours:
    court_defaulter: {category: financial, kind: harmful, per_year: 0.0025, driver: cases}
```

A driven behaviour's rate in a year is its `per_year` times the year's value over the base
year's. Every year a run covers must have a value: an index says nothing about years it does not
list, so a run past its last year is refused rather than guessed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import Field, model_validator

from socialcredit.domain.documents import Strict

Year = Annotated[int, Field(ge=1900, le=2200)]
MAX_PER_YEAR = 365.0
"""The most a behaviour's rate can be, per citizen per year: once a day."""


class YearlyIndex(Strict):
    """A published yearly figure that drives a rate: its values by calendar year, which of them
    are projections, and where they come from."""

    unit: str = Field(min_length=1, max_length=200)
    """What a value counts, in words."""
    base_year: Year
    """The year whose value a driven behaviour's `per_year` stands for."""
    values: dict[Year, Annotated[float, Field(gt=0.0)]] = Field(min_length=1)
    """One value per calendar year, with no year missing between the first and the last."""
    projected_from: Year | None = None
    """This year and the later ones are not published: the scenario projects them (and says
    how where it lists them)."""
    source: str = Field(min_length=1)
    """Where the published values come from: publisher, year, title, address."""

    @model_validator(mode="after")
    def _years_run_through(self) -> YearlyIndex:
        years = sorted(self.values)
        if years != list(range(years[0], years[-1] + 1)):
            missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
            raise ValueError(f"the years must run without a gap; {missing[0]} is missing")
        if self.base_year not in self.values:
            raise ValueError(f"base_year {self.base_year} has no value")
        if self.projected_from is not None and self.projected_from not in self.values:
            raise ValueError(f"projected_from {self.projected_from} has no value")
        return self

    def multiplier(self, year: int) -> float:
        """The year's value over the base year's."""
        return self.values[year] / self.values[self.base_year]


class Rehabilitation(Strict):
    """How often listed citizens are taken off the black list by credit restoration, the exit a
    policy's `lists.black.rehabilitation` declares, and from when."""

    per_year: Annotated[float, Field(ge=0.0, le=MAX_PER_YEAR)] = 0.0
    """Restorations per listed citizen per year once the regime is open."""
    opens: date | None = None
    """The first day of the regime (none: from the start of the run)."""
    source: str = ""
    """The rules that opened the exit, and the evidence for the rate."""


def years_of_run(start: date, days: int) -> range:
    """The calendar years a run of `days` days from `start` touches."""
    return range(start.year, (start + timedelta(days=days - 1)).year + 1)


def check_drivers(
    driven: dict[str, tuple[str | None, float]],
    drivers: dict[str, YearlyIndex],
    start: date,
    days: int,
) -> tuple[str, str] | None:
    """The first driver a behaviour names (`driven`: behaviour code → (driver, per_year)) that
    the scenario does not declare, that has no value for a year of the run from `start` for
    `days` days, or that takes the behaviour's rate in such a year above `MAX_PER_YEAR`, as
    (field, message); None when all is well."""
    for code, (name, per_year) in driven.items():
        if name is None:
            continue
        index = drivers.get(name)
        if index is None:
            declared = ", ".join(drivers) or "none"
            return (
                f"population.behaviours.{code}.driver",
                f"behaviour {code} is driven by {name!r}; the drivers are {declared}",
            )
        for year in years_of_run(start, days):
            if year not in index.values:
                return (
                    f"drivers.{name}.values",
                    f"driver {name!r} has no value for {year}, a year the run covers "
                    f"({start} for {days} days)",
                )
            if (rate := per_year * index.multiplier(year)) > MAX_PER_YEAR:
                return (
                    f"drivers.{name}.values.{year}",
                    f"driver {name!r} takes behaviour {code} to {rate:.4g} a year in {year} "
                    f"({per_year:g} × {index.values[year]:g} / {index.values[index.base_year]:g}"
                    f"); a rate is at most {MAX_PER_YEAR:g} a year",
                )
    return None
