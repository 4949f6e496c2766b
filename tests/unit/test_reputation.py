"""The reputation game reproduces the known equilibria of indirect reciprocity.

Three independent views of the same model must agree: the per-citizen simulation, the exact
stationary mean of the finite population, and the mean-field equilibrium of Ohtsuki & Iwasa.
All runs use fixed seeds, so a failure is reproducible rather than a fluke.
"""

from __future__ import annotations

import functools
import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import socialcredit
from socialcredit.reputation import (
    NORMS,
    Interval,
    ReputationResult,
    ReputationScenario,
    analytic_good_share,
    exact_good_share,
    run_reputation_game,
)
from socialcredit.reputation.game import _play_block
from socialcredit.reputation.norms import assessment_table
from socialcredit.reputation.theory import expected_measurement
from socialcredit.stats import t_quantile

LEADING_EIGHT = [f"L{i}" for i in range(1, 9)]
BAD_MEETS_BAD_DEFECT_IS_GOOD = ["L3", "L4", "L5", "L6"]
BAD_MEETS_BAD_DEFECT_IS_BAD = ["L1", "L2", "L7", "L8"]

# Large enough that the O(1/N) finite-size effects are small, small enough that the nine
# norm runs together take a few seconds: 250 x 30 replicates x 300 rounds per citizen.
CITIZENS = 250
E = 0.05
MU = 0.02


def scenario(norm: str = "L3", **changes: Any) -> ReputationScenario:
    fields: dict[str, Any] = {
        "kind": "reputation-game",
        "name": f"test-{norm}",
        "norm": norm,
        "citizens": CITIZENS,
        "replicates": 30,
        "rounds_per_citizen": 300,
        "burn_in": 0.2,
        "execution_error": E,
        "assessment_error": MU,
        "benefit": 3.0,
        "cost": 1.0,
    }
    fields.update(changes)
    return ReputationScenario(**fields)


@functools.cache
def run(norm: str) -> ReputationResult:
    """One seeded run per norm, shared by the tests that read it (the runs dominate the time)."""
    return run_reputation_game(scenario(norm), rng=20240611)


def sampling_tolerance(interval: Interval) -> float:
    assert interval.high is not None
    assert interval.mean is not None
    """Twice the 95% half-width: about four standard errors of the replicate mean.

    The statistic is a mean over 30 independent replicates (each a long time average), so
    it is close to normal; four standard errors makes a false alarm a roughly 1-in-15,000
    event per comparison, while a real bias of that size would still be caught.
    """
    return 2.0 * (interval.high - interval.mean)


def finite_size_allowance(citizens: int) -> float:
    """How far the finite-N stationary mean may sit from the mean-field root: 1/N.

    Two effects separate them, both O(1/N): the recipient is drawn from the other N - 1
    citizens (shifting the chance of meeting a Good one by at most 1/(N - 1)), and the drift
    of k/N is curved for norms with d(B,B,D) = B, so its average over the O(1/N) stationary
    variance differs from its value at the mean. For norms whose drift is linear in k (L3-L6
    and image scoring) both cancel exactly. Over a grid of N >= 2, e <= 0.5 and mu < 0.5 the
    largest observed N * |exact - mean-field| is 1/3 (N = 2, e = 0.5, mu = 0), so 1/N leaves a
    threefold margin; `TestFiniteSizeCorrection` checks the bound itself.
    """
    return 1.0 / citizens


class TestLeadingEightTable:
    def test_all_eight_share_the_five_common_assessments(self) -> None:
        for norm in LEADING_EIGHT:
            table = assessment_table(norm)  # [donor Good, recipient Good, helped]
            assert table[1, 1, 1], f"{norm}: d(G,G,C) must be G"
            assert not table[1, 1, 0], f"{norm}: d(G,G,D) must be B"
            assert table[1, 0, 0], f"{norm}: d(G,B,D) must be G"
            assert table[0, 1, 1], f"{norm}: d(B,G,C) must be G"
            assert not table[0, 1, 0], f"{norm}: d(B,G,D) must be B"

    def test_the_eight_are_exactly_the_eight_ways_to_fill_the_free_entries(self) -> None:
        free = {
            (
                bool(assessment_table(n)[1, 0, 1]),
                bool(assessment_table(n)[0, 0, 1]),
                bool(assessment_table(n)[0, 0, 0]),
            )
            for n in LEADING_EIGHT
        }
        assert free == set(itertools.product([True, False], repeat=3))

    def test_simple_standing_is_l3_and_stern_judging_is_l6(self) -> None:
        # Simple standing: only refusing a Good recipient is Bad.
        assert NORMS["L3"].replace(" ", "") == "GBGGGBGG"
        # Stern judging: Good iff you help the Good and refuse the Bad, whoever you are.
        assert NORMS["L6"].replace(" ", "") == "GBBGGBBG"

    def test_image_scoring_judges_the_act_alone(self) -> None:
        table = assessment_table("image-scoring")
        assert table[:, :, 1].all()
        assert not table[:, :, 0].any()


class TestMeanFieldEquilibrium:
    @pytest.mark.parametrize("norm", LEADING_EIGHT)
    def test_without_errors_the_leading_eight_keep_everyone_good(self, norm: str) -> None:
        assert analytic_good_share(norm, 0.0, 0.0) == 1.0

    @pytest.mark.parametrize("norm", BAD_MEETS_BAD_DEFECT_IS_GOOD)
    @pytest.mark.parametrize(("e", "mu"), [(0.05, 0.02), (0.2, 0.0), (0.0, 0.1), (0.5, 0.3)])
    def test_justified_refusal_norms_follow_the_linear_closed_form(
        self, norm: str, e: float, mu: float
    ) -> None:
        expected = (1 - mu) / (1 + e * (1 - 2 * mu))
        assert analytic_good_share(norm, e, mu) == pytest.approx(expected, abs=1e-12)

    @pytest.mark.parametrize("norm", BAD_MEETS_BAD_DEFECT_IS_BAD)
    @pytest.mark.parametrize(("e", "mu"), [(0.05, 0.02), (0.2, 0.0), (0.0, 0.1), (0.5, 0.3)])
    def test_unjustified_refusal_norms_follow_the_quadratic_closed_form(
        self, norm: str, e: float, mu: float
    ) -> None:
        # g = mu + (1-2mu)(g(1-e) + g(1-g))  <=>  (1-2mu) g^2 - beta g - mu = 0
        beta = (1 - 2 * mu) * (2 - e) - 1
        expected = (beta + math.sqrt(beta * beta + 4 * (1 - 2 * mu) * mu)) / (2 * (1 - 2 * mu))
        assert analytic_good_share(norm, e, mu) == pytest.approx(expected, abs=1e-12)

    @pytest.mark.parametrize("e", [0.01, 0.1, 0.5])
    def test_without_assessment_errors_unjustified_refusal_costs_exactly_the_slips(
        self, e: float
    ) -> None:
        assert analytic_good_share("L8", e, 0.0) == pytest.approx(1 - e, abs=1e-12)
        assert analytic_good_share("L3", e, 0.0) == pytest.approx(1 / (1 + e), abs=1e-12)

    @pytest.mark.parametrize(("e", "mu"), [(0.05, 0.02), (0.3, 0.1), (0.5, 0.4)])
    def test_image_scoring_follows_its_closed_form(self, e: float, mu: float) -> None:
        expected = mu / (1 - (1 - 2 * mu) * (1 - e))
        assert analytic_good_share("image-scoring", e, mu) == pytest.approx(expected, abs=1e-12)

    def test_image_scoring_special_cases(self) -> None:
        # Errorless: nothing ever moves the all-Good start.
        assert analytic_good_share("image-scoring", 0.0, 0.0) == 1.0
        # Only assessment errors: every verdict is a coin toss weighted to the truth, half Good.
        assert analytic_good_share("image-scoring", 0.0, 0.1) == pytest.approx(0.5)
        # Only slips: every slip brands a donor Bad for good, and Bad recipients are refused.
        assert analytic_good_share("image-scoring", 0.1, 0.0) == 0.0

    @pytest.mark.parametrize("norm", list(NORMS))
    def test_near_coin_toss_assessment_leaves_half_the_population_good(self, norm: str) -> None:
        assert analytic_good_share(norm, 0.05, 0.4999) == pytest.approx(0.5, abs=1e-3)

    @settings(max_examples=60, deadline=None)
    @given(
        norm=st.sampled_from(list(NORMS)),
        e=st.floats(0.0, 0.5),
        mu=st.floats(0.0, 0.499),
    )
    def test_the_equilibrium_is_a_fixed_point_of_the_reputation_dynamics(
        self, norm: str, e: float, mu: float
    ) -> None:
        g = analytic_good_share(norm, e, mu)
        assert 0.0 <= g <= 1.0
        table = assessment_table(norm).astype(float)
        q = sum(
            (g if donor else 1 - g)
            * (
                g * ((1 - e) * table[donor, 1, 1] + e * table[donor, 1, 0])
                + (1 - g) * table[donor, 0, 0]
            )
            for donor in (0, 1)
        )
        assert mu + (1 - 2 * mu) * q == pytest.approx(g, abs=1e-9)

    def test_rejects_unknown_norms_and_impossible_error_rates(self) -> None:
        with pytest.raises(ValueError, match=r"unknown norm 'L9'; valid norms are L1, L2"):
            analytic_good_share("L9", 0.05, 0.02)
        with pytest.raises(ValueError, match=r"execution_error must be in \[0, 0.5\]"):
            analytic_good_share("L3", 0.6, 0.02)
        with pytest.raises(ValueError, match=r"assessment_error must be in \[0, 0.5\)"):
            exact_good_share("L3", 100, 0.05, 0.5)


def _profile_chain(
    norm: str, citizens: int, e: float, mu: float
) -> tuple[list[tuple[int, ...]], np.ndarray]:  # type: ignore[type-arg]
    """Every reputation profile and the one-round transition matrix between them."""
    table = assessment_table(norm)
    profiles = list(itertools.product([0, 1], repeat=citizens))
    index = {p: i for i, p in enumerate(profiles)}
    move = np.zeros((len(profiles), len(profiles)))
    pair = 1.0 / (citizens * (citizens - 1))
    for p in profiles:
        for donor, recipient in itertools.permutations(range(citizens), 2):
            actions = [(1, 1 - e), (0, e)] if p[recipient] else [(0, 1.0)]
            for helped, chance in actions:
                good = mu + (1 - 2 * mu) * float(table[p[donor], p[recipient], helped])
                for verdict, weight in ((1, good), (0, 1 - good)):
                    after = list(p)
                    after[donor] = verdict
                    move[index[p], index[tuple(after)]] += pair * chance * weight
    return profiles, move


def _brute_force_good_share(norm: str, citizens: int, e: float, mu: float) -> float:
    """Stationary mean over all 2^N reputation profiles, without the birth-death reduction."""
    profiles, move = _profile_chain(norm, citizens, e, mu)
    values, vectors = np.linalg.eig(move.T)
    stationary = np.real(vectors[:, np.argmin(np.abs(values - 1.0))])
    stationary /= stationary.sum()
    return float(sum(w * sum(p) / citizens for w, p in zip(stationary, profiles, strict=True)))


class TestExactFinitePopulation:
    @pytest.mark.parametrize("norm", ["L3", "L1", "L6", "image-scoring"])
    def test_the_birth_death_chain_matches_a_brute_force_chain_over_all_profiles(
        self, norm: str
    ) -> None:
        for citizens in (2, 3, 5):
            good, coop = exact_good_share(norm, citizens, 0.1, 0.05)
            assert good == pytest.approx(_brute_force_good_share(norm, citizens, 0.1, 0.05))
            assert coop == pytest.approx(good * 0.9)

    @pytest.mark.parametrize("norm", [*BAD_MEETS_BAD_DEFECT_IS_GOOD, "image-scoring"])
    def test_linear_norms_have_no_finite_size_correction(self, norm: str) -> None:
        for citizens in (3, 17, 300):
            good, _ = exact_good_share(norm, citizens, 0.07, 0.03)
            assert good == pytest.approx(analytic_good_share(norm, 0.07, 0.03), abs=1e-9)

    def test_without_assessment_errors_the_last_good_citizen_stays_good(self) -> None:
        # Under L8 the lone Good donor only ever meets Bad recipients, refuses them and keeps
        # its standing, so k = 0 is never reached; under image scoring it is absorbing.
        good, _ = exact_good_share("L8", 50, 0.2, 0.0)
        assert good > 0.0
        assert exact_good_share("image-scoring", 50, 0.2, 0.0) == (0.0, 0.0)
        assert exact_good_share("L3", 50, 0.0, 0.0) == (1.0, 1.0)

    def test_handles_thousands_of_citizens(self) -> None:
        good, _ = exact_good_share("L1", 5000, E, MU)
        assert good == pytest.approx(analytic_good_share("L1", E, MU), abs=1 / 5000)


def _brute_force_measurement(
    norm: str, citizens: int, e: float, mu: float, rounds_per_citizen: int, burn_in: float
) -> tuple[float, float]:
    """The expected measured Good share and cooperation rate, by evolving the law over all
    2^N profiles round by round from the all-Good start."""
    profiles, move = _profile_chain(norm, citizens, e, mu)
    good = np.array([sum(p) / citizens for p in profiles])
    law = np.zeros(len(profiles))
    law[profiles.index((1,) * citizens)] = 1.0
    total = citizens * rounds_per_citizen
    burn = min(int(burn_in * total), total - 1)
    share = coop = 0.0
    for r in range(1, total + 1):
        before = float(law @ good)
        law = law @ move
        if r > burn:
            share += float(law @ good)
            coop += (1 - e) * before
    return share / (total - burn), coop / (total - burn)


class TestExpectedMeasurement:
    @pytest.mark.parametrize("norm", ["L1", "L6", "image-scoring"])
    def test_matches_a_brute_force_chain_over_all_profiles(self, norm: str) -> None:
        for citizens, burn_in in ((3, 0.0), (4, 0.3)):
            expected = expected_measurement(norm, citizens, 0.1, 0.05, 30, burn_in)
            assert expected == pytest.approx(
                _brute_force_measurement(norm, citizens, 0.1, 0.05, 30, burn_in), abs=1e-12
            )

    def test_a_long_burn_in_leaves_the_stationary_value(self) -> None:
        good, coop = expected_measurement("L2", 100, E, MU, 400, 0.9)
        exact_good, exact_coop = exact_good_share("L2", 100, E, MU)
        assert good == pytest.approx(exact_good, abs=1e-9)
        assert coop == pytest.approx(exact_coop, abs=1e-9)

    @pytest.mark.parametrize(("rounds_per_citizen", "burn_in"), [(300, 0.25), (20, 0.05)])
    def test_image_scoring_follows_its_closed_form_transient(
        self, rounds_per_citizen: int, burn_in: float
    ) -> None:
        # Under image scoring the drift of k is linear, E[k'] = E[k] + mu - s E[k] / N with
        # s = 1 - (1 - 2 mu)(1 - e), so E[k] relaxes geometrically from N to N mu / s.
        n = 250
        s = 1 - (1 - 2 * MU) * (1 - E)
        level = n * MU / s
        total = n * rounds_per_citizen
        burn = int(burn_in * total)
        ratio = 1 - s / n
        rounds = np.arange(burn + 1, total + 1)
        closed = float((level + (n - level) * ratio**rounds).mean() / n)
        good, _ = expected_measurement("image-scoring", n, E, MU, rounds_per_citizen, burn_in)
        assert good == pytest.approx(closed, abs=1e-9)

    def test_a_short_burn_in_leaves_the_start_up_above_the_stationary_value(self) -> None:
        stationary = exact_good_share("image-scoring", 250, E, MU)[0]
        short, _ = expected_measurement("image-scoring", 250, E, MU, 20, 0.05)
        long, _ = expected_measurement("image-scoring", 250, E, MU, 300, 0.25)
        assert short - stationary > 0.1
        assert 0 < long - stationary < 1e-4

    def test_large_populations_follow_the_mean_field_trajectory(self) -> None:
        large, _ = expected_measurement("image-scoring", 5000, E, MU, 60, 0.25)
        exact, _ = expected_measurement("image-scoring", 4000, E, MU, 60, 0.25)
        assert large == pytest.approx(exact, abs=2e-4)


class TestFiniteSizeCorrection:
    @pytest.mark.parametrize("norm", list(NORMS))
    def test_exact_and_mean_field_values_differ_by_less_than_one_over_n(self, norm: str) -> None:
        for citizens, e, mu in itertools.product(
            (2, 3, 10, 100, 1000), (0.0, 0.05, 0.2, 0.5), (0.0, 0.02, 0.2, 0.45)
        ):
            good, _ = exact_good_share(norm, citizens, e, mu)
            gap = abs(good - analytic_good_share(norm, e, mu))
            assert gap <= finite_size_allowance(citizens), (citizens, e, mu, gap)


def _check_against_references(norm: str) -> None:
    """The simulated means sit within sampling error of the exact expectation of what the run
    measures, start-up transient and burn-in included; that expectation is the exact long-run
    value plus the start-up's remainder, and the long-run value is the mean-field one plus the
    finite-size correction (both held by the theory tests above, not by a slack here)."""
    result = run(norm)
    good, coop = result.good_share, result.cooperation_rate
    assert good.mean is not None
    assert coop.mean is not None
    assert abs(good.mean - result.expected_good_share) <= sampling_tolerance(good)
    assert abs(coop.mean - result.expected_cooperation_rate) <= sampling_tolerance(coop)


class TestLeadingEight:
    def test_l1_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L1")

    def test_l2_consistent_standing_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L2")

    def test_l3_simple_standing_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L3")

    def test_l4_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L4")

    def test_l5_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L5")

    def test_l6_stern_judging_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L6")

    def test_l7_staying_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L7")

    def test_l8_judging_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("L8")

    def test_norms_that_differ_only_in_unused_entries_play_identically(self) -> None:
        # The discriminator never helps a Bad recipient, so d(., B, C) is never consulted.
        small = {"citizens": 60, "replicates": 4, "rounds_per_citizen": 60}
        for group in (BAD_MEETS_BAD_DEFECT_IS_GOOD, BAD_MEETS_BAD_DEFECT_IS_BAD):
            plays = [run_reputation_game(scenario(n, **small), 11).to_json() for n in group]
            for play in plays:
                del play["scenario"]
            assert all(play == plays[0] for play in plays[1:])
        standing = run_reputation_game(scenario("L3", **small), 11).to_json()
        staying = run_reputation_game(scenario("L7", **small), 11).to_json()
        assert standing["series"] != staying["series"]

    def test_the_interval_is_tight_enough_to_tell_the_two_classes_apart(self) -> None:
        standing, staying = run("L3").good_share, run("L7").good_share
        assert staying.high < standing.low


class TestImageScoring:
    def test_image_scoring_matches_the_analytic_equilibrium(self) -> None:
        _check_against_references("image-scoring")

    def test_image_scoring_collapses_cooperation_under_execution_errors(self) -> None:
        assert run("image-scoring").cooperation_rate.high < 0.5 * run("L3").cooperation_rate.low


class TestSimulationMechanics:
    def test_block_processing_is_exactly_the_one_round_at_a_time_game(self) -> None:
        replicates, citizens, length = 5, 8, 40  # long blocks force deep dependency chains
        for norm in ("L2", "L6", "image-scoring"):
            table = assessment_table(norm)
            start = np.random.default_rng(3).random((replicates, citizens)) < 0.6
            reputation, count = start.copy(), start.sum(axis=1)
            donors, recipients, helped, counts = _play_block(
                reputation, count, length, table.ravel(), 0.2, 0.1, np.random.default_rng(9)
            )
            # Replay the same draws sequentially.
            draws = np.random.default_rng(9)
            d = draws.integers(0, citizens, size=(length, replicates), dtype=np.int64)
            r = draws.integers(0, citizens - 1, size=(length, replicates), dtype=np.int64)
            r += r >= d
            slips = draws.random((length, replicates)) < 0.2
            flips = draws.random((length, replicates)) < 0.1
            naive = start.copy()
            for t in range(length):
                for k in range(replicates):
                    gives = bool(naive[k, r[t, k]]) and not slips[t, k]
                    verdict = bool(
                        table[int(naive[k, d[t, k]]), int(naive[k, r[t, k]]), int(gives)]
                    )
                    naive[k, d[t, k]] = verdict != flips[t, k]
                    assert helped[t, k] == gives
                    assert counts[t, k] == naive[k].sum()
            np.testing.assert_array_equal(donors, d)
            np.testing.assert_array_equal(recipients, r)
            np.testing.assert_array_equal(reputation, naive)
            np.testing.assert_array_equal(count, naive.sum(axis=1))

    def test_the_same_seed_gives_the_same_result(self) -> None:
        small = scenario("L6", citizens=40, replicates=4, rounds_per_citizen=50)
        assert run_reputation_game(small, 7).to_json() == run_reputation_game(small, 7).to_json()
        from_generator = run_reputation_game(small, np.random.default_rng(7))
        assert from_generator.to_json() == run_reputation_game(small, 7).to_json()

    def test_a_different_seed_gives_a_different_result(self) -> None:
        small = scenario("L6", citizens=40, replicates=4, rounds_per_citizen=50)
        assert run_reputation_game(small, 7).to_json() != run_reputation_game(small, 8).to_json()

    def test_leaves_global_random_state_alone(self) -> None:
        small = scenario("L1", citizens=20, replicates=2, rounds_per_citizen=20)
        before = np.random.get_state(legacy=False)
        run_reputation_game(small, 1)
        after = np.random.get_state(legacy=False)
        np.testing.assert_array_equal(before["state"]["key"], after["state"]["key"])
        assert before["state"]["pos"] == after["state"]["pos"]

    def test_payoff_is_the_surplus_of_each_help_shared_by_everyone(self) -> None:
        result = run("L3")
        s = result.scenario
        surplus = (s.benefit - s.cost) * result.cooperation_rate.mean / s.citizens
        assert result.mean_payoff.mean == pytest.approx(surplus, rel=1e-9)

    def test_the_series_starts_all_good_and_settles_at_the_long_run_share(self) -> None:
        result = run("image-scoring")
        assert result.series.size == result.series_rounds.size
        assert 150 <= result.series.size <= 200
        assert result.series_rounds[0] == 0
        assert result.series[0] == 1.0
        assert result.series_rounds[-1] == CITIZENS * result.scenario.rounds_per_citizen
        tail = result.series[result.series.size // 2 :]
        assert abs(tail.mean() - result.good_share.mean) < 0.02

    def test_progress_is_reported_up_to_completion(self) -> None:
        calls: list[tuple[int, int]] = []
        small = scenario("L4", citizens=40, replicates=3, rounds_per_citizen=30)
        run_reputation_game(small, 0, progress=lambda done, total: calls.append((done, total)))
        assert calls[-1] == (1200, 1200)
        assert [done for done, _ in calls] == sorted(done for done, _ in calls)
        assert len(calls) <= 101

    def test_tiny_populations_work(self) -> None:
        tiny = scenario("L2", citizens=2, replicates=3, rounds_per_citizen=500, burn_in=0.0)
        result = run_reputation_game(tiny, 5)
        assert result.good_share.mean is not None
        assert abs(result.good_share.mean - result.expected_good_share) <= sampling_tolerance(
            result.good_share
        )

    def test_the_result_serialises_to_plain_json_types(self) -> None:
        data = run("L5").to_json()
        assert data["scenario"]["norm"] == "L5"
        assert set(data["good_share"]) == {"mean", "low", "high", "n"}
        assert all(isinstance(x, float) for x in data["series"])
        assert yaml.safe_load(yaml.safe_dump(data)) == data

    def test_the_t_interval_uses_student_quantiles(self) -> None:
        assert t_quantile(0.975, 1) == pytest.approx(12.7062, abs=1e-4)
        assert t_quantile(0.975, 9) == pytest.approx(2.2622, abs=1e-4)
        assert t_quantile(0.975, 29) == pytest.approx(2.0452, abs=1e-4)


class TestScenarioValidation:
    def test_the_shipped_scenario_is_valid_and_reproduces_its_references(self) -> None:
        path = Path(socialcredit.__file__).parent / "scenarios" / "reputation-game.yaml"
        shipped = ReputationScenario.model_validate(yaml.safe_load(path.read_text("utf-8")))
        assert shipped.kind == "reputation-game"
        result = run_reputation_game(shipped, 1)
        good = result.good_share
        assert good.mean is not None
        assert abs(good.mean - result.expected_good_share) <= sampling_tolerance(good)

    def test_rejects_an_unknown_norm_naming_the_valid_ones(self) -> None:
        with pytest.raises(ValidationError) as caught:
            scenario("tit-for-tat")
        message = str(caught.value)
        assert "unknown norm 'tit-for-tat'" in message
        assert "L1, L2, L3, L4, L5, L6, L7, L8, image-scoring" in message

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("execution_error", 0.6, "less than or equal to 0.5"),
            ("execution_error", -0.01, "greater than or equal to 0"),
            ("assessment_error", 0.5, "less than 0.5"),
            ("assessment_error", -0.1, "greater than or equal to 0"),
            ("burn_in", 1.0, "less than 1"),
            ("citizens", 1, "greater than or equal to 2"),
            ("replicates", 1, "greater than or equal to 2"),
            ("rounds_per_citizen", 0, "greater than or equal to 1"),
            ("cost", -1.0, "greater than or equal to 0"),
        ],
    )
    def test_rejects_out_of_range_values(self, field: str, value: float, message: str) -> None:
        changes: dict[str, Any] = {field: value}
        with pytest.raises(ValidationError, match=message) as caught:
            scenario(**changes)
        assert field in str(caught.value)

    def test_rejects_a_benefit_that_does_not_exceed_the_cost(self) -> None:
        with pytest.raises(ValidationError, match=r"benefit \(1\) must exceed cost \(1\)"):
            scenario(benefit=1.0, cost=1.0)

    def test_rejects_unknown_fields_and_other_kinds(self) -> None:
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            scenario(observers=3)
        with pytest.raises(ValidationError, match="reputation-game"):
            scenario(kind="population")

    def test_is_immutable(self) -> None:
        s = scenario()
        with pytest.raises(ValidationError, match="frozen"):
            s.citizens = 10  # type: ignore[misc]
