"""Policies and scenarios as they come in: a shipped name or a file, read and validated once.

This is the one place that turns "`classic`" or "`my-town.yaml`" into a validated document;
the command line, the docs scripts, the benchmarks and the tests all load through it.

The scenario loaders are imported on first use: their models bring in the engine, the
reputation game and numpy, and a command that reads only a policy (`socialcredit audit`,
`policy check`) should start without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from socialcredit.inputs.loading import (
    SHIPPED_POLICIES,
    SHIPPED_SCENARIOS,
    load_policy,
    read_document,
    shipped_text,
)

if TYPE_CHECKING:
    from socialcredit.inputs.scenarios import Scenario, load_population_scenario, load_scenario

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

_FROM_SCENARIOS = ("Scenario", "load_population_scenario", "load_scenario")


def __getattr__(name: str) -> Any:
    if name in _FROM_SCENARIOS:
        return getattr(importlib.import_module("socialcredit.inputs.scenarios"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
