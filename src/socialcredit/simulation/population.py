"""A shard of the synthetic population: citizens of whole districts, their traits and collectors.

Districts are contiguous blocks of citizen numbers, so a shard is a range of districts and needs
nothing from any other shard. Everything random comes from the shard's own generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.simulation.model import Model

I64 = npt.NDArray[np.int64]


def district_bounds(citizens: int, districts: int) -> I64:
    """Citizen number where each district starts, and the total at the end."""
    return (np.arange(districts + 1, dtype=np.int64) * citizens) // districts


def shard_districts(citizens: int, districts: int, target: int = 100_000) -> list[tuple[int, int]]:
    """Ranges of districts, each about `target` citizens; depends on the scenario only."""
    per = max(1, target * districts // max(citizens, 1))
    return [(d, min(d + per, districts)) for d in range(0, districts, per)]


@dataclass
class Shard:
    n: int
    first_citizen: int
    district: npt.NDArray[np.int32]
    """Shard-local district number of each citizen."""
    district_start: I64
    """Shard-local citizen index where each local district starts, plus the end."""
    group: npt.NDArray[np.int8]
    consent: npt.NDArray[np.bool_]
    propensity: npt.NDArray[np.float32]
    """(stream, citizen), mean 1."""
    propensity_max: npt.NDArray[np.float64]
    gives_up: npt.NDArray[np.bool_]
    collector_citizen: I64
    """Shard-local citizen index of each collector; collectors are ordered by district."""
    collector_start: I64
    """Index of the first collector of each local district, plus the end."""
    malicious: npt.NDArray[np.bool_]
    grudges: I64
    """(collector, k) residents each malicious collector invents reports against; -1 if honest."""


def build_shard(model: Model, districts: tuple[int, int], rng: np.random.Generator) -> Shard:
    pop = model.scenario.population
    obs = model.scenario.observation.collectors
    bounds = district_bounds(pop.citizens, pop.districts)
    first, end = int(bounds[districts[0]]), int(bounds[districts[1]])
    n = end - first
    local_start = bounds[districts[0] : districts[1] + 1] - first
    sizes = np.diff(local_start)
    district = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
    shares = np.array([g.share for g in pop.groups])
    group = rng.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int8)
    consent = rng.random(n) < pop.consent_share
    a, b = pop.propensity.alpha, pop.propensity.beta
    mean = a / (a + b)
    propensity = (rng.beta(a, b, size=(len(model.streams), n)) / mean).astype(np.float32)
    propensity_max = (
        propensity.max(axis=1).astype(np.float64) if n else np.zeros(len(model.streams))
    )
    gives_up = rng.random(n) < model.scenario.behaviour.give_up.share

    counts = np.floor(sizes * obs.per_1000 / 1000.0 + rng.random(len(sizes))).astype(np.int64)
    counts = np.minimum(counts, sizes)
    collector_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    collector_citizen = np.concatenate(
        [
            local_start[d] + rng.choice(int(sizes[d]), size=int(counts[d]), replace=False)
            for d in range(len(sizes))
        ]
        or [np.zeros(0, dtype=np.int64)]
    ).astype(np.int64)
    k = len(collector_citizen)
    malicious = rng.random(k) < obs.malicious_share
    grudges = np.full((k, obs.malicious_targets), -1, dtype=np.int64)
    if malicious.any():
        col_district = np.repeat(np.arange(len(sizes)), counts)
        for c in np.flatnonzero(malicious):
            d = col_district[c]
            targets = local_start[d] + rng.integers(0, sizes[d], size=obs.malicious_targets)
            targets[targets == collector_citizen[c]] = -1
            grudges[c] = targets
    return Shard(
        n=n,
        first_citizen=first,
        district=district,
        district_start=local_start.astype(np.int64),
        group=group,
        consent=consent,
        propensity=propensity,
        propensity_max=propensity_max,
        gives_up=gives_up,
        collector_citizen=collector_citizen,
        collector_start=collector_start,
        malicious=malicious,
        grudges=grudges,
    )
