"""`socialcredit simulate --out DIR` and `socialcredit simulate compare RUN RUN [RUN …]`.

Everything that can be checked is checked before the first simulated day: the options, the
policy, the scenario and whether they fit each other, the output directory, the cluster. The
run directory is written at the end, all at once.

A rulebook that is unlawful but runnable runs: loading refuses only what cannot be simulated.
When the audit's static rules fail it, the run ends with one line on stderr that says so and
names the command that shows why.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socialcredit.cli.compare import compare
from socialcredit.cli.cores import within_cores
from socialcredit.cli.subcommands import Group
from socialcredit.domain.errors import UsageError
from socialcredit.limits import (
    CONNECT_TIMEOUT,
    MAX_CITIZENS,
    MAX_DAYS,
    MAX_SEED,
    SHIPPED_POLICIES,
    SHIPPED_SCENARIOS,
)

if TYPE_CHECKING:
    from socialcredit.domain.policy import Policy
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.reputation import ReputationScenario

app = typer.Typer(
    cls=Group,
    help="Run a policy over a synthetic population (see `simulate --help`), or compare runs.",
    invoke_without_command=True,
)


def resize(
    scenario: PopulationScenario, citizens: int | None, days: int | None
) -> PopulationScenario:
    """The scenario with another population size or length. Fewer citizens than districts
    also lowers the number of districts, so that every district has someone in it."""
    from pydantic import ValidationError

    from socialcredit.domain.scenario import PopulationScenario

    if citizens is None and days is None:
        return scenario
    data = scenario.model_dump()
    pop = data["population"]
    if citizens is not None:
        pop["citizens"] = citizens
        pop["districts"] = min(pop["districts"], citizens)
    if days is not None:
        pop["days"] = days
    try:
        resized = PopulationScenario.model_validate(data)
    except ValidationError as exc:
        raise UsageError(
            str(exc.errors()[0]["msg"]).removeprefix("Value error, "),
            argument="--citizens" if citizens is not None else "--days",
        ) from None
    # The fields are where they were in the file: errors found later still name their lines.
    resized._origin = scenario.origin
    return resized


PolicyOption = Annotated[
    str | None,
    typer.Option(
        help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file "
        "[default: default]."
    ),
]
ScenarioOption = Annotated[
    str,
    typer.Option(help=f"A shipped scenario ({', '.join(SHIPPED_SCENARIOS)}) or a scenario file."),
]


@app.callback(invoke_without_command=True)
def simulate(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Directory for metrics.json, series.parquet and report.html (new, empty, or a "
            "run to replace with --force).",
        ),
    ] = None,
    policy: PolicyOption = None,
    scenario: ScenarioOption = "baseline",
    citizens: Annotated[
        int | None,
        typer.Option(
            min=10,
            max=MAX_CITIZENS,
            help="Override the scenario's population size (fewer citizens than districts also "
            "lowers the number of districts).",
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=MAX_DAYS, help="Override the scenario's number of days."),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, max=MAX_SEED, help="Seed of the first run.")] = 0,
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
            callback=within_cores,
            help="Run shards on a local Dask cluster of this many processes (0: in this one; at "
            "most the machine's cores).",
        ),
    ] = 0,
    dask_scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler to run shards on.")
    ] = None,
    dask_timeout: Annotated[
        float,
        typer.Option(
            min=0.1, max=600.0, help="Seconds to wait for the Dask scheduler before giving up."
        ),
    ] = CONNECT_TIMEOUT,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the run already in --out.")
    ] = False,
    stories: Annotated[
        int,
        typer.Option(
            min=0,
            max=10_000,
            help="Also tell the life stories of up to this many citizens of each kind "
            "(wrongly listed, rightly listed, missed, hurt through a relative, honour roll, "
            "random) from the first seed: stories.json and a section of the report.",
        ),
    ] = 0,
    response_range: Annotated[
        bool,
        typer.Option(
            "--response-range/--no-response-range",
            help="Where the scenario gives its responses plausible ranges, also run the policy "
            "at the weakest and strongest ends of them and the same town with no scoring "
            "(policy none) on the same seeds, and report the benefit (fewer true bad acts than "
            "no scoring) at the central values and both ends: up to four runs per seed.",
        ),
    ] = True,
) -> None:
    """Run a policy over a synthetic population and write the metrics, series and report."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise UsageError("give the output directory with --out DIR", argument="--out")
    if seed + seeds - 1 > MAX_SEED:
        raise UsageError(
            f"seeds {seed} … {seed + seeds - 1} go past {MAX_SEED}", argument="--seeds"
        )
    if workers and dask_scheduler is not None:
        raise UsageError("give --workers or --dask-scheduler, not both", argument="--workers")
    from socialcredit.cli.policy_warnings import echo_warnings
    from socialcredit.cli.progress import progress_bar
    from socialcredit.cli.tables import print_summary
    from socialcredit.engine import compile_model, run_pairs, shard_client
    from socialcredit.inputs import load_policy, load_scenario
    from socialcredit.report import render_report
    from socialcredit.reputation import ReputationScenario
    from socialcredit.runs.benefit import NO_SCORING, benefit_plan
    from socialcredit.runs.document import population_record, series_table
    from socialcredit.runs.store import (
        METRICS,
        REPORT,
        SERIES,
        STORIES,
        check_output,
        parquet_bytes,
        record_bytes,
        write_run_directory,
    )

    check_output(out, force=force)
    loaded = load_scenario(scenario)
    if isinstance(loaded, ReputationScenario):
        ignored = {
            "--policy": policy is not None,
            "--days": days is not None,
            "--seeds": seeds != 1,
            "--workers": workers != 0,
            "--dask-scheduler": dask_scheduler is not None,
            "--stories": stories != 0,
        }
        if any(ignored.values()):
            names = ", ".join(name for name, given in ignored.items() if given)
            raise UsageError(
                f"a reputation-game scenario takes --citizens, --seed, --out and --force only, "
                f"not {names} (its replicates give the intervals)",
                argument="--scenario",
            )
        _reputation(loaded, out, citizens=citizens, seed=seed, force=force)
        return
    the_policy = load_policy(policy or "default")
    the_scenario = resize(loaded, citizens, days)
    compile_model(the_policy, the_scenario)  # every name the scenario uses, checked now
    with (
        shard_client(workers, dask_scheduler, dask_timeout) as client,
        progress_bar(f"{the_policy.name} × {the_scenario.name}") as advance,
    ):
        echo_warnings([the_policy])  # the input and the cluster have passed: nothing refuses now
        plan = (
            benefit_plan(the_policy, the_scenario, load_policy(NO_SCORING))
            if response_range
            else None
        )
        runs, *measured = run_pairs(
            [(the_policy, the_scenario), *(plan.pairs if plan is not None else [])],
            list(range(seed, seed + seeds)),
            dask_client=client,
            progress=advance,
            stories=stories,
            stories_of=0,
        )
        benefit = (measured[0], measured[1], measured[2]) if plan is not None else None
        record = population_record(runs, benefit)
        table = series_table(runs)
        told, told_file = None, b""
        if runs[0].stories is not None:
            # The stories' models load only for a run that tells stories.
            from socialcredit.stories import stories_bytes, tell

            told = tell(the_policy, the_scenario, seed, runs[0].stories, stories)
            told_file = stories_bytes(told)
        files = {
            METRICS: record_bytes(record),
            SERIES: parquet_bytes(table),
            REPORT: render_report(record, table, told).encode("utf-8"),
        }
        if told is not None:
            files[STORIES] = told_file
        write_run_directory(out, files, force=force)
    print_summary(record)
    seeds_run = len(record.seeds)
    typer.echo(
        f"ran {record.policy.name} × {record.scenario.name}, {record.citizens:,} citizens × "
        f"{record.days:,} days, {seeds_run} seed{'s' if seeds_run != 1 else ''}; wrote "
        f"{', '.join(files)} in {out}: the report is {out / REPORT}"
    )
    note = audit_note(the_policy, policy or "default")
    if note is not None:
        typer.echo(note, err=True)


def audit_note(policy: Policy, given: str) -> str | None:
    """One line for a rulebook the audit's static rules fail (`given` is the --policy value):
    how many findings fail, under which rules, and the command that shows why. None when no
    finding fails. The static rules only read the rulebook, so this costs next to nothing."""
    from socialcredit.audit import audit_policy

    failing = [f for f in audit_policy(policy) if f.verdict == "fail"]
    if not failing:
        return None
    rules = ", ".join(dict.fromkeys(f.rule for f in failing))
    findings = "finding fails" if len(failing) == 1 else "findings fail"
    return (
        f"note: policy {policy.name!r} fails the audit ({len(failing)} {findings}: {rules}); "
        f"see why with `socialcredit audit {shlex.quote(given)}`"
    )


def _reputation(
    game: ReputationScenario, out: Path, *, citizens: int | None, seed: int, force: bool
) -> None:
    from pydantic import ValidationError

    from socialcredit.cli.progress import progress_bar
    from socialcredit.cli.tables import print_reputation
    from socialcredit.report import render_reputation_report
    from socialcredit.reputation import ReputationScenario, run_reputation_game
    from socialcredit.runs.reputation import reputation_record, reputation_table
    from socialcredit.runs.store import (
        METRICS,
        REPORT,
        SERIES,
        parquet_bytes,
        record_bytes,
        write_run_directory,
    )

    if citizens is not None:
        try:
            game = ReputationScenario.model_validate({**game.model_dump(), "citizens": citizens})
        except ValidationError as exc:
            raise UsageError(exc.errors()[0]["msg"], argument="--citizens") from None
    with progress_bar(f"reputation game {game.norm}", unit="rounds") as advance:
        result = run_reputation_game(game, seed, progress=advance)
    record = reputation_record(result, seed)
    files = {
        METRICS: record_bytes(record),
        SERIES: parquet_bytes(reputation_table(result)),
        REPORT: render_reputation_report(record).encode("utf-8"),
    }
    write_run_directory(out, files, force=force)
    print_reputation(record)
    typer.echo(
        f"ran the reputation game ({game.norm}), {record.scenario.citizens:,} citizens; wrote "
        f"{', '.join(files)} in {out}: the report is {out / REPORT}"
    )


app.command("compare")(compare)
