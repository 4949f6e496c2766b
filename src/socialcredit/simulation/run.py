"""Running a population simulation: shards, seeds, and where the shards run.

The population is cut into shards of whole districts (the cut depends on the scenario only) and
each shard draws from its own stream, `SeedSequence(seed, spawn_key=(shard,))`. Shards run one
after another in this process or as tasks on a Dask cluster; either way the sums are added in shard
order, so the same seed gives the same result on any number of workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.domain.policy import Policy
from socialcredit.simulation.model import Model, compile_model
from socialcredit.simulation.population import shard_districts
from socialcredit.simulation.scenario import PopulationScenario
from socialcredit.simulation.shard_run import ShardResult, run_shard

Progress = Callable[[int, int], None]
"""progress(citizen_days_done, citizen_days_total)."""


@dataclass
class RunResult:
    policy: Policy
    scenario: PopulationScenario
    seed: int
    metrics: list[str]
    series: npt.NDArray[np.float64]
    totals: dict[str, float]
    score_hist: npt.NDArray[np.int64]
    score_hist_true: npt.NDArray[np.int64]

    def column(self, name: str) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.series[:, self.metrics.index(name)]
        return out


def _merge(
    policy: Policy, scenario: PopulationScenario, seed: int, parts: list[ShardResult]
) -> RunResult:
    first = parts[0]
    series = np.zeros_like(first.series)
    totals: dict[str, float] = {}
    hist = np.zeros_like(first.score_hist)
    hist_true = np.zeros_like(first.score_hist_true)
    for part in parts:
        series += part.series
        hist += part.score_hist
        hist_true += part.score_hist_true
        for k, v in part.totals.items():
            totals[k] = totals.get(k, 0.0) + v
    return RunResult(policy, scenario, seed, first.metrics, series, totals, hist, hist_true)


def shard_seeds(seed: int, shards: int) -> list[np.random.SeedSequence]:
    return [np.random.SeedSequence(seed, spawn_key=(i,)) for i in range(shards)]


def _run_one(model: Model, districts: tuple[int, int], seed: np.random.SeedSequence) -> ShardResult:
    return run_shard(model, districts, seed)


def run_population(
    policy: Policy,
    scenario: PopulationScenario,
    *,
    seed: int = 0,
    dask_client: Any | None = None,
    progress: Progress | None = None,
    shard_target: int = 100_000,
) -> RunResult:
    """Simulate the scenario under the policy. With `dask_client`, shards run on its workers."""
    model = compile_model(policy, scenario)
    pop = scenario.population
    ranges = shard_districts(pop.citizens, pop.districts, shard_target)
    seeds = shard_seeds(seed, len(ranges))
    total = pop.citizens * pop.days
    if dask_client is None:
        parts = []
        done = 0
        for rng_seed, districts in zip(seeds, ranges, strict=True):
            size = _shard_size(pop.citizens, pop.districts, districts)

            def tick(days: int, base: int = done, size: int = size) -> None:
                if progress is not None:
                    progress(base + days * size, total)

            parts.append(run_shard(model, districts, rng_seed, progress=tick))
            done += size * pop.days
    else:
        from distributed import as_completed

        model_future = dask_client.scatter(model, broadcast=True)
        futures = [
            dask_client.submit(_run_one, model_future, districts, s, pure=False)
            for districts, s in zip(ranges, seeds, strict=True)
        ]
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[ShardResult | None] = [None] * len(futures)
        done = 0
        for future in as_completed(futures):
            i = order[future.key]
            results[i] = future.result()
            done += _shard_size(pop.citizens, pop.districts, ranges[i]) * pop.days
            if progress is not None:
                progress(done, total)
        parts = [r for r in results if r is not None]
    return _merge(policy, scenario, seed, parts)


def _shard_size(citizens: int, districts: int, rng: tuple[int, int]) -> int:
    return (rng[1] * citizens) // districts - (rng[0] * citizens) // districts
