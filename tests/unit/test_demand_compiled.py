"""The day's service attempts, drawn and counted in one compiled call, are the array rule's.

The array rule, written out here as `Demand.count` took it with numpy's generator: per service
the scenario gives demand and per group, a Poisson count at the members times the daily rate and
that many members drawn uniformly; the attempts of services the policy has judged by the
observed and the true standing of each; the refused and restricted ones told to the story log,
slot by slot. Both are fed the same random standings every day, from the same seed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from socialcredit.engine import compile_model
from socialcredit.engine.demand import COUNTS, DENY, RESTRICTED, Demand, DemandPlan
from socialcredit.engine.tally import Tally
from socialcredit.inputs import load_policy
from tests.support import scenario


class Log:
    """What the story log is told of attempts."""

    def __init__(self) -> None:
        self.told: list[tuple[Any, ...]] = []

    def add(self, kind: str, citizens: np.ndarray, **fields: Any) -> None:
        self.told.append(
            (kind, citizens.tolist(), *(f"{k}={np.asarray(v).tolist()}" for k, v in fields.items()))
        )


def by_arrays(
    plan: DemandPlan,
    tally: Tally,
    groups: np.ndarray,
    rng: np.random.Generator,
    pairs: np.ndarray,
    log: Log,
) -> np.ndarray:
    services = tally.effects.shape[0]
    out = np.zeros((len(COUNTS), services), dtype=np.float64)
    members_of = [np.flatnonzero(groups == g) for g in range(tally.groups)]
    attempts, slots = [], []
    for demand in plan.services:
        for members, daily in zip(members_of, demand.daily, strict=True):
            if daily <= 0 or not len(members):
                continue
            n = rng.poisson(len(members) * daily)
            who = members[rng.integers(0, len(members), size=n)]
            if demand.service < 0 or not n:
                continue
            attempts.append(who)
            slots.append(demand.service)
    if not attempts:
        return out.reshape(-1)
    sizes = [len(w) for w in attempts]
    who = np.concatenate(attempts)
    service = np.repeat(np.array(slots, dtype=np.int64), sizes)
    obs = tally.effects[service, pairs[who] // tally.states]
    true = tally.effects[service, pairs[who] % tally.states]
    refused, restricted = obs == DENY, obs == RESTRICTED
    out[0] = np.bincount(service, minlength=services)
    out[1] = np.bincount(service, weights=refused, minlength=services)
    out[2] = np.bincount(service, weights=restricted, minlength=services)
    out[3] = np.bincount(service, weights=refused & (true != DENY), minlength=services)
    out[4] = np.bincount(service, weights=restricted & (true < RESTRICTED), minlength=services)
    start = 0
    for size, svc in zip(sizes, slots, strict=True):
        end = start + size
        hurt = start + np.flatnonzero(obs[start:end] >= RESTRICTED)
        log.add("attempt", who[hurt], service=svc, effect=obs[hurt], effect_true=true[hurt])
        start = end
    return out.reshape(-1)


@pytest.mark.parametrize(
    ("policy", "place", "demand"),
    [
        ("classic", "biased-collectors", None),
        ("default", "baseline", None),
        # A service the policy lacks (drawn, not counted), one group without demand, and a
        # high rate.
        (
            "classic",
            "baseline",
            {
                "spaceflight": {"per_year": 2.0},
                "train": {"per_year": 300.0, "by_group": {"minority": 0.0}},
                "flight": {"per_year": 3.0},
            },
        ),
    ],
)
def test_the_compiled_attempts_are_the_array_rule(
    policy: str, place: str, demand: dict[str, Any] | None
) -> None:
    changes = {} if demand is None else {"population__demand": demand}
    town = scenario(place, citizens=3000, days=30, **changes)
    model = compile_model(load_policy(policy), town)
    tally = model.tally
    rng = np.random.default_rng(5)
    groups = rng.integers(0, tally.groups, size=3000).astype(np.int8)
    fast = Demand(model.demand, tally, groups, np.random.default_rng(11))
    reference = np.random.default_rng(11)
    mine, theirs = Log(), Log()
    attempts = 0.0
    for _ in range(30):
        pairs = rng.integers(0, tally.states * tally.states, size=3000).astype(np.int64)
        got = fast.count(pairs, mine)  # type: ignore[arg-type]
        want = by_arrays(model.demand, tally, groups, reference, pairs, theirs)
        np.testing.assert_array_equal(got, want)
        attempts += float(got[: tally.effects.shape[0]].sum())
    assert mine.told == theirs.told
    assert attempts > 100
    assert any(len(t[1]) for t in mine.told)
