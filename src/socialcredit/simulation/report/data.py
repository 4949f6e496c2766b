"""One run as the renderers see it: its metrics and its daily series, however complete.

`Daily` turns the series table (one row per seed and day) into [seed, day] arrays with NaN
where a seed lacks a day; `Run` adds the metrics and the names of the run's groups, services
and grades, taken from the data rather than a fixed list, since a policy may define its own
grades and services and a scenario its own groups. `final` reads a last-day figure from either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.simulation.report.values import (
    NO_STAT,
    Kind,
    Stat,
    clip,
    mapping,
    metric_stat,
    number,
    str_or,
)

Array = npt.NDArray[np.float64]

ROLLING_DAYS = 7


class Daily:
    """A run's daily columns as [seed, day] arrays; NaN where a seed lacks a day."""

    def __init__(self, table: Any) -> None:
        self.names: list[str] = list(table.column_names) if table is not None else []
        self._table = table
        self._cache: dict[str, Array | None] = {}
        empty = np.zeros(0, dtype=np.int64)
        self.days, self.seeds = empty, empty
        self._at: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] = (empty, empty)
        if table is None or "day" not in self.names or table.num_rows == 0:
            return
        day = np.asarray(table.column("day").to_numpy(), dtype=np.int64)
        seed = (
            np.asarray(table.column("seed").to_numpy(), dtype=np.int64)
            if "seed" in self.names
            else np.zeros_like(day)
        )
        self.days, self.seeds = np.unique(day), np.unique(seed)
        self._at = (np.searchsorted(self.seeds, seed), np.searchsorted(self.days, day))

    def matrix(self, name: str) -> Array | None:
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def _load(self, name: str) -> Array | None:
        if name not in self.names or self.days.size == 0:
            return None
        try:
            values = np.asarray(self._table.column(name).to_numpy(), dtype=np.float64)
        except (TypeError, ValueError):
            return None  # not a numeric column
        out = np.full((self.seeds.size, self.days.size), np.nan)
        out[self._at] = values
        return out

    def keys(self, prefix: str) -> list[str]:
        """The <x> of every column named `prefix`<x> with no further colon, in table order."""
        return [
            n[len(prefix) :]
            for n in self.names
            if n.startswith(prefix) and ":" not in n[len(prefix) :]
        ]


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
    metrics: Mapping[str, Any]
    daily: Daily
    tag: str = ""
    """"A" or "B" in a comparison, empty for a single run."""
    groups: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)

    @property
    def policy(self) -> str:
        return str_or(mapping(self.metrics.get("policy")).get("name"), "unnamed policy")

    @property
    def short_hash(self) -> str:
        return str_or(mapping(self.metrics.get("policy")).get("hash"), "")[:12]

    @property
    def scenario(self) -> str:
        return str_or(mapping(self.metrics.get("scenario")).get("name"), "unnamed scenario")

    @property
    def label(self) -> str:
        text = f"{self.policy} \u00b7 {self.scenario}"
        return f"{self.tag}: {text}" if self.tag else text

    @property
    def seed_count(self) -> int:
        seeds = self.metrics.get("seeds")
        return len(seeds) if isinstance(seeds, list) else int(self.daily.seeds.size)

    @property
    def citizens(self) -> float | None:
        return number(self.metrics.get("citizens"))

    def stat(self, name: str, kind: Kind = "count") -> Stat:
        return clip(metric_stat(self.metrics, name), kind)

    def acts_per_1000(self, kind: str) -> Array | None:
        """Acts per 1,000 citizens per day, trailing 7-day mean, per seed."""
        acts = self.daily.matrix(f"acts_{kind}")
        if acts is None:
            return None
        sizes = [m for g in self.groups if (m := self.daily.matrix(f"citizens:{g}")) is not None]
        if sizes:
            citizens = np.sum(sizes, axis=0)
        elif self.citizens:
            citizens = np.full(acts.shape, self.citizens)
        else:
            return None
        per = np.divide(1000 * acts, citizens, out=np.full(acts.shape, np.nan), where=citizens > 0)
        return _rolling(per)


def _keys_from_metrics(metrics: Mapping[str, Any], pattern: str) -> list[str]:
    found = (re.fullmatch(pattern, k) for k in mapping(metrics.get("metrics")))
    return list(dict.fromkeys(m.group(1) for m in found if m))


def make_run(metrics: Mapping[str, Any], table: Any, tag: str = "") -> Run:
    metrics = mapping(metrics)
    daily = Daily(table)
    # Names come from the data, not from a fixed list: a policy may define its own grades and
    # services, and a scenario its own groups.
    groups = daily.keys("citizens:") or [
        str(g.get("name"))
        for g in mapping(mapping(metrics.get("scenario")).get("population")).get("groups", [])
        if isinstance(g, Mapping) and g.get("name")
    ]
    if not groups:
        groups = _keys_from_metrics(metrics, r"group\.(.+?)\.citizens")
    services = daily.keys("deny:") or _keys_from_metrics(metrics, r"deny\.(.+)\.final")
    grades = daily.keys("grade:") or _keys_from_metrics(metrics, r"grade\.(.+)\.final")
    return Run(metrics, daily, tag, groups, services, grades)


def final(run: Run, name: str, column: str) -> Stat:
    """A last-day figure from the metrics, or from the series when the metrics lack it."""
    stat = run.stat(name)
    if stat[0] is not None:
        return stat
    m = run.daily.matrix(column)
    if m is None or m.size == 0:
        return NO_STAT
    return (number(float(mean_over_seeds(m)[-1])), None, None)


def seeds_note(run: Run) -> str:
    n = run.seed_count
    if n > 1:
        return (
            f"Means over {n} seeds; in brackets the 95% interval of the mean (Student t), kept "
            "within the range the figure can take."
        )
    return "One seed, so no interval: run several seeds to see how much the figures vary."
