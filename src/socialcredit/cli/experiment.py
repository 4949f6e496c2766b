"""`socialcredit experiment run FILE --out DIR`, `experiment analyse DIR` and `socialcredit sweep`.

Everything is checked before the first run: the options, the experiment file, every variant's
policy and scenario, the output directory, the cluster. Then runs go into the directory's
journal one by one; Ctrl-C (or a killed process) leaves the directory resumable, and the same
command carries on where it stopped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from socialcredit.domain.errors import ExperimentError, UsageError
from socialcredit.engine.cluster import CONNECT_TIMEOUT, shard_client
from socialcredit.experiment import (
    Experiment,
    Resolved,
    load_experiment,
    pending,
    resolve,
    run_experiment,
    write_tables,
)
from socialcredit.experiment.analysis import (
    discover,
    parse_condition,
    sensitivity,
)
from socialcredit.experiment.document import MAX_SEEDS
from socialcredit.experiment.results import Results, metric_columns
from socialcredit.experiment.store import ANALYSIS, EXPERIMENT, REPORT, open_directory, write_file
from socialcredit.inputs import SHIPPED_POLICIES, SHIPPED_SCENARIOS
from socialcredit.report import render_experiment

app = typer.Typer(
    help="Run an experiment file (policies × scenarios × varied fields × seeds) and analyse it.",
    no_args_is_help=True,
)
console = Console(stderr=True)

Workers = Annotated[
    int,
    typer.Option(
        min=0, max=256, help="Run on a local Dask cluster of this many processes (0: in this one)."
    ),
]
Scheduler = Annotated[
    str | None, typer.Option(help="Address of a running Dask scheduler to run on.")
]
Timeout = Annotated[
    float,
    typer.Option(
        min=0.1, max=600.0, help="Seconds to wait for the Dask scheduler before giving up."
    ),
]
Force = Annotated[
    bool,
    typer.Option("--force", help="Start again in a directory that holds a different experiment."),
]


def _bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def execute(
    resolved: Resolved,
    out: Path,
    *,
    workers: int,
    dask_scheduler: str | None,
    dask_timeout: float,
    force: bool,
) -> None:
    """Run (or resume) the resolved experiment in `out`, then write its tables and report."""
    if workers and dask_scheduler is not None:
        raise UsageError("give --workers or --dask-scheduler, not both", argument="--workers")
    journal = open_directory(out, resolved.document(), force=force, option="--out")
    results, todo = pending(resolved, journal)
    total = len(resolved.variants) * len(resolved.seeds)
    try:
        with (
            shard_client(
                workers if todo else 0, dask_scheduler if todo else None, dask_timeout
            ) as client,
            _bar() as bar,
        ):
            task = bar.add_task(resolved.experiment.name, total=total)

            def done(finished: int, _total: int) -> None:
                bar.update(task, completed=finished)

            results = run_experiment(resolved, journal, client=client, done=done)
    except KeyboardInterrupt:
        finished = len(journal.read())
        typer.echo(
            f"interrupted: {finished} of {total} runs are saved in {out}; run the same command "
            "again to resume",
            err=True,
        )
        raise typer.Exit(130) from None
    frontier = write_tables(out, results)
    write_file(out, REPORT, render_experiment(results, frontier).encode("utf-8"))
    _print_summary(results)
    typer.echo(str(out / REPORT))


def _print_summary(results: Results) -> None:
    resolved = results.resolved
    console.print(
        f"{len(resolved.variants)} variants × {len(resolved.seeds)} seeds = "
        f"{len(results.finished)} runs"
    )


@app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="The experiment file (kind: experiment).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the results and report.")],
    workers: Workers = 0,
    dask_scheduler: Scheduler = None,
    dask_timeout: Timeout = CONNECT_TIMEOUT,
    force: Force = False,
) -> None:
    """Run every variant of an experiment over its seeds; rerun the same command to resume."""
    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=file.parent)
    execute(
        resolved,
        out,
        workers=workers,
        dask_scheduler=dask_scheduler,
        dask_timeout=dask_timeout,
        force=force,
    )


@app.command("analyse")
def analyse(
    directory: Annotated[Path, typer.Argument(help="A directory written by `experiment run`.")],
    sensitivity_method: Annotated[
        str | None,
        typer.Option(
            "--sensitivity",
            help="sobol (first-order and total indices; needs a sobol design) or morris "
            "(elementary effects; needs a morris design).",
        ),
    ] = None,
    condition: Annotated[
        str | None,
        typer.Option(
            "--discover",
            help='Find where a condition holds with PRIM, e.g. "black_wrongful.final > 20".',
        ),
    ] = None,
) -> None:
    """Sensitivity indices and scenario discovery for a finished experiment; the report is
    written again with them."""
    if sensitivity_method is None and condition is None:
        raise UsageError("give --sensitivity or --discover (or both)", argument="--sensitivity")
    file = directory / EXPERIMENT
    if not file.is_file():
        raise UsageError(
            f"{directory} is not an experiment directory (no {EXPERIMENT})", argument="DIR"
        )
    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=directory)
    journal = open_directory(directory, resolved.document(), force=False, option="DIR")
    results, todo = pending(resolved, journal)
    if todo:
        raise UsageError(
            f"{len(todo)} runs of {directory} are not finished; run the experiment to the end "
            "first (the same `experiment run` command resumes it)",
            argument="DIR",
        )
    indices = sensitivity(results, sensitivity_method) if sensitivity_method else None
    found = None
    if condition is not None:
        found = discover(results, parse_condition(condition, metric_columns(resolved)))
    analysis = {
        "sensitivity": [_plain(s) for s in indices] if indices is not None else None,
        "discovery": _plain(found) if found is not None else None,
    }
    frontier = write_tables(directory, results)
    write_file(directory, ANALYSIS, json.dumps(analysis, indent=2).encode("utf-8"))
    page = render_experiment(results, frontier, sensitivity=indices, discovery=found)
    write_file(directory, REPORT, page.encode("utf-8"))
    typer.echo(str(directory / REPORT))


def _plain(item: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    if is_dataclass(item) and not isinstance(item, type):
        data = asdict(item)
        if "condition" in data:
            data["condition"] = str(item.condition)  # type: ignore[attr-defined]
        return data
    return item


def _parse_set(text: str) -> tuple[str, list[Any]]:
    if "=" not in text:
        raise UsageError(f"{text!r} is not PATH=V1,V2,…", argument="--set")
    path, _, raw = text.partition("=")
    values = []
    for token in raw.split(","):
        if not token.strip():
            raise UsageError(f"{text!r} has an empty value", argument="--set")
        try:
            values.append(yaml.safe_load(token))
        except yaml.YAMLError:
            values.append(token.strip())
    return path.strip(), values


def sweep(
    policy: Annotated[
        list[str],
        typer.Option(
            help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file; repeat "
            "for several."
        ),
    ],
    scenario: Annotated[
        list[str],
        typer.Option(
            help=f"A shipped scenario ({', '.join(SHIPPED_SCENARIOS)}) or a scenario file; "
            "repeat for several."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Directory for the results and report.")],
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="PATH=V1,V2,… : a policy or scenario field and the values to try, e.g. "
            "scenario.observation.collectors.bias.factor=1,2,4,8; repeat for several.",
        ),
    ] = None,
    seeds: Annotated[int, typer.Option(min=1, max=MAX_SEEDS, help="Seeds 0 … K−1.")] = 5,
    citizens: Annotated[
        int | None, typer.Option(min=10, max=100_000_000, help="Override the population size.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, max=3650, help="Override the number of days.")
    ] = None,
    workers: Workers = 0,
    dask_scheduler: Scheduler = None,
    dask_timeout: Timeout = CONNECT_TIMEOUT,
    force: Force = False,
) -> None:
    """The full grid of the given policies, scenarios and --set values over seeds, without an
    experiment file (its resolved form is written to DIR/experiment.yaml)."""
    levers: list[dict[str, Any]] = []
    uncertainties: list[dict[str, Any]] = []
    for text in set_ or []:
        path, values = _parse_set(text)
        if not (path.startswith("policy.") or path.startswith("scenario.")):
            raise UsageError(f"{path!r} must start with policy. or scenario.", argument="--set")
        (levers if path.startswith("policy.") else uncertainties).append(
            {"path": path, "values": values}
        )
    data = {
        "kind": "experiment",
        "name": "sweep",
        "policies": policy,
        "scenarios": scenario,
        "levers": levers,
        "uncertainties": uncertainties,
        "seeds": seeds,
        "citizens": citizens,
        "days": days,
    }
    try:
        experiment = Experiment.model_validate(data)
        resolved = resolve(experiment, file="sweep", lines={}, base_dir=Path.cwd())
    except ExperimentError as exc:
        raise UsageError(exc.message, argument=_option(exc.field)) from None
    except ValueError as exc:
        raise UsageError(str(exc).splitlines()[-1], argument="--set") from None
    execute(
        resolved,
        out,
        workers=workers,
        dask_scheduler=dask_scheduler,
        dask_timeout=dask_timeout,
        force=force,
    )


def _option(field: str | None) -> str:
    head = (field or "").split(".")[0]
    return {
        "policies": "--policy",
        "scenarios": "--scenario",
        "levers": "--set",
        "uncertainties": "--set",
        "citizens": "--citizens",
        "days": "--days",
    }.get(head, "--set")
