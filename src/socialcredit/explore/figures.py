"""What the explorer shows for a setting, as one JSON document: a headline, the key figures with
their intervals and their paired differences against no scoring and against the starting
policy, the score distribution observed and true, the lists over time, the point on the price
of the system (benefit against wrongful listings), and the audit's verdict.

Every figure is the catalogue's, taken over the explorer's seeds as a run record takes it
(`runs.document`); the differences are `runs.differences`', seed by seed.
"""

from __future__ import annotations

from typing import Any

from socialcredit.audit.findings import Finding, worst
from socialcredit.domain.catalogue import CATALOGUE, STRATEGY_SPLIT, metrics
from socialcredit.runs.differences import differences
from socialcredit.runs.schema import PopulationRecord
from socialcredit.stats import Interval

KEY = (
    metrics.EVER_BLACKLISTED_PER_1000,
    metrics.EVER_WRONGLY_BLACKLISTED_PER_1000,
    metrics.BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS,
    "wrongly_harmed.citizen_days_per_1000",
    "surveillance.observations_per_citizen_year",
)
STRATEGIC = (*STRATEGY_SPLIT[:3], metrics.STRATEGY_WITHDRAWN_PER_1000, metrics.STRATEGY_BURDEN)
"""Shown where the world's citizens spend effort on their scores (each where it is defined: the
shares are not under `none`, which books nothing; docs/strategy.md). Withdrawal shows as the
legitimate acts withdrawn, its price, rather than as its small share of the score gain."""


def _estimate(record: PopulationRecord, name: str) -> dict[str, Any] | None:
    e = record.metrics.get(name)
    return None if e is None else {"mean": e.mean, "low": e.low, "high": e.high}


def _interval(d: Interval | None) -> dict[str, Any] | None:
    return None if d is None else d.to_json()


def _beyond(d: Interval | None) -> bool:
    return d is not None and d.low is not None and d.high is not None and (d.low > 0 or d.high < 0)


def _histogram(record: PopulationRecord) -> dict[str, Any]:
    h = record.score_histogram
    used = [i for i, (o, t) in enumerate(zip(h.observed, h.true, strict=True)) if o or t]
    first, last = (min(used), max(used) + 1) if used else (0, len(h.observed))
    return {
        "edges": h.bins[first : last + 1],
        "observed": h.observed[first:last],
        "true": h.true[first:last],
    }


def _headline(record: PopulationRecord, vs_none: Any | None, vs_start: Any) -> str:
    ever = record.metrics[metrics.EVER_BLACKLISTED_PER_1000].mean or 0.0
    wrong = record.metrics[metrics.EVER_WRONGLY_BLACKLISTED_PER_1000].mean or 0.0
    text = (
        f"This rulebook blacklists {ever:,.1f} in 1,000 citizens at some time, {wrong:,.2f} of "
        "them wrongly."
    )
    acts = (
        None if vs_none is None else vs_none.of(metrics.BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS)
    )
    if acts is not None and acts.mean is not None:
        if acts.low is None or acts.high is None:
            way = "fewer" if acts.mean < 0 else "more"
            text += (
                f" Against no scoring, true bad acts are {abs(acts.mean):,.1f} {way} per 1,000 "
                "citizen-years (one seed: no interval)."
            )
        elif _beyond(acts):
            way = "fewer" if acts.mean < 0 else "more"
            text += (
                f" Against no scoring, true bad acts are {abs(acts.mean):,.1f} {way} per 1,000 "
                "citizen-years."
            )
        else:
            text += " Against no scoring, true bad acts do not change beyond the noise."
    listed = vs_start.of(metrics.EVER_WRONGLY_BLACKLISTED_PER_1000)
    if listed is not None and listed.mean is not None and _beyond(listed):
        way = "more" if listed.mean > 0 else "fewer"
        text += (
            f" Against the starting rulebook, {abs(listed.mean):,.2f} {way} in 1,000 are "
            "wrongly blacklisted."
        )
    return text


def point(none: PopulationRecord | None, record: PopulationRecord) -> dict[str, float | None]:
    """A rulebook on the price of the system: true bad acts it prevents per 1,000
    citizen-years against no scoring (paired; None where the world cannot run no scoring), and
    citizens ever wrongly blacklisted per 1,000."""
    acts = (
        None
        if none is None
        else differences([none, record])
        .pairs[0]
        .of(metrics.BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS)
    )
    return {
        "benefit": None if acts is None or acts.mean is None else -acts.mean,
        "wrongful": record.metrics[metrics.EVER_WRONGLY_BLACKLISTED_PER_1000].mean,
    }


def figures(
    record: PopulationRecord,
    lists: dict[str, list[float]],
    none: PopulationRecord | None,
    start: PopulationRecord,
    findings: list[Finding],
) -> dict[str, Any]:
    """The page's document of the setting whose record is `record`, with its daily list sizes
    (`lists`, means over seeds), against no scoring and the starting policy in its world."""
    vs_none = None if none is None else differences([none, record]).pairs[0]
    vs_start = differences([start, record]).pairs[0]
    key = []
    for name in (*KEY, *STRATEGIC):
        if name not in record.metrics:
            continue
        if name in STRATEGIC and record.metrics[name].mean is None:
            continue
        metric = CATALOGUE.metric(name)
        key.append(
            {
                "name": name,
                "label": metric.label,
                "unit": metric.unit,
                "kind": metric.kind,
                "value": _estimate(record, name),
                "vs_none": None if vs_none is None else _interval(vs_none.of(name)),
                "vs_start": _interval(vs_start.of(name)),
            }
        )
    failing = [f for f in findings if f.verdict == "fail"]
    return {
        "headline": _headline(record, vs_none, vs_start),
        "seeds": record.seeds,
        "citizens": record.citizens,
        "days": record.days,
        "paired": {"none": None if vs_none is None else vs_none.paired, "start": vs_start.paired},
        "key": key,
        "histogram": _histogram(record),
        "lists": lists,
        "point": point(none, record),
        "audit": {
            "verdict": worst(findings),
            "failing": list(dict.fromkeys(f.rule for f in failing)),
        },
    }
