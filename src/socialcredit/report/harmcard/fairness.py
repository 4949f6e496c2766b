"""The harm card's fairness section: each group against the reference group, per list or
service, on the rates Aequitas defines, against the true ledger.

A rate is a share of citizen-days, pooled over the seeds. The ratio is the group's rate over
the reference group's, with its exact 95% interval; where the whole interval lies outside the
four-fifths band (below 0.8 or above 1.25) the comparison is flagged, in words as well as
colour. The figures and the reading in words come from the audit document; this module only
lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from socialcredit.report.kit.page import Page, with_note
from socialcredit.report.kit.text import Stat, esc, fmt_figure, fmt_stat

MEASURES: dict[tuple[str, str], tuple[str, str]] = {
    ("list", "listing_rate"): ("listing rate", "the share of citizen-days on the {}"),
    ("list", "false_positive_rate"): (
        "false positive rate",
        "of the citizen-days true conduct keeps off the {}, the share on it",
    ),
    ("list", "false_negative_rate"): (
        "false negative rate",
        "of the citizen-days true conduct puts on the {}, the share off it",
    ),
    ("list", "false_discovery_rate"): (
        "false discovery rate",
        "of the citizen-days on the {}, the share true conduct keeps off it",
    ),
    ("service", "listing_rate"): (
        "rate denied or restricted",
        "the share of citizen-days denied or restricted at {}",
    ),
    ("service", "false_positive_rate"): (
        "false positive rate",
        "of the citizen-days true conduct leaves {} open, the share denied or restricted",
    ),
    ("service", "false_negative_rate"): (
        "false negative rate",
        "of the citizen-days true conduct closes {}, the share let through",
    ),
    ("service", "false_discovery_rate"): (
        "false discovery rate",
        "of the citizen-days denied or restricted at {}, the share true conduct leaves open",
    ),
}
"""(kind, metric) -> the metric's name and its definition; "{}" is the list or service."""

BAND = (0.8, 1.25)
"""The four-fifths band: a ratio inside it is not flagged as adverse impact."""


def measure(kind: str, metric: str, target: str) -> tuple[str, str]:
    """The metric's name and its definition for a list or a service, as plain text."""
    name, definition = MEASURES[kind, metric]
    return name, definition.format(target)


def _stat(interval: Mapping[str, Any]) -> Stat:
    return (interval["mean"], interval["low"], interval["high"])


def _percent(rate: Mapping[str, Any]) -> str:
    """A rate as a percentage: to one decimal from 1%, to two significant digits below."""
    mean, low, high = (None if x is None else 100 * x for x in _stat(rate))
    return fmt_figure((mean, low, high), "%", digits=2 if mean is None or mean < 10 else 3)


def _ratio(ratio: Mapping[str, Any]) -> str:
    """The ratio and its interval; where the reference is never hit there is no ratio, and the
    interval has no upper bound."""
    mean, low, high = _stat(ratio)
    if mean is None and low is not None:
        return f"— (at least {fmt_stat((low, None, None), 'ratio')})"
    return fmt_stat((mean, low, high), "ratio")


def _band(comparison: Mapping[str, Any]) -> str:
    """Outside the band beyond the noise (flagged), within it (the whole interval inside), or
    not told apart (the interval reaches across an edge of the band)."""
    outside = comparison["outside_four_fifths"]
    if outside is None:
        return "undefined"
    if outside:
        return '<span class="flag">outside</span>'
    low, high = comparison["ratio"]["low"], comparison["ratio"]["high"]
    if low is not None and high is not None and BAND[0] <= low and high <= BAND[1]:
        return '<span class="tag-ok">within</span>'
    return "cannot tell"


def fairness_section(p: Page, document: Mapping[str, Any]) -> str:
    comparisons = document["fairness"]
    if document["simulation"] is None:
        return (
            "<p>Fairness between groups needs a simulation: "
            "<code>socialcredit audit POLICY --scenario SCENARIO</code> compares each group of "
            "the scenario with its reference group, against the true ledger.</p>"
        )
    if not comparisons:
        return (
            "<p>The simulation compared no groups: the scenario has one group, so there is no "
            "fairness between groups to measure.</p>"
        )
    reference = document["simulation"]["reference"]
    rows = []
    definitions: dict[str, str] = {}
    for c in comparisons:
        name, definition = measure(c["kind"], c["metric"], c["target"])
        label = f"{c['target']}: {name}"
        definitions[label] = definition
        groups = f"{c['group']} against {c['reference']}"
        rows.append(
            [
                with_note(esc(c["words"]), esc(f"{label}; {groups}")),
                esc(_percent(c["group_rate"])),
                esc(_percent(c["reference_rate"])),
                esc(_ratio(c["ratio"])),
                _band(c),
            ]
        )
    terms = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in definitions.items())
    return (
        _callout(comparisons)
        + _table(p, reference, rows)
        + f'<h3>What each measure counts</h3><dl class="terms">{terms}</dl>'
    )


def _callout(comparisons: Sequence[Mapping[str, Any]]) -> str:
    flagged = [c for c in comparisons if c["outside_four_fifths"] is True]
    defined = sum(c["outside_four_fifths"] is not None for c in comparisons)
    if flagged:
        words = "".join(f"<li>{esc(c['words'])}</li>" for c in flagged)
        return (
            f'<div class="callout"><p><strong>{len(flagged)} of {len(comparisons)} '
            "comparisons fall outside the four-fifths band beyond the noise of the seeds (the "
            "whole 95% interval outside it):</strong></p>"
            f"<ul>{words}</ul></div>"
        )
    if defined:
        return (
            f'<p class="callout ok">None of the {defined} comparisons with a defined reading '
            "falls outside the four-fifths band beyond the noise of the seeds.</p>"
        )
    return '<p class="callout">No comparison has a defined ratio.</p>'


def _table(p: Page, reference: str, rows: list[list[str]]) -> str:
    return p.table(
        f"Each group against the reference group, {esc(reference)}",
        [
            "Reading",
            "Rate of the group",
            f"Rate of {esc(reference)}",
            "Ratio",
            "Four-fifths band",
        ],
        rows,
        numeric=[False, True, True, True, False],
        note_html="Rates are shares of citizen-days, judged against the true ledger and pooled "
        "over the seeds (the citizen-days counted in all of them over all their citizen-days); "
        "the ratio is the group's rate over the reference group's. In brackets the exact 95% "
        "interval, widened for how citizen-days cluster (one listing is many days), as measured "
        f"by the spread between seeds. Where the whole interval lies below {BAND[0]} or above "
        f"{BAND[1]}, outside the four-fifths band, the usual threshold of adverse impact, the "
        "comparison is flagged; where it reaches across an edge of the band these seeds cannot "
        "tell.",
    )
