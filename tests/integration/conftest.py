"""Helpers for simulation tests: shipped scenarios resized so that a run takes a second or two."""

from __future__ import annotations

from typing import Any

from socialcredit.simulation.scenario import PopulationScenario, load_population_scenario


def scenario(
    name: str, *, citizens: int = 4000, days: int = 180, **changes: Any
) -> PopulationScenario:
    """A shipped scenario, resized, with `changes` merged in by path (`observation__review=...`)."""
    data = load_population_scenario(name).model_dump()
    data["population"].update(citizens=citizens, days=days)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = data
        for p in parents:
            node = node[p]
        node[leaf] = value
    return PopulationScenario.model_validate(data)
