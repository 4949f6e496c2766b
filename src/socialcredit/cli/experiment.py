"""`socialcredit experiment check FILE`, `experiment run FILE --out DIR` and `experiment analyse
DIR`; `socialcredit sweep` (`cli.sweep`) runs through `execute` here.

Everything is checked before the first run: the options, the experiment file, every variant's
policy and scenario, the output directory, the cluster. Then runs go into the directory's
journal one by one; Ctrl-C (or a killed process) leaves the directory resumable, and the same
command carries on where it stopped.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socialcredit.cli.cores import within_cores
from socialcredit.cli.subcommands import Group
from socialcredit.domain.errors import UsageError
from socialcredit.limits import CONNECT_TIMEOUT
from socialcredit.storage import write_whole

if TYPE_CHECKING:
    from socialcredit.experiment import Resolved
    from socialcredit.experiment.results import Results

app = typer.Typer(
    cls=Group,
    help="Run an experiment file (policies × scenarios × varied fields × seeds) and analyse it.",
    no_args_is_help=True,
)

Workers = Annotated[
    int,
    typer.Option(
        min=0,
        max=256,
        callback=within_cores,
        help="Run on a local Dask cluster of this many processes (0: in this one; at most the "
        "machine's cores).",
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


def execute(
    resolved: Resolved,
    out: Path,
    *,
    workers: int,
    dask_scheduler: str | None,
    dask_timeout: float,
    force: bool,
) -> None:
    """Run (or resume) the resolved experiment in `out`, then write its tables and report.

    The directory is checked first, the cluster reached second, and only then is anything in
    the directory created, replaced or removed."""
    if workers and dask_scheduler is not None:
        raise UsageError("give --workers or --dask-scheduler, not both", argument="--workers")
    from socialcredit.cli.policy_warnings import echo_each
    from socialcredit.cli.progress import progress_bar
    from socialcredit.engine import shard_client
    from socialcredit.experiment import pending, run_count, run_experiment
    from socialcredit.experiment.store import REPORT, check_directory, open_plan
    from socialcredit.report import plural

    plan = check_directory(out, resolved.document(), force=force, option="--out")
    total = run_count(resolved)
    journal = None
    try:
        with shard_client(workers, dask_scheduler, dask_timeout) as client:
            journal = open_plan(plan, option="--out")
            echo_each(resolved.warnings)
            _, todo = pending(resolved, journal)
            with progress_bar(resolved.experiment.name) as done:
                results = run_experiment(
                    resolved, journal, client=client if todo else None, done=done
                )
    except KeyboardInterrupt:
        finished = len(journal.read()) if journal is not None else 0
        typer.echo(
            f"interrupted: {finished} of {total} runs are saved in {out}; run the same command "
            "again to resume",
            err=True,
        )
        raise typer.Exit(130) from None
    finish(out, results)
    earlier = total - len(todo)
    typer.echo(
        f"{resolved.experiment.name}: {plural(len(resolved.variants), 'variant')} × "
        f"{plural(len(resolved.seeds), 'seed')}{_ends(resolved)} = "
        f"{plural(len(results.finished), 'run')}{_not_run(resolved)}; "
        f"{len(todo)} run now, {earlier} read from the journal"
    )
    typer.echo(f"wrote the results, the tables and the report in {out}: {out / REPORT}")


def _ends(resolved: Resolved) -> str:
    """`, and 4 scoring variants also at both ends of the response range × 5 seeds`, where
    the experiment runs any."""
    from socialcredit.experiment import run_count
    from socialcredit.report import plural

    ranged = (run_count(resolved) // len(resolved.seeds) - len(resolved.variants)) // 2
    if not ranged:
        return ""
    return (
        f", and {plural(ranged, 'scoring variant')} also at both ends of the response range"
        f" × {plural(len(resolved.seeds), 'seed')}"
    )


def _not_run(resolved: Resolved) -> str:
    """`; 3 variants not run (invalid rulebooks: list-exit-overlaps-entry × 3)`."""
    if not resolved.invalid:
        return ""
    from socialcredit.report import plural

    why = ", ".join(f"{rule} × {len(vs)}" for rule, vs in resolved.invalid_by_rule().items())
    return f"; {plural(len(resolved.invalid), 'variant')} not run (invalid rulebooks: {why})"


def finish(out: Path, results: Results, requested: dict[str, str | None] | None = None) -> None:
    """Write the tables, the analysis asked for now or before (analysis.json keeps what was
    asked), and the report."""
    from socialcredit.experiment import write_tables
    from socialcredit.experiment.analysis import discover, parse_condition, sensitivity
    from socialcredit.experiment.digest import digest
    from socialcredit.experiment.results import metric_columns
    from socialcredit.experiment.store import ANALYSIS, REPORT
    from socialcredit.report import render_experiment

    before = _requested(out)
    asked = {**before, **{k: v for k, v in (requested or {}).items() if v is not None}}
    frontier = write_tables(out, results)
    method = asked.get("sensitivity")
    indices = sensitivity(results, method) if method else None
    found = None
    if asked.get("discover"):
        condition = parse_condition(str(asked["discover"]), metric_columns(results.resolved))
        found = discover(results, condition)
    if indices is not None or found is not None:
        analysis = {
            "requested": asked,
            "sensitivity": [asdict(i) for i in indices] if indices is not None else None,
            "discovery": (
                {**asdict(found), "condition": str(found.condition)} if found is not None else None
            ),
        }
        write_whole(out / ANALYSIS, json.dumps(analysis, indent=2).encode("utf-8"))
    page = render_experiment(digest(results, frontier, sensitivity=indices, discovery=found))
    write_whole(out / REPORT, page.encode("utf-8"))


def _requested(out: Path) -> dict[str, str | None]:
    """The analysis asked for before (analysis.json), so a rerun keeps it in the report."""
    from socialcredit.experiment.store import ANALYSIS

    empty: dict[str, str | None] = {"sensitivity": None, "discover": None}
    try:
        data = json.loads((out / ANALYSIS).read_text(encoding="utf-8"))
        asked = data["requested"]
    except (OSError, ValueError, KeyError, TypeError):
        return empty
    if not isinstance(asked, dict):
        return empty
    return {k: (str(asked[k]) if asked.get(k) is not None else None) for k in empty}


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="The experiment file (kind: experiment).")],
) -> None:
    """Validate an experiment file and every variant it makes, without running anything."""
    from socialcredit.cli.policy_warnings import echo_each
    from socialcredit.experiment import load_experiment, resolve
    from socialcredit.report import plural

    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=file.parent)
    echo_each(resolved.warnings)
    runs = len(resolved.variants) * len(resolved.seeds)
    typer.echo(
        f"{file}: {plural(len(resolved.variants), 'variant')} × "
        f"{plural(len(resolved.seeds), 'seed')} = {plural(runs, 'run')} "
        f"({experiment.sampling.method}){_not_run(resolved)}; outcomes: "
        f"{', '.join(resolved.outcomes)}"
    )
    for v in resolved.invalid:
        typer.echo(f"  {v.id} ({resolved.label(v)}) is not run: {v.reason}")


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
    from socialcredit.experiment import load_experiment, resolve

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
    from socialcredit.experiment import load_experiment, pending, resolve
    from socialcredit.experiment.analysis import parse_condition, sensitivity
    from socialcredit.experiment.journal import Journal
    from socialcredit.experiment.results import metric_columns
    from socialcredit.experiment.store import (
        ANALYSIS,
        EXPERIMENT,
        JOURNAL,
        REPORT,
        lock_experiment,
    )

    file = directory / EXPERIMENT
    if not file.is_file():
        raise UsageError(
            f"{directory} is not an experiment directory (no {EXPERIMENT})", argument="DIR"
        )
    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=directory)
    lock_experiment(directory, option="DIR")
    results, todo = pending(resolved, Journal(directory / JOURNAL))
    if todo:
        raise UsageError(
            f"{len(todo)} runs of {directory} are not finished; run the experiment to the end "
            "first (the same `experiment run` command resumes it)",
            argument="DIR",
        )
    # Both are checked before anything is written.
    if sensitivity_method is not None:
        sensitivity(results, sensitivity_method)
    if condition is not None:
        parse_condition(condition, metric_columns(resolved))
    finish(directory, results, {"sensitivity": sensitivity_method, "discover": condition})
    done = [
        *([f"{sensitivity_method} sensitivity indices"] if sensitivity_method else []),
        *([f"scenario discovery of {condition!r}"] if condition else []),
    ]
    typer.echo(
        f"{resolved.experiment.name}: {' and '.join(done)} over {len(results.finished)} runs; "
        f"wrote {directory / ANALYSIS} and the report {directory / REPORT}"
    )
