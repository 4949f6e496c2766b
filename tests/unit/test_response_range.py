"""The plausible range of a scenario's responses and its two ends."""

from __future__ import annotations

from typing import Any

import pytest

from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.response_range import response_ends
from socialcredit.domain.scenario import PopulationScenario


def scenario(ranges: dict[str, Any]) -> PopulationScenario:
    return PopulationScenario.model_validate(
        {
            "name": "ranged",
            "behaviour": {
                "certainty": 0.3,
                "shame": {"private": 0.2},
                "give_up": {"hazard": 0.2},
                "ranges": ranges,
            },
        }
    )


class TestResponseEnds:
    def test_a_scenario_without_ranges_has_no_ends(self) -> None:
        assert response_ends(scenario({})) is None

    def test_the_strongest_end_deters_most_and_gives_up_least(self) -> None:
        ends = response_ends(
            scenario(
                {
                    "certainty": {"low": 0.1, "high": 0.5, "source": "a"},
                    "give_up.hazard": {"low": 0.05, "high": 0.4, "source": "b"},
                }
            )
        )
        assert ends is not None
        assert ends.strongest.behaviour.certainty == 0.5
        assert ends.strongest.behaviour.give_up.hazard == 0.05
        assert ends.weakest.behaviour.certainty == 0.1
        assert ends.weakest.behaviour.give_up.hazard == 0.4

    def test_pride_is_weakest_at_its_high_end(self) -> None:
        """More pride gives a few more bad acts (measured by `docs/responses.py --directions`):
        the weakest end takes its high value, the strongest its low one."""
        ends = response_ends(
            scenario(
                {
                    "pride.private": {"low": 0.0, "high": 0.1, "source": "a"},
                    "pride.published": {"low": 0.0, "high": 0.3, "source": "b"},
                }
            )
        )
        assert ends is not None
        assert ends.weakest.behaviour.pride.private == 0.1
        assert ends.weakest.behaviour.pride.published == 0.3
        assert ends.strongest.behaviour.pride.private == 0.0
        assert ends.strongest.behaviour.pride.published == 0.0

    def test_a_parameter_without_a_range_keeps_its_value_at_both_ends(self) -> None:
        ends = response_ends(scenario({"certainty": {"low": 0.1, "high": 0.5, "source": "a"}}))
        assert ends is not None
        assert ends.weakest.behaviour.shame.private == ends.strongest.behaviour.shame.private == 0.2


class TestRangeChecks:
    def test_a_range_must_hold_the_central_value(self) -> None:
        with pytest.raises(ScenarioError, match=r"outside its plausible range \[0\.4, 0\.5\]"):
            scenario({"certainty": {"low": 0.4, "high": 0.5, "source": "a"}})

    def test_a_part_that_is_not_a_number_cannot_carry_a_range(self) -> None:
        with pytest.raises(ScenarioError, match="'give_up' cannot carry a range"):
            scenario({"give_up": {"low": 1.0, "high": 2.0, "source": "a"}})

    def test_low_above_high_is_refused(self) -> None:
        with pytest.raises(ValueError, match="low"):
            scenario({"certainty": {"low": 0.5, "high": 0.1, "source": "a"}})

    def test_ranges_left_unsaid_keep_the_document_as_before(self) -> None:
        assert "ranges" not in scenario({}).model_dump()["behaviour"]
