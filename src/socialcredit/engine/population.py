"""A shard of the synthetic population: citizens of whole districts, their traits and collectors.

Districts are contiguous blocks of citizen numbers, so a shard is a range of districts and needs
nothing from any other shard. Every trait comes from its own stream (see `streams`): the
groups and consent from `population`, each act stream's propensities from its own
`propensity:<category>:<sign>`, giving up from `responses`, the collectors from `roster` and
the households (where the scenario has them) from `households`. None of them depends on the
policy, so every policy meets the same citizens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.households import Kinship, draw_households
from socialcredit.engine.model import PopulationPlan
from socialcredit.engine.streams import Streams

I64 = npt.NDArray[np.int64]


def district_bounds(citizens: int, districts: int) -> I64:
    """Citizen number where each district starts, and the total at the end."""
    return (np.arange(districts + 1, dtype=np.int64) * citizens) // districts


def shard_districts(citizens: int, districts: int, target: int = 100_000) -> list[tuple[int, int]]:
    """Ranges of districts, each about `target` citizens; depends on the scenario only."""
    per = max(1, target * districts // max(citizens, 1))
    return [(d, min(d + per, districts)) for d in range(0, districts, per)]


def shard_size(citizens: int, districts: int, shard: tuple[int, int]) -> int:
    bounds = district_bounds(citizens, districts)
    return int(bounds[shard[1]] - bounds[shard[0]])


@dataclass
class Population:
    n: int
    first_citizen: int
    district: npt.NDArray[np.int32]
    """Shard-local district number of each citizen."""
    district_start: I64
    """Shard-local citizen index where each local district starts, plus the end."""
    group: npt.NDArray[np.int8]
    consent: npt.NDArray[np.bool_]
    propensity: dict[str, npt.NDArray[np.float32]]
    """Per act stream, each citizen's propensity, mean 1 (a row of `propensities`)."""
    propensities: npt.NDArray[np.float32]
    """(stream, citizen): the propensities, one row per stream in `propensity_rows` order."""
    propensity_rows: tuple[str, ...]
    propensity_max: dict[str, float]
    give_up_draw: npt.NDArray[np.float64]
    """Per citizen, a uniform draw: once listed, they have given up when it falls below the
    chance of having given up by now (`engine.responses`), so longer listings nest."""
    collector_citizen: I64
    """Shard-local citizen index of each collector; collectors are ordered by district."""
    collector_start: I64
    """Index of the first collector of each local district, plus the end."""
    malicious: npt.NDArray[np.bool_]
    grudges: I64
    """(collector, k) residents each malicious collector invents reports against; -1 if honest."""
    households: Kinship | None = None
    """Who lives with whom; None when every citizen lives alone."""


def build_population(
    plan: PopulationPlan, districts: tuple[int, int], streams: Streams
) -> Population:
    bounds = district_bounds(plan.citizens, plan.districts)
    first, end = int(bounds[districts[0]]), int(bounds[districts[1]])
    n = end - first
    local_start = bounds[districts[0] : districts[1] + 1] - first
    sizes = np.diff(local_start)
    district = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)

    rng = streams("population")
    shares = plan.group_shares
    group = rng.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int8)
    consent = rng.random(n) < plan.consent_share

    a, b = plan.propensity_alpha, plan.propensity_beta
    mean = a / (a + b)
    # One row per stream, so that the sampler can read any stream's propensities at once.
    propensities = np.empty((len(plan.streams), n), dtype=np.float32)
    propensity: dict[str, npt.NDArray[np.float32]] = {}
    propensity_max: dict[str, float] = {}
    for row, name in enumerate(plan.streams):
        values = propensities[row]
        values[:] = streams(f"propensity:{name}").beta(a, b, size=n) / mean
        propensity[name] = values
        propensity_max[name] = float(values.max()) if n else 0.0

    give_up_draw = streams("responses").random(n)

    roster = streams("roster")
    counts = np.floor(sizes * plan.collectors_per_1000 / 1000.0 + roster.random(len(sizes)))
    counts = np.minimum(counts.astype(np.int64), sizes)
    collector_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    collector_citizen = np.concatenate(
        [
            local_start[d] + roster.choice(int(sizes[d]), size=int(counts[d]), replace=False)
            for d in range(len(sizes))
        ]
        or [np.zeros(0, dtype=np.int64)]
    ).astype(np.int64)
    k = len(collector_citizen)
    malicious = roster.random(k) < plan.malicious_share
    grudges = np.full((k, plan.malicious_targets), -1, dtype=np.int64)
    if malicious.any():
        col_district = np.repeat(np.arange(len(sizes)), counts)
        for c in np.flatnonzero(malicious):
            d = col_district[c]
            targets = local_start[d] + roster.integers(0, sizes[d], size=plan.malicious_targets)
            targets[targets == collector_citizen[c]] = -1
            grudges[c] = targets
    households = None
    if plan.households is not None:
        households = draw_households(plan.households, local_start, streams("households"))
    return Population(
        n=n,
        first_citizen=first,
        district=district,
        district_start=local_start.astype(np.int64),
        group=group,
        consent=consent,
        propensity=propensity,
        propensities=propensities,
        propensity_rows=tuple(plan.streams),
        propensity_max=propensity_max,
        give_up_draw=give_up_draw,
        collector_citizen=collector_citizen,
        collector_start=collector_start,
        malicious=malicious,
        grudges=grudges,
        households=households,
    )
