"""The one grid of policies × scenarios × seeds that the command line, the docs and the
benchmarks share: every pair is run over the same seeds, so differences are paired."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.evaluation import RunJob, RunsDone, evaluate, whole_run
from socialcredit.engine.model import compile_model
from socialcredit.engine.run import RunResult


def run_batch(
    policies: Sequence[Policy],
    scenarios: Sequence[PopulationScenario],
    seeds: Sequence[int],
    *,
    dask_client: Any | None = None,
    progress: RunsDone | None = None,
    stories: int = 0,
) -> dict[tuple[int, int], list[RunResult]]:
    """Every policy over every scenario over `seeds`, keyed by (policy index, scenario index).

    Every pair is compiled before any run starts, so a scenario that names something a policy
    lacks fails at once, not after the runs before it. The runs go one after another through
    the evaluator, each run's shards on `dask_client`'s workers when given. With `stories`, the
    first seed's run of each pair keeps the stories of up to that many citizens of each kind.
    """
    for policy in policies:
        for scenario in scenarios:
            compile_model(policy, scenario)
    jobs = [
        RunJob((i, j), policy, scenario, seed, stories if k == 0 else 0)
        for i, policy in enumerate(policies)
        for j, scenario in enumerate(scenarios)
        for k, seed in enumerate(seeds)
    ]
    out: dict[tuple[int, int], list[RunResult]] = {
        (i, j): [] for i in range(len(policies)) for j in range(len(scenarios))
    }
    for job, run in evaluate(
        jobs, whole_run, client=dask_client, spread="shards", progress=progress
    ):
        out[job.key].append(run)
    return out
