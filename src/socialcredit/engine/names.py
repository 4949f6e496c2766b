"""The names a scenario uses, checked against the policy it runs under.

A scenario may name behaviour categories (conduct, feeds) and behaviours (rates); each must be one
the policy declares. A name the policy does not know is refused naming the field (and its line,
when the scenario was read from a file), before anything runs.
"""

from __future__ import annotations

from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.policy import Policy
from socialcredit.engine.scenario import PopulationScenario


def check_names(policy: Policy, scenario: PopulationScenario) -> None:
    """Refuse scenario names the policy does not declare, naming the field and its line."""
    pop = scenario.population
    problems: list[ScenarioError] = []
    for cat in pop.conduct:
        if cat not in policy.categories:
            problems.append(
                ScenarioError(
                    f"conduct names category {cat!r}, which policy {policy.name!r} does not "
                    f"declare (categories: {', '.join(policy.categories)})",
                    field=f"population.conduct.{cat}",
                )
            )
    for code in pop.behaviour_rates:
        if code not in policy.behaviour_index:
            problems.append(
                ScenarioError(
                    f"behaviour_rates names {code!r}, which policy {policy.name!r} does not "
                    "declare",
                    field=f"population.behaviour_rates.{code}",
                )
            )
    for cat in scenario.observation.feeds:
        if cat not in policy.categories:
            problems.append(
                ScenarioError(
                    f"feeds names category {cat!r}, which policy {policy.name!r} does not "
                    f"declare (categories: {', '.join(policy.categories)})",
                    field=f"observation.feeds.{cat}",
                )
            )
    if problems:
        first = problems[0]
        raise scenario.origin.locate(first) if scenario.origin else first
