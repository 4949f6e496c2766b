"""A run's benefit over the plausible range of its responses, in words: what the run report
says near its key figures and the comparison page says for each run.

The figures come taken (`runs.benefit.benefit_reading` reads them from the record); here they
are only written out, as "between X and Y fewer true bad acts per 1,000 citizen-years across the
response range; Z at the central values", or as why the run shows no benefit.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import CATALOGUE, Kind, metrics
from socialcredit.report.kit.text import NOT_RECORDED, esc, fmt
from socialcredit.runs.benefit import BenefitReading
from socialcredit.runs.schema import Estimate

RANGES_ID = "response-ranges"
"""The id of the run report's section that lists each ranged response with its source."""

ACTS = "true bad acts per 1,000 citizen-years"

ABSENT = {
    "no-scoring": "No benefit: this policy scores no one, and the benefit of the others is "
    "measured against it.",
    "no-ranges": "No benefit range: the scenario gives its responses no plausible ranges "
    "(behaviour.ranges), so how much scoring deters is taken at its central values alone and "
    "the benefit was not measured.",
    "not-measured": "No benefit range: the run was made with --no-response-range.",
    "not-recorded": f"Benefit: {NOT_RECORDED}.",
}
"""Why a run shows no benefit, per `runs.benefit.Absence`."""


def _kind() -> Kind:
    return CATALOGUE.metric(metrics.BENEFIT).kind


def amount(x: float) -> str:
    """A benefit as "120 fewer" or, where scoring makes conduct worse, "40 more"."""
    kind = _kind()
    return f"{fmt(x, kind)} fewer" if x >= 0 else f"{fmt(-x, kind)} more"


def span(low: float, high: float) -> str:
    """From the smaller to the larger end of the range, in words."""
    kind = _kind()
    low, high = min(low, high), max(low, high)
    if low >= 0:
        return f"between {fmt(low, kind)} and {fmt(high, kind)} fewer"
    if high < 0:
        return f"between {fmt(-high, kind)} and {fmt(-low, kind)} more"
    return f"from {fmt(-low, kind)} more to {fmt(high, kind)} fewer"


def _interval(est: Estimate) -> str:
    kind = _kind()
    if est.low is None or est.high is None:
        return ""
    return f" (95% interval over seeds {fmt(est.low, kind)} to {fmt(est.high, kind)})"


def benefit_sentence(reading: BenefitReading) -> str:
    """The benefit and its range in one sentence, or why the run has none (plain text)."""
    if reading.absent is not None:
        return ABSENT[reading.absent]
    central, weakest, strongest = reading.central, reading.weakest, reading.strongest
    assert central is not None
    assert weakest is not None
    assert strongest is not None
    assert central.mean is not None
    assert weakest.mean is not None
    assert strongest.mean is not None
    low, high = sorted((weakest.mean, strongest.mean))
    outside = (
        ""
        if low <= central.mean <= high
        else " The central benefit lies outside the two ends: in this run the ends do not bound "
        "it, so the range understates the uncertainty."
    )
    return (
        f"{span(weakest.mean, strongest.mean).capitalize()} {ACTS} than the same town with no "
        f"scoring across the response range; {amount(central.mean)} at the central "
        f"values{_interval(central)}.{outside}"
    )


def ranged_names(reading: BenefitReading) -> str:
    """The ranged responses, as the scenario names them under `behaviour`."""
    return ", ".join(f"behaviour.{key}" for key in reading.ranges)


def benefit_callout(reading: BenefitReading, *, link: bool) -> str:
    """The sentence as a paragraph of the page, naming the ranged responses and, with `link`,
    linking to the section where their ranges and sources are written."""
    text = f"<strong>{esc(benefit_sentence(reading))}</strong>"
    if reading.ranges and reading.absent not in ("no-scoring", "no-ranges"):
        where = (
            f'<a href="#{RANGES_ID}">their ranges and sources</a>'
            if link
            else "their ranges and sources in the scenario"
        )
        text += (
            f" The ranged responses are {esc(ranged_names(reading))}; see {where}. The weakest "
            "end sets each to the end of its range that gives the smaller benefit, the "
            "strongest to the other, both on the same seeds as the run and against the same "
            "no-scoring twin."
        )
    return f'<p class="callout" id="benefit">{text}</p>'
