"""Running an experiment into its directory: skip what the journal holds, run the rest, write
the tables.

The runs go through the engine's evaluator (this process, or a Dask client's workers, one task a
run) and each one is in the journal before it counts as done, so an interruption at any moment
loses at most the runs in flight, and the same command resumes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socialcredit.engine import RunJob, RunsDone, evaluate, summarise
from socialcredit.experiment.ends import ENDS, Job, jobs
from socialcredit.experiment.frontier import Frontier, frontier
from socialcredit.experiment.journal import Journal
from socialcredit.experiment.results import Results, records_csv, table_csv
from socialcredit.experiment.store import FRONTIER, RESULTS, RESULTS_CSV, SUMMARY
from socialcredit.experiment.variants import Resolved
from socialcredit.runs.store import parquet_bytes
from socialcredit.storage import write_whole

Done = RunsDone
"""done(runs finished, runs in all), called once at the start and as the runs go (a run under
way in this process counts in part)."""


def pending(resolved: Resolved, journal: Journal) -> tuple[Results, list[tuple[Job, int]]]:
    """The runs the journal holds (for this experiment) and the runs still to do: each
    variant's, and each ranged variant's at both ends of its response range
    (`experiment.ends`)."""
    every = jobs(resolved)
    wanted = {(job.key, s) for job in every for s in resolved.seeds}
    finished = {k: f for k, f in journal.read().items() if k in wanted}
    todo = [(job, s) for job in every for s in resolved.seeds if (job.key, s) not in finished]
    return Results(resolved, finished), todo


def run_count(resolved: Resolved) -> int:
    """How many runs the experiment makes, the ends of the response ranges included."""
    return len(jobs(resolved)) * len(resolved.seeds)


def run_experiment(
    resolved: Resolved, journal: Journal, *, client: Any | None = None, done: Done | None = None
) -> Results:
    results, todo = pending(resolved, journal)
    total = run_count(resolved)
    before = len(results.finished)
    if done is not None:
        done(before, total)
    runs = [RunJob(job.key, job.policy, job.scenario, seed) for job, seed in todo]

    def progress(ran: float, _jobs: int) -> None:
        if done is not None:
            done(before + ran, total)

    for run, figures in evaluate(runs, summarise, client=client, progress=progress):
        journal.append(run.key, run.seed, figures)
        results.finished[run.key, run.seed] = figures
    return results


def frontier_rows(front: Frontier, resolved: Resolved) -> list[dict[str, Any]]:
    rows = []
    for p in front.points:
        row: dict[str, Any] = {
            "variant": p.variant.id,
            "label": resolved.label(p.variant),
            "twin": p.twin.id,
            "efficient": p.efficient,
            "benefit": p.benefit.mean,
            "benefit_low": p.benefit.low,
            "benefit_high": p.benefit.high,
        }
        if front.ranged:
            for end, est in zip(ENDS, p.ends or (None, None), strict=True):
                row[f"benefit_{end}"] = None if est is None else est.mean
                row[f"benefit_{end}_low"] = None if est is None else est.low
                row[f"benefit_{end}_high"] = None if est is None else est.high
        for price in front.prices:
            est = p.prices[price.metric]
            row[price.metric] = est.mean
            row[f"{price.metric}_low"] = est.low
            row[f"{price.metric}_high"] = est.high
        rows.append(row)
    return rows


def write_tables(out: Path, results: Results) -> Frontier | None:
    """results.parquet, results.csv, summary.csv and (with a counterfactual) frontier.csv."""
    table = results.table()
    write_whole(out / RESULTS, parquet_bytes(table))
    write_whole(out / RESULTS_CSV, table_csv(table))
    write_whole(out / SUMMARY, records_csv(results.summary()))
    front = frontier(results)
    if front is not None:
        write_whole(out / FRONTIER, records_csv(frontier_rows(front, results.resolved)))
    return front
