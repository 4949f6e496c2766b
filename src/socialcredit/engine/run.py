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
from socialcredit.engine.shard import run_shard
from socialcredit.engine.shard_result import ShardResult
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


class _Sums:
    """The run's sums, shard by shard in shard order, as the shards' results arrive: a shard
    that finishes early waits until those before it are added, so the sums are the same
    whatever the order of arrival. The client holds the running sums, the stories chosen so far
    and the results that arrived out of turn (a national run has 14,000 shards of about 0.9 MB
    each; at worst, were the first shard the last to finish, all of them would wait)."""

    def __init__(self, stories: int) -> None:
        self._stories = stories
        self._sums: ShardResult | None = None
        """The running sums (and stories), in the shape of a shard's result."""
        self._next = 0
        self._waiting: dict[int, ShardResult] = {}

    def arrive(self, index: int, part: ShardResult) -> None:
        self._waiting[index] = part
        while self._next in self._waiting:
            self._add(self._waiting.pop(self._next))
            self._next += 1

    def _add(self, part: ShardResult) -> None:
        # Stories: per kind the citizens with the smallest keys so far; choosing among the
        # chosen and the next shard's is choosing among all (`storylog.merge_cuts`).
        stories = part.stories
        if stories is not None and self._stories:
            earlier = self._sums.stories if self._sums is not None else None
            stories = merge_cuts(
                [stories] if earlier is None else [earlier, stories], self._stories
            )
        sums = self._sums
        if sums is None:
            # Sums start from zero (so a shard's -0.0 adds up to 0.0, as in any sum).
            sums = self._sums = ShardResult(
                columns=part.columns,
                series=np.zeros_like(part.series),
                totals={},
                score_hist=np.zeros_like(part.score_hist),
                score_hist_true=np.zeros_like(part.score_hist_true),
                decision_waits=np.zeros_like(part.decision_waits),
            )
        sums.series += part.series
        sums.score_hist += part.score_hist
        sums.score_hist_true += part.score_hist_true
        sums.decision_waits += part.decision_waits
        for k, v in part.totals.items():
            sums.totals[k] = sums.totals.get(k, 0.0) + v
        if stories is not None:
            sums.stories = stories

    def result(self, policy: Policy, scenario: PopulationScenario, seed: int) -> RunResult:
        sums = self._sums
        if sums is None or self._waiting:
            raise RuntimeError(f"shard {self._next}'s result never arrived")
        return RunResult(
            policy,
            scenario,
            seed,
            sums.columns,
            sums.series,
            sums.totals,
            sums.score_hist,
            sums.score_hist_true,
            sums.decision_waits,
            sums.stories if self._stories else None,
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
    sums = _Sums(stories)
    if dask_client is None:
        done = 0
        for i, (rng_seed, districts, size) in enumerate(zip(seeds, ranges, sizes, strict=True)):

            def tick(days: int, base: int = done, size: int = size) -> None:
                if progress is not None:
                    progress(base + days * size, total)

            part = run_shard(
                model, districts, rng_seed, progress=tick, attribution=attribution, stories=stories
            )
            sums.arrive(i, part)
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
        done = 0
        for future in as_completed(futures):
            i = order[future.key]
            sums.arrive(i, future.result())
            # Let the cluster forget the result once it is here.
            future.release()
            done += sizes[i] * pop.days
            if progress is not None:
                progress(done, total)
    return sums.result(policy, scenario, seed)
