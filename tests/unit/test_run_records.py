"""Run records outlive the catalogue: a record is read against the catalogue of the lab reading
it, a metric declared after the record was written reads "not recorded in this run", a metric no
longer declared is kept and shown nowhere, and a record of another schema version is refused
with the reason.

Records here come from real runs of a small town, held as the text of `metrics.json`; a later
catalogue is today's with `LATER_METRICS` declared after its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from socialcredit.cli.tables import print_comparison
from socialcredit.engine.batch import run_batch
from socialcredit.inputs import load_policy
from socialcredit.report import render_report
from socialcredit.report.kit.text import DASH, NOT_RECORDED
from socialcredit.runs.differences import differences
from socialcredit.runs.document import population_record, series_table
from socialcredit.runs.schema import (
    OLDER_VERSIONS,
    RUN_RECORD,
    SCHEMA_VERSION,
    PopulationRecord,
    version_refusal,
)
from socialcredit.runs.store import StoredRun, record_bytes
from tests.support import (
    LATER_METRICS,
    compare_page,
    declare,
    parse,
    retire,
    row,
    scenario,
    table_rows,
)

PEAK = "Most wrongly blacklisted on one day"
"""The label of the later headline metric."""
SHARE = "Share of the black list that is wrong"
"""The label of `black_wrongful_share.final`, a headline metric no part of the code names."""

Written = tuple[str, Any]
"""A run as stored: the text of its record and its series table."""


def written() -> Written:
    """A run of a small town, recorded by the catalogue in force when this is called."""
    town = scenario("baseline", citizens=300, days=40)
    runs = run_batch([load_policy("default")], [town], [0, 1])[0, 0]
    return record_bytes(population_record(runs)).decode("utf-8"), series_table(runs)


def load(text: str) -> PopulationRecord:
    record = RUN_RECORD.validate_json(text)
    assert isinstance(record, PopulationRecord)
    return record


def stored(name: str, run: Written) -> StoredRun:
    return StoredRun(Path(name), load(run[0]), run[1])


@pytest.fixture(scope="module")
def before() -> Written:
    """Written before `LATER_METRICS` were declared (module scope: made before any test
    declares them)."""
    return written()


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch, before: Written) -> Written:
    """The catalogue declares `LATER_METRICS` from here on; a run written under it."""
    declare(monkeypatch, *LATER_METRICS)
    return written()


class TestARecordWrittenBeforeAMetricWasDeclared:
    def test_loads_and_holds_every_figure_it_recorded_and_no_other(
        self, before: Written, later: Written
    ) -> None:
        record = load(before[0])
        assert not record.recorded("black_wrongful.peak")
        assert not record.recorded("denied.train.peak")
        assert record.recorded("black_wrongful.final")
        assert load(later[0]).recorded("black_wrongful.peak")

    def test_its_report_says_the_metric_was_not_recorded(
        self, before: Written, later: Written
    ) -> None:
        doc = parse(render_report(load(before[0]), before[1]))
        key = table_rows(doc, "Key figures")
        assert row(key, PEAK) == [NOT_RECORDED]
        assert row(key, "Wrongly blacklisted at the end")[0][0].isdigit()
        services = table_rows(doc, "What each service does to citizens")
        assert services
        assert all(cells[-1] == NOT_RECORDED for cells in services.values())

    def test_a_run_that_recorded_it_shows_it_and_the_difference_is_a_dash(
        self, before: Written, later: Written
    ) -> None:
        page = compare_page(stored("before", before), stored("after", later))
        doc = parse(page)
        a, b, b_minus_a = row(table_rows(doc, "Key figures"), PEAK)
        assert a == NOT_RECORDED
        assert b[0].isdigit()
        assert b_minus_a == DASH
        a, b, b_minus_a = row(table_rows(doc, "Services"), "train: most denied on one day")
        assert (a, b_minus_a) == (NOT_RECORDED, DASH)
        a, b, b_minus_a = row(table_rows(doc, "Key figures"), "Wrongly blacklisted at the end")
        assert b_minus_a != DASH, "a figure both runs recorded is compared as before"

    def test_the_command_line_comparison_says_so_too(
        self,
        before: Written,
        later: Written,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        records = [load(before[0]), load(later[0])]
        print_comparison(records, differences(records))  # captured: tab-separated text
        (line,) = [x for x in capsys.readouterr().out.splitlines() if PEAK in x]
        cells = line.split("\t")
        assert cells[0] == PEAK
        assert cells[1] == NOT_RECORDED
        assert cells[2][0].isdigit()
        assert cells[3] == DASH


class TestARecordHoldingAMetricTheCatalogueNoLongerDeclares:
    def test_loads_keeps_the_figure_and_shows_it_nowhere(
        self, before: Written, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert SHARE in render_report(load(before[0]), before[1])
        retire(monkeypatch, "black_wrongful_share.final")
        record = load(before[0])
        assert record.recorded("black_wrongful_share.final")
        assert SHARE not in render_report(record, before[1])


class TestARecordIsOfOneCatalogue:
    def test_each_seed_holds_the_metrics_of_the_record(self, before: Written) -> None:
        data = load(before[0]).model_dump(mode="json")
        del data["runs"][1]["metrics"]["black.final"]
        with pytest.raises(ValidationError, match="figures of seed 1 are of other metrics"):
            RUN_RECORD.validate_python(data)


class TestSchemaVersions:
    def test_the_current_version_is_read(self) -> None:
        assert version_refusal(SCHEMA_VERSION) is None

    def test_a_newer_version_is_refused_with_the_advice_to_upgrade(self) -> None:
        refusal = version_refusal(SCHEMA_VERSION + 1)
        assert refusal is not None
        assert refusal.startswith(f"schema_version {SCHEMA_VERSION + 1} is newer")
        assert refusal.endswith("upgrade socialcredit to read it")

    @pytest.mark.parametrize("version", sorted(OLDER_VERSIONS))
    def test_an_older_version_is_refused_with_the_reason(self, version: int) -> None:
        refusal = version_refusal(version)
        assert refusal is not None
        assert refusal.startswith(f"schema_version {version} is older")
        assert OLDER_VERSIONS[version] in refusal
        assert refusal.endswith("run the simulation again")

    def test_every_older_version_has_a_reason(self) -> None:
        assert sorted(OLDER_VERSIONS) == list(range(1, SCHEMA_VERSION))

    @pytest.mark.parametrize("version", ["3", 3.0, True, None])
    def test_what_is_not_a_whole_number_is_not_a_version(self, version: object) -> None:
        assert version_refusal(version) == f"schema_version {version!r} is not a version number"
