"""The world's acts: each citizen's acts of a behaviour arrive at its rate, times their group's
multipliers and their response multiplier; the behaviour of each act follows their group's
shares."""

from __future__ import annotations

from typing import Any

import numpy as np

from socialcredit.engine import compile_model
from socialcredit.engine.conduct import Acts, Conduct
from socialcredit.engine.shard import ShardSimulation
from socialcredit.engine.streams import Streams
from socialcredit.inputs import load_policy
from tests.support import scenario

OFF = {"certainty": 0.0, "give_up": {"hazard": 0.0}}
NONE = load_policy("none")


def conduct_of(days_world: dict[str, Any], groups: list[dict[str, Any]], **changes: Any) -> Conduct:
    """A town of 6,000 whose world holds the baseline's behaviours plus `days_world`."""
    world = scenario("baseline").population.model_dump()["behaviours"] | days_world
    sc = scenario(
        "baseline",
        citizens=6000,
        days=10,
        population__behaviours=world,
        population__groups=groups,
        **changes,
    )
    model = compile_model(NONE, sc)
    sim = ShardSimulation(model, (0, sc.population.districts), np.random.SeedSequence(1))
    return Conduct(
        model.conduct, sim.population, Streams(np.random.SeedSequence(1)), model.world.good
    )


def days_of(conduct: Conduct, days: int, score: int = 1000) -> list[Acts]:
    n = conduct.population.n
    standing = np.full(n, score, dtype=np.int32)
    never = np.full(n, -1, dtype=np.int32)
    return [conduct.sample(standing, never, never, day) for day in range(days)]


class TestGroupShares:
    def test_each_group_does_the_behaviours_in_its_own_shares_however_many_groups(
        self,
    ) -> None:
        # 70 groups: group numbers times the stream's behaviours pass what a small integer
        # holds. The last group does only the first of two occult acts, the others both alike.
        groups = [{"name": f"g{i}", "share": 1 / 70} for i in range(70)]
        occult = {
            "astrology": {"category": "occult", "kind": "harmful", "per_year": 100.0},
            "tarot": {
                "category": "occult",
                "kind": "harmful",
                "per_year": 100.0,
                "by_group": {"g69": 0.0},
            },
        }
        conduct = conduct_of(occult, groups, behaviour=OFF)
        codes = list(conduct.plan.streams[-1].behaviours)
        world = {i: c for i, c in enumerate(scenario("baseline").population.behaviours)}
        astrology = len(world)  # the first behaviour after the baseline's
        assert codes == [astrology, astrology + 1]
        acts = days_of(conduct, 5)
        who = np.concatenate([a.citizen for a in acts])
        what = np.concatenate([a.behaviour for a in acts])
        group = conduct.population.group[who]
        last = what[(group == 69) & (what >= astrology)]
        rest = what[(group != 69) & (what >= astrology)]
        assert len(last) > 100
        assert set(last.tolist()) == {astrology}
        assert abs(np.mean(rest == astrology) - 0.5) < 0.02


class TestResponseMultipliers:
    def test_private_pride_raises_good_acts_by_its_share_and_shame_lowers_bad_ones(
        self,
    ) -> None:
        everyone = [{"name": "everyone", "share": 1.0}]
        responses = OFF | {"pride": {"private": 0.5}, "shame": {"private": 0.4}}
        days = 30
        # The same candidates each time (a fresh sampler on the same seed): only the
        # multipliers differ.
        above = days_of(conduct_of({}, everyone, behaviour=responses), days, score=1010)
        below = days_of(conduct_of({}, everyone, behaviour=responses), days, score=990)
        base = days_of(conduct_of({}, everyone, behaviour=OFF), days, score=1010)
        good = sum(int(a.good.sum()) for a in base)
        bad = sum(int((~a.good).sum()) for a in base)
        assert sum(int(a.good.sum()) for a in above) / good == pytest_approx(1.5, 0.02)
        assert sum(int((~a.good).sum()) for a in below) / bad == pytest_approx(0.6, 0.04)


def pytest_approx(value: float, tolerance: float) -> Any:
    import pytest

    return pytest.approx(value, abs=tolerance)
