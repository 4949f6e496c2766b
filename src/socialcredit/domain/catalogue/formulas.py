"""A metric's formula: spelt out for a run, evaluated over what the run counted, said in words.

This is the one place that reads formula terms. `spell` fills a run's names into a declared
formula, `evaluate_formula` computes a figure from a run's series and totals (the engine does it
for every run), and `describe` says a formula in words (docs/metrics.md prints it). A new term is
added to `terms.Term` and taught to these three functions, nowhere else.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue.terms import (
    Change,
    Difference,
    Fall,
    Last,
    LastLargest,
    Of,
    Peak,
    Plus,
    Quotient,
    Sum,
    Term,
    Total,
    WaitQuantile,
    Window,
    Yearly,
    behaviour_window,
)

Figures = dict[str, float | None]
"""A run's figures by spelt-out metric name; None where a formula is undefined."""


@dataclass(frozen=True)
class RunCounts:
    """What one run counted, as formulas read it."""

    series: Mapping[str, npt.NDArray[np.float64]]
    """Each counted series by name, one value per day."""
    totals: Mapping[str, float]
    days: int
    citizens: int
    """Citizens of the run's population: what rates per 1,000 citizens divide by."""
    decision_waits: npt.NDArray[np.int64]
    """Appeal decisions counted by the days they waited (index: days)."""


class _UncountedError(LookupError):
    """A formula names a series or total the run does not count (a service its policy lacks)."""


def spell(term: Term, bound: Mapping[str, str]) -> Term:
    """The formula with its placeholders filled in from one binding of a metric's name."""
    match term:
        case Last(series):
            return Last(_fill(series, bound))
        case Sum(series):
            return Sum(_fill(series, bound))
        case Total(total):
            return Total(_fill(total, bound))
        case Of(metric):
            return Of(_fill(metric, bound))
        case Window(series, end):
            return Window(_fill(series, bound), end)
        case Quotient(num, den, scale, empty):
            return Quotient(spell(num, bound), spell(den, bound), scale, empty)
        case Difference(a, b):
            return Difference(spell(a, bound), spell(b, bound))
        case Plus(terms):
            return Plus(*(spell(t, bound) for t in terms))
        case Change(series):
            return Change(_fill(series, bound))
        case Yearly(series):
            return Yearly(_fill(series, bound))
        case Peak(series):
            return Peak(_fill(series, bound))
        case LastLargest():
            # Its placeholders range over the run's names, not the metric's binding.
            return term
        case WaitQuantile() | Fall():
            return term
    raise TypeError(f"not a formula term: {term!r}")  # pragma: no cover


def _fill(template: str, bound: Mapping[str, str]) -> str:
    return template.format(**bound) if bound else template


def evaluate_formula(
    formula: Term, counts: RunCounts, figures: Mapping[str, float | None]
) -> float | None:
    """The figure a spelt-out formula gives for a run; `figures` holds the metrics already
    computed, which `Of` reads. None where the formula is undefined, is not finite, or names a
    series or total the run does not count."""
    try:
        value = _value(formula, counts, figures)
    except _UncountedError:
        return None
    return value if value is None or math.isfinite(value) else None


def _value(term: Term, counts: RunCounts, figures: Mapping[str, float | None]) -> float | None:
    def value(inner: Term) -> float | None:
        return _value(inner, counts, figures)

    match term:
        case Last(series):
            return float(_column(counts, series)[-1])
        case Sum(series):
            return float(_column(counts, series).sum())
        case Yearly(series):
            return float(_column(counts, series).sum()) * 365.0 / counts.days
        case Total(total):
            if total not in counts.totals:
                raise _UncountedError(total)
            return float(counts.totals[total])
        case Of(metric):
            return figures[metric]
        case Window(series, end):
            window = behaviour_window(counts.days)
            values = _column(counts, series)
            part = values[:window] if end == "first" else values[-window:]
            return 1000.0 * float(part.mean()) / counts.citizens
        case Change(series):
            window = behaviour_window(counts.days)
            values = _column(counts, series)
            first = float(values[:window].mean())
            last = float(values[-window:].mean())
            return (last - first) / first if first else None
        case Quotient(numerator, denominator, scale, when_empty):
            num, den = value(numerator), value(denominator)
            if num is None or den is None:
                return None
            return scale * num / den if den else when_empty
        case Difference(a, b):
            x, y = value(a), value(b)
            return None if x is None or y is None else x - y
        case Plus(terms):
            return _added([value(t) for t in terms])
        case Peak(series):
            return float(_column(counts, series).max())
        case LastLargest(template):
            found = [v[-1] for name, v in counts.series.items() if _spells(template, name)]
            if not found:
                raise _UncountedError(template)
            return float(max(found))
        case WaitQuantile(q):
            return wait_quantile(counts.decision_waits, q)
        case Fall():
            return None  # a figure of two runs: `evaluate_fall`
    raise TypeError(f"not a formula term: {term!r}")  # pragma: no cover


def evaluate_fall(
    term: Fall, run: Mapping[str, float | None], twin: Mapping[str, float | None]
) -> float | None:
    """The fall a `Fall` term gives for one seed: the no-scoring twin's figure minus the run's
    at the term's end (`run`: the figures of the run with its responses at that end). None
    where either is undefined."""
    ours, theirs = run.get(term.metric), twin.get(term.metric)
    return None if ours is None or theirs is None else theirs - ours


def _column(counts: RunCounts, series: str) -> npt.NDArray[np.float64]:
    found = counts.series.get(series)
    if found is None:
        raise _UncountedError(series)
    return found


def _spells(template: str, name: str) -> bool:
    """Whether `name` is `template` with each placeholder one dotted part."""
    parts = [
        re.escape(text) + ("[^.]+" if field else "")
        for text, field, _, _ in string.Formatter().parse(template)
    ]
    return re.fullmatch("".join(parts), name) is not None


def _added(values: list[float | None]) -> float | None:
    total = 0.0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def wait_quantile(waits: npt.NDArray[np.int64], q: float) -> float | None:
    """The `q` quantile of days from dispute to decision, from decisions counted by days
    (the smallest number of days within which at least that share was decided)."""
    total = int(waits.sum())
    if not total:
        return None
    return float(np.searchsorted(np.cumsum(waits), q * total, side="left"))


def describe(term: Term) -> str:
    """A formula in words, with the names it uses in code style."""
    match term:
        case Last(series):
            return f"`{series}` on the last day"
        case Sum(series):
            return f"`{series}` summed over the days"
        case Yearly(series):
            return f"`{series}` summed over the days × 365 / days"
        case Total(total):
            return f"total `{total}`"
        case Of(metric):
            return f"`{metric}`"
        case Window(series, end):
            return f"1,000 × mean of `{series}` over the {end} days / citizens"
        case Change(series):
            return (
                f"(last days − first days) / first days of `{series}`; undefined when the "
                "first days have none"
            )
        case Quotient(numerator, denominator, scale, when_empty):
            scaled = "" if scale == 1.0 else f"{scale:,.0f} × "
            empty = "undefined" if when_empty is None else f"{when_empty:g}"
            return (
                f"{scaled}({describe(numerator)}) / ({describe(denominator)}); "
                f"{empty} when the divisor is 0"
            )
        case Difference(a, b):
            return f"({describe(a)}) − ({describe(b)})"
        case Plus(terms):
            return " + ".join(f"({describe(t)})" for t in terms)
        case Peak(series):
            return f"the largest value of `{series}` on any day"
        case LastLargest(series):
            return f"the largest of `{series}` on the last day, over the run's names"
        case WaitQuantile(q):
            return (
                f"the {q:.0%} quantile of the days from dispute to decision over the run's "
                "decisions; undefined when none was decided"
            )
        case Fall(metric, end):
            at = (
                "the responses at the scenario's own (central) values"
                if end == "central"
                else f"every ranged response at the {end} end of its plausible range"
            )
            return (
                f"`{metric}` under policy `none` minus this run's, on the same scenario and "
                f"seeds, with {at}; paired seed by seed"
            )
    raise TypeError(f"not a formula term: {term!r}")  # pragma: no cover
