"""The calibration's core: the sampler, the weights, the likelihood and the predictive intervals,
held to answers known in closed form on toy models."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from scipy.stats import norm, poisson

from socialcredit.calibration.importance import (
    Proposal,
    effective_sample_size,
    gaussian_round,
    log_weights,
    normalise,
    prior_round,
    round_sizes,
    sample,
    sobol,
    temper,
    weighted_quantile,
)
from socialcredit.calibration.likelihood import (
    HALF,
    dispersion,
    log_likelihood,
    predictive_interval,
)
from socialcredit.calibration.space import Space
from socialcredit.domain.calibration import FreeRate

F64 = npt.NDArray[np.float64]


class TestSampler:
    def test_sobol_points_are_the_same_for_the_same_seed_and_lie_in_the_cube(self) -> None:
        a, b, c = sobol(3, 50, 7), sobol(3, 50, 7), sobol(3, 50, 8)
        assert a.shape == (50, 3)
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)
        assert ((a >= 0) & (a < 1)).all()

    def test_a_longer_sobol_draw_starts_with_the_shorter_one(self) -> None:
        assert np.array_equal(sobol(2, 40, 1), sobol(2, 100, 1)[:40])

    def test_a_gaussian_round_keeps_points_in_the_cube_and_counts_every_point_drawn(self) -> None:
        mean, cov = np.array([0.95, 0.5]), np.diag([0.01, 0.01])
        points, proposal = gaussian_round(mean, cov, 64, 3)
        assert points.shape == (64, 2)
        assert ((points >= 0) & (points <= 1)).all()
        # P(x > 1) = P(z > 0.5) = 0.31 on the first axis: about 64 / 0.69 = 93 drawn.
        assert 85 < proposal.drawn < 101

    def test_tempering_keeps_the_target_effective_sample_size(self) -> None:
        loglik = -(np.linspace(0, 40, 50) ** 1.5)
        flat = np.zeros(50)
        beta = temper(loglik, flat, 10.0)
        assert 0 < beta < 1
        assert effective_sample_size(normalise(beta * loglik)) == pytest.approx(10.0, rel=1e-3)
        assert temper(np.zeros(50), flat, 10.0) == 1.0

    def test_round_sizes_add_up_with_the_remainder_first(self) -> None:
        assert round_sizes(10, 3) == [4, 3, 3]
        assert round_sizes(9, 1) == [9]


class TestWeights:
    def test_with_draws_from_the_prior_the_weights_are_the_normalised_likelihood(self) -> None:
        u, proposal = prior_round(2, 16, 0)
        loglik = -np.arange(16, dtype=np.float64)
        w = normalise(log_weights(u, loglik, [proposal]))
        expected = np.exp(loglik) / np.exp(loglik).sum()
        assert np.allclose(w, expected)

    def test_mixture_weights_divide_by_the_share_weighted_proposal_densities(self) -> None:
        u = np.array([[0.5], [0.2]])
        gaussian = Proposal(drawn=30, mean=np.array([0.5]), cov=np.array([[0.04]]))
        prior = Proposal(drawn=10)
        loglik = np.array([0.0, 0.0])
        got = log_weights(u, loglik, [prior, gaussian])
        density = norm.pdf(u[:, 0], 0.5, 0.2)
        expected = -np.log(0.25 * 1.0 + 0.75 * density)
        assert np.allclose(got, expected)

    def test_points_outside_the_cube_weigh_nothing_under_the_prior(self) -> None:
        got = log_weights(np.array([[1.2]]), np.array([0.0]), [Proposal(drawn=1)])
        assert got[0] == -np.inf

    def test_effective_sample_size_is_n_for_equal_weights_and_1_for_one(self) -> None:
        assert effective_sample_size(np.full(40, 1 / 40)) == pytest.approx(40)
        assert effective_sample_size(np.array([1.0, 0, 0, 0])) == pytest.approx(1)
        assert effective_sample_size(np.array([0.5, 0.25, 0.25])) == pytest.approx(1 / 0.375)

    def test_weighted_quantiles_follow_the_cumulative_weight(self) -> None:
        x = np.array([3.0, 1.0, 2.0, 4.0])
        w = np.array([0.1, 0.6, 0.2, 0.1])
        assert weighted_quantile(x, w, 0.5) == 1.0
        assert weighted_quantile(x, w, 0.7) == 2.0
        assert weighted_quantile(x, w, 0.95) == 4.0


class TestLikelihood:
    def test_one_target_matches_the_gaussian_on_shifted_logarithms(self) -> None:
        counts, published, r, d = np.array([[100.0]]), np.array([120.0]), 0.1, 2.0
        got = log_likelihood(counts, published, np.array([r]), np.array([d]), seeds=1)
        var = (r * 120 / 120.5) ** 2 + d / 101
        z = (math.log(100.5) - math.log(120.5)) / math.sqrt(var)
        assert got[0] == pytest.approx(-0.5 * (z * z + math.log(2 * math.pi * var)))

    def test_a_run_counting_none_of_a_fraction_of_one_is_hardly_penalised(self) -> None:
        near = log_likelihood(np.array([[0.0]]), np.array([0.02]), np.array([0.1]), np.ones(1), 1)
        far = log_likelihood(np.array([[0.0]]), np.array([50.0]), np.array([0.1]), np.ones(1), 1)
        assert near[0] - far[0] > 5

    def test_dispersion_is_one_for_a_poisson_count_and_more_for_a_compound_one(self) -> None:
        rng = np.random.default_rng(0)
        poisson = rng.poisson([50.0, 200.0], size=(400, 2)).astype(np.float64)
        # A stock that is itself random, then a Poisson count of it: variance above the mean.
        compound = rng.poisson(rng.poisson(50, size=(400, 1)) * 4.0).astype(np.float64)
        assert dispersion(poisson) == pytest.approx(1.0, abs=0.2)
        assert dispersion(compound) == pytest.approx(5.0, rel=0.25)
        assert dispersion(np.zeros((3, 2))) == 1.0
        assert dispersion(np.array([[5.0, 9.0]])) == 1.0

    def test_one_quantitys_targets_share_the_noise_of_the_earlier_count(self) -> None:
        """Two dates of one cumulative count: the covariance of their noise is that of the
        later one's variance, D / (c_later + 1); apart, they are independent."""
        counts = np.array([[40.0, 90.0]])
        published = np.array([50.0, 100.0])
        r = np.array([0.05, 0.05])
        d = np.array([2.0, 2.0])
        shared = log_likelihood(counts, published, r, d, 1, np.array([0, 0]))
        apart = log_likelihood(counts, published, r, d, 1, np.array([0, 1]))
        residual = np.log(counts[0] + HALF) - np.log(published + HALF)
        figure = (r * published / (published + HALF)) ** 2
        cov = np.array([[2 / 41, 2 / 91], [2 / 91, 2 / 91]]) + np.diag(figure)
        z = residual @ np.linalg.solve(cov, residual)
        expected = -0.5 * (z + np.log(np.linalg.det(cov)) + 2 * math.log(2 * math.pi))
        assert shared[0] == pytest.approx(expected)
        assert shared[0] != pytest.approx(apart[0])

    def test_one_parameter_set_gives_the_lognormal_interval_of_its_noise(self) -> None:
        mean, low, high = predictive_interval(np.array([400.0]), np.ones(1), 1.0, seeds=1)
        sd = math.sqrt(1 / 401)
        assert mean == 400.0
        assert low == pytest.approx(math.exp(math.log(400.5) - 1.959964 * sd) - HALF, rel=1e-6)
        assert high == pytest.approx(math.exp(math.log(400.5) + 1.959964 * sd) - HALF, rel=1e-6)


class TestSpace:
    def test_maps_the_cube_onto_each_prior_evenly_or_on_a_log_scale(self) -> None:
        space = Space(
            (
                FreeRate(path="scenario.a", low=0.001, high=0.1, scale="log", reason="x"),
                FreeRate(path="scenario.b", low=180, high=2000, reason="x"),
            ),
            (False, True),
        )
        assert space.value(0, 0.5) == pytest.approx(0.01)
        assert space.value(1, 0.5) == 1090
        assert isinstance(space.value(1, 0.3), int)
        assert space.unit(0, 0.01) == pytest.approx(0.5)
        assert space.values(np.array([[0.0, 1.0]])) == [{"scenario.a": 0.001, "scenario.b": 2000}]


class TestToyModels:
    """Recovering a known rate through the whole sampler: prior round and refinements."""

    DAYS = np.array([50.0, 100.0, 200.0, 400.0, 800.0, 1600.0])
    LOW, HIGH = 0.1, 10.0

    def rate(self, u: F64) -> F64:
        return self.LOW * (self.HIGH / self.LOW) ** u[:, 0]

    def test_an_exact_counting_model_gives_the_gaussian_posterior_of_the_log_rate(self) -> None:
        """With counts exactly rate × day and every figure off by the same relative sd r, the
        log-likelihood is Gaussian in log(rate) with sd r / √T (T figures), and a log-uniform
        prior is flat there: the posterior is that Gaussian."""
        true, r = 2.0, 0.2
        published = true * self.DAYS
        sd = np.full(len(self.DAYS), r)

        def loglik(u: F64, _round: int) -> F64:
            counts = self.rate(u)[:, None] * self.DAYS[None, :]
            # No sampling noise: a dispersion of 0 leaves the figure's own uncertainty alone.
            return log_likelihood(counts, published, sd, np.zeros(len(self.DAYS)), 1)

        result = sample(1, [64, 64, 64], 0, loglik)
        log_rate = np.log(self.rate(result.unit))
        mean = float(result.weights @ log_rate)
        spread = math.sqrt(float(result.weights @ (log_rate - mean) ** 2))
        assert mean == pytest.approx(math.log(true), abs=0.02)
        assert spread == pytest.approx(r / math.sqrt(len(self.DAYS)), rel=0.15)
        assert result.ess[-1] > 50
        assert result.weights.sum() == pytest.approx(1.0)

    def test_a_poisson_rate_is_recovered_within_its_interval(self) -> None:
        """Counts are Poisson(rate × day) from the same uniforms for every rate; published
        figures are the true rate's expected counts. The posterior's 95% interval holds the
        true rate and is narrow; the refinements raise the effective sample size."""
        true = 1.5
        published = true * self.DAYS
        uniforms = np.random.default_rng(42).random(len(self.DAYS))

        def loglik(u: F64, _round: int) -> F64:
            mean = self.rate(u)[:, None] * self.DAYS[None, :]
            counts = poisson.ppf(uniforms[None, :], mean)
            sd = np.full(len(self.DAYS), 0.05)
            return log_likelihood(counts, published, sd, np.ones(len(self.DAYS)), 1)

        result = sample(1, [64, 64, 64], 0, loglik)
        rate = self.rate(result.unit)
        low = weighted_quantile(rate, result.weights, 0.025)
        high = weighted_quantile(rate, result.weights, 0.975)
        assert low < true < high
        assert high / low < 1.3
        assert result.ess[-1] > result.ess[0]

    def test_a_correlated_gaussian_posterior_in_six_rates_is_recovered(self) -> None:
        """A Gaussian likelihood in the unit cube, narrow and correlated as a calibration's is:
        240 draws over five rounds recover its means and standard deviations, and carry an
        effective sample of more than 20."""
        sd = np.array([0.06, 0.1, 0.15, 0.06, 0.065, 0.1])
        centre = np.array([0.45, 0.6, 0.5, 0.55, 0.5, 0.4])
        corr = np.eye(6)
        corr[0, 1] = corr[1, 0] = 0.7
        inverse = np.linalg.inv(corr * np.outer(sd, sd))

        def loglik(u: F64, _round: int) -> F64:
            d = u - centre
            out: F64 = -0.5 * np.einsum("ij,jk,ik->i", d, inverse, d)
            return out

        result = sample(6, [48] * 5, 0, loglik)
        mean = result.weights @ result.unit
        spread = np.sqrt(result.weights @ (result.unit - mean) ** 2)
        # Within half a standard deviation: Monte Carlo error of an effective sample of ~30.
        assert (np.abs(mean - centre) < 0.5 * sd).all()
        assert np.allclose(spread, sd, rtol=0.3)
        assert result.ess[-1] > 20
