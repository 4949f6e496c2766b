"""`socialcredit policy check FILE`, `policy show` and `policy init FILE`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from socialcredit.cli.subcommands import Group
from socialcredit.domain.errors import UsageError
from socialcredit.limits import SHIPPED_POLICIES

if TYPE_CHECKING:
    from socialcredit.domain.policy import Policy

app = typer.Typer(
    cls=Group, help="Check, show and start policies (rulebooks).", no_args_is_help=True
)

PolicyOption = Annotated[
    str,
    typer.Option(
        "--policy", help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file."
    ),
]


def policy_document(policy: Policy) -> dict[str, Any]:
    from socialcredit.domain.policy_checks import policy_warnings

    return {
        "name": policy.name,
        "version": policy.version,
        "hash": policy.hash,
        "base_score": policy.base_score,
        "behaviours": [
            {
                "code": b.code,
                "category": b.category,
                "points": b.points,
                "expires_after_days": b.expires_after_days,
                "cap": b.cap.model_dump() if b.cap else None,
                "legal_violation": b.legal_violation,
                "counts": policy.counts(b),
                "reported_by": policy.reporting_sources[b.code],
            }
            for b in policy.behaviours
        ],
        "grades": [{"name": g.name, "min_score": g.min_score} for g in policy.grades_descending],
        "watch": policy.watch.model_dump(),
        "lists": policy.lists.model_dump(mode="json"),
        "services": [
            {"name": name, **service.model_dump(mode="json")}
            for name, service in policy.services.items()
        ],
        "footprint": policy.footprint().model_dump(mode="json"),
        "warnings": [w.document() for w in policy_warnings(policy)],
    }


@app.command("check")
def check(
    policy: Annotated[
        str,
        typer.Argument(help=f"A policy file, or a shipped policy ({', '.join(SHIPPED_POLICIES)})."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result, warnings included, as JSON.")
    ] = False,
) -> None:
    """Validate a policy; errors name the file, line and field, and warnings (a rulebook that
    works but is suspicious) are printed on stderr."""
    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.domain.policy_checks import policy_warnings
    from socialcredit.inputs import load_policy

    loaded = load_policy(policy)
    echo_warnings([loaded])
    counting = sum(loaded.counts(b) for b in loaded.behaviours)
    where = loaded.origin.file if loaded.origin else policy
    if as_json:
        document = {
            "file": where,
            "name": loaded.name,
            "version": loaded.version,
            "hash": loaded.hash,
            "valid": True,
            "behaviours": len(loaded.behaviours),
            "counting": counting,
            "warnings": [w.document() for w in policy_warnings(loaded)],
        }
        typer.echo(json.dumps(document, indent=2))
        return
    typer.echo(
        f"{where}: policy {loaded.name!r} is valid ({len(loaded.behaviours)} behaviours, "
        f"{counting} can produce entries; hash {loaded.hash[:12]})"
    )


@app.command("show")
def show(
    policy: PolicyOption = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show every part of a policy in words: categories, behaviours and their points, sources,
    grades, watch, lists, services, appeals, the data footprint and any warnings."""
    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.cli.policy_words import policy_words
    from socialcredit.domain.policy_checks import policy_warnings
    from socialcredit.inputs import load_policy

    loaded = load_policy(policy)
    echo_warnings([loaded])
    if as_json:
        typer.echo(json.dumps(policy_document(loaded), indent=2))
        return
    typer.echo("\n".join(policy_words(loaded, policy_warnings(loaded))))


@app.command("init")
def init(
    file: Annotated[Path, typer.Argument(help="The policy file to write.", show_default=False)],
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help=f"The policy to start from: shipped ({', '.join(SHIPPED_POLICIES)}) or a file.",
        ),
    ] = "default",
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a commented starter policy to edit: a copy of a policy, comments and all, named
    after FILE."""
    from socialcredit.cli.files import write_output
    from socialcredit.cli.starter import starter_policy

    if file.exists() and (file.is_dir() or not force):
        raise UsageError(
            f"{file} is a directory" if file.is_dir() else f"{file} exists; give --force",
            argument="FILE",
        )
    text, name = starter_policy(source, file)
    write_output(file, text, option="FILE")
    typer.echo(
        f"wrote {file}, policy {name!r} started from {source!r}; edit it, then check it with "
        f"`socialcredit policy check {file}`"
    )
