"""The names a policy and a scenario share: checked against each other before anything runs, and
the dimensions (grades, services, groups, behaviours) of the figures a run over both reports.

The scenario's world declares the behaviours people do; a policy counts some of them. A policy
that names a behaviour the world lacks, or files it under another category, is refused naming
the policy's field (and its line, when the policy was read from a file). A scenario that
observes a feed category the policy does not declare is refused naming the scenario's field.
"""

from __future__ import annotations

import difflib

from socialcredit.domain.catalogue import Dimensions
from socialcredit.domain.errors import LocatedError, PolicyError, ScenarioError
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario


def check_names(policy: Policy, scenario: PopulationScenario) -> None:
    """Refuse names one document uses that the other does not declare."""
    world = scenario.population.behaviours
    for i, b in enumerate(policy.behaviours):
        found = world.get(b.code)
        if found is None:
            close = difflib.get_close_matches(b.code, list(world), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            _refuse(
                policy,
                PolicyError(
                    f"behaviour {b.code!r} is not one that scenario {scenario.name!r} declares "
                    f"people do{hint}",
                    field=f"behaviours.{i}.code",
                ),
            )
        elif found.category != b.category:
            _refuse(
                policy,
                PolicyError(
                    f"behaviour {b.code!r} is filed under {b.category!r}, but scenario "
                    f"{scenario.name!r} declares it in category {found.category!r}",
                    field=f"behaviours.{i}.category",
                ),
            )
    for cat in scenario.observation.feeds:
        if cat not in policy.categories:
            _refuse(
                scenario,
                ScenarioError(
                    f"feeds names category {cat!r}, which policy {policy.name!r} does not "
                    f"declare (categories: {', '.join(policy.categories)})",
                    field=f"observation.feeds.{cat}",
                ),
            )


def _refuse(document: Policy | PopulationScenario, error: LocatedError) -> None:
    raise document.origin.locate(error) if document.origin else error


def dimensions(policy: Policy, scenario: PopulationScenario) -> Dimensions:
    pop = scenario.population
    return Dimensions(
        grades=[g.name for g in policy.grades_descending],
        services=list(policy.services),
        groups=[g.name for g in pop.groups],
        reference=pop.reference,
        behaviours=list(pop.behaviours),
        districts=district_names(scenario),
    )


def district_names(scenario: PopulationScenario) -> list[str]:
    """The names of the districts in a run's figures: only where collectors move between them
    (a run with fixed collectors counts nothing per district)."""
    if not scenario.observation.collectors.allocation.moving:
        return []
    return [f"d{i + 1}" for i in range(scenario.population.districts)]
