"""A policy and a scenario compiled into the arrays the simulator steps with.

Here the scenario meets the policy: which behaviours can produce entries, how often an average
citizen does each, which feeds see them and how well, and which acts collectors may report.
Names in the scenario that the policy does not know are refused here, naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.lists import listing_behaviours
from socialcredit.domain.policy import Policy
from socialcredit.simulation.scenario import FeedObservation, PopulationScenario

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Stream:
    """Acts of one category and sign (good or bad): who does them and which behaviour they are."""

    category: int
    good: bool
    daily_rate: float
    """Acts per average citizen per day, all behaviours of the stream together."""
    behaviours: I32
    weights: F64


@dataclass(frozen=True)
class FeedModel:
    code: str
    coverage: float
    false_positive_rate: float
    false_behaviours: I32
    """Negative behaviours the feed reports that count: what its false records claim."""
    false_weights: F64


@dataclass(frozen=True)
class Model:
    policy: Policy
    scenario: PopulationScenario
    categories: list[str]
    streams: list[Stream]
    counts: npt.NDArray[np.bool_]
    """Per behaviour: the policy can produce entries for it."""
    feed_coverage: F64
    """Per behaviour: chance that some enabled trusted feed that may report it sees an act."""
    untrusted_feed_coverage: F64
    """Per behaviour: the same for untrusted feeds, whose records go through review."""
    collector_reportable: npt.NDArray[np.bool_]
    feeds: list[FeedModel]
    collector_false_behaviours: I32
    collector_false_weights: F64
    listing_black: npt.NDArray[np.bool_]
    listing_red: npt.NDArray[np.bool_]
    group_names: list[str]


def _severity_weights(policy: Policy, behaviours: list[int]) -> F64:
    w = np.array([1.0 / abs(policy.behaviours[b].points) for b in behaviours], dtype=np.float64)
    out: F64 = w / w.sum()
    return out


def compile_model(policy: Policy, scenario: PopulationScenario) -> Model:
    pop = scenario.population
    categories = list(policy.categories)
    for cat in pop.conduct:
        if cat not in policy.categories:
            raise ScenarioError(
                f"conduct names category {cat!r}, which policy {policy.name!r} does not declare",
                field=f"population.conduct.{cat}",
            )
    for code in pop.behaviour_rates:
        if code not in policy.behaviour_index:
            raise ScenarioError(
                f"behaviour_rates names {code!r}, which policy {policy.name!r} does not declare",
                field=f"population.behaviour_rates.{code}",
            )
    for cat in scenario.observation.feeds:
        if cat not in policy.categories:
            raise ScenarioError(
                f"feeds names category {cat!r}, which policy {policy.name!r} does not declare",
                field=f"observation.feeds.{cat}",
            )

    counts = np.array([policy.counts(b) for b in policy.behaviours], dtype=np.bool_)
    streams: list[Stream] = []
    for ci, cat in enumerate(categories):
        conduct = pop.conduct.get(cat)
        for good in (True, False):
            members = [
                i
                for i, b in enumerate(policy.behaviours)
                if b.category == cat and (b.points > 0) == good
            ]
            if not members:
                continue
            named = [i for i in members if policy.behaviours[i].code in pop.behaviour_rates]
            split = [i for i in members if i not in named]
            per_year = {i: pop.behaviour_rates[policy.behaviours[i].code] for i in named}
            category_rate = 0.0
            if conduct is not None:
                category_rate = conduct.good_per_year if good else conduct.bad_per_year
            if split and category_rate > 0:
                shares = _severity_weights(policy, split)
                per_year.update({i: category_rate * s for i, s in zip(split, shares, strict=True)})
            rates = np.array([per_year.get(i, 0.0) for i in members]) / 365.0
            if rates.sum() <= 0:
                continue
            streams.append(
                Stream(
                    category=ci,
                    good=good,
                    daily_rate=float(rates.sum()),
                    behaviours=np.array(members, dtype=np.int32),
                    weights=rates / rates.sum(),
                )
            )

    default_feed = FeedObservation()
    n = len(policy.behaviours)
    unseen = {True: np.ones(n), False: np.ones(n)}  # keyed by the feed being trusted
    feeds: list[FeedModel] = []
    for feed in policy.sources.feeds:
        if not policy.category_enabled(feed.category):
            continue
        obs = scenario.observation.feeds.get(feed.category, default_feed)
        idx = [policy.behaviour_index[c] for c in feed.behaviours]
        for i in idx:
            unseen[feed.trusted][i] *= 1.0 - obs.coverage
        false = [i for i in idx if counts[i] and policy.behaviours[i].points < 0]
        feeds.append(
            FeedModel(
                code=feed.code,
                coverage=obs.coverage,
                false_positive_rate=obs.false_positive_rate if false else 0.0,
                false_behaviours=np.array(false, dtype=np.int32),
                false_weights=_severity_weights(policy, false) if false else np.zeros(0),
            )
        )
    collectors = policy.sources.collectors
    reportable = np.zeros(n, dtype=np.bool_)
    if collectors.enabled:
        for code in collectors.behaviours:
            reportable[policy.behaviour_index[code]] = True
    reportable &= counts
    col_false = [i for i in np.flatnonzero(reportable) if policy.behaviours[i].points < 0]
    return Model(
        policy=policy,
        scenario=scenario,
        categories=categories,
        streams=streams,
        counts=counts,
        feed_coverage=np.where(counts, 1.0 - unseen[True], 0.0),
        untrusted_feed_coverage=np.where(counts, 1.0 - unseen[False], 0.0),
        collector_reportable=reportable,
        feeds=feeds,
        collector_false_behaviours=np.array(col_false, dtype=np.int32),
        collector_false_weights=(
            _severity_weights(policy, [int(i) for i in col_false]) if col_false else np.zeros(0)
        ),
        listing_black=listing_behaviours(policy, "black"),
        listing_red=listing_behaviours(policy, "red"),
        group_names=[g.name for g in pop.groups],
    )
