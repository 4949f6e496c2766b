"""A scenario's `strategy` block: what it may name, and the line of what it may not."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialcredit.domain.catalogue import Dimensions
from socialcredit.domain.errors import ScenarioError
from socialcredit.experiment.outcomes import prices, strategic
from socialcredit.inputs import load_population_scenario
from tests.support import edited_scenario, line_of


def write(tmp_path: Path, edit_from: str, edit_to: str) -> tuple[Path, str]:
    return edited_scenario(tmp_path, "strategic", edit_from, edit_to)


@pytest.mark.parametrize(
    ("edit_from", "edit_to", "message", "field", "needle"),
    [
        (
            "  gameable: [volunteering_half_day,",
            "  gameable: [littering,",
            "'littering' is harmful; only good deeds can be done for show",
            "strategy.gameable.0",
            "gameable:",
        ),
        (
            "  gameable: [volunteering_half_day,",
            "  gameable: [juggling,",
            "'juggling' is not a behaviour of the world",
            "strategy.gameable.0",
            "gameable:",
        ),
        (
            "  withdrawable: [social_media, dating]",
            "  withdrawable: [social_media, tarot]",
            "withdrawable category 'tarot' has no behaviour in the world",
            "strategy.withdrawable.1",
            "withdrawable:",
        ),
        (
            "  spread: 0.5\n",
            "  spread: 0.5\n  by_group: {martians: {game: 2.0}}\n",
            "strategy costs name group 'martians'; groups are majority, minority",
            "strategy.by_group.martians",
            "martians",
        ),
        (
            "  budget: 0.5\n",
            "  budget: 1.5\n",
            r"strategy.budget is 1.5, outside its plausible range \[0.1, 1\]",
            "strategy.ranges.budget",
            "    budget:",
        ),
    ],
)
def test_what_the_block_may_not_name_is_refused_at_its_line(
    tmp_path: Path, edit_from: str, edit_to: str, message: str, field: str, needle: str
) -> None:
    path, text = write(tmp_path, edit_from, edit_to)
    with pytest.raises(ScenarioError, match=message) as err:
        load_population_scenario(path)
    assert err.value.field == field
    assert err.value.line == line_of(text, needle)


def test_a_cost_is_above_zero_and_finite_in_a_file(tmp_path: Path) -> None:
    """A way with no cost would take any budget; a file holds no infinite number (the API may
    pass one, to put a way out of reach: tests/integration/test_strategy.py)."""
    for bad, message in (("0.0", "greater than 0"), (".inf", "non-finite number")):
        path, text = write(tmp_path, "costs: {improve: 1.0,", f"costs: {{improve: {bad},")
        with pytest.raises(ScenarioError, match=message) as err:
            load_population_scenario(path)
        assert err.value.line == line_of(text, "costs:")


def test_the_frontier_prices_what_effort_costs_only_where_every_world_has_it() -> None:
    dims = Dimensions(grades=["A"], services=["train"], groups=["a", "b"], reference="a")
    plain, effort = prices(dims), prices(dims, strategic=True)
    added = [p.metric for p in effort[len(plain) :]]
    assert added == [
        "strategy.withdrawn_per_1000",
        "strategy.burden",
        "disparity.b_vs_a.strategy.burden.difference",
    ]
    assert effort[-1].absolute  # a signed gap: its size is the price
    towns = [load_population_scenario(n) for n in ("strategic", "baseline")]
    assert strategic(towns[:1])
    assert not strategic(towns)
