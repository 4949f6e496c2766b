"""The run report's account of the benefit: the sentence beside the key figures, and the
section that lists each ranged response with its plausible range and its source."""

from __future__ import annotations

from socialcredit.domain.responses import DIRECTION, value_of
from socialcredit.report.kit.benefit import benefit_callout
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.text import esc


def benefit_paragraph(run: Run) -> str:
    """The benefit over the response range in words, linking to the ranges where the run
    has them."""
    return benefit_callout(run.benefit, link=bool(run.benefit.ranges))


def ranges_section(p: Page, run: Run) -> str:
    """Each ranged response: its central value, its plausible range, which end is the
    weakest, and the source of the range, as the scenario writes them."""
    responses = run.record.scenario.behaviour
    rows = []
    for key, plausible in run.benefit.ranges.items():
        weakest = plausible.low if DIRECTION[key] > 0 else plausible.high
        rows.append(
            [
                f"<code>behaviour.{esc(key)}</code>",
                f"{value_of(responses, key):g}",
                f"{plausible.low:g} to {plausible.high:g}",
                f"{weakest:g}",
                esc(plausible.source),
            ]
        )
    return p.table(
        "Plausible ranges of the responses, with their sources",
        ["Response", "Central value", "Plausible range", "Weakest end", "Source"],
        rows,
        numeric=[False, True, False, True, False],
        note_html="From the scenario's <code>behaviour.ranges</code>. The run itself uses the "
        "central values; the benefit is also measured with every ranged response at its "
        "weakest end, and at the other end of each range (the strongest).",
    )
