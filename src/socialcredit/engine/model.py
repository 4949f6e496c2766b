"""A policy and a scenario compiled into the plans each stage of the simulator steps with.

Here the scenario meets the policy. The scenario's world says what people do and how often (the
act streams, numbered in the world's order, whatever the policy); the policy says which of those
behaviours it names and counts (`World.declared` maps the world's numbers to the policy's),
which feeds see them and how well, which acts collectors may report, and what the ledger, the
lists and the tally must apply; the scenario says how people respond. Each stage gets its own
plan and nothing else: no stage reads the policy or the scenario. A policy naming a behaviour
the world lacks, and a scenario naming a feed category the policy lacks, are refused here,
naming the field (and its line, when the document was read from a file).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from socialcredit.domain.lists import listing_behaviours
from socialcredit.domain.policy import Lists, Policy
from socialcredit.domain.scenario import FeedObservation, PopulationScenario, Ramp
from socialcredit.domain.scenario_references import check_names, dimensions
from socialcredit.domain.scoring import PolicyArrays
from socialcredit.engine.demand import DemandPlan, demand_plan
from socialcredit.engine.drivers import DriverPlan, driver_plan
from socialcredit.engine.households import HouseholdPlan, household_plan
from socialcredit.engine.redress import RedressPlan, redress_plan
from socialcredit.engine.responses import ResponsePlan, response_plan
from socialcredit.engine.strategy import StrategyPlan, strategy_plan
from socialcredit.engine.tally import Tally, build_tally
from socialcredit.engine.world import ActStream, World, act_streams, world_of

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PopulationPlan:
    citizens: int
    districts: int
    group_shares: F64
    consent_share: float
    propensity_alpha: float
    propensity_beta: float
    streams: tuple[str, ...]
    """Names of the act streams, one propensity per citizen each."""
    collectors_per_1000: float
    malicious_share: float
    malicious_targets: int
    households: HouseholdPlan | None = None


@dataclass(frozen=True)
class ConductPlan:
    streams: tuple[ActStream, ...]
    responses: ResponsePlan


@dataclass(frozen=True)
class FeedPlan:
    code: str
    trusted: bool
    sensitive: bool
    """The feed's category is sensitive (health, dating, or marked so)."""
    reports: Mask
    """Per behaviour: the feed may report it (whether or not the behaviour counts)."""
    coverage: float
    false_positive_rate: float
    false_behaviours: I32
    """Negative behaviours the feed reports that count: what its false records claim."""
    false_weights: F64
    ramp: Ramp | None = None


@dataclass(frozen=True)
class AllocationPlan:
    rule: Literal["fixed", "proportional", "max"] = "fixed"
    period_days: int = 7
    correction: bool = False
    coverage: float = 0.0
    """Chance that one collector per 1,000 residents sees an act (what the correction reads)."""

    @property
    def moving(self) -> bool:
        return self.rule != "fixed"


@dataclass(frozen=True)
class CollectorPlan:
    reportable: Mask
    """Per behaviour: collectors may report it and it counts."""
    coverage: float
    per_1000: float
    false_report_rate: float
    bias: F64
    """Per group: how much more often collectors see its bad acts and pick it for false ones."""
    malicious_reports_per_day: float
    malicious_targets: int
    daily_limit: int
    review_required: bool
    false_behaviours: I32
    false_weights: F64
    allocation: AllocationPlan = AllocationPlan()
    """How collectors are shared out between districts (`engine.deployment`)."""


@dataclass(frozen=True)
class ObservationPlan:
    counts: Mask
    """Per behaviour: the policy can produce entries for it."""
    good: Mask
    """Per behaviour: a good deed (positive points)."""
    exposure: F64
    """Per group: how much more of its conduct every source sees."""
    feeds: tuple[FeedPlan, ...]
    collectors: CollectorPlan
    catch_rate: float
    false_rejection_rate: float


@dataclass(frozen=True)
class LedgerPlan:
    arrays: PolicyArrays
    base_score: int
    consent_required: bool
    start: date


@dataclass(frozen=True)
class ListPlan:
    rules: Lists
    consent_required: bool
    listing_black: Mask
    listing_red: Mask


@dataclass(frozen=True)
class Model:
    world: World
    population: PopulationPlan
    conduct: ConductPlan
    observation: ObservationPlan
    ledger: LedgerPlan
    lists: ListPlan
    tally: Tally
    demand: DemandPlan
    redress: RedressPlan
    days: int
    groups: tuple[str, ...]
    services: tuple[str, ...]
    districts: tuple[str, ...] = ()
    """The districts a run counts figures of: named only where collectors move."""
    drivers: DriverPlan | None = None
    """How dated drivers move behaviours' rates (None: no behaviour has a driver)."""
    strategy: StrategyPlan | None = None
    """How citizens spend effort on their scores (None: strategic effort is off)."""


def _severity_weights(policy: Policy, behaviours: list[int]) -> F64:
    w = np.array([1.0 / abs(policy.behaviours[b].points) for b in behaviours], dtype=np.float64)
    out: F64 = w / w.sum()
    return out


def _observation(policy: Policy, scenario: PopulationScenario, counts: Mask) -> ObservationPlan:
    n = len(policy.behaviours)
    points = np.array([b.points for b in policy.behaviours])
    default_feed = FeedObservation()
    feeds: list[FeedPlan] = []
    for feed in policy.sources.feeds:
        if not policy.category_enabled(feed.category):
            continue
        obs = scenario.observation.feeds.get(feed.category, default_feed)
        reports = np.zeros(n, dtype=np.bool_)
        reports[[policy.behaviour_index[c] for c in feed.behaviours]] = True
        false = [int(i) for i in np.flatnonzero(reports & counts & (points < 0))]
        feeds.append(
            FeedPlan(
                code=feed.code,
                trusted=feed.trusted,
                sensitive=policy.categories[feed.category].sensitive,
                reports=reports,
                coverage=obs.coverage,
                false_positive_rate=obs.false_positive_rate if false else 0.0,
                false_behaviours=np.array(false, dtype=np.int32),
                false_weights=_severity_weights(policy, false) if false else np.zeros(0),
                ramp=obs.ramp,
            )
        )
    collectors = policy.sources.collectors
    obs_col = scenario.observation.collectors
    reportable = np.zeros(n, dtype=np.bool_)
    if collectors.enabled:
        reportable[[policy.behaviour_index[c] for c in collectors.behaviours]] = True
    reportable &= counts
    col_false = [int(i) for i in np.flatnonzero(reportable & (points < 0))]
    groups = scenario.population.groups
    bias = np.ones(len(groups))
    if obs_col.bias is not None:
        bias[[g.name for g in groups].index(obs_col.bias.group)] = obs_col.bias.factor
    review = scenario.observation.review
    return ObservationPlan(
        counts=counts,
        good=points > 0,
        exposure=np.array([g.exposure for g in groups], dtype=np.float64),
        feeds=tuple(feeds),
        collectors=CollectorPlan(
            reportable=reportable,
            coverage=obs_col.coverage,
            per_1000=obs_col.per_1000,
            false_report_rate=obs_col.false_report_rate,
            bias=bias,
            malicious_reports_per_day=obs_col.malicious_reports_per_day,
            malicious_targets=obs_col.malicious_targets,
            daily_limit=collectors.daily_limit,
            review_required=collectors.review_required,
            false_behaviours=np.array(col_false, dtype=np.int32),
            false_weights=_severity_weights(policy, col_false) if col_false else np.zeros(0),
            allocation=AllocationPlan(
                obs_col.allocation.rule,
                obs_col.allocation.period_days,
                obs_col.allocation.correction,
                obs_col.coverage,
            ),
        ),
        catch_rate=review.catch_rate,
        false_rejection_rate=review.false_rejection_rate,
    )


def compile_model(policy: Policy, scenario: PopulationScenario) -> Model:
    check_names(policy, scenario)
    pop = scenario.population
    counts = np.array([policy.counts(b) for b in policy.behaviours], dtype=np.bool_)
    streams = act_streams(scenario)
    groups = pop.groups
    obs_col = scenario.observation.collectors
    dims = dimensions(policy, scenario)
    return Model(
        world=world_of(policy, scenario),
        population=PopulationPlan(
            citizens=pop.citizens,
            districts=pop.districts,
            group_shares=np.array([g.share for g in groups], dtype=np.float64),
            consent_share=pop.consent_share,
            propensity_alpha=pop.propensity.alpha,
            propensity_beta=pop.propensity.beta,
            streams=tuple(s.name for s in streams),
            collectors_per_1000=obs_col.per_1000,
            malicious_share=obs_col.malicious_share,
            malicious_targets=obs_col.malicious_targets,
            households=household_plan(pop.households),
        ),
        conduct=ConductPlan(streams=streams, responses=response_plan(policy, scenario)),
        observation=_observation(policy, scenario, counts),
        ledger=LedgerPlan(
            arrays=PolicyArrays.of(policy),
            base_score=policy.base_score,
            consent_required=policy.consent.required,
            start=pop.start,
        ),
        lists=ListPlan(
            rules=policy.lists,
            consent_required=policy.consent.required,
            listing_black=listing_behaviours(policy, "black"),
            listing_red=listing_behaviours(policy, "red"),
        ),
        tally=build_tally(policy, dims),
        demand=demand_plan(policy, scenario),
        redress=redress_plan(policy, scenario),
        days=pop.days,
        groups=tuple(dims.groups),
        services=tuple(dims.services),
        districts=tuple(dims.districts),
        drivers=driver_plan(scenario),
        strategy=strategy_plan(policy, scenario, streams),
    )
