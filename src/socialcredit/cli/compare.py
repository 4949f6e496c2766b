"""`socialcredit simulate compare RUN RUN [RUN …]`: population runs side by side, each after
the first against the first, as a table, a page or JSON. Registered on `simulate`'s app; like
every command module it imports at its top only what its options are declared with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from socialcredit.domain.errors import UsageError


def compare(
    runs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Two or more run directories written by `simulate --out`, tagged A, B, C, … "
            "in this order (errors name them RUN_A, RUN_B, …).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the comparison page (default: beside the last run, named after "
            "the runs, compare-A-vs-B.html, with -2, -3, … added where that name is taken; "
            "with --json, no page unless --out is given)."
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print every figure of every run and each difference with run A as JSON "
            "(nothing else on stdout).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the comparison page if it exists.")
    ] = False,
    allow_unlike: Annotated[
        bool,
        typer.Option(
            "--allow-unlike",
            help="Compare runs of different sizes (citizens or days) or a run with a copy of "
            "itself, which are refused otherwise.",
        ),
    ] = False,
) -> None:
    """Set population runs side by side, with B − A, C − A, … paired over shared seeds where
    the pair allows it."""
    # Optional for typer, so that none at all gets this message too rather than a bare one.
    if runs is None or len(runs) < 2:
        given = len(runs or [])
        raise UsageError(
            f"give at least two run directories to compare, not {given}", argument="RUNS"
        )
    from socialcredit.cli.comparison_json import comparison_json
    from socialcredit.cli.files import write_output
    from socialcredit.cli.tables import print_comparison
    from socialcredit.report import render_comparison
    from socialcredit.runs.comparison import run_tag
    from socialcredit.runs.differences import differences
    from socialcredit.runs.schema import PopulationRecord
    from socialcredit.runs.store import read_run

    stored = [read_run(path, argument=f"RUN_{run_tag(i)}") for i, path in enumerate(runs)]
    records: list[PopulationRecord] = []
    for i, run in enumerate(stored):
        if not isinstance(run.record, PopulationRecord):
            raise UsageError(
                f"{run.path} is a {run.record.kind} run; compare takes population runs",
                argument=f"RUN_{run_tag(i)}",
            )
        records.append(run.record)
    from socialcredit.cli.comparisons import default_page, pairs_summary, refused, unlike

    found = unlike(runs, records)
    stop = refused(found, allow_unlike)
    if stop is not None:
        raise UsageError(stop.message + stop.remedy, argument=stop.argument)
    for problem in found:  # each lifted by --allow-unlike, and said
        typer.echo(f"warning: {problem.message}", err=True)
    target = out if out is not None else None if as_json else default_page(runs)
    if target is not None and target.exists() and (target.is_dir() or not force):
        raise UsageError(
            f"{target} exists; give --force to replace it"
            if not target.is_dir()
            else f"{target} is a directory",
            argument="--out",
        )
    diffs = differences(records)
    if target is not None:
        write_output(target, render_comparison(*stored, differences=diffs))
    if as_json:
        typer.echo(json.dumps(comparison_json(runs, records, diffs), indent=2))
        return
    print_comparison(records, diffs)
    typer.echo(f"compared {len(records)} runs ({pairs_summary(diffs)}); wrote the page {target}")
