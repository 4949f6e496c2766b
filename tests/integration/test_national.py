"""The whole country fits the engine's cut: 1.4 billion citizens in 14,000 districts are 14,000
shards of 100,000, any of which runs on its own like any other shard."""

from __future__ import annotations

import numpy as np

from socialcredit.engine.model import compile_model
from socialcredit.engine.population import shard_districts, shard_size
from socialcredit.engine.run import SHARD_CITIZENS
from socialcredit.engine.shard import run_shard
from socialcredit.engine.streams import shard_seed
from socialcredit.inputs import load_policy
from tests.support import scenario


def test_the_country_is_fourteen_thousand_shards_of_a_hundred_thousand_each_runnable() -> None:
    sc = scenario(
        "heavy-surveillance", citizens=1_400_000_000, days=3, population__districts=14_000
    )
    pop = sc.population
    ranges = shard_districts(pop.citizens, pop.districts, SHARD_CITIZENS)
    assert len(ranges) == 14_000
    assert {shard_size(pop.citizens, pop.districts, r) for r in ranges} == {100_000}
    model = compile_model(load_policy("classic"), sc)
    result = run_shard(model, ranges[7_000], shard_seed(0, 7_000))
    assert result.totals["citizens"] == 100_000
    assert result.series.shape[0] == 3
    assert np.isfinite(result.series).all()
    assert result.series[:, result.columns.index("acts_bad")].sum() > 0
