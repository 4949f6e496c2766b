"""`socialcredit scenario check SCENARIO [--policy POLICY]`."""

from __future__ import annotations

from typing import Annotated

import typer

from socialcredit.cli.subcommands import Group
from socialcredit.limits import SHIPPED_POLICIES, SHIPPED_SCENARIOS

app = typer.Typer(cls=Group, help="Check scenarios (synthetic populations).", no_args_is_help=True)


@app.command("check")
def check(
    scenario: Annotated[
        str,
        typer.Argument(
            help=f"A scenario file, or a shipped scenario ({', '.join(SHIPPED_SCENARIOS)})."
        ),
    ],
    policy: Annotated[
        str,
        typer.Option(
            help="Also check that the scenario names only what this policy declares: a shipped "
            f"policy ({', '.join(SHIPPED_POLICIES)}) or a policy file."
        ),
    ] = "default",
) -> None:
    """Validate a scenario, and that it fits a policy; errors name the file, line and field."""
    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.domain.scenario_references import check_names
    from socialcredit.inputs import load_policy, load_scenario
    from socialcredit.reputation import ReputationScenario

    loaded = load_scenario(scenario)
    where = loaded.origin.file if loaded.origin else scenario
    if isinstance(loaded, ReputationScenario):
        typer.echo(f"{where}: reputation-game scenario {loaded.name!r} is valid")
        return
    rulebook = load_policy(policy)
    check_names(rulebook, loaded)
    echo_warnings([rulebook])
    pop = loaded.population
    typer.echo(
        f"{where}: scenario {loaded.name!r} is valid and fits policy {rulebook.name!r} "
        f"({pop.citizens:,} citizens in {pop.districts} districts, {pop.days} days, "
        f"{len(pop.groups)} group{'s' if len(pop.groups) != 1 else ''})"
    )
