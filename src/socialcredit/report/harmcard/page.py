"""The harm card: the audit of one policy on one page, for the people who decide about it.

`render_harm_card` reads the audit document (the shape `socialcredit audit --format json`
prints, published as `socialcredit/audit/audit.schema.json`) and lays it out in reading order:
the overall verdict, the rules at a glance, every finding with its citation, its place in the
policy, the quoted line and the simulation's evidence, fairness between groups, where citizens
spend effort on their scores what the score gain is made of, the data footprint and the
simulation it all comes from. A verdict is always told in words as well as
colour. The card reads the document alone; it neither audits nor simulates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.footprint import Footprint
from socialcredit.report.harmcard.fairness import fairness_section
from socialcredit.report.kit.footprint import footprint_table
from socialcredit.report.kit.page import Page, Section, page, with_note
from socialcredit.report.kit.text import DASH, esc, fmt_figure, fmt_stat, plural

VERDICTS = ("fail", "warn", "pass")
"""Worst first: the order findings are grouped in."""

NOT_ADVICE = "Findings describe patterns the law concerns; they are not legal advice."


def render_harm_card(document: Mapping[str, Any]) -> str:
    """The harm card of one audit document as a standalone, offline HTML page."""
    p = Page()
    policy = document["policy"]
    simulation = document["simulation"]
    findings: Sequence[Mapping[str, Any]] = document["findings"]
    lead = (
        f'<p class="lead headline" id="headline">{esc(_headline(document))}</p>'
        + verdict_banner(document["verdict"], findings)
        + f'<p class="lead">Policy <strong>{esc(policy["name"])}</strong>, read from '
        f"<code>{esc(policy['file'])}</code>, content hash (SHA-256) "
        f"<code>{esc(policy['hash'])}</code>.</p>"
        + f'<p class="lead">{_source_sentence(simulation)} {NOT_ADVICE}</p>'
    )
    sections = [
        Section("rules", "Rules at a glance", _rules(p, findings)),
        Section("findings", "Findings", _findings(p, findings, simulation)),
        Section("fairness", "Fairness between groups", fairness_section(p, document)),
        *(
            [Section("strategy", "Better, or better at scoring?", _strategy(p, strategy))]
            if (strategy := (simulation or {}).get("strategy"))
            else []
        ),
        Section("footprint", "Data footprint of the policy", _footprint(p, document)),
        Section("simulation", "Simulation", _simulation(simulation)),
        Section("reading", "How to read this card", _reading()),
    ]
    return page(
        title=f"Harm card: {policy['name']} \u2014 socialcredit audit",
        kicker="socialcredit harm card",
        heading=f"Harm card: policy \u201c{policy['name']}\u201d",
        lead_html=lead,
        sections=sections,
    )


def _headline(document: Mapping[str, Any]) -> str:
    """One or two sentences: the verdict and what fails, then, with a simulation, the scenario
    and seeds the findings' evidence comes from."""
    findings: Sequence[Mapping[str, Any]] = document["findings"]
    name = document["policy"]["name"]
    failing = [f for f in findings if f["verdict"] == "fail"]
    if failing:
        titles = list(dict.fromkeys(str(f.get("title") or f["rule"]) for f in failing))
        shown = "; ".join(titles[:3]) + (f"; and {len(titles) - 3} more" if len(titles) > 3 else "")
        text = (
            f"Policy {name} fails {len(failing)} of {len(findings)} checks against the law and "
            f"its own outcomes: {shown}."
        )
    elif any(f["verdict"] == "warn" for f in findings):
        warned = sum(f["verdict"] == "warn" for f in findings)
        text = f"Policy {name} fails no check; {warned} of {len(findings)} warn."
    else:
        text = f"Policy {name} passes all {len(findings)} checks."
    simulation = document["simulation"]
    if simulation is not None:
        text += (
            f" Measured on the scenario {simulation['scenario']['name']} over "
            f"{plural(len(simulation['seeds']), 'seed')}; the findings below carry the evidence."
        )
    return text


def badge(verdict: str) -> str:
    return f'<span class="badge is-{esc(verdict)}">{esc(verdict)}</span>'


def verdict_banner(verdict: str, findings: Sequence[Mapping[str, Any]]) -> str:
    counts = {v: sum(f["verdict"] == v for f in findings) for v in VERDICTS}
    total = plural(len(findings), "finding")
    if verdict == "fail":
        warns = f", {counts['warn']} warn" if counts["warn"] else ""
        why = (
            f"{counts['fail']} of {total} fail{warns}: the policy has patterns the cited law "
            "concerns, or lacks a safeguard it asks for."
        )
    elif verdict == "warn":
        why = f"No finding fails; {counts['warn']} of {total} warn and need a closer look."
    else:
        why = f"All {total} pass."
    return (
        f'<p class="verdict is-{esc(verdict)}" id="verdict"><span class="label">Verdict</span> '
        f'<strong>{esc(verdict)}</strong> <span class="why">{why}</span></p>'
    )


def _source_sentence(simulation: Mapping[str, Any] | None) -> str:
    if simulation is None:
        return (
            "Static checks of the policy as written: no simulation was run, so there is no "
            "evidence per finding and no fairness between groups."
        )
    return (
        f"Static checks of the policy as written, with evidence and fairness from the scenario "
        f"<strong>{esc(simulation['scenario']['name'])}</strong> over "
        f"{plural(len(simulation['seeds']), 'seed')}."
    )


def _rules(p: Page, findings: Sequence[Mapping[str, Any]]) -> str:
    rules: dict[str, list[Mapping[str, Any]]] = {}
    for f in findings:
        rules.setdefault(f["rule"], []).append(f)
    rows = []
    for rule, of_rule in rules.items():
        worst = next(v for v in VERDICTS if any(f["verdict"] == v for f in of_rule))
        counts = [f"{sum(f['verdict'] == v for f in of_rule)} {v}" for v in VERDICTS]
        rows.append(
            [
                f'<code>{esc(rule)}</code> <span class="note">{esc(of_rule[0]["title"])}</span>',
                badge(worst),
                esc(", ".join(c for c in counts if not c.startswith("0 "))),
                esc(of_rule[0]["citation"]),
            ]
        )
    return p.table(
        "Each rule's worst verdict",
        ["Rule", "Verdict", "Findings", "Citation"],
        rows,
        numeric=[False] * 4,
        note_html="A rule's verdict is the worst of its findings; the policy's is the worst of "
        "all. Every rule reports, with a pass saying what it looked at when nothing is wrong.",
    )


def _findings(
    p: Page, findings: Sequence[Mapping[str, Any]], simulation: Mapping[str, Any] | None
) -> str:
    body = (
        "<p>Worst first. Evidence from the simulation shows the mean over the seeds and, in "
        "brackets, its 95% interval.</p>"
        if simulation is not None
        else "<p>Worst first. Evidence from simulated runs needs <code>--scenario</code>.</p>"
    )
    for verdict in VERDICTS:
        group = [f for f in findings if f["verdict"] == verdict]
        if group:
            body += f"<h3>{badge(verdict)} {plural(len(group), 'finding')}</h3>"
            body += "".join(_finding(p, f) for f in group)
    return body if findings else body + "<p>The audit has no findings.</p>"


def _finding(p: Page, f: Mapping[str, Any]) -> str:
    ident = p.new_id("finding")
    place = esc(f["file"]) if f["file"] else "the policy (read from no file)"
    if f["file"] and f["line"]:
        place += f":{f['line']}"
    where = f"<code>{place}</code>" if f["file"] else place
    if f["field"]:
        where += f", field <code>{esc(f['field'])}</code>"
    if f["quote"] is not None:
        where += f'<pre class="quote"><code>{esc(f["quote"])}</code></pre>'
    return (
        f'<article class="finding {esc(f["verdict"])}" aria-labelledby="{ident}-h">'
        f'<h4 id="{ident}-h">{badge(f["verdict"])} <code>{esc(f["rule"])}</code> '
        f"{esc(f['title'])}</h4><p>{esc(f['message'])}</p>"
        f'<dl class="facts"><dt>Citation</dt><dd>{esc(f["citation"])}</dd>'
        f"<dt>Where</dt><dd>{where}</dd></dl>{_evidence(f['evidence'])}</article>"
    )


def _evidence(evidence: Mapping[str, Any] | None) -> str:
    if evidence is None:
        return ""
    items = "".join(
        f"<li>{esc(fig['label'])}: <strong>"
        f"{esc(fmt_figure((fig['mean'], fig['low'], fig['high'])))}</strong> {esc(fig['unit'])}"
        "</li>"
        for fig in evidence["figures"]
    )
    note = f'<p class="note">{esc(evidence["note"])}</p>' if evidence["note"] else ""
    return (
        '<div class="evidence"><p><strong>Evidence from the simulation</strong></p>'
        f"<ul>{items}</ul>{note}</div>"
    )


def _footprint(p: Page, document: Mapping[str, Any]) -> str:
    fp = document["footprint"]
    footprint = Footprint.model_validate(
        {
            "categories_enabled": fp["categories"],
            "sensitive_categories_enabled": fp["sensitive"],
            "legal_bases": fp["legal_bases"],
            "feeds": fp["feeds"],
            "collectors": fp["collectors"],
            "collector_review_required": fp["collector_review"],
            "consent_required": fp["consent_required"],
            "published_lists": fp["published_lists"],
        }
    )
    observations = fp["observations_per_citizen_year"]
    extra = []
    if observations is not None:
        extra.append(
            [
                "Observations per citizen-year in the simulation",
                esc(fmt_figure((observations, None, None))) + " records per citizen per year",
            ]
        )
    return footprint_table(p, footprint, extra)


def _simulation(simulation: Mapping[str, Any] | None) -> str:
    if simulation is None:
        return (
            "<p>No simulation was run. <code>socialcredit audit POLICY --scenario SCENARIO</code> "
            "runs the policy over a synthetic population and adds evidence to the findings and "
            "fairness between groups.</p>"
        )
    scenario = simulation["scenario"]
    seeds = ", ".join(str(s) for s in simulation["seeds"])
    facts = [
        ("Scenario", f"<strong>{esc(scenario['name'])}</strong>"),
        ("Scenario file", f"<code>{esc(scenario['file'])}</code>"),
        ("Content hash", f"<code>{esc(scenario['hash'])}</code>"),
        ("Synthetic citizens", f"{simulation['citizens']:,}"),
        ("Days", f"{simulation['days']:,}"),
        (f"Seeds ({len(simulation['seeds'])})", esc(seeds)),
        ("Reference group", esc(simulation["reference"])),
    ]
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (
        f'<dl class="facts">{rows}</dl><p>Every run is of synthetic citizens; the same seeds '
        "give the same figures.</p>"
    )


def _strategy(p: Page, figures: Mapping[str, Mapping[str, float | None]]) -> str:
    """What the score gain is made of and what being scored costs, where the scenario's
    citizens spend effort on their scores."""
    rows = []
    for name, figure in figures.items():
        metric = CATALOGUE.metric(name)
        stat = (figure["mean"], figure["low"], figure["high"])
        rows.append(
            [
                with_note(esc(metric.label), esc(metric.description)),
                esc(fmt_stat(stat, metric.kind)),
            ]
        )
    table = p.table("What the score gain is made of, and what it costs", ["Figure", "Value"], rows)
    return (
        "<p>The scenario's citizens spend effort on their scores: they improve their conduct, "
        "game the deeds that carry points, hide bad acts from the sources or stay away from "
        "watched activity, where each moves the most points for the effort. Of the points they "
        "gained against the same town with no scoring, the shares each way brought, and what "
        "being scored cost them (<code>docs/strategy.md</code>); means over the seeds with "
        "95% intervals.</p>" + table
    )


def _reading() -> str:
    return (
        "<ul>"
        f"<li>{badge('fail')} the policy has the pattern the cited rule concerns, or lacks the "
        "safeguard it asks for.</li>"
        f"<li>{badge('warn')} the pattern may be there, or a safeguard is weak: look closer.</li>"
        f"<li>{badge('pass')} the rule looked and found nothing wrong.</li>"
        "</ul><p>Each rule, its reading of the law and its limits are in "
        f"<code>docs/audit.md</code>. {DASH} means a figure the simulation could not define. "
        f"{NOT_ADVICE} Whether a rulebook is lawful is for lawyers and courts.</p>"
    )
