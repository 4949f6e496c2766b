"""`socialcredit audit POLICY`: the static checks of a rulebook, as text or JSON, with an exit
status a CI job can gate on (1 when a finding reaches --fail-on, 0 otherwise, 2 on bad input)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from socialcredit.audit import RULES, Finding, audit_policy, worst
from socialcredit.audit.findings import SEVERITY
from socialcredit.audit.sarif import sarif
from socialcredit.domain.errors import UsageError
from socialcredit.inputs import SHIPPED_POLICIES, load_policy

Format = Literal["text", "json", "sarif"]
FailOn = Literal["fail", "warn", "never"]


def audit(
    policy: Annotated[
        str,
        typer.Argument(help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file."),
    ],
    output_format: Annotated[
        str, typer.Option("--format", help="text, json or sarif (SARIF 2.1.0).")
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
    if output_format not in ("text", "json", "sarif"):
        raise UsageError(
            f"{output_format!r} is not a format (text, json, sarif)", argument="--format"
        )
    if fail_on not in ("fail", "warn", "never"):
        raise UsageError(f"{fail_on!r} is not a level (fail, warn, never)", argument="--fail-on")
    if out is not None and out.is_dir():
        raise UsageError(f"{out} is a directory", argument="--out")
    loaded = load_policy(policy)
    findings = audit_policy(loaded)
    verdict = worst(findings)
    file = loaded.origin.file if loaded.origin else policy
    if output_format == "json":
        document: dict[str, Any] = {
            "policy": {"name": loaded.name, "hash": loaded.hash, "file": file},
            "verdict": verdict,
            "findings": [f.to_json() for f in findings],
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    elif output_format == "sarif":
        text = json.dumps(sarif(findings, file), indent=2, ensure_ascii=False) + "\n"
    else:
        text = _text(loaded.name, file, verdict, findings)
    if out is None:
        typer.echo(text, nl=False)
    else:
        try:
            tmp = out.with_name(f".{out.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror}", argument="--out") from None
    if fail_on != "never" and SEVERITY[verdict] >= SEVERITY[fail_on]:  # type: ignore[index]
        raise typer.Exit(1)


def _text(name: str, file: str, verdict: str, findings: list[Finding]) -> str:
    lines = [f"{name} ({file}): {verdict}", ""]
    titles = {r.id: r.title for r in RULES}
    for f in findings:
        where = f.file or file
        if f.line:
            where += f":{f.line}"
        if f.field:
            where += f" ({f.field})"
        lines.append(f"{f.verdict.upper():<4}  {f.rule}  {titles[f.rule]} [{f.citation}]")
        lines.append(f"      {where}: {f.message}")
    lines += ["", "Findings describe patterns the law concerns; they are not legal advice."]
    return "\n".join(lines) + "\n"
