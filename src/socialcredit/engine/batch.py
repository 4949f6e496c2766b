"""The one loop over policies × scenarios × seeds that the command line, the docs and the
benchmarks share: every pair is run over the same seeds, so differences are paired."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.model import compile_model
from socialcredit.engine.run import Progress, RunResult, run_population

RunStarted = Callable[[str], Progress | None]
"""Called as each run starts with its label (`classic × baseline, seed 3`); may return the
run's progress callback."""


def run_batch(
    policies: Sequence[Policy],
    scenarios: Sequence[PopulationScenario],
    seeds: Sequence[int],
    *,
    dask_client: Any | None = None,
    started: RunStarted | None = None,
    stories: int = 0,
) -> dict[tuple[int, int], list[RunResult]]:
    """Every policy over every scenario over `seeds`, keyed by (policy index, scenario index).

    Every pair is compiled before any run starts, so a scenario that names something a policy
    lacks fails at once, not after the runs before it. With `stories`, the first seed's run of
    each pair keeps the stories of up to that many citizens of each kind.
    """
    for policy in policies:
        for scenario in scenarios:
            compile_model(policy, scenario)
    out: dict[tuple[int, int], list[RunResult]] = {}
    for i, policy in enumerate(policies):
        for j, scenario in enumerate(scenarios):
            runs: list[RunResult] = []
            for k, seed in enumerate(seeds):
                label = f"{policy.name} × {scenario.name}, seed {seed}"
                progress = started(label) if started is not None else None
                runs.append(
                    run_population(
                        policy,
                        scenario,
                        seed=seed,
                        dask_client=dask_client,
                        progress=progress,
                        stories=stories if k == 0 else 0,
                    )
                )
            out[i, j] = runs
    return out
