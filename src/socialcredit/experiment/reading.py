"""Reading what an experiment names: the experiment file itself, and each policy and scenario it
refers to (shipped by name or a file beside it), parsed once and validated again for every set
of values a variant gives. Errors name the experiment file's line and field (`Locator`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socialcredit.domain.documents import line_of, parse_document, refuse_other_kind, validate_data
from socialcredit.domain.errors import ExperimentError, LocatedError, PolicyError, ScenarioError
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.experiment.document import Experiment
from socialcredit.experiment.paths import (
    set_values,
)
from socialcredit.experiment.variants import (
    Base,
)
from socialcredit.inputs import SHIPPED_POLICIES, SHIPPED_SCENARIOS
from socialcredit.inputs.loading import read_document, read_file
from socialcredit.inputs.scenarios import scenario_kind


class Locator:
    """Where in the experiment file an error belongs."""

    def __init__(self, file: str, lines: dict[Any, int]) -> None:
        self.file = file
        self.lines = lines

    def error(self, field: str, message: str) -> ExperimentError:
        path = tuple(int(p) if p.isdigit() else p for p in field.split("."))
        return ExperimentError(message, field=field, file=self.file, line=line_of(self.lines, path))


def read_base(kind: str, ref: str, base_dir: Path, where: Locator, field: str) -> Base:
    shipped = SHIPPED_POLICIES if kind == "policy" else SHIPPED_SCENARIOS
    if ref in shipped:
        doc = read_document(kind, ref)  # type: ignore[arg-type]
        stored = ref
    else:
        path = Path(ref)
        if not path.is_absolute():
            path = base_dir / path
        if not path.exists():
            raise where.error(
                field,
                f"no such {kind} file {str(path)!r}, and not a shipped {kind} "
                f"({', '.join(shipped)})",
            )
        doc = read_document(kind, path)  # type: ignore[arg-type]
        stored = str(path.resolve())
    error = PolicyError if kind == "policy" else ScenarioError
    if kind == "scenario" and scenario_kind(doc) != "population":
        raise where.error(
            field, f"{doc.file} is a reputation-game scenario; experiments run population scenarios"
        )
    data, lines = parse_document(doc.text, file=doc.file, error=error)
    return Base(stored, doc.file, data, lines)


def validate_policy(base: Base, values: dict[str, Any]) -> Policy:
    data = set_values(base.data, values) if values else base.data
    return validate_data(Policy, data, file=base.file, lines=base.lines, error=PolicyError)


RESPONSE = "scenario.behaviour."
"""Where an experiment's paths name a response of the scenario."""


def validate_scenario(
    base: Base, values: dict[str, Any], size: dict[str, Any]
) -> PopulationScenario:
    doc = set_values(base.data, {**size, **values}) if (values or size) else base.data
    # A response the experiment sets is the experiment's to set, even outside the plausible
    # range the scenario gives it: that range no longer applies (and the ends leave it out).
    varied = {p.removeprefix(RESPONSE) for p in values if p.startswith(RESPONSE)}
    behaviour = doc.get("behaviour")
    if varied and isinstance(behaviour, dict) and isinstance(behaviour.get("ranges"), dict):
        kept = {k: v for k, v in behaviour["ranges"].items() if k not in varied}
        doc = {**doc, "behaviour": {**behaviour, "ranges": kept}}
    if "scenario.population.citizens" in size:
        pop = doc["population"]
        if isinstance(pop, dict) and isinstance(pop.get("districts"), int):
            pop["districts"] = min(pop["districts"], size["scenario.population.citizens"])
    return validate_data(
        PopulationScenario, doc, file=base.file, lines=base.lines, error=ScenarioError
    )


def invalid_because(exc: LocatedError, what: str) -> str:
    where = f"{exc.field}: " if exc.field else ""
    return f"{what} makes {exc.file or 'the document'} invalid ({where}{exc.message})"


def load_experiment(path: Path) -> tuple[Experiment, str, dict[Any, int]]:
    """Read and validate an experiment file; errors name its line and field."""
    doc = read_file(path, "experiment", ExperimentError)
    data, lines = parse_document(doc.text, file=doc.file, error=ExperimentError)
    refuse_other_kind(data, "experiment", file=doc.file, error=ExperimentError)
    if data.get("kind") != "experiment":
        raise ExperimentError(
            f"kind is {data.get('kind')!r}; an experiment file says kind: experiment",
            file=doc.file,
            field="kind",
            line=lines.get(("kind",), 1),
        )
    experiment = validate_data(Experiment, data, file=doc.file, lines=lines, error=ExperimentError)
    return experiment, doc.file, lines
