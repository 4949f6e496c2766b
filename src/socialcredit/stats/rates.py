"""Rates pooled over seeds and the ratio of two of them, with exact intervals valid for rare
events and zero counts.

A rate here is events over cases summed over the seeds (citizen-days wrongly listed over
citizen-days the true ledger leaves alone, say): the pooled rate, not a mean of per-seed rates,
so a seed with few cases weighs little, and a seed where the reference group is never hit counts
like any other instead of dropping out of a mean of per-seed ratios. Two things make the
textbook intervals wrong for such counts:

- **The events are rare.** A group may have no wrongful listing at all in a seed or in every
  seed; log-scale (Katz) intervals need a continuity correction at zero and cover badly near it.
  So the intervals here are exact: Clopper–Pearson for a rate, and for a ratio the conditional
  one (Clopper–Pearson on the share of the two groups' events that fall in the group, turned
  into a ratio: given the total, that share is binomial whatever the common rate).
- **The events come in clusters.** A citizen-day is not an independent trial: one listing is
  many days on the list, and a run's draws are shared by the days of a citizen. A count of
  citizen-days therefore varies far more than a binomial or Poisson count of as many trials
  (in the shipped towns 100 to 300 times as much). The seeds are independent, so the spread of
  each group's count between seeds measures that: the dispersion φ is the Pearson statistic of
  the per-seed counts against the pooled rate over its degrees of freedom, pooled over the two
  groups, never below 1. The groups share it: it comes from how long a listing or a refusal
  lasts, which the rulebook and the scenario set alike for both. Its degrees of freedom are
  the seeds' (one less than the seeds), not the sum of the groups': the groups live in the same
  runs, whose seed-wide draws (how many collectors, which of them lie) move both groups'
  counts together, so their spreads are not independent evidence. (Counted twice, they let 9%
  of the 95% intervals of identical groups miss 1 over 30 triples of seeds of the baseline
  town; counted once, 2%.)

Counts divided by φ are *effective counts*: counts of independent events that vary as much as
the observed ones (Kish's effective sample size). The exact intervals are taken on them, as in
Korn and Graubard (1998, "Confidence intervals for proportions with small expected number of
positive counts estimated from survey data", *Survey Methodology* 24, 193–201), which also
shrinks the effective counts by (z / t)², t the Student quantile at the degrees of freedom φ is
estimated on, so that an interval widens as a t-interval does when few seeds pin φ down (with
the default three seeds, by a factor of about 2.2). With one seed nothing measures the
clustering, and there is no interval.

The ratio's φ is the quasi-Poisson one (residuals over the expected count), which makes the
effective counts vary like Poisson counts whatever the rate's size, as the conditional interval
assumes; a rate's own interval is binomial, so its φ is that one divided by 1 − rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

from socialcredit.stats.beta import beta_quantile
from socialcredit.stats.intervals import CONFIDENCE, Interval, t_quantile


@dataclass(frozen=True)
class Counts:
    """A group's events and cases (the rate's numerator and denominator), seed by seed."""

    events: tuple[float, ...]
    cases: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[float, float]]) -> Counts:
        """From (events, cases) per seed."""
        return cls(tuple(float(e) for e, _ in pairs), tuple(float(c) for _, c in pairs))

    @property
    def total_events(self) -> float:
        return math.fsum(self.events)

    @property
    def total_cases(self) -> float:
        return math.fsum(self.cases)

    @property
    def rate(self) -> float | None:
        """The pooled rate: events over cases summed over the seeds; None without cases."""
        cases = self.total_cases
        return self.total_events / cases if cases > 0 else None

    @property
    def seeds(self) -> int:
        """Seeds with cases."""
        return sum(1 for c in self.cases if c > 0)


@dataclass(frozen=True)
class Dispersion:
    """How many times more a count varies than a Poisson count of the same mean (at least 1),
    and the degrees of freedom it is estimated on."""

    factor: float
    dof: int

    @property
    def adjustment(self) -> float:
        """(t / z)², the t and z quantiles of the interval's confidence: Korn and Graubard's
        allowance for a dispersion estimated on few degrees of freedom."""
        z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
        t = t_quantile(0.5 + CONFIDENCE / 2, self.dof)
        return (t / z) ** 2


def dispersion(*groups: Counts) -> Dispersion | None:
    """The quasi-Poisson dispersion of the groups' per-seed counts, pooled over the groups with
    events, on the seeds' degrees of freedom; None where no group has events and cases in two
    seeds (nothing to measure it on)."""
    pearson, dof, seeds = 0.0, 0, 0
    for g in groups:
        rate = g.rate
        if rate is None or rate == 0.0 or g.seeds < 2:
            continue
        for events, cases in zip(g.events, g.cases, strict=True):
            if cases > 0:
                expected = cases * rate
                pearson += (events - expected) ** 2 / expected
        dof += g.seeds - 1
        seeds = max(seeds, g.seeds)
    if dof == 0:
        return None
    return Dispersion(max(1.0, pearson / dof), seeds - 1)


def share_interval(events: float, others: float) -> tuple[float, float]:
    """Clopper–Pearson 95% interval of a binomial share: `events` of `events + others` trials.
    The counts may be fractions (effective counts)."""
    tail = (1.0 - CONFIDENCE) / 2
    low = beta_quantile(tail, events, others + 1.0) if events > 0 else 0.0
    high = beta_quantile(1.0 - tail, events + 1.0, others) if others > 0 else 1.0
    return low, high


def ratio_interval(
    group: tuple[float, float], reference: tuple[float, float]
) -> tuple[float, float]:
    """The conditional exact 95% interval of the ratio of two Poisson rates, each given as
    (events, exposure): given the total, the group's events are binomial with share
    r·e_g / (r·e_g + e_r) at ratio r, so the Clopper–Pearson bounds of that share give the
    ratio's. The upper bound is infinite where the reference has no events."""
    (g_events, g_exposure), (r_events, r_exposure) = group, reference
    low, high = share_interval(g_events, r_events)
    scale = r_exposure / g_exposure
    return low / (1.0 - low) * scale, high / (1.0 - high) * scale if high < 1.0 else math.inf


def pooled_rate(group: Counts, spread: Dispersion | None) -> Interval:
    """The pooled rate with its exact interval on effective counts (Korn and Graubard); no
    interval without a dispersion. `n` counts the seeds with cases."""
    rate = group.rate
    if rate is None:
        return Interval(None, None, None, 0)
    if spread is None:
        return Interval(rate, None, None, group.seeds)
    binomial = spread.factor / (1.0 - rate) if rate < 1.0 else spread.factor
    shrink = binomial * spread.adjustment
    events, cases = group.total_events / shrink, group.total_cases / shrink
    low, high = share_interval(events, cases - events)
    return Interval(rate, low, high, group.seeds)


@dataclass(frozen=True)
class RateRatio:
    """A group's pooled rate over the reference group's, with its exact 95% interval.

    `ratio` is None where the reference's pooled rate is zero (or either has no cases). `low`
    and `high` are None where there is no interval (one seed, or no events to measure the
    dispersion on); `high` is infinite where the reference has no events, so no ratio is too
    large."""

    group: Interval
    reference: Interval
    ratio: float | None
    low: float | None
    high: float | None
    dispersion: Dispersion | None

    def outside(self, band: tuple[float, float]) -> bool:
        """Whether the whole interval lies outside `band`: a difference beyond the noise."""
        lower, upper = band
        return (self.low is not None and self.low > upper) or (
            self.high is not None and self.high < lower
        )

    def inside(self, band: tuple[float, float]) -> bool:
        """Whether the whole interval lies inside `band`."""
        if self.low is None or self.high is None:
            return False
        return band[0] <= self.low and self.high <= band[1]


def rate_ratio(group: Counts, reference: Counts) -> RateRatio:
    """The group's pooled rate over the reference's, with the conditional exact interval
    (`ratio_interval`) on effective counts. It is defined with zero events on either side."""
    spread = dispersion(group, reference)
    g_rate, r_rate = pooled_rate(group, spread), pooled_rate(reference, spread)
    if g_rate.mean is None or r_rate.mean is None:
        return RateRatio(g_rate, r_rate, None, None, None, spread)
    ratio = g_rate.mean / r_rate.mean if r_rate.mean > 0 else None
    if spread is None:
        return RateRatio(g_rate, r_rate, ratio, None, None, spread)
    shrink = spread.factor * spread.adjustment
    low, high = ratio_interval(
        (group.total_events / shrink, group.total_cases / shrink),
        (reference.total_events / shrink, reference.total_cases / shrink),
    )
    return RateRatio(g_rate, r_rate, ratio, low, high, spread)
