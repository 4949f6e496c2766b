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

import numpy as np
import numpy.typing as npt

from socialcredit.domain.footprint import Publication
from socialcredit.domain.lists import listing_behaviours
from socialcredit.domain.policy import Lists, Policy
from socialcredit.domain.scenario import FeedObservation, PopulationScenario, Ramp, Responses
from socialcredit.domain.scenario_references import check_names, dimensions
from socialcredit.domain.scoring import PolicyArrays
from socialcredit.engine.demand import DemandPlan, demand_plan
from socialcredit.engine.drivers import DriverPlan, driver_plan
from socialcredit.engine.households import HouseholdPlan, household_plan
from socialcredit.engine.redress import RedressPlan, redress_plan
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
    give_up_share: float
    collectors_per_1000: float
    malicious_share: float
    malicious_targets: int
    households: HouseholdPlan | None = None


@dataclass(frozen=True)
class ResponsePlan:
    """How yesterday's standing scales each citizen's acts today (all 1 when `off`).

    The acts of a stream are drawn at the world's own rates whatever the responses; a
    multiplier under 1 thins them and one over 1 adds acts from a stream of its own (see
    `engine.conduct`), so a response changes only the acts of the citizens it touches."""

    base_score: int
    pride: float = 0.0
    shame: float = 0.0
    deterred: float = 1.0
    """Multiplier of bad acts for blacklisted citizens who do not give up."""
    quit_good: float = 1.0
    quit_bad: float = 1.0
    off: bool = True
    good_excess: float = 0.0
    bad_excess: float = 0.0
    """Largest multipliers less 1 that the scenario's responses reach under any policy: the
    bound of the extra acts (none when 0), the same for every policy."""


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
    drivers: DriverPlan | None = None
    """How dated drivers move behaviours' rates (None: no behaviour has a driver)."""


def _severity_weights(policy: Policy, behaviours: list[int]) -> F64:
    w = np.array([1.0 / abs(policy.behaviours[b].points) for b in behaviours], dtype=np.float64)
    out: F64 = w / w.sum()
    return out


def _responses(policy: Policy, r: Responses) -> ResponsePlan:
    base = policy.base_score
    if r.off:
        return ResponsePlan(base)
    gu = r.give_up

    def quit_good(strength: float) -> float:
        return max(0.0, 1.0 - (1.0 - gu.good_multiplier) * strength) if gu.share else 1.0

    def quit_bad(strength: float) -> float:
        return max(0.0, 1.0 + (gu.bad_multiplier - 1.0) * strength) if gu.share else 1.0

    published = policy.lists.black.publish is not Publication.NONE
    strength = r.publicity if published else 1.0
    # The excess bounds take the strongest response the scenario allows under any policy,
    # published lists or not, so that extra acts are drawn alike for every policy.
    strengths = (1.0, r.publicity)
    return ResponsePlan(
        base,
        pride=r.pride,
        shame=r.shame,
        deterred=max(0.0, 1.0 - r.deterrence * strength),
        quit_good=quit_good(strength),
        quit_bad=quit_bad(strength),
        off=False,
        good_excess=(1.0 + r.pride) * max(1.0, *(quit_good(s) for s in strengths)) - 1.0,
        bad_excess=max(1.0, *(quit_bad(s) for s in strengths)) - 1.0,
    )


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
            give_up_share=scenario.behaviour.give_up.share,
            collectors_per_1000=obs_col.per_1000,
            malicious_share=obs_col.malicious_share,
            malicious_targets=obs_col.malicious_targets,
            households=household_plan(pop.households),
        ),
        conduct=ConductPlan(streams=streams, responses=_responses(policy, scenario.behaviour)),
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
        drivers=driver_plan(scenario),
    )
