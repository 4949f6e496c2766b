"""The scenario's responses compiled against the policy: what scales each citizen's acts.

The chance that an act is recorded comes from the policy's sources and the scenario's
observation at compile time, per world behaviour, per group (its exposure, and collectors'
bias) and per consent: the chance that at least one enabled feed that may report it sees it
(the feed's full coverage, ramps aside), or else a collector of the district (at the town's
density of collectors), for a behaviour the policy counts; 0 for one it does not count, and,
where the policy needs consent, for a non-legal act of a citizen who has not consented. A
response that reads the publication of a list reads it here, so no day's step reads the policy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.footprint import Publication
from socialcredit.domain.lists import listing_behaviours
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import FeedObservation, PopulationScenario

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ResponsePlan:
    """How yesterday's standing scales each citizen's acts today (all 1 when `off`).

    The acts of a stream are drawn at the world's own rates whatever the responses; a
    multiplier under 1 thins them and one over 1 adds acts from a stream of its own (see
    `engine.conduct`), so a response changes only the acts of the citizens it touches."""

    base_score: int
    off: bool = True
    deterrence: F32 | None = None
    """(consent, group, world behaviour): the multiplier of a harmful act's rate by certainty
    and severity (1 for good acts and for what the policy cannot record); None when all 1."""
    private_pride: float = 0.0
    private_shame: float = 0.0
    published_pride: float = 0.0
    """Good acts of red-listed citizens rise by this share (the list's reach included)."""
    published_shame: float = 0.0
    """Bad acts of blacklisted citizens who have not given up fall by this share."""
    give_up_daily: float = 0.0
    """Hazard of giving up per day listed (publicity included)."""
    quit_good: float = 1.0
    quit_bad: float = 1.0
    good_excess: float = 0.0
    bad_excess: float = 0.0
    """Largest multipliers less 1 that the scenario's responses reach under any policy: the
    bound of the extra acts (none when 0), the same for every policy."""


def recorded_chance(policy: Policy, scenario: PopulationScenario, *, hidden: bool = False) -> F64:
    """(consent, group, world behaviour): the chance that an act is recorded by the policy.
    `hidden`: of an act hidden at full effort, where each source that sees a share `s` of
    such acts sees `s * s` (the act goes where that source does not look, as far as such
    places exist: none where it sees everything; `engine.strategy`)."""
    pop, obs = scenario.population, scenario.observation
    codes = list(pop.behaviours)
    groups = pop.groups
    exposure = np.array([g.exposure for g in groups], dtype=np.float64)
    unseen = np.ones((len(groups), len(codes)), dtype=np.float64)
    default_feed = FeedObservation()
    declared = {code: i for i, code in enumerate(codes)}
    for feed in policy.sources.feeds:
        if not policy.category_enabled(feed.category):
            continue
        coverage = obs.feeds.get(feed.category, default_feed).coverage
        seen = np.minimum(1.0, coverage * exposure)
        if hidden:
            seen = seen * seen
        for code in feed.behaviours:
            if code in declared:
                unseen[:, declared[code]] *= 1.0 - seen
    collectors, col = policy.sources.collectors, obs.collectors
    if collectors.enabled and col.per_1000 > 0:
        bias = np.ones(len(groups))
        if col.bias is not None:
            bias[[g.name for g in groups].index(col.bias.group)] = col.bias.factor
        for code in collectors.behaviours:
            if code not in declared:
                continue
            good = pop.behaviours[code].good
            cov = np.minimum(1.0, col.coverage * exposure * (1.0 if good else bias))
            if hidden:
                cov = cov * cov
            unseen[:, declared[code]] *= (1.0 - cov) ** col.per_1000
    counts = np.array(
        [code in policy.behaviour_index and policy.counts(policy.behaviour(code)) for code in codes]
    )
    legal = np.array(
        [
            code in policy.behaviour_index and policy.behaviour(code).legal_violation
            for code in codes
        ]
    )
    chance = np.where(counts, 1.0 - unseen, 0.0)
    without_consent = np.where(legal, chance, 0.0) if policy.consent.required else chance
    return np.stack([without_consent, chance])


def response_plan(policy: Policy, scenario: PopulationScenario) -> ResponsePlan:
    r = scenario.behaviour
    base = policy.base_score
    if r.off:
        return ResponsePlan(base)
    pop = scenario.population
    harmful = np.array([not b.good for b in pop.behaviours.values()])
    deterrence = None
    if r.certainty or r.severity:
        listing = listing_behaviours(policy, "black")
        lists_at_once = np.array(
            [
                code in policy.behaviour_index and bool(listing[policy.behaviour_index[code]])
                for code in pop.behaviours
            ]
        )
        strength = r.certainty + r.severity * lists_at_once
        multiplier = np.maximum(0.0, 1.0 - recorded_chance(policy, scenario) * strength)
        deterrence = np.where(harmful, multiplier, 1.0).astype(np.float32)
    black = policy.lists.black.publish
    gu = r.give_up
    hazard = gu.hazard * (gu.publicity if black is not Publication.NONE else 1.0)
    quit_good = gu.good_multiplier if gu.hazard else 1.0
    quit_bad = gu.bad_multiplier if gu.hazard else 1.0
    # The excess bounds take the strongest response the scenario allows under any policy
    # (both lists published in full), so that extra acts are drawn alike for every policy.
    good_most = (1.0 + r.pride.private) * (1.0 + r.pride.published) * max(1.0, quit_good)
    return ResponsePlan(
        base,
        off=False,
        deterrence=deterrence,
        private_pride=r.pride.private,
        private_shame=r.shame.private,
        published_pride=r.pride.published * r.reach(policy.lists.red.publish),
        published_shame=r.shame.published * r.reach(black),
        give_up_daily=hazard / 365.0,
        quit_good=quit_good,
        quit_bad=quit_bad,
        good_excess=good_most - 1.0,
        bad_excess=max(1.0, quit_bad) - 1.0,
    )


def hidden_chance(
    chance: npt.NDArray[np.float64], hide: npt.NDArray[np.float32]
) -> npt.NDArray[np.float64]:
    """The chance a source that sees a share `chance` of acts sees one hidden with effort
    `hide`: `chance * chance` at full effort, where the act goes where the source does not
    look (as far as such places exist), in a straight line between."""
    out: npt.NDArray[np.float64] = chance * (1.0 - hide * (1.0 - chance))
    return out
