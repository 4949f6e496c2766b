"""The evaluator: every job's run measured once, the same in this process and on a cluster
whether it spreads runs or shards, with its progress counted in runs."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import numpy as np
import pytest

import socialcredit.engine.evaluation as evaluation
from socialcredit.engine import (
    RunJob,
    RunResult,
    evaluate,
    local_cluster,
    run_population,
    summarise,
    whole_run,
)
from socialcredit.inputs import load_policy
from tests.support import scenario

SEEDS = [3, 4, 5]


def jobs() -> list[RunJob[str]]:
    policy = load_policy("classic")
    small = scenario("baseline", citizens=300, days=40)
    return [RunJob(f"seed {s}", policy, small, s) for s in SEEDS]


def series_total(run: RunResult) -> float:
    """A measure: every series summed over the run (module-level, so that it travels to workers)."""
    return float(run.series.sum())


@pytest.fixture(scope="module")
def alone() -> dict[str, RunResult]:
    return {job.key: run for job, run in evaluate(jobs(), whole_run)}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_cluster(2) as c:
        yield c


class TestInProcess:
    def test_yields_every_job_once_in_job_order(self, alone: dict[str, RunResult]) -> None:
        assert list(alone) == [f"seed {s}" for s in SEEDS]
        assert [run.seed for run in alone.values()] == SEEDS

    def test_a_run_is_the_engine_s_run_of_its_policy_scenario_and_seed(
        self, alone: dict[str, RunResult]
    ) -> None:
        job = jobs()[1]
        direct = run_population(job.policy, job.scenario, seed=job.seed)
        np.testing.assert_array_equal(alone[job.key].series, direct.series)
        assert summarise(alone[job.key]) == summarise(direct)

    def test_the_measure_is_what_each_run_yields(self, alone: dict[str, RunResult]) -> None:
        measured = dict((job.key, v) for job, v in evaluate(jobs(), series_total))
        assert measured == {key: series_total(run) for key, run in alone.items()}

    def test_progress_counts_runs_in_part_and_ends_at_all_of_them(self) -> None:
        seen: list[tuple[float, int]] = []
        for _ in evaluate(jobs(), series_total, progress=lambda d, t: seen.append((d, t))):
            pass
        done = [d for d, _ in seen]
        assert {t for _, t in seen} == {len(SEEDS)}
        assert done == sorted(done)
        assert done[-1] == len(SEEDS)
        assert any(0 < d < 1 for d in done), "the first run is counted while it is under way"

    def test_no_jobs_yield_nothing(self) -> None:
        assert list(evaluate([], whole_run)) == []


@pytest.mark.slow
class TestOnACluster:
    def test_spreading_runs_gives_each_job_the_same_result_in_any_order(
        self, client: Any, alone: dict[str, RunResult]
    ) -> None:
        seen: list[float] = []
        spread = dict(
            (job.key, v)
            for job, v in evaluate(
                jobs(), series_total, client=client, progress=lambda d, _: seen.append(d)
            )
        )
        assert spread == {key: series_total(run) for key, run in alone.items()}
        assert seen == [1, 2, 3]

    def test_spreading_shards_gives_the_same_runs_in_job_order(
        self, client: Any, alone: dict[str, RunResult]
    ) -> None:
        spread = list(evaluate(jobs(), whole_run, client=client, spread="shards"))
        assert [job.key for job, _ in spread] == list(alone)
        for job, run in spread:
            np.testing.assert_array_equal(run.series, alone[job.key].series)
            assert run.totals == alone[job.key].totals

    def test_runs_go_out_a_window_at_a_time_each_with_its_own_documents(
        self, client: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """More runs than the cluster is given at once, of two policies in turn (each task
        carries its pair's documents, pickled once for the runs of a pair one after another):
        every run is the one made in this process, and no more than the window is ever out."""
        monkeypatch.setattr(evaluation, "IN_FLIGHT", 1)
        monkeypatch.setattr(evaluation, "IN_FLIGHT_PER_THREAD", 1)
        classic, default = load_policy("classic"), load_policy("default")
        small = scenario("baseline", citizens=300, days=40)
        order = [(classic, 3), (classic, 4), (default, 3), (classic, 5), (default, 4)]
        mixed = [RunJob(i, p, small, s) for i, (p, s) in enumerate(order)]
        here = dict((job.key, v) for job, v in evaluate(mixed, series_total))
        counting = Counting(client)
        out: list[int] = []
        spread: dict[int, float] = {}
        for job, v in evaluate(mixed, series_total, client=counting):
            spread[job.key] = v
            out.append(len(counting.futures) - len(spread))
        assert spread == here
        assert len(set(here.values())) == len(mixed), "the five runs differ"
        window = 2  # one a thread: two workers of one thread each
        assert max(out) <= window
        assert len(counting.futures) == len(mixed)

    def test_runs_still_out_are_cancelled_when_the_caller_stops(
        self, client: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(evaluation, "IN_FLIGHT", 3)
        monkeypatch.setattr(evaluation, "IN_FLIGHT_PER_THREAD", 1)
        policy = load_policy("classic")
        small = scenario("baseline", citizens=300, days=40)
        counting = Counting(client)
        runs = evaluate(
            [RunJob(s, policy, small, s) for s in range(8)], series_total, client=counting
        )
        assert isinstance(runs, Generator)
        next(runs)
        runs.close()
        assert 1 < len(counting.futures) < 8, "a window, not every run, was given out"
        assert all(f.status in ("finished", "cancelled") for f in counting.futures)
        assert any(f.status == "cancelled" for f in counting.futures)


class Counting:
    """A client that keeps the futures of the tasks it was given."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.futures: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        future = self.client.submit(*args, **kwargs)
        self.futures.append(future)
        return future
