"""A run directory stored by an earlier version of the lab (`tests/data/runs/9b51a7a`, see
`tests/data/README.md`) loads, renders its report with its stories, and compares with a fresh
run, on the page, in the terminal and as JSON; and it still does once the catalogue declares
metrics it never recorded, which then read "not recorded in this run" (null in JSON).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialcredit.cli import main
from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.inputs import load_policy
from socialcredit.report import render_report
from socialcredit.report.kit.text import DASH, NOT_RECORDED
from socialcredit.runs.schema import PopulationRecord
from socialcredit.runs.store import STORIES, StoredRun, read_run
from tests.support import (
    LATER_METRICS,
    assert_offline,
    compare_page,
    declare,
    parse,
    row,
    scenario,
    stored_run,
    table_rows,
)

STORED = Path(__file__).parents[1] / "data" / "runs" / "9b51a7a"
PEAK = "Most wrongly blacklisted on one day"


def population(stored: StoredRun) -> PopulationRecord:
    assert isinstance(stored.record, PopulationRecord)
    return stored.record


def fresh() -> StoredRun:
    """A run of the stored run's town (policy, scenario, size, seeds), by this version."""
    old = population(read_run(STORED))
    town = scenario(old.scenario.name, citizens=old.citizens, days=old.days)
    return stored_run(load_policy(old.policy.name), town, old.seeds, "fresh")


@pytest.fixture(params=["today", "later"])
def catalogue(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Today's catalogue, or a later one that declares `LATER_METRICS`."""
    if request.param == "later":
        declare(monkeypatch, *LATER_METRICS)
    return str(request.param)


class TestARunStoredByAnEarlierVersion:
    def test_loads_with_every_figure_it_recorded(self, catalogue: str) -> None:
        record = population(read_run(STORED))
        assert record.policy.name == "default"
        assert set(record.metrics) <= set(CATALOGUE.metric_names(record.dimensions.catalogue()))
        assert record.recorded("black_wrongful.peak") is False

    def test_renders_its_report_with_its_stories(self, catalogue: str) -> None:
        stored = read_run(STORED)
        stories = json.loads((STORED / STORIES).read_text(encoding="utf-8"))
        doc = parse(render_report(population(stored), stored.series, stories))
        assert_offline(doc)
        assert any(s.attrs.get("id") == "stories" for s in doc.all("section"))
        key = table_rows(doc, "Key figures")
        if catalogue == "later":
            assert row(key, PEAK) == [NOT_RECORDED]
        else:
            assert not any(head.startswith(PEAK) for head in key)

    def test_compares_with_a_fresh_run_on_the_page(self, catalogue: str) -> None:
        doc = parse(compare_page(read_run(STORED), fresh()))
        key = table_rows(doc, "Key figures")
        a, b, b_minus_a = row(key, "Wrongly blacklisted at the end")
        assert a[0].isdigit()
        assert b[0].isdigit()
        assert b_minus_a != DASH
        if catalogue == "later":
            a, b, b_minus_a = row(key, PEAK)
            assert (a, b_minus_a) == (NOT_RECORDED, DASH)
            assert b[0].isdigit()

    def test_compares_with_a_fresh_run_on_the_command_line(
        self,
        catalogue: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("COLUMNS", "400")
        new = fresh().path
        main(["simulate", "compare", str(STORED), str(new), "--out", str(tmp_path / "c.html")])
        table = capsys.readouterr().out
        main(["simulate", "compare", str(STORED), str(new), "--json", "--out", str(tmp_path / "j")])
        figures = json.loads(capsys.readouterr().out)  # nothing but the JSON on stdout
        assert (tmp_path / "j").is_file()  # the page, since --out asked for it
        assert figures["black_wrongful.final"]["A"]["mean"] is not None
        if catalogue == "later":
            assert NOT_RECORDED in next(line for line in table.splitlines() if PEAK in line)
            peak = figures["black_wrongful.peak"]
            assert peak["A"] is None
            assert peak["B"]["mean"] is not None
            assert peak["B_minus_A"]["mean"] is None
        else:
            assert "black_wrongful.peak" not in figures
            assert NOT_RECORDED not in table
