"""Loading a scenario, by shipped name or by path, as the model of its kind: a population
scenario for the engine or a reputation-game scenario."""

from __future__ import annotations

from pathlib import Path

from socialcredit.domain.documents import parse_document, refuse_other_kind, validate_document
from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.inputs.loading import Document, read_document
from socialcredit.reputation import ReputationScenario

Scenario = PopulationScenario | ReputationScenario


def scenario_kind(doc: Document) -> str:
    data, lines = parse_document(doc.text, file=doc.file, error=ScenarioError)
    refuse_other_kind(data, "scenario", file=doc.file, error=ScenarioError)
    kind = data.get("kind", "population")
    if kind not in ("population", "reputation-game"):
        raise ScenarioError(
            f"unknown kind {kind!r} (population, reputation-game)",
            file=doc.file,
            field="kind",
            line=lines.get(("kind",), 1),
        )
    return str(kind)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A shipped scenario by name or a scenario file, of either kind."""
    doc = read_document("scenario", name_or_path)
    if scenario_kind(doc) == "reputation-game":
        return validate_document(ReputationScenario, doc.text, file=doc.file, error=ScenarioError)
    return validate_document(PopulationScenario, doc.text, file=doc.file, error=ScenarioError)


def load_population_scenario(name_or_path: str | Path) -> PopulationScenario:
    scenario = load_scenario(name_or_path)
    if not isinstance(scenario, PopulationScenario):
        file = scenario.origin.file if scenario.origin else str(name_or_path)
        raise ScenarioError(
            "this is a reputation-game scenario, not a population one", file=file, field="kind"
        )
    return scenario
