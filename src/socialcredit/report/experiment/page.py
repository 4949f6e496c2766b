"""The experiment report: headline, the price-of-the-system frontier, each outcome against each
varied input, the summary per variant, the variants not run because their rulebooks are invalid,
and (after `experiment analyse`) sensitivity indices and discovered boxes. One self-contained
page, like the run report.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.digest import Digest, Sharing
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.variants import Resolved
from socialcredit.report.experiment.effects import effects_section
from socialcredit.report.experiment.frontier import frontier_section
from socialcredit.report.experiment.headline import headline, worlds_note
from socialcredit.report.experiment.sensitivity import discovery_section, sensitivity_section
from socialcredit.report.kit.page import Page, Section, page
from socialcredit.report.kit.text import esc, fmt_difference, fmt_stat, plural


def render_experiment(digest: Digest) -> str:
    """The page of an experiment whose figures `digest` holds (`socialcredit.experiment.digest`)."""
    resolved = digest.resolved
    experiment = resolved.experiment
    frontier, sensitivity, discovery = digest.frontier, digest.sensitivity, digest.discovery
    p = Page()
    n_runs = digest.runs
    factors = resolved.paths
    lead = [
        f'<p class="lead headline" id="headline">{esc(headline(digest))}</p>',
        f'<p class="lead">{esc(note)}</p>' if (note := worlds_note(digest)) else "",
        f'<p class="lead">{esc(experiment.description.strip())}</p>'
        if experiment.description
        else "",
        f'<p class="lead">{plural(len(resolved.variants), "variant")} × '
        f"{plural(len(resolved.seeds), 'seed')} = {plural(n_runs, 'run')}"
        + (
            f" ({plural(len(resolved.invalid), 'more variant')} not run: "
            '<a href="#invalid">invalid rulebooks</a>)'
            if resolved.invalid
            else ""
        )
        + ": policies "
        f"{esc(', '.join(dict.fromkeys(v.policy.name for v in resolved.variants)))} over "
        f"scenarios {esc(', '.join(dict.fromkeys(v.scenario.name for v in resolved.variants)))}"
        + (f", varying {esc(', '.join(factors))}" if factors else "")
        + f" (sampling: {esc(experiment.sampling.method)}). {esc(_sharing(digest.sharing))}</p>",
    ]
    sections = [
        Section("frontier", "The price of the system", frontier_section(p, resolved, frontier))
    ]
    if factors:
        sections.append(
            Section("effects", "Outcomes against the varied inputs", effects_section(p, digest))
        )
    sections.append(Section("summary", "Every variant", _summary(p, digest)))
    if resolved.invalid:
        sections.append(Section("invalid", "Variants not run", _invalid(p, resolved)))
    if sensitivity is not None:
        sections.append(Section("sensitivity", "Sensitivity", sensitivity_section(p, sensitivity)))
    if discovery is not None:
        sections.append(Section("discovery", "Scenario discovery", discovery_section(p, discovery)))
    sections.append(Section("method", "How to read this page", _method()))
    return page(
        title=f"socialcredit experiment: {experiment.name}",
        kicker="Experiment report",
        heading=experiment.name,
        lead_html="".join(lead),
        sections=sections,
    )


def _sharing(sharing: Sharing) -> str:
    """What the variants over each scenario share seed by seed, and so what is paired."""
    parts = []
    for name, together in sharing.items():
        how = (
            "so their differences are taken seed by seed"
            if together.paired
            else "so differences between variants with other citizens are not paired (Welch)"
        )
        parts.append(f"over {name} share {together.describe()}, {how}")
    return (
        "Every variant runs the same seeds (common random numbers). On a seed, the variants "
        + "; ".join(parts)
        + "."
    )


def _summary(p: Page, digest: Digest) -> str:
    resolved = digest.resolved
    reference = resolved.variants[resolved.reference]
    outcomes = resolved.outcomes
    head = ["Variant"] + [esc(CATALOGUE.metric_label(o)) for o in outcomes]
    rows = []
    for v in resolved.variants:
        cells = [f"<code>{esc(v.id)}</code> {esc(resolved.label(v))}"]
        for o in outcomes:
            declared = CATALOGUE.metric(o)
            est = digest.estimates[v.id][o]
            text = esc(fmt_stat((est.mean, est.low, est.high), declared.kind, declared.undefined))
            if v is not reference:
                diff, paired = digest.differences[v.id][o]
                text += (
                    f'<span class="note">{esc(fmt_difference(diff, declared.kind))} vs '
                    f"{esc(reference.id)}{'' if paired else ' (unpaired)'}</span>"
                )
            cells.append(text)
        rows.append(cells)
    note = (
        f"Means over seeds with 95% intervals; under each, the difference to the reference "
        f"variant {esc(reference.id)} ({esc(resolved.label(reference))}), paired seed by seed "
        "where both have the same citizens. The same figures are in summary.csv; every run's "
        "figures are in results.csv and results.parquet."
    )
    return p.table("Outcomes of every variant", head, rows, note_html=note)


def _invalid(p: Page, resolved: Resolved) -> str:
    """How many variants were not run and why: one row per check that refused them."""
    rows = []
    for rule, members in resolved.invalid_by_rule().items():
        first = members[0]
        ids = ", ".join(v.id for v in members[:12]) + (" …" if len(members) > 12 else "")
        rows.append(
            [
                f"<code>{esc(rule)}</code>",
                str(len(members)),
                f"{esc(ids)}",
                f"<code>{esc(first.id)}</code> {esc(resolved.label(first))}: {esc(first.reason)}",
            ]
        )
    n = len(resolved.invalid)
    note = (
        f"{n} of {n + len(resolved.variants)} variants {'was' if n == 1 else 'were'} "
        "not run: with the levers set, the rulebook cannot mean what it says (the check's id "
        "names the rule; <code>socialcredit policy check</code> refuses such a file). They are "
        "in results.csv with <code>status</code> <code>invalid</code> and the reason, and "
        "nowhere else: the frontier, the effects, the summary and any analysis read only the "
        "variants that ran, so a design point whose rulebook is invalid is missing from them."
    )
    return p.table(
        "Variants not run, by the check their rulebook fails",
        ["Check", "Variants", "Which", "For instance"],
        rows,
        numeric=[False, True, False, False],
        note_html=note,
    )


def _method() -> str:
    benefit = CATALOGUE.metric(BENEFIT)
    return (
        "<p>The <strong>benefit</strong> of a variant is the fall in "
        f"{esc(benefit.label.lower())} against the same scenario with no scoring at all (the "
        "<code>none</code> policy: nothing counted, nobody listed, no consequences), taken seed "
        "by seed on the same synthetic citizens. The <strong>prices</strong> are what the "
        "system costs the people it scores: wrongful listings, days of wrongful denial or "
        "restriction, the gap between groups in wrongful listings, and how much it watches. A "
        "variant is <strong>efficient</strong> when no other variant has at least its benefit "
        "and at most each of its prices (judged on the means); the rest are dominated.</p>"
        "<p>Intervals are Student-t 95% intervals over seeds. Sensitivity indices come from "
        "SALib with bootstrap 95% intervals; discovered boxes from PRIM (Friedman and Fisher, "
        "1999). Every figure on this page is about simulated citizens.</p>"
    )
