"""The command line: `socialcredit policy ...` and `socialcredit simulate ...`.

A thin layer: parse, call the library, render. Every error the library raises on purpose becomes
one line on stderr and exit status 2; users never see a traceback for bad input.
"""

from __future__ import annotations

import sys

import typer

from socialcredit.cli.policy import app as policy_app
from socialcredit.cli.simulate import app as simulate_app
from socialcredit.domain.errors import SocialCreditError

app = typer.Typer(
    name="socialcredit",
    help=(
        "A policy lab for social-scoring rulebooks: check a policy, then run it over a synthetic "
        "population to see who it lists, who it lists wrongly and whom it harms."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(policy_app, name="policy")
app.add_typer(simulate_app, name="simulate")


def main() -> None:
    try:
        app()
    except SocialCreditError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
