"""The command line: `socialcredit policy ...`, `scenario ...`, `simulate ...`, `experiment ...`,
`sweep`, `metrics`, `audit` and `calibrate`.

A thin layer: parse, call the library, render. Every error a user can cause (a bad option, a
bad file, an unreachable cluster) becomes one line on stderr and exit status 2; an interrupted
command says so and exits with 130. Users never see a traceback for bad input.

A subcommand's module is imported only when that subcommand runs (`subcommands`): the static
`audit` starts without loading the engine, the cluster or the plotting libraries. A command
module imports at its top only what its options are declared with, and what the command runs
on inside the command, after the checks of its options: so a subcommand's help and an option
error load none of it either.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

import typer
from typer._click import Context, HelpFormatter

from socialcredit.cli.subcommands import Group, Subcommand, Subcommands
from socialcredit.domain.errors import SocialCreditError

COMMANDS = {
    # name: the Typer app or command function that is the subcommand, imported when it is run,
    # and its help as `socialcredit --help` lists it without importing it (a test holds each
    # to the help the subcommand itself declares).
    "sweep": Subcommand(
        "socialcredit.cli.sweep:sweep",
        "The full grid of the given policies, scenarios and --set values over seeds, without an\n"
        "experiment file (its resolved form is written to DIR/experiment.yaml).",
    ),
    "audit": Subcommand(
        "socialcredit.cli.audit:audit",
        "Check a rulebook against legal criteria and safeguards (not legal advice).",
    ),
    "policy": Subcommand(
        "socialcredit.cli.policy:app", "Check, show and start policies (rulebooks)."
    ),
    "scenario": Subcommand(
        "socialcredit.cli.scenario:app", "Check scenarios (synthetic populations)."
    ),
    "simulate": Subcommand(
        "socialcredit.cli.simulate:app",
        "Run a policy over a synthetic population (see `simulate --help`), or compare runs.",
    ),
    "metrics": Subcommand(
        "socialcredit.cli.metrics:app", "Show the metric catalogue and the schema of metrics.json."
    ),
    "experiment": Subcommand(
        "socialcredit.cli.experiment:app",
        "Run an experiment file (policies × scenarios × varied fields × seeds) and analyse it.",
    ),
    "explore": Subcommand(
        "socialcredit.cli.explore:explore",
        "Move a rulebook's levers and a world's uncertainties in a local web page and watch the\n"
        "figures, their intervals and their price change (served on 127.0.0.1 only).",
    ),
    "calibrate": Subcommand(
        "socialcredit.cli.calibrate:calibrate_command",
        "Fit a scenario's free rates to published figures (approximate Bayesian computation "
        "with\nimportance weights) and predict later ones; rerun the same command to resume.",
    ),
}


class Lab(Group):
    """The top-level group: its help lists the subcommands by their declared help, so that
    `socialcredit --help` imports none of them."""

    subcommands: Subcommands

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self.commands = self.subcommands.listing()
        try:
            super().format_help(ctx, formatter)
        finally:
            self.commands = self.subcommands


app = Lab(
    name="socialcredit",
    help=(
        "A policy lab for social-scoring rulebooks: check a policy, then run it over a synthetic "
        "population to see who it lists, who it lists wrongly and whom it harms."
    ),
    no_args_is_help=True,
)
app.subcommands = Subcommands(COMMANDS)
app.commands = app.subcommands


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def usage_message(exc: typer.TyperException) -> str:
    """A usage error of the command line as one line that names the option at fault."""
    param = getattr(exc, "param", None)
    if isinstance(exc, typer.BadParameter) and param is not None:
        names = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        name = names[0] if names else str(getattr(param, "name", "")).upper()
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        allowed = ""
        if low is not None and high is not None:
            allowed = f" (range {low}<=x<={high})"
        # A missing option has no message of its own, only click's whole sentence.
        message = exc.message or exc.format_message()
        return f"{name}: {_one_line(message)}{allowed}"
    return _one_line(exc.format_message())


def main(argv: Sequence[str] | None = None) -> None:
    try:
        code = app.main(
            args=list(argv) if argv is not None else None,
            prog_name="socialcredit",
            standalone_mode=False,
        )
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `socialcredit` alone: its help
            typer.echo(exc.format_message())
            sys.exit(0)
        typer.echo(f"error: {usage_message(exc)}", err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("error: interrupted; nothing was written", err=True)
        sys.exit(130)
    except SocialCreditError as exc:
        typer.echo(f"error: {_one_line(str(exc))}", err=True)
        sys.exit(2)
    # Without standalone mode click hands back the code of a `typer.Exit` raised in a command.
    if isinstance(code, int) and code:
        sys.exit(code)


def run() -> None:
    """The command line as a process of its own (the `socialcredit` script and `python -m
    socialcredit`): `main`, and then the process ends.

    As it ends, every object still alive is frozen out of the garbage collector (`gc.freeze`).
    The interpreter collects several times while it takes its modules down at exit, and each
    collection walks every object it tracks: after a simulation the compiled engine leaves
    enough of them that this took about 0.3 s of every such command, to free memory that the
    process hands back whole a moment later. Exit handlers, flushing and closing run as
    before; the collector is left as it was for `main`'s callers in a process that goes on
    (the tests)."""
    try:
        main()
    finally:
        gc.freeze()
