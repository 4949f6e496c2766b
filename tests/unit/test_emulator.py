"""The smoothing of noisy log-likelihoods across parameter sets: a Gaussian process that finds
the noise it is given, keeps far draws as they are, and lets the sampler weigh rates rather
than luck."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from scipy.optimize import check_grad

from socialcredit.calibration.emulator import WITHIN, Process, smooth
from socialcredit.calibration.importance import sample

F64 = npt.NDArray[np.float64]


def bowl(u: F64) -> F64:
    """A smooth log-likelihood over three rates, best at the cube's centre."""
    out: F64 = -0.5 * np.sum(((u - 0.5) / 0.2) ** 2, axis=1)
    return out


def test_the_gradient_of_the_marginal_likelihood_matches_finite_differences() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((40, 3))
    y = np.sin(5 * x[:, 0]) + x[:, 1] ** 2 + 0.1 * rng.standard_normal(40)
    p = np.log(np.array([0.3, 0.5, 1.0, 0.5, 0.05, 1.0]))

    def value(q: F64) -> float:
        return Process.negative_log_marginal(x, y, q)[0]

    def gradient(q: F64) -> F64:
        return Process.negative_log_marginal(x, y, q)[1]

    assert check_grad(value, gradient, p) < 1e-4 * np.linalg.norm(gradient(p))


def test_smoothing_finds_the_noise_and_comes_closer_to_the_truth() -> None:
    rng = np.random.default_rng(1)
    u = rng.random((150, 3))
    truth = bowl(u)
    noisy = truth + rng.standard_normal(150)
    smoothed, process = smooth(u, noisy)
    assert process is not None
    summary = process.summary(["a", "b", "c"])
    assert summary.draws == 150
    assert summary.noise_sd == pytest.approx(1.0, rel=0.3)
    assert list(summary.as_record()["lengths"]) == ["a", "b", "c"]
    error = np.sqrt(np.mean((smoothed - truth) ** 2))
    assert error < 0.5 * np.sqrt(np.mean((noisy - truth) ** 2))


def test_draws_far_below_the_best_keep_their_own_log_likelihood() -> None:
    rng = np.random.default_rng(2)
    u = rng.random((60, 2))
    loglik = -0.5 * np.sum(((u - 0.5) / 0.3) ** 2, axis=1) + 0.3 * rng.standard_normal(60)
    far = np.array([0, 1, 2])
    loglik[far] -= WITHIN + 100.0
    smoothed, process = smooth(u, loglik)
    assert process is not None
    assert process.y.shape == (57,)
    assert np.array_equal(smoothed[far], loglik[far])
    assert not np.array_equal(smoothed, loglik)


def test_too_few_draws_near_the_best_leave_every_value_alone() -> None:
    # Five rates need twelve draws to set a length each.
    u = np.random.default_rng(3).random((11, 5))
    loglik = np.arange(11.0)
    smoothed, process = smooth(u, loglik)
    assert process is None
    assert np.array_equal(smoothed, loglik)


def test_with_noisy_log_likelihoods_the_sampler_weighs_rates_rather_than_luck() -> None:
    """A narrow correlated Gaussian in four rates, each evaluation off by noise of sd 3 (what
    two seeds of a calibration's runs differ by): raw weights go to the luckiest draws, an
    effective sample of a few and means off by more than a standard deviation; smoothed ones
    keep tens and put the means within half of one."""
    sd = np.array([0.03, 0.05, 0.075, 0.03])
    centre = np.array([0.45, 0.6, 0.5, 0.55])
    corr = np.eye(4)
    corr[0, 1] = corr[1, 0] = 0.7
    inverse = np.linalg.inv(corr * np.outer(sd, sd))

    def noisy(seed: int) -> object:
        rng = np.random.default_rng(seed)

        def loglik(u: F64, _round: int) -> F64:
            d = u - centre
            out: F64 = -0.5 * np.einsum("ij,jk,ik->i", d, inverse, d)
            return out + 3.0 * rng.standard_normal(len(u))

        return loglik

    raw = sample(4, [40] * 6, 0, noisy(0), emulate=False)  # type: ignore[arg-type]
    smoothed = sample(4, [40] * 6, 0, noisy(0))  # type: ignore[arg-type]
    assert raw.emulator is None
    assert smoothed.emulator is not None
    assert smoothed.ess[-1] > 40 > 5 * raw.ess[-1]
    error = np.abs(smoothed.weights @ smoothed.unit - centre) / sd
    assert error.max() < 0.5
    assert (np.abs(raw.weights @ raw.unit - centre) / sd).max() > 1.0
