"""Scenarios: the population, observation and behaviour models of a simulation, as one YAML file.

A scenario says nothing about the rules; those come from the policy, applied exactly as written.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from socialcredit.domain.documents import parse_document, validate_document
from socialcredit.domain.errors import ScenarioError

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Rate = Annotated[float, Field(ge=0.0, le=365.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(Strict):
    """A demographic group for fairness audits, with its own base rates and exposure."""

    name: str = Field(min_length=1, max_length=32)
    share: Share
    good_rate_multiplier: float = Field(default=1.0, ge=0.0, le=10.0)
    bad_rate_multiplier: float = Field(default=1.0, ge=0.0, le=10.0)
    exposure: float = Field(default=1.0, ge=0.0, le=10.0)
    """How much more of this group's conduct every source sees (cameras, policing, platforms)."""


class Conduct(Strict):
    """How often an average citizen does good and bad acts of one category, per year."""

    good_per_year: Rate = 0.0
    bad_per_year: Rate = 0.0


class Propensity(Strict):
    """Each citizen's propensity per category is Beta(alpha, beta), rescaled to mean 1."""

    alpha: float = Field(default=2.0, gt=0.0, le=100.0)
    beta: float = Field(default=2.0, gt=0.0, le=100.0)


class Population(Strict):
    citizens: int = Field(default=10_000, ge=10, le=100_000_000)
    districts: int = Field(default=20, ge=1, le=100_000)
    days: int = Field(default=365, ge=1, le=3650)
    start: date = date(2026, 1, 1)
    consent_share: Share = 1.0
    """Share of citizens who consent to be scored (matters only when the policy requires it)."""
    groups: list[Group] = Field(default_factory=lambda: [Group(name="everyone", share=1.0)])
    conduct: dict[str, Conduct] = Field(default_factory=dict)
    """Keyed by behaviour category. Acts of a category split over its behaviours in proportion
    to 1/|points|, so serious acts are rarer, unless `behaviour_rates` names the behaviour."""
    behaviour_rates: dict[str, Rate] = Field(default_factory=dict)
    """Acts per average citizen per year for named behaviours, overriding the category split."""
    propensity: Propensity = Field(default_factory=Propensity)

    @model_validator(mode="after")
    def _groups_add_up(self) -> Population:
        total = sum(g.share for g in self.groups)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"group shares must add up to 1 (they add up to {total:g})")
        names = [g.name for g in self.groups]
        if len(set(names)) != len(names):
            raise ValueError("group names must be unique")
        if self.districts > self.citizens:
            raise ValueError("there cannot be more districts than citizens")
        return self


class FeedObservation(Strict):
    coverage: Share = 1.0
    """Share of true acts of the behaviours a feed may report that reach the feed."""
    false_positive_rate: Annotated[float, Field(ge=0.0, le=0.1)] = 0.0
    """Per citizen per day: chance that the feed records a negative act that never happened."""


class Bias(Strict):
    group: str
    factor: float = Field(ge=0.0, le=100.0)
    """Collectors see this group's bad acts, and pick its members for false reports, `factor`
    times as often as others'; its good acts they see no more often than anyone's."""


class CollectorObservation(Strict):
    per_1000: float = Field(default=2.0, ge=0.0, le=1000.0)
    """Collectors per 1,000 residents in every district."""
    coverage: Share = 0.1
    """Chance that one collector per 1,000 residents sees a given act; k per 1,000 see it with
    chance 1 - (1 - coverage)^k."""
    false_report_rate: Annotated[float, Field(ge=0.0, le=100.0)] = 0.0
    """False reports per honest collector per day (mistaken identity, hearsay)."""
    bias: Bias | None = None
    malicious_share: Share = 0.0
    """Share of collectors who invent reports against a few residents they hold a grudge with."""
    malicious_targets: int = Field(default=3, ge=1, le=1000)
    malicious_reports_per_day: float = Field(default=0.5, ge=0.0, le=100.0)


class Review(Strict):
    """What a reviewer does when the policy requires review of collectors' reports."""

    catch_rate: Share = 0.7
    """Share of false reports that review rejects."""
    false_rejection_rate: Share = 0.02
    """Share of true reports that review rejects."""


class Observation(Strict):
    feeds: dict[str, FeedObservation] = Field(default_factory=dict)
    """Keyed by feed category; a category not named is seen fully and without false records."""
    collectors: CollectorObservation = Field(default_factory=CollectorObservation)
    review: Review = Field(default_factory=Review)


class GiveUp(Strict):
    share: Share = 0.0
    """Share of citizens who, once listed, give up rather than mend their ways."""
    good_multiplier: float = Field(default=0.5, ge=0.0, le=10.0)
    bad_multiplier: float = Field(default=1.5, ge=0.0, le=10.0)


class Responses(Strict):
    """How people respond to the system. With everything at 0, propensities stay fixed."""

    pride: float = Field(default=0.0, ge=0.0, le=10.0)
    """Good acts rise by this share for citizens above the base score."""
    shame: Share = 0.0
    """Bad acts fall by this share for citizens below the base score (on watch)."""
    deterrence: Share = 0.0
    """Bad acts fall by this share for blacklisted citizens who do not give up."""
    publicity: float = Field(default=1.0, ge=1.0, le=10.0)
    """Deterrence and giving up are this many times stronger when the list is published."""
    give_up: GiveUp = Field(default_factory=GiveUp)

    @property
    def off(self) -> bool:
        return (
            self.pride == 0.0
            and self.shame == 0.0
            and self.deterrence == 0.0
            and self.give_up.share == 0.0
        )


class PopulationScenario(Strict):
    kind: Literal["population"] = "population"
    name: str = Field(min_length=1, max_length=64)
    description: str = ""
    population: Population = Field(default_factory=Population)
    observation: Observation = Field(default_factory=Observation)
    behaviour: Responses = Field(default_factory=Responses)

    @model_validator(mode="after")
    def _bias_names_a_group(self) -> PopulationScenario:
        bias = self.observation.collectors.bias
        names = [g.name for g in self.population.groups]
        if bias is not None and bias.group not in names:
            raise ValueError(
                f"collector bias names group {bias.group!r}; groups are {', '.join(names)}"
            )
        return self


SHIPPED = (
    "baseline",
    "heavy-surveillance",
    "biased-collectors",
    "malicious-collectors",
    "reputation-game",
)


def _read(name_or_path: str | Path) -> tuple[str, str]:
    if isinstance(name_or_path, str) and name_or_path in SHIPPED:
        files = resources.files("socialcredit.scenarios")
        return files.joinpath(f"{name_or_path}.yaml").read_text(
            encoding="utf-8"
        ), f"{name_or_path}.yaml"
    path = Path(name_or_path)
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise ScenarioError(
            f"no such scenario file, and not a shipped scenario ({', '.join(SHIPPED)})",
            file=str(path),
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the scenario: {exc}", file=str(path)) from None


def scenario_kind(text: str, *, file: str) -> str:
    data, _ = parse_document(text, file=file, error=ScenarioError)
    kind = data.get("kind", "population")
    if kind not in ("population", "reputation-game"):
        raise ScenarioError(
            f"unknown kind {kind!r} (population, reputation-game)", file=file, field="kind", line=1
        )
    return str(kind)


def load_scenario_text(name_or_path: str | Path) -> tuple[str, str, str]:
    """(kind, text, file) of a shipped scenario by name or a scenario file by path."""
    text, file = _read(name_or_path)
    return scenario_kind(text, file=file), text, file


def load_population_scenario(name_or_path: str | Path) -> PopulationScenario:
    kind, text, file = load_scenario_text(name_or_path)
    if kind != "population":
        raise ScenarioError(f"this is a {kind} scenario, not a population one", file=file)
    return validate_document(PopulationScenario, text, file=file, error=ScenarioError)
