"""The run record, `metrics.json`, as a versioned schema.

A record holds the metrics of the catalogue that wrote it, spelt out over the run's dimensions.
The catalogue grows and changes after a record is written, so a record is read against the
catalogue of the lab reading it: a metric that catalogue declares and the record lacks is not
recorded in this run (the pages and tables say so, JSON gives null), and a metric the record
holds that the catalogue no longer declares is kept in the record and shown nowhere, since
nothing says any more how to label or read it. A metric's name therefore never changes meaning:
one whose formula comes to count something else takes a new name, and a name once used is never
given to another figure. Labels, units and descriptions are read from the catalogue, never stored.

`SCHEMA_VERSION` counts changes in the meaning or shape of the fields a record stores: a field
added, removed, renamed or read differently, in the record or in what it embeds (the scenario,
the policy summary and its footprint, the dimensions, an estimate, the score histogram's bins).
A metric added to or removed from the catalogue does not change it. A reader reads records of
its own version; an older one is refused with the reason it cannot be read (`OLDER_VERSIONS`:
version 1 is every record written before the metric catalogue, which carries no
`schema_version`; version 2 had no world behaviours, its acts split over the policy's behaviours),
and a newer one with one line saying to upgrade. A change that bumps the version either writes
a migration from the version before or adds that version to `OLDER_VERSIONS`.
`docs/run-records.md` says the same for users. `docs/metrics.schema.json` is the JSON Schema of
`RunRecord`, and a test keeps it equal to what this module generates.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from socialcredit.domain.catalogue import SCORE_HISTOGRAM_BINS, Dimensions
from socialcredit.domain.footprint import Footprint
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.reputation import ReputationScenario

SCHEMA_VERSION = 3

OLDER_VERSIONS: dict[int, str] = {
    1: "it was written before the metric catalogue",
    2: "it was written before the world's behaviours, with acts split over the policy's",
}
"""Each version this lab no longer reads, and why."""


def version_refusal(version: object) -> str | None:
    """Why a record of schema version `version` cannot be read, or None if it can."""
    if isinstance(version, bool) or not isinstance(version, int):
        return f"schema_version {version!r} is not a version number"
    if version > SCHEMA_VERSION:
        return (
            f"schema_version {version} is newer than this socialcredit reads "
            f"({SCHEMA_VERSION}): upgrade socialcredit to read it"
        )
    if version < SCHEMA_VERSION:
        why = OLDER_VERSIONS.get(version, "no such version was ever written")
        return (
            f"schema_version {version} is older than this socialcredit reads "
            f"({SCHEMA_VERSION}), and {why}: run the simulation again"
        )
    return None


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
    """Every metric of the writer's catalogue for this run's dimensions, over the seeds."""
    runs: list[SeedFigures]
    """Each seed's own figures."""
    score_histogram: ScoreHistogram

    @model_validator(mode="after")
    def _figures_of_one_catalogue(self) -> PopulationRecord:
        # Not checked against the reading catalogue: a record keeps the metrics of the
        # catalogue that wrote it (see the module's docstring).
        if [r.seed for r in self.runs] != self.seeds:
            raise ValueError("runs must hold one entry per seed, in the order of seeds")
        for run in self.runs:
            if list(run.metrics) != list(self.metrics):
                raise ValueError(
                    f"the figures of seed {run.seed} are of other metrics than the record's"
                )
        if len(self.score_histogram.bins) != len(SCORE_HISTOGRAM_BINS):
            raise ValueError("the score histogram has other bins than the catalogue's")
        return self

    def recorded(self, name: str) -> bool:
        """Whether the record holds metric `name` (a later catalogue may declare more)."""
        return name in self.metrics


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
