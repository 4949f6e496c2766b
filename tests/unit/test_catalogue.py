"""The metric catalogue's sign convention: each disparity's description says which side of 0
means a group fares worse, and the catalogue's own formula, on a town where a group does fare
worse, lands on that side."""

from __future__ import annotations

import re

import numpy as np
import pytest

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.scenario_references import dimensions
from socialcredit.engine import RunResult, summarise
from socialcredit.inputs import load_policy, load_population_scenario

CITIZENS = 100
"""Citizens of each group in the worked example."""

SIDE = re.compile(r": (above|below) 0, ")


def worked_example(
    worse: dict[str, tuple[float, float]],
) -> tuple[dict[str, float | None], str, str]:
    """The catalogue's figures of a one-day run in which the groups differ only as `worse` says
    (a series or total, `{group}` for the group, with its value for the first group that is not
    the reference group, then for every other group); and those two groups' names."""
    policy, scenario = load_policy("default"), load_population_scenario("baseline")
    dims = dimensions(policy, scenario)
    other = next(g for g in dims.groups if g != dims.reference)
    series = {name: 0.0 for name in CATALOGUE.series_names(dims)}
    totals = {name: 0.0 for name in CATALOGUE.total_names(dims)}
    for g in dims.groups:
        series[f"citizens.{g}"] = CITIZENS
        series[f"score_sum.{g}"] = series[f"score_sum_true.{g}"] = CITIZENS * 1000.0
    totals["citizens"] = CITIZENS * len(dims.groups)
    for template, (value_other, value_rest) in worse.items():
        for g in dims.groups:
            name = template.format(group=g)
            target = series if name in series else totals
            assert name in target, name
            target[name] = value_other if g == other else value_rest
    run = RunResult(
        policy=policy,
        scenario=scenario,
        seed=0,
        columns=list(series),
        series=np.array([list(series.values())]),
        totals=totals,
        score_hist=np.zeros(1, dtype=np.int64),
        score_hist_true=np.zeros(1, dtype=np.int64),
        decision_waits=np.zeros(1, dtype=np.int64),
    )
    return summarise(run), other, dims.reference


class TestDisparitySign:
    """The minority fares worse in each example; the catalogue's description names the side."""

    @pytest.mark.parametrize(
        ("figure", "worse"),
        [
            # Listed more often than the reference group.
            ("ever_blacklisted", {"ever_blacklisted.{group}": (20.0, 5.0)}),
            ("ever_wrongly_blacklisted", {"ever_wrongly_blacklisted.{group}": (20.0, 5.0)}),
            # Marked down by observation (observed mean 950 against a true 1,000), the
            # reference group not at all.
            ("score_gap", {"score_sum.{group}": (CITIZENS * 950.0, CITIZENS * 1000.0)}),
        ],
    )
    def test_a_group_that_fares_worse_lands_on_the_side_its_description_names(
        self, figure: str, worse: dict[str, tuple[float, float]]
    ) -> None:
        figures, other, reference = worked_example(worse)
        name = f"disparity.{other}_vs_{reference}.{figure}.difference"
        value = figures[name]
        assert value is not None
        assert value != 0
        declared = CATALOGUE.metric(name)
        [side] = SIDE.findall(declared.description)
        assert side == ("above" if value > 0 else "below"), (name, value, declared.description)

    def test_the_score_gap_of_a_group_marked_down_is_below_0(self) -> None:
        # The worked example the README once contradicted, in numbers.
        figures, other, reference = worked_example(
            {"score_sum.{group}": (CITIZENS * 950.0, CITIZENS * 1000.0)}
        )
        assert figures[f"group.{other}.score_gap.final"] == pytest.approx(-50.0)
        assert figures[f"group.{reference}.score_gap.final"] == pytest.approx(0.0)
        gap = figures[f"disparity.{other}_vs_{reference}.score_gap.difference"]
        assert gap == pytest.approx(-50.0)

    def test_every_disparity_difference_names_its_side(self) -> None:
        differences = [
            m
            for m in CATALOGUE.metrics
            if m.name.startswith("disparity.") and "difference" in m.name
        ]
        assert differences
        for m in differences:
            assert len(SIDE.findall(m.description)) == 1, m.description
