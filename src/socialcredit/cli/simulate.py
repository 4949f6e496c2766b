"""`socialcredit simulate --out DIR` and `socialcredit simulate compare RUN_A RUN_B`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from socialcredit.domain.documents import validate_document
from socialcredit.domain.errors import ScenarioError, UsageError
from socialcredit.policies import SHIPPED as SHIPPED_POLICIES
from socialcredit.policies import load_policy
from socialcredit.simulation.outputs import REPORT, read_run, write_run
from socialcredit.simulation.reputation import ReputationScenario
from socialcredit.simulation.run import RunResult, run_population
from socialcredit.simulation.scenario import (
    SHIPPED as SHIPPED_SCENARIOS,
)
from socialcredit.simulation.scenario import (
    PopulationScenario,
    load_scenario_text,
)

app = typer.Typer(
    help="Run a policy over a synthetic population (see `simulate --help`), or compare runs.",
    invoke_without_command=True,
)
console = Console(stderr=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>5.1f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


@contextmanager
def _dask(workers: int, scheduler: str | None) -> Iterator[Any]:
    if scheduler is None and workers <= 0:
        yield None
        return
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    # distributed sets MALLOC_TRIM_THRESHOLD_ in its workers; with the simulator's many
    # short-lived arrays that costs about a fifth of the run in page faults and saves no memory.
    trim = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
    with (
        dask.config.set({trim: None}),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _override(
    scenario: PopulationScenario, citizens: int | None, days: int | None
) -> PopulationScenario:
    data = scenario.model_dump()
    if citizens is not None:
        data["population"]["citizens"] = citizens
    if days is not None:
        data["population"]["days"] = days
    try:
        return PopulationScenario.model_validate(data)
    except ValidationError as exc:
        raise UsageError(
            exc.errors()[0]["msg"].removeprefix("Value error, "), argument="--citizens/--days"
        ) from None


@app.callback(invoke_without_command=True)
def simulate(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Directory for metrics.json, series.parquet and report.html."),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file "
            "[default: default]."
        ),
    ] = None,
    scenario: Annotated[
        str,
        typer.Option(
            help=f"A shipped scenario ({', '.join(SHIPPED_SCENARIOS)}) or a scenario file."
        ),
    ] = "baseline",
    citizens: Annotated[
        int | None, typer.Option(min=10, help="Override the scenario's population size.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, max=3650, help="Override the scenario's number of days.")
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the first run.")] = 0,
    seeds: Annotated[
        int,
        typer.Option(
            min=1,
            max=1000,
            help="Run this many seeds (seed, seed+1, ...) and report means with 95% intervals.",
        ),
    ] = 1,
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=256,
            help="Run shards on a local Dask cluster of this many processes (0: in this one).",
        ),
    ] = 0,
    dask_scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler to run shards on.")
    ] = None,
) -> None:
    """Run a policy over a synthetic population and write the metrics, series and report."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise UsageError("give the output directory with --out DIR", argument="--out")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory", argument="--out")
    kind, text, file = load_scenario_text(scenario)
    if kind == "reputation-game":
        ignored = {
            "--policy": policy is not None,
            "--days": days is not None,
            "--seeds": seeds != 1,
            "--workers": workers != 0,
            "--dask-scheduler": dask_scheduler is not None,
        }
        if any(ignored.values()):
            names = ", ".join(name for name, given in ignored.items() if given)
            raise UsageError(
                f"a reputation-game scenario takes --citizens, --seed and --out only, not {names} "
                "(its replicates give the intervals)",
                argument="--scenario",
            )
        _reputation(text, file, out, citizens=citizens, seed=seed)
        return
    the_policy = load_policy(policy or "default")
    the_scenario = _override(
        validate_document(PopulationScenario, text, file=file, error=ScenarioError), citizens, days
    )
    runs: list[RunResult] = []
    with _dask(workers, dask_scheduler) as client, _progress() as bar:
        for k in range(seeds):
            task = bar.add_task(
                f"{the_policy.name} × {the_scenario.name} seed {seed + k}", total=1.0
            )

            def tick(done: int, total: int, task: Any = task) -> None:
                bar.update(task, completed=done / total)

            runs.append(
                run_population(
                    the_policy, the_scenario, seed=seed + k, dask_client=client, progress=tick
                )
            )
        write_task = bar.add_task("writing report", total=1.0)
        try:
            metrics = write_run(out, runs)
        except OSError as exc:
            raise UsageError(f"cannot write to {out}: {exc.strerror}", argument="--out") from None
        bar.update(write_task, completed=1.0)
    _print_summary(metrics)
    typer.echo(str(out / REPORT))


def _reputation(text: str, file: str, out: Path, *, citizens: int | None, seed: int) -> None:
    from socialcredit.simulation.reputation import run_reputation_game
    from socialcredit.simulation.reputation_outputs import write_reputation_run

    game = validate_document(ReputationScenario, text, file=file, error=ScenarioError)
    if citizens is not None:
        try:
            game = ReputationScenario.model_validate({**game.model_dump(), "citizens": citizens})
        except ValidationError as exc:
            raise UsageError(exc.errors()[0]["msg"], argument="--citizens") from None
    with _progress() as bar:
        task = bar.add_task(f"reputation game {game.norm}", total=1.0)
        result = run_reputation_game(
            game, seed, progress=lambda done, total: bar.update(task, completed=done / total)
        )
    try:
        doc = write_reputation_run(out, result)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror}", argument="--out") from None
    table = Table(
        "figure",
        "simulated (95% interval)",
        "mean-field",
        "exact (finite N)",
        title=f"Reputation game, norm {game.norm}",
    )
    for key in ("good_share", "cooperation_rate"):
        sim = doc[key]
        table.add_row(
            key.replace("_", " "),
            f"{sim['mean']:.4f} ({sim['low']:.4f}–{sim['high']:.4f})",
            f"{doc['analytic_' + key]:.4f}",
            f"{doc['exact_' + key]:.4f}",
        )
    Console().print(table)
    typer.echo(str(out / REPORT))


def _fmt(m: dict[str, Any] | None, pct: bool = False) -> str:
    if m is None:
        return "—"

    def f(v: float) -> str:
        return f"{100 * v:.1f}%" if pct else f"{v:,.1f}"

    if m.get("low") is None:
        return f(m["mean"])
    return f"{f(m['mean'])} ({f(m['low'])}–{f(m['high'])})"


def _print_summary(metrics: dict[str, Any]) -> None:
    m = metrics["metrics"]
    table = Table(
        "figure", "value", title=f"{metrics['policy']['name']} × {metrics['scenario']['name']}"
    )
    rows = [
        ("blacklisted at the end (observed)", "black.final", False),
        ("blacklisted at the end (true conduct)", "black_true.final", False),
        ("wrongly blacklisted at the end", "black_wrongful.final", False),
        ("share of the blacklist that is wrong", "black_wrongful_share.final", True),
        ("ever wrongly blacklisted per 1,000", "ever_wrongly_blacklisted_per_1000", False),
        ("red list at the end", "red.final", False),
        ("false reports that landed", "false_reports_landed_share", True),
        ("change in bad acts, first to last month", "behaviour.bad_acts_change", True),
    ]
    for label, key, pct in rows:
        table.add_row(label, _fmt(m.get(key), pct))
    services = [k.split(".")[1] for k in m if k.startswith("deny.") and k.endswith(".final")]
    for s in services:
        table.add_row(
            f"{s}: denied / wrongly denied at the end",
            f"{_fmt(m.get(f'deny.{s}.final'))} / {_fmt(m.get(f'deny_wrongful.{s}.final'))}",
        )
    Console().print(table)


@app.command("compare")
def compare(
    run_a: Annotated[Path, typer.Argument(help="A run directory written by `simulate --out`.")],
    run_b: Annotated[Path, typer.Argument(help="Another run directory.")],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the comparison page (default: compare.html beside RUN_B)."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the key figures of both runs as JSON.")
    ] = False,
) -> None:
    """Render two runs side by side."""
    a, b = read_run(run_a), read_run(run_b)
    from socialcredit.simulation.report import render_comparison

    target = out or run_b.parent / "compare.html"
    page = render_comparison(a, b)
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}", argument="--out") from None
    if as_json:
        keys = sorted(set(a.metrics["metrics"]) | set(b.metrics["metrics"]))
        doc = {
            k: [
                a.metrics["metrics"].get(k, {}).get("mean"),
                b.metrics["metrics"].get(k, {}).get("mean"),
            ]
            for k in keys
        }
        typer.echo(json.dumps(doc, indent=2))
    typer.echo(str(target))
