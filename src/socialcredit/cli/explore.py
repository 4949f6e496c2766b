"""`socialcredit explore`: the explorer on this machine (127.0.0.1 only) until interrupted."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated, Any

import typer

from socialcredit.cli.cores import cores, within_cores
from socialcredit.domain.errors import UsageError
from socialcredit.limits import MAX_DAYS, SHIPPED_POLICIES, SHIPPED_SCENARIOS

MAX_EXPLORE_CITIZENS = 1_000_000
"""A town the page can answer within minutes, not hours."""


def explore(
    policy: Annotated[
        str,
        typer.Option(
            help=f"The starting policy: shipped ({', '.join(SHIPPED_POLICIES)}) or a file."
        ),
    ] = "default",
    scenario: Annotated[
        str,
        typer.Option(
            help=f"The world: a shipped scenario ({', '.join(SHIPPED_SCENARIOS)}) or a file."
        ),
    ] = "baseline",
    citizens: Annotated[
        int, typer.Option(min=10, max=MAX_EXPLORE_CITIZENS, help="Citizens of the town.")
    ] = 10_000,
    days: Annotated[int, typer.Option(min=1, max=MAX_DAYS, help="Days of each run.")] = 365,
    seeds: Annotated[
        int, typer.Option(min=1, max=20, help="Seeds every figure is taken over (0, 1, …).")
    ] = 3,
    workers: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=256,
            callback=lambda v: None if v is None else within_cores(v),
            help="Processes the runs go to (0: this one; default: the machine's cores), at most "
            "as many as the runs of one move (a world lever's: the comparisons' and the "
            "setting's, over the seeds).",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")
    ] = 8765,
    save_to: Annotated[
        Path, typer.Option("--save-to", help="Where 'Save this rulebook' writes its files.")
    ] = Path("."),
) -> None:
    """Move a rulebook's levers and a world's uncertainties in a local web page and watch the
    figures, their intervals and their price change (served on 127.0.0.1 only)."""
    if not save_to.is_dir():
        raise UsageError(f"{save_to} is not a directory", argument="--save-to")
    from socialcredit.explore import Explorer, Server, SettingError, Town

    try:
        town = Town(citizens, days, tuple(range(seeds)))
        explorer = Explorer(policy, scenario, town, cores() if workers is None else workers)
    except SettingError as exc:  # the town's size does not fit the world
        raise UsageError(str(exc), argument="--citizens") from None
    try:
        server = Server(explorer, save_to, port)
    except OSError as exc:
        explorer.close()
        raise UsageError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror}", argument="--port"
        ) from None
    processes = explorer.processes
    typer.echo(
        f"the explorer of {explorer.start.name} in {scenario} ({citizens:,} citizens × {days} "
        f"days, {seeds} seeds, {processes or 1} process{'es' if processes > 1 else ''}) is at "
        f"{server.url}; Ctrl-C stops it"
    )

    def stop(_signal: int, _frame: Any) -> None:  # a `kill`: stop as Ctrl-C does, cleanly
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("the explorer stopped")
    finally:
        server.server_close()
        explorer.close()
