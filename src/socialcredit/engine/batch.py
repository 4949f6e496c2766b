"""The one grid of policies × scenarios × seeds that the command line, the docs and the
benchmarks share, and the list of (policy, scenario) pairs it is made of: every pair is run over
the same seeds, so differences are paired."""

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
    keys = [(i, j) for i in range(len(policies)) for j in range(len(scenarios))]
    pairs = [(policies[i], scenarios[j]) for i, j in keys]
    runs = run_pairs(pairs, seeds, dask_client=dask_client, progress=progress, stories=stories)
    return dict(zip(keys, runs, strict=True))


def run_pairs(
    pairs: Sequence[tuple[Policy, PopulationScenario]],
    seeds: Sequence[int],
    *,
    dask_client: Any | None = None,
    progress: RunsDone | None = None,
    stories: int = 0,
    stories_of: int | None = None,
) -> list[list[RunResult]]:
    """Each (policy, scenario) pair over `seeds`: per pair, its runs in the order of the seeds.

    Every pair is compiled before any run starts, and the runs go one after another through
    the evaluator, as for `run_batch`. With `stories`, the first seed's run of each pair keeps
    the stories of up to that many citizens of each kind, or of the pair numbered `stories_of`
    alone when given.
    """
    for policy, scenario in pairs:
        compile_model(policy, scenario)
    jobs = [
        RunJob(n, policy, scenario, seed, stories if k == 0 and stories_of in (None, n) else 0)
        for n, (policy, scenario) in enumerate(pairs)
        for k, seed in enumerate(seeds)
    ]
    out: list[list[RunResult]] = [[] for _ in pairs]
    for job, run in evaluate(
        jobs, whole_run, client=dask_client, spread="shards", progress=progress
    ):
        out[job.key].append(run)
    return out
