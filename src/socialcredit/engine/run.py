"""Running a population simulation: shards, seeds, and where the shards run.

The population is cut into shards of whole districts (the cut depends on the scenario only) and
each shard draws from its own streams (see `streams`). Shards run one after another in this
process or as tasks on a Dask cluster; either way the sums are added in shard order, so the same
seed gives the same result on any number of workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import Dimensions
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.scenario_references import dimensions
from socialcredit.engine.model import Model, compile_model
from socialcredit.engine.population import shard_districts, shard_size
from socialcredit.engine.probes import AttributionPlan
from socialcredit.engine.shard import ShardResult, run_shard
from socialcredit.engine.storylog import Cut, merge_cuts
from socialcredit.engine.streams import shard_seed
from socialcredit.limits import MAX_SEED

Progress = Callable[[int, int], None]
"""progress(citizen_days_done, citizen_days_total)."""


SHARD_CITIZENS = 100_000
"""About how many citizens a shard holds: whole districts up to this size."""


@dataclass
class RunResult:
    policy: Policy
    scenario: PopulationScenario
    seed: int
    columns: list[str]
    series: npt.NDArray[np.float64]
    """(day, column): the catalogue's series, summed over citizens."""
    totals: dict[str, float]
    score_hist: npt.NDArray[np.int64]
    score_hist_true: npt.NDArray[np.int64]
    decision_waits: npt.NDArray[np.int64]
    """Appeal decisions by days from dispute to decision (see `engine.redress`)."""
    stories: Cut | None = None
    """The events of the run's story citizens, when it keeps stories (`engine.storylog`)."""

    @property
    def dimensions(self) -> Dimensions:
        return dimensions(self.policy, self.scenario)

    def column(self, name: str) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.series[:, self.columns.index(name)]
        return out


def _merge(
    policy: Policy,
    scenario: PopulationScenario,
    seed: int,
    parts: list[ShardResult],
    stories: int = 0,
) -> RunResult:
    first = parts[0]
    series = np.zeros_like(first.series)
    totals: dict[str, float] = {}
    hist = np.zeros_like(first.score_hist)
    hist_true = np.zeros_like(first.score_hist_true)
    waits = np.zeros_like(first.decision_waits)
    for part in parts:
        series += part.series
        hist += part.score_hist
        hist_true += part.score_hist_true
        waits += part.decision_waits
        for k, v in part.totals.items():
            totals[k] = totals.get(k, 0.0) + v
    cuts = [part.stories for part in parts if part.stories is not None]
    return RunResult(
        policy,
        scenario,
        seed,
        first.columns,
        series,
        totals,
        hist,
        hist_true,
        waits,
        merge_cuts(cuts, stories) if stories and cuts else None,
    )


def _run_one(
    model: Model, districts: tuple[int, int], seed: np.random.SeedSequence, stories: int
) -> ShardResult:
    return run_shard(model, districts, seed, stories=stories)


def run_population(
    policy: Policy,
    scenario: PopulationScenario,
    *,
    seed: int = 0,
    dask_client: Any | None = None,
    progress: Progress | None = None,
    shard_target: int = SHARD_CITIZENS,
    attribution: AttributionPlan | None = None,
    stories: int = 0,
) -> RunResult:
    """Simulate the scenario under the policy. With `dask_client`, shards run on its workers.
    With `attribution` (in this process only), the totals also hold which data caused which
    listings and detriment, and the confusion counts of group fairness. With `stories`, the
    result keeps the events of up to that many citizens of each kind (`engine.storylog`)."""
    if attribution is not None and dask_client is not None:
        raise ValueError("attribution runs in this process, not on a cluster")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"a seed is a whole number from 0 to {MAX_SEED}, not {seed}")
    model = compile_model(policy, scenario)
    pop = scenario.population
    # Collectors that move go where the reports of every district sent them, so such a run is
    # one shard: all districts step together (docs/runaway-collectors.md).
    moving = scenario.observation.collectors.allocation.moving
    ranges = (
        [(0, pop.districts)]
        if moving
        else shard_districts(pop.citizens, pop.districts, shard_target)
    )
    seeds = [shard_seed(seed, i) for i in range(len(ranges))]
    sizes = [shard_size(pop.citizens, pop.districts, r) for r in ranges]
    total = pop.citizens * pop.days
    if dask_client is None:
        parts = []
        done = 0
        for rng_seed, districts, size in zip(seeds, ranges, sizes, strict=True):

            def tick(days: int, base: int = done, size: int = size) -> None:
                if progress is not None:
                    progress(base + days * size, total)

            parts.append(
                run_shard(
                    model,
                    districts,
                    rng_seed,
                    progress=tick,
                    attribution=attribution,
                    stories=stories,
                )
            )
            done += size * pop.days
    else:
        from distributed import as_completed

        # A fresh key for every scatter (hash=False): runs one after another of the same policy
        # and scenario compile equal models, and with content-hashed keys the release of the
        # last run's future could reach the scheduler after this scatter and drop the data this
        # run's shards depend on ("lost dependencies").
        model_future = dask_client.scatter(model, broadcast=True, hash=False)
        futures = [
            dask_client.submit(_run_one, model_future, districts, s, stories, pure=False)
            for districts, s in zip(ranges, seeds, strict=True)
        ]
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[ShardResult | None] = [None] * len(futures)
        done = 0
        for future in as_completed(futures):
            i = order[future.key]
            results[i] = future.result()
            done += sizes[i] * pop.days
            if progress is not None:
                progress(done, total)
        parts = [r for r in results if r is not None]
    return _merge(policy, scenario, seed, parts, stories)
