"""The run report's table of collateral effects: detriment citizens suffer through a relative.

A rule reaching relatives (`applies_to`) restricts or denies a listed citizen's spouse or
children; the table shows, per service it touched, how much of that the observed ledger gives,
how much true conduct would, how much is wrongful or doubly wrongful (the relative wrongly
listed), and the children among those hurt. Without households in the scenario it says so.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import metrics
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.seeds import seeds_note
from socialcredit.report.kit.text import esc

_COLUMNS = (
    (metrics.COLLATERAL_SERVICE_CITIZEN_DAYS, "Hurt through a relative, citizen-days"),
    (metrics.COLLATERAL_TRUE_SERVICE_CITIZEN_DAYS, "By true conduct"),
    (metrics.COLLATERAL_WRONGFUL_SERVICE_CITIZEN_DAYS, "Wrongful"),
    (
        metrics.COLLATERAL_DOUBLY_WRONGFUL_SERVICE_CITIZEN_DAYS,
        "Doubly wrongful (relative wrongly listed)",
    ),
    (metrics.COLLATERAL_CHILDREN_SERVICE_CITIZEN_DAYS, "Children, citizen-days"),
    (metrics.EVER_COLLATERAL_SERVICE, "Citizens ever hurt"),
    (metrics.EVER_COLLATERAL_CHILDREN_SERVICE, "Children ever hurt"),
    (
        metrics.EVER_COLLATERAL_DOUBLY_WRONGFUL_SERVICE,
        "Ever hurt through a wrongly listed relative",
    ),
)


def _touched(run: Run, service: str) -> bool:
    return any(
        (run.stat(name.format(service=service))[0] or 0) > 0
        for name in (
            metrics.COLLATERAL_SERVICE_CITIZEN_DAYS,
            metrics.COLLATERAL_TRUE_SERVICE_CITIZEN_DAYS,
        )
    )


def collateral_table(p: Page, run: Run) -> str:
    """Collateral detriment per service over the whole run, or why there is none."""
    if run.record.scenario.population.households is None:
        return (
            "<p>Nobody is hurt through a relative in this run: the scenario has no households "
            "(<code>population.households</code>), so every citizen lives alone and a rule "
            "reaching relatives (<code>applies_to</code>) reaches nobody.</p>"
        )
    touched = [s for s in run.services if _touched(run, s)]
    summary = (
        f"<p>{esc(run.cell(metrics.HOUSEHOLDS))} households with "
        f"{esc(run.cell(metrics.CHILDREN))} children; {esc(run.cell(metrics.EVER_COLLATERAL))} "
        "citizens were ever hurt through a relative, "
        f"{esc(run.cell(metrics.EVER_COLLATERAL_CHILDREN))} of them children.</p>"
    )
    if not touched:
        return summary + (
            "<p>No rule of the policy reached a relative in this run (the policy has no rule "
            "with <code>applies_to</code>, or no listing of someone with relatives it reaches "
            "was in force).</p>"
        )
    rows = [
        [esc(s), *(esc(run.cell(name.format(service=s))) for name, _ in _COLUMNS)] for s in touched
    ]
    return summary + p.table(
        "Detriment through a relative's listing, per service, over the whole run",
        ["Service", *(head for _, head in _COLUMNS)],
        rows,
        note_html="Hurt through a relative: denied or restricted only because a rule reaching "
        "relatives holds for a parent's or the spouse's listing in force; the citizen's own "
        "standing would treat them better. Wrongful: true conduct, theirs and their "
        "relatives', would treat them better. Doubly wrongful: the relative's listing that "
        "reaches them is itself wrong by true conduct. Services without a row reached nobody. "
        + esc(seeds_note(run)),
    )
