"""Evaluators: running an experiment's (variant, seed) runs in this process or on Dask.

A run is one independent task: simulate the variant's policy over its scenario with the seed and
summarise it into the catalogue's figures. Only the figures travel back. On Dask a task whose
worker dies is run again elsewhere (the scheduler's own retry of tasks lost with a worker, plus
`retries` for tasks that raise), and because a run depends only on its inputs and seed, the
figures are the same wherever and however often it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_population, summarise
from socialcredit.experiment.journal import Figures
from socialcredit.experiment.variants import Variant

RETRIES = 3
"""How often Dask reruns a task that raised (a worker lost mid-task is rescheduled besides)."""


def evaluate(policy: Policy, scenario: PopulationScenario, seed: int) -> Figures:
    """One run's figures: every metric of the catalogue, by name."""
    return summarise(run_population(policy, scenario, seed=seed))


Task = tuple[Variant, int]
T = TypeVar("T")
Measure = Callable[[Policy, PopulationScenario, int], T]
"""What a run yields: by default `evaluate`'s figures; a calibration reads counts on given days
(a module-level function or a `functools.partial` of one, so that it travels to workers)."""


def in_process(
    tasks: Sequence[Task], measure: Measure[Any] = evaluate
) -> Iterator[tuple[Variant, int, Any]]:
    for variant, seed in tasks:
        yield variant, seed, measure(variant.policy, variant.scenario, seed)


def on_dask(
    client: Any, tasks: Sequence[Task], measure: Measure[Any] = evaluate
) -> Iterator[tuple[Variant, int, Any]]:
    """Runs as tasks on the cluster, yielded as they finish (in any order)."""
    from distributed import as_completed

    # The policy and scenario travel with each task (a few kB), not scattered: a scattered
    # document is lost with the last worker holding it, and a task must survive any worker.
    submitted = [
        client.submit(measure, variant.policy, variant.scenario, seed, pure=False, retries=RETRIES)
        for variant, seed in tasks
    ]
    by_key = {f.key: task for f, task in zip(submitted, tasks, strict=True)}
    try:
        for future in as_completed(submitted):
            variant, seed = by_key[future.key]
            yield variant, seed, future.result()
    finally:
        client.cancel(submitted)
