"""docs/scenarios.md is what docs/scenarios.py makes today, line for line: its opening and the
world's behaviours, and each scenario's table from fresh runs of both shipped policies over
the page's seeds. Each scenario's ten year-long runs are one test, so parallel workers share the
page's minute of simulation; only the date and commit the page records are read from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs import scenarios as doc

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8").split("\n")
MADE = re.compile(r"produced on (\d{4}-\d{2}-\d{2}) at commit `([0-9a-f]+)`")


def starts() -> list[int]:
    """Where each part of the page begins: the opening, then each scenario's heading."""
    return [0, *(PAGE.index(f"## {name}") for name in doc.SCENARIOS)]


def part(index: int) -> list[str]:
    begin = starts()
    end = [*begin[1:], len(PAGE)]
    return PAGE[begin[index] : end[index]]


class TestScenariosPage:
    def test_its_parts_are_the_opening_and_every_scenario_in_order(self) -> None:
        begin = starts()
        assert begin == sorted(begin)
        assert [line for i in range(len(begin)) for line in part(i)] == PAGE

    def test_its_opening_is_the_generators(self) -> None:
        made = MADE.search("\n".join(PAGE))
        assert made is not None
        assert part(0) == doc.opening(made.group(1), made.group(2)), f"run {doc.COMMAND}"

    @pytest.mark.slow
    @pytest.mark.parametrize("name", doc.SCENARIOS)
    def test_each_scenarios_table_is_a_fresh_run(self, name: str) -> None:
        index = 1 + doc.SCENARIOS.index(name)
        assert part(index) == doc.section(name), f"run {doc.COMMAND}"
