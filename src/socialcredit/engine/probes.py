"""Probes: the evidence an attribution takes away together, and the plan a run follows them by.

A probe names entries of some behaviours, entries some feeds recorded, or collectors' reports
(see `engine.attribution` for what taking a probe away means). The plan holds the probes with
what the attribution needs of the policy: points, expiries, and how the black list is entered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.policy import ListRule, Policy

Mask = npt.NDArray[np.bool_]

MAX_PROBES = 64
MAX_FEEDS = 64


@dataclass(frozen=True)
class Probe:
    """Evidence taken away together: an entry belongs to the probe when its behaviour is one of
    `behaviours`, or a feed of `feeds` recorded it, or it is a collector's report and
    `collectors` is set."""

    name: str
    behaviours: Mask
    """Per behaviour of the policy."""
    feeds: Mask
    """Per enabled feed of the policy, in the order of `ObservationPlan.feeds`."""
    collectors: bool = False


def enabled_feeds(policy: Policy) -> list[str]:
    """The codes of the feeds a simulation runs, in its order."""
    return [f.code for f in policy.sources.feeds if policy.category_enabled(f.category)]


def probe_of(
    policy: Policy,
    name: str,
    *,
    categories: frozenset[str] = frozenset(),
    behaviours: frozenset[str] = frozenset(),
    collectors: bool = False,
) -> Probe:
    """A probe of data categories (the behaviours of those categories and the entries feeds of
    those categories recorded), of behaviours by code, and of collectors' reports."""
    feeds = [f for f in policy.sources.feeds if policy.category_enabled(f.category)]
    return Probe(
        name=name,
        behaviours=np.array(
            [b.category in categories or b.code in behaviours for b in policy.behaviours],
            dtype=np.bool_,
        ),
        feeds=np.array([f.category in categories for f in feeds], dtype=np.bool_),
        collectors=collectors,
    )


@dataclass(frozen=True)
class AttributionPlan:
    probes: tuple[Probe, ...]
    points: npt.NDArray[np.int32]
    """Per behaviour: its points."""
    expiry_days: npt.NDArray[np.int64]
    """Per behaviour: the days its entries count."""
    listing_black: Mask
    """Per behaviour: an entry of it lists the citizen on the black list."""
    black: ListRule
    """The black list's rule, whose entry a listing is tried against without a probe's
    deductions (taking deductions away only raises a score, so a probe never causes a listing
    entered at a score of at least a bound)."""
    early_days: int
    """Days after a black listing whose detriment the notice figures count."""

    @classmethod
    def of(cls, policy: Policy, probes: tuple[Probe, ...], *, early_days: int) -> AttributionPlan:
        from socialcredit.domain.lists import listing_behaviours

        if len(probes) > MAX_PROBES:
            raise ValueError(f"at most {MAX_PROBES} probes in a run, not {len(probes)}")
        if len(enabled_feeds(policy)) > MAX_FEEDS:
            raise ValueError(f"attribution follows at most {MAX_FEEDS} enabled feeds")
        return cls(
            probes=probes,
            points=np.array([b.points for b in policy.behaviours], dtype=np.int32),
            expiry_days=np.array([b.expires_after_days for b in policy.behaviours], np.int64),
            listing_black=listing_behaviours(policy, "black"),
            black=policy.lists.black,
            early_days=early_days,
        )
