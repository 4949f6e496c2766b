"""A run's sums over its shards: added in shard order whatever the order the shards finish in,
holding only the results that arrived out of turn, with the stories chosen as they come."""

from __future__ import annotations

import itertools
from dataclasses import fields

import numpy as np

from socialcredit.engine.model import compile_model
from socialcredit.engine.population import shard_districts
from socialcredit.engine.run import _Sums
from socialcredit.engine.shard import run_shard
from socialcredit.engine.shard_result import ShardResult
from socialcredit.engine.storylog import Cut, merge_cuts
from socialcredit.engine.streams import shard_seed
from socialcredit.inputs import load_policy
from tests.support import scenario

STORIES = 3


def cut_bytes(cut: Cut | None) -> list[tuple[str, str, bytes]]:
    """Every array of a cut, named, with its type and bytes."""
    assert cut is not None
    arrays = [
        (f.name, getattr(cut, f.name)) for f in fields(cut) if f.name not in ("kinds", "events")
    ]
    arrays += [(f"kinds.{k}", v) for k, v in sorted(cut.kinds.items())]
    arrays += [
        (f"events.{k}.{c}", v)
        for k, columns in sorted(cut.events.items())
        for c, v in sorted(columns.items())
    ]
    return [(name, str(a.dtype), a.tobytes()) for name, a in arrays]


def shards() -> list[ShardResult]:
    sc = scenario("baseline", citizens=3000, days=20)
    model = compile_model(load_policy("classic"), sc)
    ranges = shard_districts(sc.population.citizens, sc.population.districts, 1000)
    assert len(ranges) >= 3
    return [
        run_shard(model, r, shard_seed(5, i), stories=STORIES) for i, r in enumerate(ranges[:3])
    ]


def test_any_order_of_arrival_gives_the_same_sums_and_holds_only_what_waits() -> None:
    parts = shards()
    sc = scenario("baseline", citizens=3000, days=20)
    policy = load_policy("classic")
    results = []
    for order in itertools.permutations(range(3)):
        sums = _Sums(STORIES)
        arrived: set[int] = set()
        for i in order:
            sums.arrive(i, parts[i])
            arrived.add(i)
            # Held back: the results past the first shard still missing.
            missing = min(set(range(3)) - arrived, default=3)
            assert set(sums._waiting) == {j for j in arrived if j > missing}
        results.append(sums.result(policy, sc, 5))
    first = results[0]
    expected = parts[0].series + parts[1].series + parts[2].series
    np.testing.assert_array_equal(first.series, expected)
    # Stories chosen shard by shard are those chosen from all shards at once.
    whole = merge_cuts([p.stories for p in parts if p.stories is not None], STORIES)
    assert cut_bytes(first.stories) == cut_bytes(whole)
    for run in results[1:]:
        assert cut_bytes(run.stories) == cut_bytes(whole)
        assert run.series.tobytes() == first.series.tobytes()
        assert run.totals == first.totals
        assert run.score_hist.tobytes() == first.score_hist.tobytes()
        assert run.decision_waits.tobytes() == first.decision_waits.tobytes()
