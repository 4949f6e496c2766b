"""`runs.differences`: every difference a comparison shows, taken once before rendering, is the
one `runs.comparison` takes for that pair; a metric a run did not record has none."""

from __future__ import annotations

import pytest

from socialcredit.runs.comparison import against_first, readings
from socialcredit.runs.differences import differences
from socialcredit.runs.schema import PopulationRecord
from tests.support import small_run

SMALL = {"citizens": 300, "days": 40}


def population(policy: str, seeds: tuple[int, ...]) -> PopulationRecord:
    record = small_run(policy, "baseline", seeds, **SMALL).record
    assert isinstance(record, PopulationRecord)
    return record


@pytest.fixture(scope="module")
def records() -> list[PopulationRecord]:
    """A, a paired B (same seeds) and a C that shares no seed with A."""
    return [population("default", (0, 1)), population("classic", (0, 1)), population("none", (5,))]


class TestDifferences:
    def test_each_pair_holds_what_its_comparison_takes_for_every_metric(
        self, records: list[PopulationRecord]
    ) -> None:
        taken = differences(records)
        for pair, comparison in zip(taken.pairs, against_first(records), strict=True):
            assert (pair.label, pair.paired) == (comparison.label, comparison.paired)
            assert pair.reading == comparison.reading
            names = [n for n in records[0].metrics if comparison.b.recorded(n)]
            assert names
            for name in names:
                assert pair.of(name) == comparison.difference(name), name

    def test_the_runs_are_tagged_in_order_and_read_as_one_note(
        self, records: list[PopulationRecord]
    ) -> None:
        taken = differences(records)
        assert taken.tags == ["A", "B", "C"]
        assert [p.paired for p in taken.pairs] == [True, False]
        assert taken.reading == readings(against_first(records))

    def test_a_metric_a_run_did_not_record_has_no_difference(
        self, records: list[PopulationRecord]
    ) -> None:
        older = records[1].model_copy(
            update={"metrics": {k: v for k, v in records[1].metrics.items() if k != "black.final"}}
        )
        (pair,) = differences([records[0], older]).pairs
        assert pair.of("black.final") is None
        assert pair.of("black_true.final") is not None

    def test_one_run_is_not_a_comparison(self, records: list[PopulationRecord]) -> None:
        with pytest.raises(ValueError, match="at least two runs"):
            differences(records[:1])
