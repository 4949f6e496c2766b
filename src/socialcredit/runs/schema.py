"""The run record, `metrics.json`, as a versioned schema.

`SCHEMA_VERSION` counts incompatible changes. Version 1 is every record written before the
metric catalogue (it carries no `schema_version`); version 2 had no world behaviours (acts were
split over the policy's behaviours); the lab reads only the current version and
says so when given another. `docs/metrics.schema.json` is the JSON Schema of `RunRecord`, and a
test keeps it equal to what this module generates.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from socialcredit.domain.catalogue import CATALOGUE, SCORE_HISTOGRAM_BINS, Dimensions
from socialcredit.domain.footprint import Footprint
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.reputation import ReputationScenario

SCHEMA_VERSION = 3


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Estimate(_Record):
    """A figure over seeds: the mean and its 95% interval, cut to the range the figure can take.

    `low` and `high` are null with a single seed; `mean` is null when the figure is undefined
    in every seed (see the catalogue); `n` is the number of seeds it is defined in."""

    mean: float | None
    low: float | None
    high: float | None
    n: int = Field(ge=0)


class PolicySummary(_Record):
    name: str
    version: int
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    footprint: Footprint


class RunDimensions(_Record):
    """The names the catalogue's templates are spelt out over in this run."""

    grades: list[str]
    services: list[str]
    groups: list[str]
    reference_group: str
    behaviours: list[str]
    """The codes of the behaviours of the scenario's world."""

    def catalogue(self) -> Dimensions:
        return Dimensions(
            self.grades, self.services, self.groups, self.reference_group, self.behaviours
        )


class SeedFigures(_Record):
    seed: int
    metrics: dict[str, float | None]


class ScoreHistogram(_Record):
    bins: list[int] = Field(min_length=2)
    """Bin edges: scores from bins[i] up to (not including) bins[i+1]; the last bin includes
    its upper edge."""
    observed: list[float]
    """Citizens per bin on the last day, mean over seeds."""
    true: list[float]


class PopulationRecord(_Record):
    """A population run: one policy over one scenario for one or more seeds."""

    schema_version: Literal[3] = 3
    kind: Literal["population"] = "population"
    generator: str
    """The package and version that wrote the record."""
    policy: PolicySummary
    scenario: PopulationScenario
    citizens: int
    days: int
    seeds: list[int] = Field(min_length=1)
    dimensions: RunDimensions
    series: list[str]
    """The counted columns of series.parquet (besides seed, day, date and the derived ones)."""
    metrics: dict[str, Estimate]
    """Every metric of the catalogue for this run's dimensions, over the seeds."""
    runs: list[SeedFigures]
    """Each seed's own figures."""
    score_histogram: ScoreHistogram

    @model_validator(mode="after")
    def _every_metric_of_the_catalogue(self) -> PopulationRecord:
        expected = CATALOGUE.metric_names(self.dimensions.catalogue())
        if list(self.metrics) != expected:
            missing = [m for m in expected if m not in self.metrics]
            extra = [m for m in self.metrics if m not in expected]
            raise ValueError(
                "metrics do not match the catalogue "
                f"(missing: {', '.join(missing[:5]) or 'none'}; unknown: "
                f"{', '.join(extra[:5]) or 'none'})"
            )
        if [r.seed for r in self.runs] != self.seeds:
            raise ValueError("runs must hold one entry per seed, in the order of seeds")
        for run in self.runs:
            if list(run.metrics) != expected:
                raise ValueError(f"the figures of seed {run.seed} do not match the catalogue")
        if len(self.score_histogram.bins) != len(SCORE_HISTOGRAM_BINS):
            raise ValueError("the score histogram has other bins than the catalogue's")
        return self


class ReputationRecord(_Record):
    """A reputation-game run: the simulated figures beside their analytic references."""

    schema_version: Literal[3] = 3
    kind: Literal["reputation-game"] = "reputation-game"
    generator: str
    scenario: ReputationScenario
    seed: int
    good_share: Estimate
    cooperation_rate: Estimate
    mean_payoff: Estimate
    analytic_good_share: float
    analytic_cooperation_rate: float
    exact_good_share: float
    exact_cooperation_rate: float
    expected_good_share: float
    """The exact expectation of the measured good share for this run: start-up transient and
    burn-in included, so the simulation's mean should sit within its interval of it."""
    expected_cooperation_rate: float
    series: list[float]
    series_rounds: list[int]


RunRecord = Annotated[PopulationRecord | ReputationRecord, Field(discriminator="kind")]
RUN_RECORD: TypeAdapter[PopulationRecord | ReputationRecord] = TypeAdapter(RunRecord)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of metrics.json, as published in docs/metrics.schema.json."""
    schema = RUN_RECORD.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"socialcredit run record (metrics.json), schema version {SCHEMA_VERSION}"
    return schema
