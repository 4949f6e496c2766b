"""Forecast skill on the held-out figures: the posterior mean's error against each naive
forecast's (`naive.py`), and how often and how tightly the 95% interval holds the figure.

Error is the mean absolute relative error, mean of |forecast − figure| / figure. Coverage is the
share of figures inside the interval; width is the median of (high − low) / figure. Both are
set against the targets `COVERAGE_TARGET` and `WIDTH_TARGET`. Skill is given over every
held-out figure, over `HEADLINE` (listings, refused flights and refused train tickets
together), and per quantity.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from socialcredit.calibration.naive import NAIVE_MEANING, Naive
from socialcredit.domain.published import Quantity

COVERAGE_TARGET = 0.90
"""At least this share of held-out figures inside their 95% interval."""
WIDTH_TARGET = 0.60
"""The median interval at most this wide, relative to the figure."""
HEADLINE = (
    Quantity.LISTED_CUMULATIVE.value,
    Quantity.FLIGHTS_BLOCKED_CUMULATIVE.value,
    Quantity.RAIL_BLOCKED_CUMULATIVE.value,
)
HEADLINE_LABEL = "listings, flights and rail"
EVERY_LABEL = "every held-out figure"


@dataclass(frozen=True)
class Judged:
    """One held-out figure with the model's forecast and every naive one."""

    quantity: str
    published: float
    mean: float
    low: float
    high: float
    naive: dict[Naive, float | None]


@dataclass(frozen=True)
class Skill:
    """Forecast skill over some held-out figures."""

    label: str
    """A quantity, `HEADLINE_LABEL` or `EVERY_LABEL`."""
    figures: int
    error: float
    """The posterior mean's mean absolute relative error."""
    naive_error: dict[Naive, float | None]
    """Each naive forecast's, or None where it has no forecast for some of the figures."""
    coverage: float
    width: float

    @property
    def beaten(self) -> list[Naive]:
        return [k for k, e in self.naive_error.items() if e is not None and self.error < e]

    @property
    def not_beaten(self) -> list[Naive]:
        return [k for k, e in self.naive_error.items() if e is not None and self.error >= e]

    @property
    def coverage_met(self) -> bool:
        return self.coverage >= COVERAGE_TARGET

    @property
    def width_met(self) -> bool:
        return self.width <= WIDTH_TARGET

    def as_record(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "figures": self.figures,
            "error": self.error,
            "naive_error": {k.value: e for k, e in self.naive_error.items()},
            "coverage": self.coverage,
            "width": self.width,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Skill:
        return cls(
            label=data["label"],
            figures=data["figures"],
            error=data["error"],
            naive_error={Naive(k): e for k, e in data["naive_error"].items()},
            coverage=data["coverage"],
            width=data["width"],
        )


def _relative_error(forecast: float, figure: float) -> float:
    return abs(forecast - figure) / figure


def skill_over(label: str, judged: list[Judged]) -> Skill:
    """Skill over `judged` (at least one figure)."""
    naive_error: dict[Naive, float | None] = {}
    for kind in Naive:
        forecasts = [j.naive[kind] for j in judged]
        naive_error[kind] = (
            None
            if any(f is None for f in forecasts)
            else statistics.fmean(
                _relative_error(f, j.published)
                for f, j in zip(forecasts, judged, strict=True)
                if f is not None
            )
        )
    return Skill(
        label=label,
        figures=len(judged),
        error=statistics.fmean(_relative_error(j.mean, j.published) for j in judged),
        naive_error=naive_error,
        coverage=statistics.fmean(float(j.low <= j.published <= j.high) for j in judged),
        width=statistics.median((j.high - j.low) / j.published for j in judged),
    )


def skill(judged: list[Judged]) -> list[Skill]:
    """Skill over every figure, over `HEADLINE` together (when any of its figures is held out),
    then per quantity in the order of `Quantity`; none without a held-out figure."""
    if not judged:
        return []
    out = [skill_over(EVERY_LABEL, judged)]
    headline = [j for j in judged if j.quantity in HEADLINE]
    if headline:
        out.append(skill_over(HEADLINE_LABEL, headline))
    for quantity in Quantity:
        mine = [j for j in judged if j.quantity == quantity.value]
        if mine:
            out.append(skill_over(quantity.value, mine))
    return out


def verdict(s: Skill) -> str:
    """In words: which naive forecasts the model beats on `s`'s figures and by how much, which
    it does not, and the interval against its targets."""
    model = f"the model's error is {s.error:.1%} over {s.figures} figures"
    if all(e is None for e in s.naive_error.values()):
        versus = "no naive forecast (no fitted figure of this quantity)"
        return f"{s.label}: {model}, against {versus}; {_interval(s)}"
    parts = []
    for kind, e in s.naive_error.items():
        name = NAIVE_MEANING[kind]
        if e is None:
            parts.append(f"{name}: none")
        elif s.error < e:
            parts.append(f"beats {name} ({e:.1%}, by {100 * (e - s.error):.1f} points)")
        else:
            parts.append(
                f"does not beat {name} ({e:.1%}, short by {100 * (s.error - e):.1f} points)"
            )
    return f"{s.label}: {model}; it " + "; ".join(parts) + f"; {_interval(s)}"


def brief(s: Skill) -> str:
    """One line for the terminal: the errors side by side, then the interval's coverage and
    width against their targets."""
    naive = ", ".join(
        f"{kind.value} {'none' if e is None else f'{e:.1%}'}" for kind, e in s.naive_error.items()
    )
    coverage = "" if s.coverage_met else " (under the target)"
    width = "" if s.width_met else " (over the target)"
    return (
        f"{s.label} ({s.figures}): error {s.error:.1%} against naive {naive}; within the 95% "
        f"interval {s.coverage:.0%}{coverage}, median width {s.width:.0%}{width}"
    )


def _interval(s: Skill) -> str:
    coverage = "met" if s.coverage_met else "not met"
    width = "met" if s.width_met else "not met"
    return (
        f"95% intervals hold {s.coverage:.0%} of the figures (target at least "
        f"{COVERAGE_TARGET:.0%}: {coverage}), median width {s.width:.0%} of the figure (target at "
        f"most {WIDTH_TARGET:.0%}: {width})"
    )
