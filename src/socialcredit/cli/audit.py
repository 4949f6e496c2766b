"""`socialcredit audit POLICY`: the static checks of a rulebook and, with `--scenario`, the
evidence and group fairness a simulation of it shows; as text, JSON, SARIF or an HTML harm card,
with an exit status a CI job can gate on (1 when a finding reaches --fail-on, 0 otherwise, 2 on
bad input).

Help and an option error import nothing beyond the command line; the static path imports only
what reading a rulebook needs, so it starts quickly; the engine and the page are imported when a
scenario or the harm card asks for them.
"""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from socialcredit.cli.files import write_output
from socialcredit.domain.errors import UsageError
from socialcredit.limits import MAX_CITIZENS, MAX_DAYS, SHIPPED_POLICIES, SHIPPED_SCENARIOS

if TYPE_CHECKING:
    from socialcredit.audit.document import Source
    from socialcredit.audit.findings import Finding
    from socialcredit.domain.policy import Policy

FORMATS = ("text", "json", "sarif", "html")
LEVELS = ("fail", "warn", "never")
MAX_SEEDS = 100


def audit(
    policy: Annotated[
        str,
        typer.Argument(help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file."),
    ],
    scenario: Annotated[
        str | None,
        typer.Option(
            help=f"Also simulate the policy over this scenario ({', '.join(SHIPPED_SCENARIOS)} "
            "or a file): evidence per finding and group fairness against the true ledger."
        ),
    ] = None,
    seeds: Annotated[
        int | None,
        typer.Option(
            min=1, max=MAX_SEEDS, help="Seeds 0 … K−1 to simulate (with --scenario) [default: 3]."
        ),
    ] = None,
    citizens: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_CITIZENS,
            help="Override the scenario's population size (with --scenario).",
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=MAX_DAYS, help="Override the scenario's days (with --scenario)."),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            help="The reference group of the fairness ratios [default: the scenario's "
            "reference group, else the largest]."
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", help="text, json, sarif (SARIF 2.1.0) or html (a harm card)."),
    ] = "text",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the audit to this file, not stdout.")
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit with status 1 when a finding is at least this bad: fail, warn or never.",
        ),
    ] = "fail",
) -> None:
    """Check a rulebook against legal criteria and safeguards (not legal advice)."""
    if output_format not in FORMATS:
        raise UsageError(
            f"{output_format!r} is not a format ({', '.join(FORMATS)})", argument="--format"
        )
    if fail_on not in LEVELS:
        raise UsageError(f"{fail_on!r} is not a level ({', '.join(LEVELS)})", argument="--fail-on")
    if out is not None and out.is_dir():
        raise UsageError(f"{out} is a directory", argument="--out")
    if out is not None and not out.resolve().parent.is_dir():
        raise UsageError(f"{out.parent} is not a directory", argument="--out")
    if scenario is None:
        for name, given in (
            ("--seeds", seeds is not None),
            ("--citizens", citizens is not None),
            ("--days", days is not None),
            ("--reference", reference is not None),
        ):
            if given:
                raise UsageError(f"{name} needs --scenario", argument=name)
    from socialcredit.audit import audit_policy
    from socialcredit.audit.document import Source, audit_document
    from socialcredit.audit.findings import SEVERITY
    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.inputs import load_policy, read_document

    loaded = load_policy(policy)
    text_of = read_document("policy", policy)
    source = Source(loaded.name, loaded.hash, text_of.file, text_of.text)
    findings = audit_policy(loaded)
    document: dict[str, Any]
    if scenario is None:
        document = audit_document(loaded, source, findings)
    else:
        document, findings = _simulated(
            loaded, source, findings, scenario, seeds or 3, citizens, days, reference
        )
    plain = out is not None or not sys.stdout.isatty()
    _write(_render(output_format, document, findings, source.file, plain=plain), out)
    echo_warnings([loaded])
    verdict = document["verdict"]
    if out is not None:  # the document went to a file: say what it found and where it is
        counts = Counter(f.verdict for f in findings)
        tally = ", ".join(f"{counts[v]} {v}" for v in ("fail", "warn", "pass") if counts[v])
        typer.echo(f"audit of policy {loaded.name!r}: {verdict} ({tally}); wrote {out}")
    if fail_on != "never" and SEVERITY[verdict] >= SEVERITY[fail_on]:  # type: ignore[index]
        raise typer.Exit(1)


def _simulated(
    policy: Policy,
    source: Source,
    findings: list[Finding],
    scenario: str,
    seeds: int,
    citizens: int | None,
    days: int | None,
    reference: str | None,
) -> tuple[dict[str, Any], list[Finding]]:
    """The audit document with a simulation's evidence and fairness, and the findings with
    their evidence."""
    from socialcredit.audit.document import SimulationSummary, Source, audit_document
    from socialcredit.audit.evidence import (
        observations_per_citizen_year,
        simulate,
        strategy_figures,
        with_evidence,
    )
    from socialcredit.audit.fairness import fairness
    from socialcredit.cli.progress import progress_bar
    from socialcredit.cli.simulate import resize
    from socialcredit.engine import compile_model
    from socialcredit.experiment.variants import document_hash
    from socialcredit.inputs import load_population_scenario, read_document

    loaded = resize(load_population_scenario(scenario), citizens, days)
    pop = loaded.population
    groups = [g.name for g in pop.groups]
    if reference is not None and reference not in groups:
        raise UsageError(
            f"{reference!r} is not a group of the scenario ({', '.join(groups)})",
            argument="--reference",
        )
    compile_model(policy, loaded)  # names the scenario's field at fault before any run
    scenario_text = read_document("scenario", scenario)
    scenario_hash = document_hash(loaded.model_dump(mode="json"))
    with progress_bar("simulating", terminal_only=True) as advance:
        sim = simulate(policy, loaded, findings, list(range(seeds)), progress=advance)
    summary = SimulationSummary(
        Source(loaded.name, scenario_hash, scenario_text.file),
        sim.seeds,
        pop.citizens,
        pop.days,
        reference or pop.reference,
        observations_per_citizen_year(sim),
        strategy_figures(sim),
    )
    measured = with_evidence(findings, sim)
    return audit_document(policy, source, measured, summary, fairness(sim, reference)), measured


def _render(
    output_format: str,
    document: dict[str, Any],
    findings: list[Finding],
    file: str,
    *,
    plain: bool = False,
) -> str:
    if output_format == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output_format == "sarif":
        from socialcredit.audit.sarif import sarif

        return json.dumps(sarif(findings, file), indent=2, ensure_ascii=False) + "\n"
    if output_format == "html":
        from socialcredit.report import render_harm_card

        return render_harm_card(document)
    return _text(document, plain=plain)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    write_output(out, text)


def _text(document: dict[str, Any], *, plain: bool = False) -> str:
    """The findings, their evidence, and the flagged fairness ratios: as boxed tables for a
    terminal, or, `plain` (piped or written to a file), as tab-separated tables between the
    lines of prose, every figure and name whole."""
    from socialcredit.audit import RULES
    from socialcredit.audit.document import with_interval
    from socialcredit.cli.terminal import Sheet, tab_separated

    p = document["policy"]
    titles = {r.id: r.title for r in RULES}
    findings = Sheet(["verdict", "rule", "where", "finding"])
    for f in document["findings"]:
        where = f"{f['file'] or p['file']}" + (f":{f['line']}" if f["line"] else "")
        lines = [f"{f['message']}", f"({titles[f['rule']]}; {f['citation']})"]
        if f["evidence"] is not None:
            lines.append(f["evidence"]["summary"])
        findings.add_row(f["verdict"].upper(), f["rule"], where, "\n".join(lines))
    parts: list[str | Sheet] = [
        f"{p['name']} ({p['file']}): {document['verdict'].upper()}",
        findings,
    ]
    sim = document["simulation"]
    if sim is not None:
        parts.append(
            f"Simulated: {sim['scenario']['name']}, {sim['citizens']:,} citizens × "
            f"{sim['days']} days, seeds {', '.join(map(str, sim['seeds']))}; group fairness "
            f"against the true ledger, reference group {sim['reference']}, per citizen-day."
        )
        flagged = [r for r in document["fairness"] if r["outside_four_fifths"]]
        if flagged:
            fair = Sheet(["target", "rate", "ratio (95%)", "in words"])
            for r in flagged:
                metric = r["metric"].replace("_", " ")
                fair.add_row(r["target"], metric, with_interval(r["ratio"]), r["words"])
            parts += [
                "Outside the four-fifths band (0.8–1.25) beyond the noise of the seeds (the "
                "whole 95% interval outside it):",
                fair,
            ]
        else:
            parts.append(
                "No fairness ratio lies outside the four-fifths band (0.8–1.25) beyond the noise "
                "of the seeds."
            )
    parts.append("Findings describe patterns the law concerns; they are not legal advice.")
    if plain:
        return "".join(tab_separated(x) if isinstance(x, Sheet) else x + "\n" for x in parts)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, highlight=False)
    for part in parts:
        if isinstance(part, Sheet):
            table = Table(show_edge=False, pad_edge=False, expand=False)
            for column in part.columns:
                table.add_column(Text(column), overflow="fold")
            for row in part.rows:
                table.add_row(*(Text(cell) for cell in row))
            console.print(table)
        else:
            console.print(Text(part), soft_wrap=True)
    return buffer.getvalue()
