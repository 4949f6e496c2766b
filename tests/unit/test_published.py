"""The published record: the shipped court-blacklist targets, how they split into fit and judge,
and the errors a broken record gets, located to its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from socialcredit.domain.documents import validate_document
from socialcredit.domain.errors import TargetError
from socialcredit.domain.published import (
    QUANTITY_MEANING,
    PublishedRecord,
    Quantity,
    fit_targets,
    judge_targets,
)
from socialcredit.inputs import PUBLISHED_DIR, load_published

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / PUBLISHED_DIR / "court-blacklist.yaml"
END_OF_2017 = date(2017, 12, 31)

GOOD = """\
name: tiny
description: Two figures.
fit_until: 2017-12-31
targets:
  - id: listed-2017
    date: 2017-12-31
    value: 9_590_000
    quantity: listed_cumulative
    counts: Listings since 2013.
    source: {publisher: Xinhua, title: Blacklist, date: 2018-01-13}
    reading: Read in full.
    uncertainty: {relative_sd: 0.03, reason: Three significant digits.}
    use: fit
  - id: listed-2018
    date: 2018-12-31
    value: 13_000_000
    quantity: listed_cumulative
    counts: Listings since 2013.
    source: {publisher: Xinhua, title: White paper, date: 2019-03-04, url: https://example.org}
    reading: Read in full.
    uncertainty: {relative_sd: 0.05, reason: Nearly.}
    use: judge
"""


def parse(text: str) -> PublishedRecord:
    return validate_document(PublishedRecord, text, file="tiny.yaml", error=TargetError)


def broken(edit_from: str, edit_to: str, count: int = 1) -> str:
    assert edit_from in GOOD
    return GOOD.replace(edit_from, edit_to, count)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


class TestShippedCourtBlacklist:
    record = load_published(SHIPPED)

    def test_loads_with_figures_for_every_quantity_but_removals_in_all_and_by_two_exits(
        self,
    ) -> None:
        # The court publishes a year's removals by credit restoration (2024, 2025), but no year's
        # removals in all, nor those by paying or at the end of a term: the calibration predicts
        # them, and nothing judges them yet.
        unjudged = {
            Quantity.REMOVED_ANNUAL,
            Quantity.REMOVED_PAID_ANNUAL,
            Quantity.REMOVED_EXPIRED_ANNUAL,
        }
        assert self.record.name == "court-blacklist"
        assert {t.quantity for t in self.record.targets} == set(Quantity) - unjudged

    def test_fits_up_to_the_end_of_2017(self) -> None:
        assert self.record.fit_until == END_OF_2017

    def test_fit_targets_are_all_on_or_before_the_end_of_2017(self) -> None:
        fit = fit_targets(self.record)
        assert fit
        assert all(t.use == "fit" and t.date <= END_OF_2017 for t in fit)

    def test_judge_targets_are_all_after_2017_and_none_is_fitted(self) -> None:
        judge = judge_targets(self.record)
        assert judge
        assert all(t.use == "judge" and t.date > END_OF_2017 for t in judge)
        assert not {t.id for t in judge} & {t.id for t in fit_targets(self.record)}

    def test_every_target_is_either_fitted_or_judged(self) -> None:
        assert len(fit_targets(self.record)) + len(judge_targets(self.record)) == len(
            self.record.targets
        )

    def test_the_figures_the_lab_quotes_are_there_as_published(self) -> None:
        by_id = {t.id: t for t in self.record.targets}
        assert by_id["listed-2013-11-05"].value == 31_259
        assert by_id["paid-2013-11-05"].value == 1_045
        assert by_id["listed-2017-12-31"].value == 9_590_000
        assert by_id["flights-2017-12-31"].value == 9_360_000
        assert by_id["rail-2017-12-31"].value == 3_670_000

    def test_a_source_not_reached_says_so_in_its_reading(self) -> None:
        unlinked = [t for t in self.record.targets if t.source.url is None]
        assert unlinked
        assert all(t.reading.startswith("Not reached;") for t in unlinked)

    def test_cumulative_counts_never_fall_over_time(self) -> None:
        cumulative = [q for q in Quantity if q.value.endswith("_cumulative")]
        for quantity in cumulative:
            series = sorted(
                (t.date, t.value) for t in self.record.targets if t.quantity == quantity
            )
            values = [v for _, v in series]
            assert values == sorted(values), quantity

    def test_every_quantity_has_a_meaning(self) -> None:
        assert set(QUANTITY_MEANING) == set(Quantity)


class TestSelection:
    record = parse(GOOD)

    def test_the_default_cutoff_is_the_records_fit_until(self) -> None:
        assert [t.id for t in fit_targets(self.record)] == ["listed-2017"]
        assert [t.id for t in judge_targets(self.record)] == ["listed-2018"]

    def test_an_earlier_cutoff_holds_fit_targets_out_for_a_back_test(self) -> None:
        cutoff = date(2016, 12, 31)
        assert fit_targets(self.record, cutoff) == []
        assert [t.id for t in judge_targets(self.record, cutoff)] == ["listed-2017", "listed-2018"]

    def test_a_later_cutoff_never_fits_a_judge_target(self) -> None:
        cutoff = date(2020, 1, 1)
        assert [t.id for t in fit_targets(self.record, cutoff)] == ["listed-2017"]
        assert judge_targets(self.record, cutoff) == []


class TestBrokenRecord:
    def test_a_missing_field_is_named_at_its_target(self) -> None:
        text = broken("    counts: Listings since 2013.\n", "")
        with pytest.raises(TargetError, match="field required") as err:
            parse(text)
        assert err.value.file == "tiny.yaml"
        assert err.value.field == "targets.0.counts"
        assert err.value.line == line_of(text, "- id: listed-2017")

    def test_an_impossible_date_is_a_field_error_at_its_line(self) -> None:
        text = broken("date: 2017-12-31\n    value", "date: 2017-02-30\n    value")
        with pytest.raises(TargetError, match="valid date") as err:
            parse(text)
        assert err.value.field == "targets.0.date"
        assert err.value.line == line_of(text, "date: 2017-02-30")

    def test_a_figure_dated_after_its_publication_is_refused(self) -> None:
        text = broken("date: 2018-01-13", "date: 2017-06-01")
        with pytest.raises(TargetError, match="after its publication") as err:
            parse(text)
        assert err.value.field == "targets.0"
        assert err.value.line == line_of(text, "- id: listed-2017")

    def test_an_id_named_twice_is_located_at_the_second(self) -> None:
        text = broken("- id: listed-2018", "- id: listed-2017")
        with pytest.raises(TargetError, match="named twice") as err:
            parse(text)
        assert err.value.field == "targets.1.id"
        assert err.value.line == line_of(text, "- id: listed-2017", nth=2)

    def test_an_unknown_quantity_is_refused_naming_the_known_ones(self) -> None:
        text = broken("quantity: listed_cumulative", "quantity: listed_forever")
        with pytest.raises(TargetError, match="listed_current") as err:
            parse(text)
        assert err.value.field == "targets.0.quantity"
        assert err.value.line == line_of(text, "quantity: listed_forever")

    @pytest.mark.parametrize("value", ["0", "-5", "1.5", "'31259'"])
    def test_a_value_must_be_a_positive_whole_number(self, value: str) -> None:
        text = broken("value: 9_590_000", f"value: {value}")
        with pytest.raises(TargetError) as err:
            parse(text)
        assert err.value.field == "targets.0.value"
        assert err.value.line == line_of(text, f"value: {value}")

    def test_use_is_fit_or_judge(self) -> None:
        text = broken("use: fit", "use: maybe")
        with pytest.raises(TargetError, match="'fit' or 'judge'") as err:
            parse(text)
        assert err.value.field == "targets.0.use"

    def test_a_fit_target_after_fit_until_is_refused(self) -> None:
        text = broken("use: judge", "use: fit")
        with pytest.raises(TargetError, match="make it `judge`") as err:
            parse(text)
        assert err.value.field == "targets.1.use"
        assert err.value.line == line_of(text, "use: fit", nth=2)

    def test_a_judge_target_on_or_before_fit_until_is_refused(self) -> None:
        text = broken("use: fit", "use: judge")
        with pytest.raises(TargetError, match="make it `fit`") as err:
            parse(text)
        assert err.value.field == "targets.0.use"

    def test_an_uncertainty_needs_a_reason(self) -> None:
        text = broken("reason: Nearly.", "reason: ''")
        with pytest.raises(TargetError) as err:
            parse(text)
        assert err.value.field == "targets.1.uncertainty.reason"

    def test_a_misspelt_field_is_named_with_a_suggestion(self) -> None:
        text = broken("    reading: Read in full.\n", "    readng: Read in full.\n")
        with pytest.raises(TargetError, match="did you mean 'reading'") as err:
            parse(text)
        assert err.value.field == "targets.0.readng"
        assert err.value.line == line_of(text, "readng:")

    def test_a_missing_file_is_one_error_naming_it(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere.yaml"
        with pytest.raises(TargetError, match="no such published record file") as err:
            load_published(path)
        assert err.value.file == str(path)

    def test_the_error_is_one_line_naming_file_line_and_field(self) -> None:
        text = broken("quantity: listed_cumulative", "quantity: listed_forever")
        with pytest.raises(TargetError) as err:
            parse(text)
        line = line_of(text, "quantity: listed_forever")
        assert str(err.value).startswith(f"tiny.yaml:{line} (targets.0.quantity): ")
        assert "\n" not in str(err.value)
