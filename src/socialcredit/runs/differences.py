"""Every difference a comparison of runs shows, computed once, before anything is rendered: the
comparison page, the terminal table and `simulate compare --json` read them from here and
compute none themselves.

`differences` takes the runs in order (tagged A, B, C, …) and, for each run after the first
against the first (`comparison.against_first`), takes B − A of every metric of the catalogue that
both runs record, paired or not as `comparison.Comparison` decides, with the sentence saying how
it is taken. A metric either run lacks, or whose record does not hold it, has no difference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.runs.comparison import Comparison, against_first, readings, run_tag
from socialcredit.runs.schema import PopulationRecord
from socialcredit.stats import Interval

NO_DIFFERENCE = Interval(None, None, None, 0)
"""What a difference with a run that lacks the metric reads as in JSON."""


@dataclass(frozen=True)
class PairDifferences:
    """One run against the first: B − A of every metric both runs record."""

    a_tag: str
    b_tag: str
    label: str
    """ "B − A"."""
    paired: bool
    """Taken seed by seed over the shared seeds (else the difference of the means)."""
    reading: str
    """How this difference is taken, in a sentence of its own."""
    values: Mapping[str, Interval]
    """Metric → B − A with its 95% interval."""

    def of(self, name: str) -> Interval | None:
        """B − A for metric `name`; None where either run lacks it or did not record it."""
        return self.values.get(name)


@dataclass(frozen=True)
class Differences:
    """B − A, C − A, …: what a comparison of runs shows beside the runs' own figures."""

    tags: list[str]
    """A, B, C, … for the runs, in the order given."""
    pairs: list[PairDifferences]
    """Every run after the first against the first."""
    reading: str
    """How each difference is taken: one sentence for those taken alike."""


def differences(records: Sequence[PopulationRecord]) -> Differences:
    """Every run after the first minus the first, for every metric of the catalogue that both
    runs of a pair record (at least two runs)."""
    tags = [run_tag(i) for i in range(len(records))]
    comparisons = against_first(records, tags)
    names = list(dict.fromkeys(n for r in records for n in _catalogue_names(r)))
    return Differences(
        tags=tags,
        pairs=[_pair(c, names) for c in comparisons],
        reading=readings(comparisons),
    )


def _catalogue_names(record: PopulationRecord) -> list[str]:
    return CATALOGUE.metric_names(record.dimensions.catalogue())


def _pair(comparison: Comparison, names: Sequence[str]) -> PairDifferences:
    a, b = comparison.a, comparison.b
    return PairDifferences(
        a_tag=comparison.a_tag,
        b_tag=comparison.b_tag,
        label=comparison.label,
        paired=comparison.paired,
        reading=comparison.reading,
        values={n: comparison.difference(n) for n in names if a.recorded(n) and b.recorded(n)},
    )
