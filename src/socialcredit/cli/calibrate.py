"""`socialcredit calibrate SCENARIO --policy P --targets FILE --out DIR [--predict DATE …]`.

Everything is checked before the first run: the options, the scenario and its free rates, the
policy, the targets, the dates, the output directory and the cluster. Then the runs go into the
directory's journal one by one; Ctrl-C leaves it resumable, and the same command carries on.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socialcredit.cli.cores import within_cores
from socialcredit.domain.errors import UsageError
from socialcredit.limits import MAX_CITIZENS, SHIPPED_POLICIES, SHIPPED_SCENARIOS
from socialcredit.storage import write_whole

if TYPE_CHECKING:
    from socialcredit.calibration import Digest, Fit


def _dates(texts: list[str]) -> list[date]:
    out = []
    for text in texts:
        try:
            out.append(date.fromisoformat(text))
        except ValueError:
            raise UsageError(f"{text!r} is not a date (YYYY-MM-DD)", argument="--predict") from None
    return out


def _command(scenario: str, options: list[tuple[str, object]]) -> str:
    parts = ["socialcredit calibrate", scenario]
    parts += [f"{name} {value}" if value is not True else name for name, value in options]
    return " ".join(parts)


def calibrate_command(
    scenario: Annotated[
        str,
        typer.Argument(
            help="A scenario with a calibration section (its free rates and their priors): a "
            f"shipped one ({', '.join(SHIPPED_SCENARIOS)}) or a file."
        ),
    ],
    policy: Annotated[
        str,
        typer.Option(help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file."),
    ],
    targets: Annotated[
        Path,
        typer.Option(help="The published record to fit (data/published/court-blacklist.yaml)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Directory for the fit and the report.")],
    predict: Annotated[
        list[str] | None,
        typer.Option(help="A date (YYYY-MM-DD) to predict every quantity on; repeat for several."),
    ] = None,
    simulations: Annotated[
        int,
        typer.Option(min=2, max=100_000, help="Parameter sets to run, over all rounds."),
    ] = 320,
    rounds: Annotated[
        int,
        typer.Option(
            min=1,
            max=10,
            help="Rounds: the first draws from the prior, each later one around "
            "the posterior so far.",
        ),
    ] = 8,
    seeds: Annotated[
        int, typer.Option(min=1, max=1000, help="Seeds 0 … K−1, the same for every parameter set.")
    ] = 1,
    citizens: Annotated[
        int | None,
        typer.Option(min=10, max=MAX_CITIZENS, help="Override the scenario's population size."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=256,
            callback=within_cores,
            help="Run on a local Dask cluster of this many processes (at most the machine's "
            "cores).",
        ),
    ] = 0,
    force: Annotated[
        bool,
        typer.Option("--force", help="Start again in a directory that holds another calibration."),
    ] = False,
) -> None:
    """Fit a scenario's free rates to published figures (approximate Bayesian computation with
    importance weights) and predict later ones; rerun the same command to resume."""
    when = _dates(predict or [])
    from socialcredit.calibration import calibrate, digest, make_plan
    from socialcredit.calibration.store import REPORT, check_directory, open_directory
    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.cli.progress import progress_bar
    from socialcredit.engine import shard_client

    # The seconds the record keeps are the calibration's own, not the imports' above.
    began = time.perf_counter()
    plan = make_plan(
        scenario_ref=scenario,
        policy_ref=policy,
        targets=targets,
        predict=when,
        simulations=simulations,
        rounds=rounds,
        seeds=seeds,
        citizens=citizens,
    )
    opening = check_directory(out, plan.document(), force=force)
    options: list[tuple[str, object]] = [("--policy", policy), ("--targets", targets)]
    options += [("--out", out), *(("--predict", d.isoformat()) for d in plan.predict)]
    options += [("--simulations", simulations), ("--rounds", rounds), ("--seeds", seeds)]
    options += [("--citizens", citizens)] if citizens is not None else []
    options += [("--workers", workers)] if workers else []
    log = None
    try:
        with shard_client(workers) as client:
            log = open_directory(opening)
            echo_warnings([plan.policy])
            with progress_bar("calibrate") as done:
                fit = calibrate(plan, log, client=client, done=done)
    except KeyboardInterrupt:
        saved = len(log.read()) if log is not None else 0
        typer.echo(
            f"interrupted: {saved} runs are saved in {out}; run the same command again to resume",
            err=True,
        )
        raise typer.Exit(130) from None
    figures = digest(fit)
    write_outputs(out, fit, figures, command=_command(scenario, options), began=began)
    _summary(figures)
    typer.echo(
        f"calibrated {figures.plan.scenario.name}: {figures.parameter_sets:,} parameter sets; "
        f"wrote the posterior, the fit, the predictions and the report in {out}: "
        f"{out / REPORT}"
    )


def write_outputs(out: Path, fit: Fit, figures: Digest, *, command: str, began: float) -> None:
    """The calibration's tables, record and page; `figures` is the page's digest of `fit`."""
    from socialcredit.calibration import tables as t
    from socialcredit.calibration.store import FIT, JUDGE, POSTERIOR, PREDICTIONS, RECORD, REPORT
    from socialcredit.report import render_calibration

    plan = fit.plan
    write_whole(out / POSTERIOR, t.posterior_bytes(fit))
    write_whole(out / FIT, t.csv_bytes(t.target_rows(fit, plan.fit), t.TARGET_COLUMNS))
    write_whole(out / JUDGE, t.csv_bytes(t.judge_rows(fit), t.JUDGE_COLUMNS))
    write_whole(out / PREDICTIONS, t.csv_bytes(t.prediction_rows(fit), t.PREDICTION_COLUMNS))
    write_whole(out / REPORT, render_calibration(figures, command=command).encode("utf-8"))
    previous = out / RECORD
    before = t.earlier_calls(previous.read_text(encoding="utf-8")) if previous.exists() else []
    seconds = time.perf_counter() - began
    record = t.record(fit, figures, command=command, seconds=seconds, before=before)
    write_whole(out / RECORD, t.record_bytes(record))


def _summary(figures: Digest) -> None:
    from rich.console import Console

    from socialcredit.calibration.digest import SMALL_ESS
    from socialcredit.calibration.skill import brief
    from socialcredit.report import plural

    console = Console(stderr=True)
    plan = figures.plan
    console.print(
        f"{plural(figures.parameter_sets, 'parameter set')} × {plural(len(plan.seeds), 'seed')}; "
        f"effective sample size {figures.ess:.1f}"
    )
    for posterior in figures.rates:
        est = posterior.estimate
        console.print(f"  {posterior.rate.path}: {est.mean:.4g} ({est.low:.4g} to {est.high:.4g})")
    console.print(
        f"fit targets within the 95% interval: {sum(c.within for c in figures.fit)} of "
        f"{len(figures.fit)}; held-out targets: {sum(c.within for c in figures.judge)} of "
        f"{len(figures.judge)}"
    )
    if figures.skill:
        console.print("forecast skill on the held-out figures (mean absolute relative error):")
    for skill in figures.skill:
        typer.echo(f"  {brief(skill)}", err=True)
    if figures.small_sample:
        typer.echo(
            f"warning: effective sample size {figures.ess:.1f} is under {SMALL_ESS:.0f}: the "
            "posterior rests on few parameter sets and its intervals are not to be trusted; "
            "run more --simulations",
            err=True,
        )
