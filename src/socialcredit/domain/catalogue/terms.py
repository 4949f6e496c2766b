"""The words of the catalogue: kinds of figures, harmful directions, and formula terms.

A metric's formula is a small tree of these terms over series, totals and other metrics;
`formulas` spells, evaluates and describes it, and nothing else reads the terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "share", "rate", "citizen_days", "score", "ratio", "change"]
"""How a figure is counted and written: citizens (or acts), a share of 0 to 1, a rate per
1,000 citizens, citizen-days (one citizen for one day), a score in points, a ratio of two rates,
or a relative change (a share that may be negative)."""

Harmful = Literal["higher", "lower", "neither"]
"""Which direction of the figure is worse for citizens or for the fairness of the system."""

LISTS = ("black", "red")
COLLECTOR_KINDS = ("honest", "malicious")
STRATEGY_WAYS = ("improve", "game", "hide", "withdraw")
"""The ways citizens spend effort on their scores (`domain.strategy`)."""
STRATEGY_PARTS = ("improved", "gamed", "hidden", "withdrawn")
"""The parts of the rise of booked points against no scoring, one per way (`engine.strategy`)."""

SCORE_HISTOGRAM_BINS = tuple(range(0, 1501, 10))
"""Edges of the score histogram every run keeps, observed and true (scores outside are not
counted)."""

BEHAVIOUR_WINDOW_DAYS = 30
"""Days at each end of a run over which conduct is averaged for the behaviour figures (a
quarter of the run when that is shorter)."""


def behaviour_window(days: int) -> int:
    """Days averaged at each end of a run for the behaviour figures."""
    return max(1, min(BEHAVIOUR_WINDOW_DAYS, days // 4))


_RANGES: dict[Kind, tuple[float | None, float | None]] = {
    "count": (0.0, None),
    "share": (0.0, 1.0),
    "rate": (0.0, None),
    "citizen_days": (0.0, None),
    "score": (None, None),
    "ratio": (0.0, None),
    "change": (-1.0, None),
}


def kind_range(kind: Kind) -> tuple[float | None, float | None]:
    """The range a figure of this kind can take: where intervals are cut."""
    return _RANGES[kind]


@dataclass(frozen=True)
class Last:
    """The value of a series on the last day."""

    series: str


@dataclass(frozen=True)
class Sum:
    """A series summed over the days (citizen-days for a count of citizens)."""

    series: str


@dataclass(frozen=True)
class Total:
    """A total of the run."""

    total: str


@dataclass(frozen=True)
class Of:
    """Another metric, already computed."""

    metric: str


@dataclass(frozen=True)
class Window:
    """A series averaged over the first or last days of the run, per 1,000 citizens."""

    series: str
    end: Literal["first", "last"]


@dataclass(frozen=True)
class Quotient:
    """`scale * numerator / denominator`; `when_empty` when the denominator is 0 (None:
    the figure is undefined and the metric says so)."""

    numerator: Term
    denominator: Term
    scale: float = 1.0
    when_empty: float | None = 0.0


@dataclass(frozen=True)
class Difference:
    """`a - b`."""

    a: Term
    b: Term


@dataclass(frozen=True, init=False)
class Plus:
    """`a + b + …`: undefined when any term is."""

    terms: tuple[Term, ...]

    def __init__(self, *terms: Term) -> None:
        object.__setattr__(self, "terms", terms)


@dataclass(frozen=True)
class Change:
    """Relative change of a series from the first days of the run to the last."""

    series: str


@dataclass(frozen=True)
class Yearly:
    """A series summed over the days, times 365 over the number of days: per year."""

    series: str


@dataclass(frozen=True)
class Peak:
    """The largest value of a series on any day."""

    series: str


@dataclass(frozen=True)
class LastLargest:
    """The largest value on the last day among the series a template spells over the run's
    names (`collectors_in.{district}`: the collectors of the district that holds most)."""

    series: str


@dataclass(frozen=True)
class WaitQuantile:
    """A quantile of the days from dispute to decision over the run's appeal decisions
    (undefined when none was decided)."""

    q: float


End = Literal["central", "weakest", "strongest"]
"""Where in the plausible range of its responses a run's scenario stands: its own (central)
values, or every ranged parameter at the end that gives the smaller or the larger benefit
(`domain.response_range`)."""


@dataclass(frozen=True)
class Fall:
    """The fall in a metric against the run's no-scoring twin: the value under policy `none`
    on the same scenario and seed minus the run's own, with the run's responses at `end` of
    their plausible range. A figure of two runs, taken seed by seed (paired), which one run's
    counts cannot give: the run store takes it (`runs.benefit`), never the engine's summary."""

    metric: str
    end: End = "central"


Term = (
    Last
    | Sum
    | Total
    | Of
    | Window
    | Quotient
    | Difference
    | Plus
    | Change
    | Yearly
    | Peak
    | LastLargest
    | WaitQuantile
    | Fall
)
