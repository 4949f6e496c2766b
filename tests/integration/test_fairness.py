"""Group fairness on real runs: in a town where the groups are identical (the shipped `baseline`:
the same conduct, the same exposure, groups drawn at random), the audit flags no more
comparisons than its nominal false-alarm rate, and its words say what its rates say."""

from __future__ import annotations

from dataclasses import replace

import pytest

from socialcredit.audit.evidence import Simulation, simulate
from socialcredit.audit.fairness import fairness
from socialcredit.inputs import load_policy
from tests.support import scenario

SEEDS = 24
NOMINAL = 0.05
"""The nominal false-alarm rate: a flag needs the 95% interval wholly outside the band."""
BAND = (0.8, 1.25)
"""The four-fifths band."""


@pytest.fixture(scope="module")
def identical_groups() -> Simulation:
    """`default` over 24 seeds of the baseline town's first 90 days: wrongful listings are rare
    (about one citizen-day in 10,000) and cluster as the days of a listing do."""
    return simulate(
        load_policy("default"), scenario("baseline", citizens=10_000, days=90), [], range(SEEDS)
    )


def _audits(sim: Simulation, seeds: int) -> list[Simulation]:
    """The simulation cut into audits of `seeds` seeds each, no seed in two."""
    return [
        replace(sim, seeds=sim.seeds[i : i + seeds], runs=sim.runs[i : i + seeds])
        for i in range(0, len(sim.runs), seeds)
    ]


@pytest.mark.parametrize("seeds", [3, SEEDS], ids=["8 audits of 3 seeds", "one audit of 24"])
def test_identical_groups_are_flagged_no_more_often_than_the_nominal_false_alarm_rate(
    identical_groups: Simulation, seeds: int
) -> None:
    comparisons = [c for sim in _audits(identical_groups, seeds) for c in fairness(sim)]
    assert len(comparisons) >= 32
    # A real test of the statistic: every comparison has an interval to judge it by.
    assert all(c["ratio"]["low"] is not None for c in comparisons)
    flagged = [c["words"] for c in comparisons if c["outside_four_fifths"]]
    assert len(flagged) <= NOMINAL * len(comparisons), flagged
    # ... and not by intervals that miss: the true ratio, 1, is left out at most about as
    # often as the nominal rate (twice it allowed: a few dozen comparisons of shared runs).
    missed = [
        c["words"]
        for c in comparisons
        if c["ratio"]["high"] is not None and not c["ratio"]["low"] <= 1.0 <= c["ratio"]["high"]
    ]
    assert len(missed) <= 2 * NOMINAL * len(comparisons), missed


def test_the_ratio_is_the_ratio_of_the_rates_shown_beside_it(identical_groups: Simulation) -> None:
    """Pooled rates and their ratio agree: no row reads 2.75× beside rates of 0.046% and 0.050%."""
    for sim in _audits(identical_groups, 3):
        for c in fairness(sim):
            group, reference, ratio = c["group_rate"], c["reference_rate"], c["ratio"]
            if ratio["mean"] is not None:
                assert ratio["mean"] == pytest.approx(group["mean"] / reference["mean"])
                assert f"{ratio['mean']:.2f}×" in c["words"]
            if c["outside_four_fifths"]:
                assert ratio["low"] > BAND[1] or ratio["high"] < BAND[0]
