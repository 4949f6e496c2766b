"""The experiment file (`kind: experiment`): policies and scenarios, the fields to vary, how to
sample them, the seeds and the outcomes.

```yaml
kind: experiment
name: collector-bias
policies: [none, default]              # shipped names or files
scenarios: [biased-collectors]
levers:                                # policy fields, varied in every policy but `none`
  - {path: policy.lists.black.enter.score_below, values: [800, 850, 900]}
uncertainties:                         # scenario fields, varied in every scenario
  - {path: scenario.observation.collectors.bias.factor, values: [1, 2, 4, 8]}
sampling: {method: grid}               # grid | latin | sobol | morris
seeds: 5
outcomes: [ever_wrongly_blacklisted_per_1000]
```

A factor gives either `values` (a list; any of them may be sampled) or `range: [low, high]` (a
continuous interval; a grid needs `levels` points across it). Sampled methods (`latin`,
`sobol`, `morris`) take `samples`: points for `latin`, the base sample N for `sobol` (a power
of two; Saltelli's scheme makes N·(k+2) points of k factors) and trajectories for `morris`.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import Field, JsonValue, model_validator

from socialcredit.domain.documents import Strict
from socialcredit.domain.errors import ExperimentError
from socialcredit.limits import MAX_CITIZENS, MAX_DAYS, MAX_SEEDS

FieldPath = Annotated[
    str, Field(pattern=r"^(policy|scenario)(\.[A-Za-z0-9_+-]+)+$", max_length=300)
]
"""`policy.` or `scenario.` then field names, list items by their code or name."""

Method = Literal["grid", "latin", "sobol", "morris"]
SAMPLED: tuple[Method, ...] = ("latin", "sobol", "morris")
MAX_VARIANTS = 100_000


class Factor(Strict):
    """One field to vary: a lever (policy) or an uncertainty (scenario)."""

    path: FieldPath
    values: list[JsonValue] | None = Field(default=None, min_length=1, max_length=1000)
    range: tuple[int | float, int | float] | None = None
    """[low, high]. Values drawn or spread across it are whole numbers when both ends are
    written as whole numbers and the document holds a whole number there (a threshold), and
    real numbers otherwise (`[0.5, 8.0]`, or a coverage of `[0, 1]`)."""
    levels: int | None = Field(default=None, ge=2, le=1000)
    """Grid points across `range`, ends included."""

    @model_validator(mode="after")
    def _values_or_range(self) -> Factor:
        if (self.values is None) == (self.range is None):
            raise ValueError("give values or range, not both")
        if self.values is not None:
            seen = [json.dumps(v, sort_keys=True) for v in self.values]
            for i, v in enumerate(seen):
                if v in seen[:i]:
                    raise ValueError(f"value {i} repeats value {seen.index(v)}")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError("a range is [low, high] with low below high")
        if self.levels is not None and self.range is None:
            raise ValueError("levels spread a range; values are listed already")
        return self


class Sampling(Strict):
    method: Method = "grid"
    samples: int | None = Field(default=None, ge=1, le=MAX_VARIANTS)
    levels: int = Field(default=4, ge=2, le=100)
    """Morris: the number of grid levels of each factor."""
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    """Seed of the sampler (not of the runs)."""

    @model_validator(mode="after")
    def _samples_for_sampled_methods(self) -> Sampling:
        if self.method in SAMPLED and self.samples is None:
            raise ValueError(f"method {self.method!r} needs samples")
        if self.method == "grid" and self.samples is not None:
            raise ValueError("a grid takes every combination; samples is for latin, sobol, morris")
        if self.method == "sobol" and self.samples is not None:
            n = self.samples
            if n & (n - 1):
                raise ValueError(f"sobol samples must be a power of two (not {n})")
        return self


class Reference(Strict):
    """The variant others are compared with: the first with this policy and scenario."""

    policy: str | None = None
    scenario: str | None = None


class VariantSpec(Strict):
    """One variant spelt out, as the resolved experiment lists it."""

    id: str = Field(pattern=r"^v[0-9]+$")
    policy: str
    scenario: str
    values: dict[FieldPath, JsonValue] = Field(default_factory=dict)
    point: int | None = None
    """The design point it comes from (for sensitivity analysis), if any."""
    policy_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The variant's policy with its levers set; for an invalid variant, which has none, the
    policy document it was made from."""
    scenario_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    invalid: bool = Field(default=False, exclude_if=lambda v: not v)
    """Its rulebook cannot mean what it says, so it is not run (left out when false)."""


Seeds = (
    Annotated[int, Field(ge=1, le=MAX_SEEDS)]
    | Annotated[
        list[Annotated[int, Field(ge=0, le=2**63 - 1)]], Field(min_length=1, max_length=MAX_SEEDS)
    ]
)


class Experiment(Strict):
    kind: Literal["experiment"]
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
    description: str = ""
    policies: list[str] = Field(min_length=1, max_length=100)
    scenarios: list[str] = Field(min_length=1, max_length=100)
    levers: list[Factor] = Field(default_factory=list)
    uncertainties: list[Factor] = Field(default_factory=list)
    sampling: Sampling = Field(default_factory=Sampling)
    seeds: Seeds = 5
    """A count (seeds 0 … K−1) or the seeds themselves."""
    citizens: int | None = Field(default=None, ge=10, le=MAX_CITIZENS)
    days: int | None = Field(default=None, ge=1, le=MAX_DAYS)
    outcomes: list[str] = Field(default_factory=list)
    """Catalogue metric names to analyse; empty: the frontier's benefit and prices."""
    reference: Reference | None = None
    # Left out of the document when on (the default), so an experiment written before it
    # existed resolves to the same text and still resumes.
    response_range: bool = Field(default=True, exclude_if=lambda v: v)
    """Also run each scoring variant at the weakest and strongest ends of its scenario's
    response ranges (`experiment.ends`), and show the benefit over the range."""
    variants: list[VariantSpec] | None = None
    """Spelt out by the resolved experiment (`experiment.yaml` of a run); when given, the
    levers, uncertainties and sampling only say where the variants came from."""
    generator: str | None = None
    """The package that resolved the experiment, when it is a resolved one."""

    @model_validator(mode="after")
    def _paths(self) -> Experiment:
        for name, factors, root in (
            ("levers", self.levers, "policy."),
            ("uncertainties", self.uncertainties, "scenario."),
        ):
            for i, factor in enumerate(factors):
                if not factor.path.startswith(root):
                    kind = "policy" if root == "policy." else "scenario"
                    raise_at(f"{name}.{i}.path", f"{name} are {kind} fields: start with {root}")
        paths = [f.path for f in self.factors]
        for i, path in enumerate(paths):
            if path in paths[:i]:
                raise_at(self.factor_field(i) + ".path", f"{path} is varied twice")
        if isinstance(self.seeds, list) and len(set(self.seeds)) != len(self.seeds):
            raise_at("seeds", "a seed is listed twice")
        for name, refs in (("policies", self.policies), ("scenarios", self.scenarios)):
            for i, ref in enumerate(refs):
                if ref in refs[:i]:
                    raise_at(f"{name}.{i}", f"{ref} is listed twice")
        if self.sampling.method in SAMPLED and not self.factors and self.variants is None:
            raise_at(
                "sampling.method",
                f"{self.sampling.method} sampling needs a lever or an uncertainty to vary",
            )
        return self

    @property
    def factors(self) -> list[Factor]:
        return [*self.levers, *self.uncertainties]

    def factor_field(self, i: int) -> str:
        """The dotted field of factor `i` of `factors`."""
        n = len(self.levers)
        return f"levers.{i}" if i < n else f"uncertainties.{i - n}"

    @property
    def seed_list(self) -> list[int]:
        return list(range(self.seeds)) if isinstance(self.seeds, int) else list(self.seeds)


def raise_at(field: str, message: str) -> None:
    raise ExperimentError(message, field=field)
