"""Beyond one machine: shards on a Dask cluster give exactly what one process gives."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit.policies import load_policy
from socialcredit.simulation.population import shard_districts
from socialcredit.simulation.run import run_population

from .conftest import scenario

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
class TestDaskShards:
    def test_two_workers_give_the_same_run_as_one_process(self) -> None:
        policy = load_policy("classic")
        sc = scenario("malicious-collectors", citizens=6000, days=90)
        # Small shards so that the run is spread over several tasks and both workers.
        assert len(shard_districts(6000, 20, target=1000)) > 2
        alone = run_population(policy, sc, seed=21, shard_target=1000)
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            spread = run_population(policy, sc, seed=21, shard_target=1000, dask_client=client)
            workers = client.run(lambda: True)
        assert len(workers) == 2
        np.testing.assert_array_equal(alone.series, spread.series)
        assert alone.totals == spread.totals
        np.testing.assert_array_equal(alone.score_hist, spread.score_hist)
