"""Policies, scenarios and published records as they come in: read and validated once.

This is the one place that turns "`classic`" or "`my-town.yaml`" into a validated document;
the command line, the docs scripts, the benchmarks and the tests all load through it.

The scenario loaders are imported on first use: they bring in the scenario documents and the
reputation game with numpy, and a command that reads only a policy (`socialcredit audit`,
`policy check`) should start without them. So is the published record's loader, which only a
calibration needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from socialcredit.inputs.loading import load_policy, read_document, shipped_text
from socialcredit.limits import SHIPPED_POLICIES, SHIPPED_SCENARIOS

if TYPE_CHECKING:
    from socialcredit.inputs.published import PUBLISHED_DIR, load_published
    from socialcredit.inputs.scenarios import Scenario, load_population_scenario, load_scenario

__all__ = [
    "PUBLISHED_DIR",
    "SHIPPED_POLICIES",
    "SHIPPED_SCENARIOS",
    "Scenario",
    "load_policy",
    "load_population_scenario",
    "load_published",
    "load_scenario",
    "read_document",
    "shipped_text",
]

_LAZY = {
    "Scenario": "socialcredit.inputs.scenarios",
    "load_population_scenario": "socialcredit.inputs.scenarios",
    "load_scenario": "socialcredit.inputs.scenarios",
    "PUBLISHED_DIR": "socialcredit.inputs.published",
    "load_published": "socialcredit.inputs.published",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
