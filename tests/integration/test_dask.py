"""Beyond one machine: shards on a Dask cluster give exactly what one process gives, and common
random numbers hold there too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from socialcredit.engine.cluster import local_cluster
from socialcredit.engine.population import shard_districts
from socialcredit.engine.run import run_population
from socialcredit.inputs import load_policy
from tests.support import scenario

distributed = pytest.importorskip("distributed")

RESPONSES_OFF = {"pride": 0.0, "shame": 0.0, "deterrence": 0.0, "give_up": {"share": 0.0}}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_cluster(2) as c:
        yield c


@pytest.mark.slow
class TestDaskShards:
    def test_two_workers_give_the_same_run_as_one_process(self, client: Any) -> None:
        policy = load_policy("classic")
        sc = scenario("malicious-collectors", citizens=6000, days=90)
        # Small shards so that the run is spread over several tasks and both workers.
        assert len(shard_districts(6000, 20, target=1000)) > 2
        alone = run_population(policy, sc, seed=21, shard_target=1000)
        spread = run_population(policy, sc, seed=21, shard_target=1000, dask_client=client)
        assert len(client.run(lambda: True)) == 2
        np.testing.assert_array_equal(alone.series, spread.series)
        assert alone.totals == spread.totals
        np.testing.assert_array_equal(alone.score_hist, spread.score_hist)

    def test_common_random_numbers_hold_on_the_cluster(self, client: Any) -> None:
        sc = scenario("biased-collectors", citizens=6000, days=60, behaviour=RESPONSES_OFF)
        runs = {
            (name, where): run_population(
                load_policy(name),
                sc,
                seed=4,
                shard_target=1000,
                dask_client=client if where == "dask" else None,
            )
            for name in ("default", "classic")
            for where in ("alone", "dask")
        }
        reference = runs["default", "alone"]
        acts = [c for c in reference.columns if c.startswith("acts_")]
        for run in runs.values():
            for column in acts:
                np.testing.assert_array_equal(run.column(column), reference.column(column))
