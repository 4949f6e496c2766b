"""Beyond one machine: shards on a Dask cluster give exactly what one process gives, and common
random numbers hold there too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from socialcredit.engine import local_cluster, run_population
from socialcredit.engine.population import shard_districts
from socialcredit.inputs import load_policy
from tests.integration.test_common_random_numbers import (
    COURT,
    DEFAULT,
    POLICIES,
    acts_of_every_day,
    digest,
)
from tests.support import scenario

distributed = pytest.importorskip("distributed")

RESPONSES_OFF = {
    "certainty": 0.0,
    "severity": 0.0,
    "shame": {},
    "pride": {},
    "give_up": {"hazard": 0.0},
}


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

    def test_every_citizens_acts_are_the_same_under_any_policy_on_the_workers(
        self, client: Any
    ) -> None:
        sc = scenario("biased-collectors", citizens=3000, days=30, behaviour=RESPONSES_OFF)
        shards = [(0, 10), (10, 20)]
        futures = {
            (name, shard): client.submit(
                lambda p, d: digest(acts_of_every_day(p, sc, 4, d)), policy, shard, pure=False
            )
            for name, policy in [("default", DEFAULT), *POLICIES.items()]
            for shard in shards
        }
        found = {key: f.result() for key, f in futures.items()}
        assert len(client.run(lambda: True)) == 2
        for shard in shards:
            here = digest(acts_of_every_day(DEFAULT, sc, 4, shard))
            for name in ["default", *POLICIES]:
                assert found[name, shard] == here, (name, shard)

    def test_the_act_series_are_the_same_under_any_policy_alone_and_on_the_cluster(
        self, client: Any
    ) -> None:
        sc = scenario("biased-collectors", citizens=6000, days=60, behaviour=RESPONSES_OFF)
        runs = {
            (name, where): run_population(
                policy,
                sc,
                seed=4,
                shard_target=1000,
                dask_client=client if where == "dask" else None,
            )
            for name, policy in (
                ("default", DEFAULT),
                ("court", COURT),
                ("-2", POLICIES["littering-2"]),
            )
            for where in ("alone", "dask")
        }
        reference = runs["default", "alone"]
        acts = [c for c in reference.columns if c.startswith("acts")]
        assert len(acts) > 50
        for run in runs.values():
            for column in acts:
                np.testing.assert_array_equal(run.column(column), reference.column(column))
