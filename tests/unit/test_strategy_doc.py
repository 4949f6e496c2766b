"""docs/strategy.md is what docs/strategy.py writes: its prose and its ranges table are the
script's and the `strategic` scenario file's today. Its tables of runs are not rerun here (a
minute of runs); tests/integration/test_strategy.py holds the same check of the split on a
smaller town, and the checks with known answers."""

from __future__ import annotations

from pathlib import Path

from docs import strategy as doc

PAGE = (Path(__file__).parents[2] / "docs" / "strategy.md").read_text(encoding="utf-8")


def test_the_prose_is_the_script_s() -> None:
    for part in (doc.OPENING, doc.KNOWN_ANSWERS, doc.READING, doc.LEFT_OUT):
        assert "\n".join(part) in PAGE, "run .venv/bin/python docs/strategy.py"


def test_the_ranges_are_the_scenario_file_s() -> None:
    assert "\n".join(doc.ranges_table()) in PAGE, "run .venv/bin/python docs/strategy.py"


def test_the_page_names_the_command_that_made_its_figures() -> None:
    assert doc.COMMAND in PAGE
    assert "split ÷ rise" in PAGE
