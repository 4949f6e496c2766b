"""`socialcredit policy check FILE` and `socialcredit policy show`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from socialcredit.cli.subcommands import Group
from socialcredit.limits import SHIPPED_POLICIES

if TYPE_CHECKING:
    from socialcredit.domain.policy import Policy

app = typer.Typer(cls=Group, help="Check and show policies (rulebooks).", no_args_is_help=True)

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
    """Show a policy: grades, lists, services, the behaviours that count and the data footprint."""
    from rich.console import Console
    from rich.table import Table

    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.inputs import load_policy

    loaded = load_policy(policy)
    echo_warnings([loaded])
    doc = policy_document(loaded)
    if as_json:
        typer.echo(json.dumps(doc, indent=2))
        return
    console = Console()
    console.print(f"[bold]{doc['name']}[/] v{doc['version']}  hash {doc['hash'][:12]}")
    grades = Table("grade", "from score", title="Grades")
    for g in doc["grades"]:
        grades.add_row(g["name"], str(g["min_score"]))
    console.print(grades)
    services = Table("service", "rules (first match decides)", "default", title="Services")
    for s in doc["services"]:
        rules = "; ".join(
            f"{_when(r['when'])} → {r['effect']}"
            + (f" {r['conditions']}" if r["conditions"] else "")
            + (f" for {', '.join(r['applies_to'])}" if "applies_to" in r else "")
            for r in s["rules"]
        )
        services.add_row(s["name"], rules or "—", s["default"])
    console.print(services)
    fp = doc["footprint"]
    console.print(
        f"Data footprint: categories on: {', '.join(fp['categories_enabled'])}; "
        f"sensitive on: {', '.join(fp['sensitive_categories_enabled']) or 'none'}; "
        f"consent required: {fp['consent_required']}; published lists: "
        f"{fp['published_lists'] or 'none'}"
    )


def _when(when: dict[str, Any]) -> str:
    parts = []
    if when.get("lists"):
        parts.append("on " + "/".join(when["lists"]))
    if when.get("grades"):
        parts.append("grade " + "/".join(when["grades"]))
    if when.get("watch") is not None:
        parts.append("watch" if when["watch"] else "not watch")
    if when.get("score_below") is not None:
        parts.append(f"score < {when['score_below']}")
    return " and ".join(parts)
