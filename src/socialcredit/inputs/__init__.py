"""Policies and scenarios as they come in: a shipped name or a file, read and validated once.

This is the one place that turns "`classic`" or "`my-town.yaml`" into a validated document;
the command line, the docs scripts, the benchmarks and the tests all load through it.
"""

from socialcredit.inputs.loading import (
    SHIPPED_POLICIES,
    SHIPPED_SCENARIOS,
    Scenario,
    load_policy,
    load_population_scenario,
    load_scenario,
    read_document,
    shipped_text,
)

__all__ = [
    "SHIPPED_POLICIES",
    "SHIPPED_SCENARIOS",
    "Scenario",
    "load_policy",
    "load_population_scenario",
    "load_scenario",
    "read_document",
    "shipped_text",
]
