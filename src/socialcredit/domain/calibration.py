"""What a scenario says about its own calibration: the population it stands for, and which of its
rates are free, each with a prior range and the reason for it.

```yaml
calibration:
  national_population: 1_390_000_000     # the scenario's citizens are this share of it
  free:
    - path: scenario.population.behaviours.court_defaulter.per_year
      low: 0.001
      high: 0.008
      scale: log                        # log-uniform between low and high; linear: uniform
      reason: The 2017 pace of listings ...
```

A free rate is a field of the scenario named by the experiment layer's dotted path (`scenario.`
then field names; a group by its name). It must hold a number, and the scenario's own value
must lie in its prior range: that value is what a single run uses, and the calibration draws
the rest. How a calibration fits them lives in `socialcredit.calibration`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from socialcredit.domain.documents import Strict
from socialcredit.domain.errors import ScenarioError

FreePath = Annotated[str, Field(pattern=r"^scenario(\.[A-Za-z0-9_+-]+)+$", max_length=300)]


class FreeRate(Strict):
    """One field the calibration fits, with its prior: uniform or log-uniform on [low, high]."""

    path: FreePath
    low: float
    high: float
    scale: Literal["linear", "log"] = "linear"
    reason: str = Field(min_length=1)
    """Why the range is what it is: the published figure or the argument it comes from."""

    @model_validator(mode="after")
    def _a_range(self) -> FreeRate:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        if self.scale == "log" and self.low <= 0:
            raise ValueError("a log-uniform prior needs low above 0")
        return self


class Calibration(Strict):
    national_population: int = Field(ge=10, le=10_000_000_000)
    """The real population the scenario's citizens stand for: a run's counts are scaled by
    national_population / citizens to compare them with published national figures."""
    free: list[FreeRate] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _each_path_once(self) -> Calibration:
        # Errors name paths from the document root: a calibration is only read in a scenario.
        paths = [f.path for f in self.free]
        for i, path in enumerate(paths):
            if path in paths[:i]:
                raise ScenarioError(
                    f"{path} is declared free twice", field=f"calibration.free.{i}.path"
                )
        return self


class FreePathError(ValueError):
    """A free path that does not lead to a number of the document."""


def value_at(document: BaseModel, path: str) -> Any:
    """The value a `scenario.…` path names in a validated document: fields by name, mapping
    entries by key, list items by `name` or `code`."""
    node: Any = document
    where = "scenario"
    for part in path.split(".")[1:]:
        if isinstance(node, BaseModel):
            if part not in type(node).model_fields:
                raise FreePathError(f"{where} has no field {part!r}")
            node = getattr(node, part)
        elif isinstance(node, dict):
            if part not in node:
                raise FreePathError(f"{where} has no entry {part!r}")
            node = node[part]
        elif isinstance(node, list):
            named = [
                x for x in node if part in (getattr(x, "name", None), getattr(x, "code", None))
            ]
            if not named:
                raise FreePathError(f"{where} has no item {part!r}")
            node = named[0]
        else:
            raise FreePathError(f"{where} is a value, not a mapping or a list")
        where = f"{where}.{part}"
    return node


def check_free(document: BaseModel, calibration: Calibration) -> tuple[int, str] | None:
    """The first free rate (index, message) whose path names no number of `document`, or whose
    value lies outside its prior range; None when all are sound."""
    for i, free in enumerate(calibration.free):
        try:
            value = value_at(document, free.path)
        except FreePathError as exc:
            return i, f"{free.path}: {exc}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return i, f"{free.path} is not a number in the scenario; only numbers can be fitted"
        if not free.low <= value <= free.high:
            return i, (
                f"the scenario's {free.path} is {value:g}, outside the prior range "
                f"[{free.low:g}, {free.high:g}]"
            )
    return None
