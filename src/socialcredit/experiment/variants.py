"""The variants of an experiment, as data: each variant's policy and scenario with the design's
values set, and the experiment spelt out with them (`Resolved`). How a file becomes these is
`experiment.resolution`.

Levers are set in every policy but the counterfactual (`none`, which has nothing to vary);
uncertainties in every scenario. The counterfactual runs once per scenario and set of
uncertainty values, so every variant has its no-scoring twin on the same population and seeds.

A variant whose levers make its rulebook contradict itself (`IncoherentPolicyError`: a black list
entered above its exit, say) is an `InvalidVariant`: it keeps its id and place, is not run, and
the tables and the report say why; analyses see only the variants that run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit import __version__
from socialcredit.domain.errors import IncoherentPolicyError
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_checks import PolicyWarning
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import Shared, common
from socialcredit.experiment.document import Experiment, Factor, VariantSpec

COUNTERFACTUAL = "none"
"""The policy name of the no-scoring counterfactual."""


@dataclass(frozen=True)
class Base:
    """A policy or scenario as the experiment names it, read and parsed."""

    ref: str
    """As stored in the resolved experiment: a shipped name or the file's absolute path."""
    file: str
    data: dict[str, Any]
    lines: dict[Any, int]


@dataclass(frozen=True)
class Variant:
    id: str
    policy_ref: str
    scenario_ref: str
    policy: Policy
    scenario: PopulationScenario
    values: dict[str, Any]
    point: int | None

    @property
    def counterfactual(self) -> bool:
        return self.policy.name == COUNTERFACTUAL

    @property
    def policy_name(self) -> str:
        return self.policy.name

    @property
    def scenario_hash(self) -> str:
        return document_hash(self.scenario.model_dump(mode="json"))


@dataclass(frozen=True)
class InvalidVariant:
    """A variant whose rulebook, with its levers set, cannot mean what it says: not run."""

    id: str
    policy_ref: str
    scenario_ref: str
    policy_name: str
    scenario: PopulationScenario
    values: dict[str, Any]
    point: int | None
    error: IncoherentPolicyError
    policy_hash: str
    """The policy document it was made from (it has no policy with its levers set): a changed
    file is refused when the experiment is read again, as for a variant that runs."""

    @property
    def rule(self) -> str:
        """The id of the check the rulebook fails (`domain.policy_checks`)."""
        return self.error.rule

    @property
    def reason(self) -> str:
        """Why it is not run, in one line: the field and the check's message and id."""
        where = f"{self.error.field}: " if self.error.field else ""
        return f"{where}{self.error.message} [{self.error.rule}]"

    @property
    def scenario_hash(self) -> str:
        return document_hash(self.scenario.model_dump(mode="json"))


def _number(variant: Variant | InvalidVariant) -> int:
    return int(variant.id.removeprefix("v"))


@dataclass(frozen=True)
class Resolved:
    """An experiment spelt out: every variant, the seeds, the outcomes, the reference."""

    experiment: Experiment
    file: str
    variants: list[Variant]
    """The variants that run (every analysis reads these alone)."""
    seeds: list[int]
    outcomes: list[str]
    reference: int
    unit: npt.NDArray[np.float64] | None
    """The sampled design in the unit cube (row = design point), for sensitivity analysis."""
    short: dict[str, str] = field(default_factory=dict)
    """Each varied path's shortest unambiguous name, for labels."""
    invalid: list[InvalidVariant] = field(default_factory=list)
    """The variants not run, their rulebooks being invalid."""
    warnings: list[PolicyWarning] = field(default_factory=list)
    """The warnings of the policies as their files have them (before any lever is set)."""

    @property
    def factors(self) -> list[Factor]:
        return self.experiment.factors

    @property
    def every_variant(self) -> list[Variant | InvalidVariant]:
        """Every variant, run or not, in the order of their ids."""
        return sorted([*self.variants, *self.invalid], key=_number)

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.factors] or sorted(
            {p for v in self.every_variant for p in v.values}
        )

    def invalid_by_rule(self) -> dict[str, list[InvalidVariant]]:
        """The variants not run, grouped by the check their rulebook fails, in order."""
        out: dict[str, list[InvalidVariant]] = {}
        for v in self.invalid:
            out.setdefault(v.rule, []).append(v)
        return out

    def sharing(self) -> dict[str, Shared]:
        """Per scenario (by name), what all its variants that run share on a seed."""
        by_scenario: dict[str, list[PopulationScenario]] = {}
        for v in self.variants:
            by_scenario.setdefault(v.scenario.name, []).append(v.scenario)
        return {name: common(scenarios) for name, scenarios in by_scenario.items()}

    def label(self, variant: Variant | InvalidVariant) -> str:
        parts = [f"{variant.policy_name} × {variant.scenario.name}"]
        parts += [f"{self.short.get(p, p)}={show_value(v)}" for p, v in variant.values.items()]
        return ", ".join(parts)

    def document(self) -> dict[str, Any]:
        """The resolved experiment, as `experiment.yaml` holds it: it reruns exactly."""
        doc = self.experiment.model_dump(mode="json", exclude={"variants", "generator"})
        doc["policies"] = list(dict.fromkeys(v.policy_ref for v in self.every_variant))
        doc["scenarios"] = list(dict.fromkeys(v.scenario_ref for v in self.every_variant))
        doc["generator"] = f"socialcredit {__version__}"
        doc["seeds"] = self.seeds
        doc["outcomes"] = self.outcomes
        doc["variants"] = [
            VariantSpec(
                id=v.id,
                policy=v.policy_ref,
                scenario=v.scenario_ref,
                values=v.values,
                point=v.point,
                policy_hash=v.policy.hash if isinstance(v, Variant) else v.policy_hash,
                scenario_hash=v.scenario_hash,
                invalid=isinstance(v, InvalidVariant),
            ).model_dump(mode="json")
            for v in self.every_variant
        ]
        return doc


def show_value(value: Any) -> str:
    """A factor value as labels and tables show it: 0.5, on, (group=minority factor=3)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return "(" + " ".join(f"{k}={show_value(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list):
        return "[" + ",".join(show_value(v) for v in value) + "]"
    return str(value)


def document_hash(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_names(paths: list[str]) -> dict[str, str]:
    """Each path's shortest tail of parts that no other path ends with."""
    out = {}
    for path in paths:
        parts = path.split(".")
        for k in range(1, len(parts) + 1):
            tail = ".".join(parts[-k:])
            if not any(o != path and (o == tail or o.endswith("." + tail)) for o in paths):
                out[path] = tail
                break
        else:
            out[path] = path
    return out
