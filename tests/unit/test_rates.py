"""Pooled rates and rate ratios over seeds: the beta distribution they rest on, exact intervals
that hold at zero counts, and a false-alarm rate within the nominal one where the groups are
identical."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from socialcredit.stats.beta import beta_cdf, beta_quantile
from socialcredit.stats.rates import Counts, dispersion, rate_ratio, ratio_interval

BAND = (0.8, 1.25)
NOMINAL = 0.05
"""A flag needs the 95% interval wholly outside the band: at most 5% where the ratio is 1."""


class TestBetaDistribution:
    @pytest.mark.parametrize(
        ("a", "b"),
        [(0.5, 0.5), (1.0, 1.0), (0.02, 3.0), (3.0, 0.02), (7.3, 1200.5), (4e4, 9e4), (0.4, 2e5)],
    )
    def test_the_cumulative_probability_is_the_regularized_incomplete_beta(
        self, a: float, b: float
    ) -> None:
        mean = a / (a + b)
        for x in (1e-9, 1e-4, 0.5 * mean, mean, min(0.999, 2 * mean), 0.9999):
            assert beta_cdf(x, a, b) == pytest.approx(special.betainc(a, b, x), rel=1e-7, abs=1e-14)

    @pytest.mark.parametrize(
        ("a", "b"), [(0.003, 5.0), (0.5, 0.5), (1.0, 40.0), (13.2, 2.7), (250.0, 3e5), (2e5, 8e5)]
    )
    def test_the_quantile_inverts_it_far_into_either_tail(self, a: float, b: float) -> None:
        for p in (1e-6, 0.025, 0.5, 0.975, 1 - 1e-6):
            assert beta_quantile(p, a, b) == pytest.approx(
                special.betaincinv(a, b, p), rel=1e-6, abs=1e-300
            )

    def test_the_ends_of_the_distribution_are_its_support(self) -> None:
        assert (beta_quantile(0.0, 2.0, 3.0), beta_quantile(1.0, 2.0, 3.0)) == (0.0, 1.0)
        assert (beta_cdf(0.0, 2.0, 3.0), beta_cdf(1.0, 2.0, 3.0)) == (0.0, 1.0)
        with pytest.raises(ValueError, match="positive"):
            beta_cdf(0.5, 0.0, 1.0)


class TestRateRatio:
    def test_the_ratio_is_of_rates_pooled_over_seeds_not_a_mean_of_per_seed_ratios(self) -> None:
        """A seed where the reference is barely hit once made a row read "2.75× as often"
        beside pooled rates of 0.046% and 0.050%."""
        group = Counts.of([(46, 100_000), (45, 100_000), (47, 100_000)])
        reference = Counts.of([(8, 100_000), (70, 100_000), (72, 100_000)])
        ratio = rate_ratio(group, reference)
        assert ratio.ratio == pytest.approx(0.046 / 0.050)
        per_seed = np.mean([46 / 8, 45 / 70, 47 / 72])
        assert per_seed > 2.3  # what the mean of per-seed ratios would have said
        assert ratio.low is not None
        assert ratio.high is not None
        assert ratio.low < 1 < ratio.high
        assert not ratio.outside(BAND)

    def test_without_clustering_the_interval_is_the_conditional_exact_one(self) -> None:
        """Integer counts, Poisson: the group's share of the events is binomial given their
        total, and its Clopper–Pearson bounds are the ratio's bounds (as `scipy` computes)."""
        for g, r, exposure_g, exposure_r in [
            (3, 0, 1e4, 4e4),
            (0, 5, 1e4, 4e4),
            (12, 30, 2e3, 9e3),
        ]:
            low, high = ratio_interval((g, exposure_g), (r, exposure_r))
            share = stats.binomtest(g, g + r).proportion_ci(0.95, method="exact")
            odds = exposure_r / exposure_g
            assert low == pytest.approx(share.low / (1 - share.low) * odds, rel=1e-7)
            if r == 0:
                assert high == math.inf
            else:
                assert high == pytest.approx(share.high / (1 - share.high) * odds, rel=1e-7)

    def test_zero_events_on_either_side_still_give_an_interval(self) -> None:
        never_hit = Counts.of([(0, 50_000), (0, 52_000), (0, 49_000)])
        often_hit = Counts.of([(800, 50_000), (760, 52_000), (820, 49_000)])
        against_zero = rate_ratio(often_hit, never_hit)
        assert against_zero.ratio is None
        assert against_zero.high == math.inf
        assert against_zero.low is not None
        assert against_zero.low > BAND[1]
        assert against_zero.outside(BAND)
        zero_against = rate_ratio(never_hit, often_hit)
        assert (zero_against.ratio, zero_against.low) == (0.0, 0.0)
        assert zero_against.high is not None
        assert zero_against.high < BAND[0]
        assert rate_ratio(never_hit, never_hit).low is None  # nothing to measure the spread on

    def test_counts_spread_between_seeds_beyond_poisson_widen_the_interval(self) -> None:
        """Citizen-days cluster (one listing is many days): the spread between seeds says how
        much, and the interval widens by it."""
        steady = rate_ratio(
            Counts.of([(300, 1e5), (310, 1e5), (290, 1e5)]),
            Counts.of([(150, 1e5), (160, 1e5), (140, 1e5)]),
        )
        clustered = rate_ratio(
            Counts.of([(100, 1e5), (600, 1e5), (200, 1e5)]),
            Counts.of([(40, 1e5), (300, 1e5), (110, 1e5)]),
        )
        assert steady.ratio == clustered.ratio == pytest.approx(2.0)
        assert steady.dispersion is not None
        assert clustered.dispersion is not None
        assert steady.dispersion.factor == 1.0  # never below a Poisson count's spread
        assert clustered.dispersion.factor > 100
        assert steady.outside(BAND)
        assert not clustered.outside(BAND)

    def test_one_seed_has_no_interval(self) -> None:
        ratio = rate_ratio(Counts.of([(30, 1e4)]), Counts.of([(10, 1e4)]))
        assert ratio.ratio == pytest.approx(3.0)
        assert (ratio.low, ratio.high, ratio.dispersion) == (None, None, None)
        assert ratio.group.low is None
        assert not ratio.outside(BAND)

    def test_a_pooled_rate_has_its_interval_within_zero_and_one(self) -> None:
        ratio = rate_ratio(
            Counts.of([(0, 10), (1, 12), (0, 9)]), Counts.of([(9, 10), (12, 12), (8, 9)])
        )
        for rate in (ratio.group, ratio.reference):
            assert rate.low is not None
            assert rate.high is not None
            assert rate.mean is not None
            assert 0.0 <= rate.low <= rate.mean <= rate.high <= 1.0

    def test_the_dispersion_is_pooled_over_the_groups_with_events(self) -> None:
        spread = dispersion(Counts.of([(10, 1e3), (30, 1e3)]), Counts.of([(0, 1e3), (0, 1e3)]))
        # Pearson: ((10 - 20)² + (30 - 20)²) / 20 = 10, on one degree of freedom.
        assert spread is not None
        assert (spread.factor, spread.dof) == (pytest.approx(10.0), 1)


def _citizen_days(
    rng: np.random.Generator, citizens: int, listings_per_year: float, days: int
) -> tuple[float, float]:
    """One seed of one group: listings arrive at random and each lasts a geometric number of
    days (mean 60, cut at the run's end); events are the citizen-days on the list."""
    listings = rng.poisson(listings_per_year * citizens * days / 365)
    lengths = np.minimum(rng.geometric(1 / 60, size=listings), days)
    return float(lengths.sum()), float(citizens * days)


class TestFalseAlarms:
    """Two identical groups, a minority of a fifth and the majority, whose citizen-days on the
    list are drawn alike, seed by seed: the ratio is 1 and every flag is a false alarm."""

    @pytest.mark.parametrize("seeds", [3, 20])
    @pytest.mark.parametrize(
        "listings_per_year", [0.0005, 0.005, 0.05], ids=["rare", "uncommon", "common"]
    )
    def test_identical_groups_are_flagged_no_more_often_than_the_nominal_rate(
        self, seeds: int, listings_per_year: float
    ) -> None:
        rng = np.random.default_rng(17)
        audits, missed, flagged = 300, 0, 0
        for _ in range(audits):
            minority, majority = (
                Counts.of([_citizen_days(rng, n, listings_per_year, 365) for _ in range(seeds)])
                for n in (2_000, 8_000)
            )
            ratio = rate_ratio(minority, majority)
            assert ratio.low is not None
            assert ratio.high is not None
            missed += not ratio.low <= 1.0 <= ratio.high
            flagged += ratio.outside(BAND)
        assert flagged <= NOMINAL * audits
        # The interval itself covers the true ratio about as often as it says (within the
        # Monte Carlo error of 300 audits): the flags are rare because it is honest, not vast.
        assert missed <= (NOMINAL + 0.03) * audits
