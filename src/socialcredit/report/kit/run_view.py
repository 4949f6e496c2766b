"""One run as the renderers see it: its record, its daily series, and the catalogue's words.

`Daily` turns the series table (one row per seed and day) into [seed, day] arrays; `Run` adds
the record (validated against the schema when it was read) and, for every metric of the run,
the catalogue's label, kind and what an undefined value means, so every page writes a figure
the same way. The metrics are the reading catalogue's: one the record does not hold (it was
written before the metric was declared) has no value and its cell says it was not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import CATALOGUE, Bound, Metric, expand
from socialcredit.report.kit.text import NO_STAT, NOT_RECORDED, Stat, fmt_stat
from socialcredit.runs.arrow import values_of
from socialcredit.runs.benefit import BenefitReading, benefit_reading
from socialcredit.runs.schema import PopulationRecord

Array = npt.NDArray[np.float64]

ROLLING_DAYS = 7


class Daily:
    """A run's daily columns as [seed, day] arrays."""

    def __init__(self, table: Any) -> None:
        self.names: list[str] = list(table.column_names)
        self._table = table
        self._cache: dict[str, Array | None] = {}
        day = np.asarray(values_of(table.column("day")), dtype=np.int64)
        seed = np.asarray(values_of(table.column("seed")), dtype=np.int64)
        self.days, self.seeds = np.unique(day), np.unique(seed)
        self._at = (np.searchsorted(self.seeds, seed), np.searchsorted(self.days, day))

    def matrix(self, name: str) -> Array | None:
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def _load(self, name: str) -> Array | None:
        if name not in self.names or self.days.size == 0:
            return None
        values = np.asarray(values_of(self._table.column(name)), dtype=np.float64)
        out = np.full((self.seeds.size, self.days.size), np.nan)
        out[self._at] = values
        return out


def mean_over_seeds(m: Array) -> Array:
    ok = ~np.isnan(m)
    count = ok.sum(axis=0)
    total = np.where(ok, m, 0.0).sum(axis=0)
    out: Array = np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)
    return out


def _rolling(m: Array, window: int = ROLLING_DAYS) -> Array:
    """Trailing mean over `window` days per seed (shorter at the start, where days are fewer)."""
    ok = ~np.isnan(m)
    zeros = np.zeros((m.shape[0], 1))
    csum = np.concatenate([zeros, np.cumsum(np.where(ok, m, 0.0), axis=1)], axis=1)
    ccount = np.concatenate([zeros, np.cumsum(ok, axis=1)], axis=1)
    i = np.arange(m.shape[1])
    lo = np.maximum(0, i - window + 1)
    total = csum[:, i + 1] - csum[:, lo]
    count = ccount[:, i + 1] - ccount[:, lo]
    out: Array = np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)
    return out


@dataclass(frozen=True)
class Run:
    record: PopulationRecord
    daily: Daily
    tag: str = ""
    """A, B, C, … in a comparison, empty for a single run."""

    @cached_property
    def metrics(self) -> dict[str, Bound]:
        """The run's metrics, spelt out, with their catalogue declarations."""
        return {b.name: b for b in expand(CATALOGUE.metrics, self.record.dimensions.catalogue())}

    @property
    def groups(self) -> list[str]:
        return self.record.dimensions.groups

    @property
    def reference(self) -> str:
        return self.record.dimensions.reference_group

    @property
    def services(self) -> list[str]:
        return self.record.dimensions.services

    @property
    def grades(self) -> list[str]:
        return self.record.dimensions.grades

    @property
    def policy(self) -> str:
        return self.record.policy.name

    @property
    def short_hash(self) -> str:
        return self.record.policy.hash[:12]

    @property
    def scenario(self) -> str:
        return self.record.scenario.name

    @property
    def label(self) -> str:
        text = f"{self.policy} \u00b7 {self.scenario}"
        return f"{self.tag}: {text}" if self.tag else text

    @property
    def seed_count(self) -> int:
        return len(self.record.seeds)

    @property
    def citizens(self) -> int:
        return self.record.citizens

    def declared(self, name: str) -> Metric:
        item = self.metrics[name].declared
        assert isinstance(item, Metric)
        return item

    def label_of(self, name: str) -> str:
        return self.metrics[name].label

    def stat(self, name: str) -> Stat:
        estimate = self.record.metrics.get(name)
        if estimate is None:
            return NO_STAT
        return estimate.mean, estimate.low, estimate.high

    def recorded(self, name: str) -> bool:
        """Whether the run's record holds metric `name` of the catalogue."""
        return self.record.recorded(name)

    def cell(self, name: str) -> str:
        """The figure as a table cell: value, interval, why it is undefined, or that the run
        did not record it."""
        if not self.recorded(name):
            return NOT_RECORDED
        metric = self.declared(name)
        return fmt_stat(self.stat(name), metric.kind, metric.undefined)

    @property
    def benefit(self) -> BenefitReading:
        """The run's benefit over the response range, or why it has none."""
        return benefit_reading(self.record)

    def acts_per_1000(self, kind: str) -> Array | None:
        """Acts per 1,000 citizens per day, trailing 7-day mean, per seed."""
        acts = self.daily.matrix(f"acts_{kind}")
        if acts is None:
            return None
        return _rolling(1000 * acts / self.citizens)


def make_run(record: PopulationRecord, table: Any, tag: str = "") -> Run:
    return Run(record, Daily(table), tag)
