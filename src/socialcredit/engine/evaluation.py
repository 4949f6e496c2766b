"""The evaluator: runs of a policy over a scenario with a seed, in this process or on a Dask
cluster, each measured where it ran and yielded as it finishes.

A run depends only on its policy, scenario and seed, so what it yields is the same wherever and
however often it runs. With a cluster, what is spread over the workers is a choice of scale:

- `"runs"`: each run is one task (many small runs: an experiment's variants, a calibration's
  parameter sets). Only the measure's result travels back. A task whose worker dies is run
  again elsewhere (the scheduler's own retry of tasks lost with a worker, plus `RETRIES` for
  tasks that raise).
- `"shards"`: the runs go one after another and each run's shards are spread (a few large runs:
  the command line's `simulate`).

Without a cluster the runs go one after another in this process.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine.probes import AttributionPlan
from socialcredit.engine.run import Progress, RunResult, run_population

K = TypeVar("K")
T = TypeVar("T")

RETRIES = 3
"""How often Dask reruns a task that raised (a worker lost mid-task is rescheduled besides)."""

IN_FLIGHT = 64
"""The smallest number of runs a cluster is given at once (`_runs_on_cluster`)."""
IN_FLIGHT_PER_THREAD = 4
"""The runs a cluster is given at once for each of its workers' threads, where that is more
than `IN_FLIGHT`; counted again as runs finish, so workers that join are used."""

Spread = Literal["runs", "shards"]
"""What a cluster spreads over its workers: whole runs, or each run's shards."""

Measure = Callable[[RunResult], T]
"""What a run yields: the catalogue's figures (`engine.figures.summarise`), a calibration's
counts, or the whole run (`whole_run`). A module-level function or a `functools.partial` of
one, so that it travels to workers."""

RunsDone = Callable[[float, int], None]
"""progress(runs done, runs in all). A run under way in this process counts in part, by the
citizen-days it has simulated."""


@dataclass(frozen=True)
class RunJob(Generic[K]):
    """One run to evaluate, named by the caller's `key`."""

    key: K
    policy: Policy
    scenario: PopulationScenario
    seed: int
    stories: int = 0
    """Keep the events of up to this many citizens of each kind (`engine.storylog`)."""
    attribution: AttributionPlan | None = None
    """The audit's probes to follow within the run (`engine.probes`)."""


def whole_run(run: RunResult) -> RunResult:
    """The measure that keeps everything the run produced."""
    return run


def evaluate(
    jobs: Sequence[RunJob[K]],
    measure: Measure[T],
    *,
    client: Any | None = None,
    spread: Spread = "runs",
    progress: RunsDone | None = None,
) -> Iterator[tuple[RunJob[K], T]]:
    """Each job with its measured run, as the runs finish: in job order in this process or when
    the cluster spreads shards, in any order when it spreads runs."""
    if client is not None and spread == "runs":
        return _runs_on_cluster(client, jobs, measure, progress)
    return _runs_in_turn(jobs, measure, client, progress)


def _runs_in_turn(
    jobs: Sequence[RunJob[K]],
    measure: Measure[T],
    client: Any | None,
    progress: RunsDone | None,
) -> Iterator[tuple[RunJob[K], T]]:
    total = len(jobs)
    for i, job in enumerate(jobs):
        run = run_population(
            job.policy,
            job.scenario,
            seed=job.seed,
            dask_client=client,
            progress=_within(progress, i, total),
            stories=job.stories,
            attribution=job.attribution,
        )
        result = measure(run)
        if progress is not None:
            progress(i + 1, total)
        yield job, result


def _within(progress: RunsDone | None, finished: int, total: int) -> Progress | None:
    """The progress of the run that follows `finished` runs, as a share of all runs."""
    if progress is None:
        return None
    return lambda done, days: progress(finished + done / days, total)


def _measured_run(
    measure: Measure[T],
    policy: Policy,
    scenario: PopulationScenario,
    seed: int,
    stories: int,
    attribution: AttributionPlan | None,
) -> T:
    run = run_population(policy, scenario, seed=seed, stories=stories, attribution=attribution)
    return measure(run)


def _packed_run(
    measure: Measure[T],
    documents: bytes,
    seed: int,
    stories: int,
    attribution: AttributionPlan | None,
) -> T:
    """`_measured_run` of a task whose policy and scenario travel pickled (`_runs_on_cluster`)."""
    # The client's own pickle, carried by Dask (which pickles every task's arguments anyway).
    policy, scenario = pickle.loads(documents)  # noqa: S301
    return _measured_run(measure, policy, scenario, seed, stories, attribution)


def _runs_on_cluster(
    client: Any,
    jobs: Sequence[RunJob[K]],
    measure: Measure[T],
    progress: RunsDone | None,
) -> Iterator[tuple[RunJob[K], T]]:
    from distributed import as_completed

    # The policy and scenario travel with each task, not scattered: a scattered document is
    # lost with the last worker holding it, and a task must survive any worker. They travel as
    # bytes, pickled here once for the runs of a pair one after another: the scheduler forwards
    # bytes as they are, where it would unpickle every task's documents (about 55 kB, some
    # 20 ms of its CPU a task, taken from the workers of a local cluster). A window of tasks is
    # out at once, so that a design of ten thousand runs is not held all at once.
    last: tuple[Policy, PopulationScenario, bytes] | None = None
    waiting = iter(jobs)
    out: dict[str, tuple[RunJob[K], Any]] = {}
    queue = as_completed(loop=client.loop)
    window = IN_FLIGHT

    def submit_more(done: int) -> None:
        nonlocal last, window
        if done % IN_FLIGHT == 0:
            threads = sum(client.nthreads().values())
            window = max(IN_FLIGHT, IN_FLIGHT_PER_THREAD * threads)
        while len(out) < window:
            job = next(waiting, None)
            if job is None:
                return
            if last is None or last[0] is not job.policy or last[1] is not job.scenario:
                documents = pickle.dumps((job.policy, job.scenario), pickle.HIGHEST_PROTOCOL)
                last = job.policy, job.scenario, documents
            future = client.submit(
                _packed_run,
                measure,
                last[2],
                job.seed,
                job.stories,
                job.attribution,
                pure=False,
                retries=RETRIES,
            )
            out[future.key] = job, future
            queue.add(future)

    try:
        submit_more(0)
        for done, future in enumerate(queue, start=1):
            result: T = future.result()
            job, _ = out.pop(future.key)
            # The next task goes out before the caller takes this one's result, so that no
            # worker waits while it does.
            submit_more(done)
            if progress is not None:
                progress(done, len(jobs))
            yield job, result
    finally:
        client.cancel([future for _, future in out.values()])
