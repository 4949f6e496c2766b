"""Scenarios: the world of a simulation (its population and the behaviours people do, how they
are observed, how people respond), as one YAML file.

A scenario says nothing about the rules; those come from the policy, applied exactly as written.
What people do is the world's: a policy counts some of its behaviours and changes conduct only
through the responses the scenario declares.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from socialcredit.domain.allocation import MAX_MOVING_DISTRICTS, Allocation
from socialcredit.domain.calibration import Calibration, check_free
from socialcredit.domain.documents import Strict
from socialcredit.domain.drivers import MAX_PER_YEAR, Rehabilitation, YearlyIndex, check_drivers
from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.policy import Code
from socialcredit.domain.responses import Responses
from socialcredit.domain.strategy import Strategy
from socialcredit.limits import MAX_CITIZENS, MAX_DAYS

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Rate = Annotated[float, Field(ge=0.0, le=MAX_PER_YEAR)]


class Group(Strict):
    """A demographic group for fairness audits, with its own base rates and exposure."""

    name: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    """A name of letters, digits, _ and -, as used in figure names (`group.minority.citizens`)."""
    share: float = Field(gt=0.0, le=1.0)
    good_rate_multiplier: float = Field(default=1.0, ge=0.0, le=10.0)
    bad_rate_multiplier: float = Field(default=1.0, ge=0.0, le=10.0)
    exposure: float = Field(default=1.0, ge=0.0, le=10.0)
    """How much more of this group's conduct every source sees (cameras, policing, platforms)."""


class WorldBehaviour(Strict):
    """Something people do in this world, whether or not any policy counts it: where its
    evidence would come from, whether it is good or harmful, and how often."""

    category: Code
    """Where its evidence comes from (a policy's feeds of this category may see it)."""
    kind: Literal["good", "harmful"]
    """Good or harmful in truth, whatever points a policy gives it: true conduct figures
    (bad acts per 1,000 citizen-years) count every harmful act."""
    per_year: Rate
    """Acts per average citizen per year."""
    by_group: dict[str, Annotated[float, Field(ge=0.0, le=10.0)]] = Field(default_factory=dict)
    """Multipliers of `per_year` for named groups (1 for the others), on top of the group's own
    `good_rate_multiplier` or `bad_rate_multiplier`."""
    driver: str | None = Field(default=None, exclude_if=lambda v: v is None)
    """A yearly index of the scenario's `drivers` that moves `per_year` year by year (left out
    of the document when absent, so a behaviour without one hashes as before)."""

    @property
    def good(self) -> bool:
        return self.kind == "good"


class Propensity(Strict):
    """Each citizen's propensity per category is Beta(alpha, beta), rescaled to mean 1."""

    alpha: float = Field(default=2.0, gt=0.0, le=100.0)
    beta: float = Field(default=2.0, gt=0.0, le=100.0)


class ServiceDemand(Strict):
    """How often citizens try to use a service: tickets bought, applications made."""

    per_year: Rate
    """Attempts per citizen per year, whatever the citizen's standing."""
    by_group: dict[str, Annotated[float, Field(ge=0.0, le=10.0)]] = Field(default_factory=dict)
    """Multipliers of `per_year` for named groups (1 for the others)."""


class Households(Strict):
    """Who lives with whom: households of consecutive citizens of a district, one or two adults
    first (the first adult and, in a couple, the spouse), then the children."""

    sizes: list[Share] = Field(
        default_factory=lambda: [0.25, 0.3, 0.25, 0.2], min_length=1, max_length=12
    )
    """Shares of households with 1, 2, 3, … members; they add up to 1. The default (an
    illustration, not a reported figure) has 2.4 members on average."""
    spouse_share: Share = 0.7
    """Share of the households of two or more whose second member is the first's spouse; in
    the others one adult lives with the children."""

    @model_validator(mode="after")
    def _sizes_add_up(self) -> Households:
        total = sum(self.sizes)
        if abs(total - 1.0) > 1e-6:
            raise ScenarioError(
                f"household size shares must add up to 1 (they add up to {total:g})",
                field="population.households.sizes",
            )
        return self


class Population(Strict):
    citizens: int = Field(default=10_000, ge=10, le=MAX_CITIZENS)
    districts: int = Field(default=20, ge=1, le=100_000)
    days: int = Field(default=365, ge=1, le=MAX_DAYS)
    start: date = date(2026, 1, 1)
    consent_share: Share = 1.0
    """Share of citizens who consent to be scored (matters only when the policy requires it)."""
    groups: list[Group] = Field(
        default_factory=lambda: [Group(name="everyone", share=1.0)], min_length=1, max_length=100
    )
    reference_group: str | None = None
    """The group every other group is compared with in the disparity figures; by default the
    largest (the first of the largest, if several are as large)."""
    behaviours: dict[Code, WorldBehaviour] = Field(default_factory=dict)
    """Keyed by code: the behaviours people do and how often. A policy counts some of them by
    giving them points; the others still happen. A policy that names a behaviour missing here
    is refused."""
    propensity: Propensity = Field(default_factory=Propensity)
    demand: dict[str, ServiceDemand] = Field(default_factory=dict)
    """Keyed by service: how often citizens try to use it. A service not named has no demand
    (no attempts are counted); demand for a service the policy does not have is left out."""
    households: Households | None = None
    """Who lives with whom; without it every citizen lives alone."""

    @model_serializer(mode="wrap")
    def _households_unsaid(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A town without households is written as towns were before them, so it keeps its
        # hash (runs, harm cards and experiments record scenarios by hash).
        data: dict[str, Any] = handler(self)
        if self.households is None:
            data.pop("households", None)
        return data

    @model_validator(mode="after")
    def _groups_add_up(self) -> Population:
        # Errors name paths from the document root: a population is only read inside a scenario.
        total = sum(g.share for g in self.groups)
        if abs(total - 1.0) > 1e-6:
            raise ScenarioError(
                f"group shares must add up to 1 (they add up to {total:g})",
                field="population.groups",
            )
        names = [g.name for g in self.groups]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise ScenarioError(
                    f"group {name!r} is named twice", field=f"population.groups.{i}.name"
                )
        if self.reference_group is not None and self.reference_group not in names:
            raise ScenarioError(
                f"reference_group names {self.reference_group!r}; groups are {', '.join(names)}",
                field="population.reference_group",
            )
        for code, behaviour in self.behaviours.items():
            for group in behaviour.by_group:
                if group not in names:
                    raise ScenarioError(
                        f"behaviour {code} names group {group!r}; groups are {', '.join(names)}",
                        field=f"population.behaviours.{code}.by_group.{group}",
                    )
        for service, demand in self.demand.items():
            for group in demand.by_group:
                if group not in names:
                    raise ScenarioError(
                        f"demand for {service} names group {group!r}; groups are "
                        f"{', '.join(names)}",
                        field=f"population.demand.{service}.by_group.{group}",
                    )
        if self.districts > self.citizens:
            raise ScenarioError(
                f"there cannot be more districts ({self.districts}) than citizens "
                f"({self.citizens})",
                field="population.districts",
            )
        return self

    @property
    def reference(self) -> str:
        """The name of the reference group of the disparity figures."""
        if self.reference_group is not None:
            return self.reference_group
        largest = max(g.share for g in self.groups)
        return next(g.name for g in self.groups if g.share == largest)


class Ramp(Strict):
    """A feed that starts with part of its coverage and reaches all of it over `days` days (a
    register that courts or offices join one after another)."""

    start: Annotated[float, Field(gt=0.0, le=1.0)]
    """The share of `coverage` the feed has on day 0."""
    days: int = Field(ge=1, le=MAX_DAYS)
    """The day it reaches `coverage`; in between its share rises in a straight line."""


class FeedObservation(Strict):
    coverage: Share = 1.0
    """Share of true acts of the behaviours a feed may report that reach the feed."""
    false_positive_rate: Annotated[float, Field(ge=0.0, le=0.1)] = 0.0
    """Per citizen per day: chance that the feed records a negative act that never happened."""
    # Left out of the document when absent, so a scenario without one hashes as before.
    ramp: Ramp | None = Field(default=None, exclude_if=lambda v: v is None)
    """Coverage that grows from a share of `coverage` to all of it (none: all from day 0)."""


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
    # Left out of the document when fixed, so a scenario without it hashes as before.
    allocation: Allocation = Field(default_factory=Allocation, exclude_if=lambda v: not v.moving)
    """How collectors are shared out between districts (fixed: where their residents are)."""


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


class Disputes(Strict):
    """Which entries citizens dispute: only those they know of, and false ones more often."""

    false_entry: Share = 0.5
    """Chance that a citizen who knows of a false entry against them disputes it."""
    true_entry: Share = 0.05
    """Chance that a citizen who knows of a true entry against them disputes it."""
    aware_unnotified: Share = 0.1
    """Chance that a citizen learns of an entry the policy does not notify (they check their
    record, or meet it at a counter)."""


class AppealReview(Strict):
    """The body that decides disputes: how many people, how fast, and how well."""

    reviewers_per_1000: float = Field(default=0.1, ge=0.0, le=1000.0)
    """Reviewers per 1,000 residents."""
    reviews_per_reviewer_day: float = Field(default=5.0, ge=0.0, le=1000.0)
    catch_rate: Share = 0.8
    """Share of disputed false entries that review reverses."""
    wrong_reversal_rate: Share = 0.02
    """Share of disputed true entries that review reverses all the same."""


class Restoration(Strict):
    """How often listed citizens do the act that repairs their listing (where the policy has
    one), and how much the pressure of consequences and publicity raises it."""

    per_year: Rate = 0.5
    """Repair acts per listed citizen per year with no consequence in force."""
    per_detriment: float = Field(default=0.5, ge=0.0, le=100.0)
    """Each service that restricts or denies the citizen raises the rate by this share."""
    publicity: float = Field(default=1.5, ge=1.0, le=10.0)
    """The rate is this many times higher when the list is published."""


class Redress(Strict):
    disputes: Disputes = Field(default_factory=Disputes)
    review: AppealReview = Field(default_factory=AppealReview)
    restoration: Restoration = Field(default_factory=Restoration)
    # The exits below are left out of the document when absent, so redress hashes as before.
    rehabilitation: Rehabilitation | None = Field(default=None, exclude_if=lambda v: v is None)
    """Credit restoration, where the policy's black list has it (none: nobody is restored)."""
    term_share: Share | None = Field(default=None, exclude_if=lambda v: v is None)
    """Share of black listings whose finding carries the policy's fixed term (`term_days`);
    the others last until repaired or restored (none: every listing carries it)."""


class PopulationScenario(Strict):
    kind: Literal["population"] = "population"
    name: str = Field(min_length=1, max_length=64)
    description: str = ""
    population: Population = Field(default_factory=Population)
    observation: Observation = Field(default_factory=Observation)
    behaviour: Responses = Field(default_factory=Responses)
    redress: Redress = Field(default_factory=Redress)
    """How citizens dispute entries and repair listings, and how disputes are reviewed."""
    strategy: Strategy | None = Field(default=None, exclude_if=lambda v: v is None)
    """How citizens spend effort on their scores: improve, game, hide, withdraw
    (`domain.strategy`; left out of the document when absent, so a scenario without it hashes
    as before)."""
    drivers: dict[str, YearlyIndex] = Field(default_factory=dict, exclude_if=lambda v: not v)
    """Keyed by name: yearly indices that drive behaviours' rates (`domain.drivers`)."""
    calibration: Calibration | None = Field(default=None, exclude_if=lambda v: v is None)
    """Which rates a calibration may fit, with their prior ranges; runs do not read it (left out
    of the document when absent, so a scenario without one hashes as before)."""

    @model_validator(mode="after")
    def _bias_names_a_group(self) -> PopulationScenario:
        bias = self.observation.collectors.bias
        names = [g.name for g in self.population.groups]
        if bias is not None and bias.group not in names:
            raise ScenarioError(
                f"collector bias names group {bias.group!r}; groups are {', '.join(names)}",
                field="observation.collectors.bias.group",
            )
        return self

    @model_validator(mode="after")
    def _strategy_names_the_world(self) -> PopulationScenario:
        strategy, pop = self.strategy, self.population
        if strategy is None:
            return self
        for i, code in enumerate(strategy.gameable):
            behaviour = pop.behaviours.get(code)
            if behaviour is None or not behaviour.good:
                what = "is not a behaviour of the world" if behaviour is None else "is harmful"
                raise ScenarioError(
                    f"gameable behaviour {code!r} {what}; only good deeds can be done for show",
                    field=f"strategy.gameable.{i}",
                )
        categories = {b.category for b in pop.behaviours.values()}
        for i, code in enumerate(strategy.withdrawable):
            if code not in categories:
                raise ScenarioError(
                    f"withdrawable category {code!r} has no behaviour in the world; "
                    f"categories are {', '.join(sorted(categories))}",
                    field=f"strategy.withdrawable.{i}",
                )
        names = [g.name for g in pop.groups]
        for group in strategy.by_group:
            if group not in names:
                raise ScenarioError(
                    f"strategy costs name group {group!r}; groups are {', '.join(names)}",
                    field=f"strategy.by_group.{group}",
                )
        return self

    @model_validator(mode="after")
    def _moving_collectors_have_few_districts(self) -> PopulationScenario:
        if self.observation.collectors.allocation.moving and (
            self.population.districts > MAX_MOVING_DISTRICTS
        ):
            raise ScenarioError(
                f"collectors that move allow at most {MAX_MOVING_DISTRICTS} districts "
                f"(there are {self.population.districts})",
                field="observation.collectors.allocation.rule",
            )
        return self

    @model_validator(mode="after")
    def _drivers_cover_the_run(self) -> PopulationScenario:
        pop, drivers = self.population, self.drivers
        driven = {code: (b.driver, b.per_year) for code, b in pop.behaviours.items()}
        if (problem := check_drivers(driven, drivers, pop.start, pop.days)) is not None:
            raise ScenarioError(problem[1], field=problem[0])
        return self

    @model_validator(mode="after")
    def _free_rates_are_numbers_in_range(self) -> PopulationScenario:
        if self.calibration is None:
            return self
        problem = check_free(self, self.calibration)
        if problem is not None:
            i, message = problem
            raise ScenarioError(message, field=f"calibration.free.{i}.path")
        if self.calibration.national_population < self.population.citizens:
            raise ScenarioError(
                f"the national population ({self.calibration.national_population:,}) is smaller "
                f"than the scenario's {self.population.citizens:,} citizens",
                field="calibration.national_population",
            )
        return self
