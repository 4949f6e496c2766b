"""The redress section of a run report: disputes, their review, corrections and restorations.

What a reader asks of an appeal route: how many disputed, how long they waited, how many were
decided in time, how much of what was wrong got corrected (and how long people were wrongly
listed first), what review itself got wrong, and how many paid their way off the list.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import REDRESS, metrics
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.seeds import seeds_note
from socialcredit.report.kit.text import esc
from socialcredit.report.kit.timeseries import redress_panels, timeseries

FIGURES = REDRESS
"""The catalogue metrics the section shows, in reading order."""


def redress_section(p: Page, run: Run) -> str:
    disputes = run.stat(metrics.REDRESS_DISPUTES)[0] or 0.0
    restorations = run.stat(metrics.RESTORATIONS)[0] or 0.0
    rows = [[esc(run.label_of(name)), esc(run.cell(name))] for name in FIGURES]
    table = p.table(
        "Disputes, review and restoration over the whole run",
        ["Figure", "Value"],
        rows,
        note_html="Citizens dispute entries against them that they know of; review decides "
        "the oldest first, as its capacity allows. Corrected: a false entry reversed, or a "
        "listing that true conduct would not give lifted because an entry it rested on was "
        "reversed or set aside. A restoration ends a listing by the act that repairs it. "
        + esc(seeds_note(run)),
    )
    if not disputes and not restorations:
        return (
            "<p>Nobody disputed an entry or repaired a listing in this run: the scenario's "
            "<code>redress</code> gives no dispute to the entries citizens know of, and the "
            "policy has no <code>lists.black.repair</code> (or the scenario no repairs).</p>"
            + table
        )
    chart = timeseries(
        p,
        [run],
        redress_panels(),
        label="Line chart: disputes waiting for a decision at the end of each day.",
        caption_html="The queue of undecided disputes. It grows when citizens dispute faster "
        "than review decides, and shrinks as disputes are decided or lapse when their entries "
        "expire. " + ("Shaded: lowest to highest seed." if run.seed_count > 1 else ""),
    )
    return chart + table
