"""Experiment-layer benchmark: what the layer costs on top of the runs, a 500-run sweep at full
size on 2 workers, and the report of a 500-run experiment.

(a) Overhead. The same list of runs (policy × seed, 10,000 citizens × 365 days) is timed twice,
    alternately, each in a fresh child process: bare, as `engine.run.run_population` calls one
    after another; and as an experiment (`socialcredit.experiment`: resolving the variants,
    opening the directory, the journal written and fsynced after every run, each run summarised
    into the catalogue's figures, and the tables written at the end). Report rendering is
    excluded from both and timed apart in (c). Reported: median of each, and their ratio.
(b) A 500-run sweep: `socialcredit sweep` over 50 variants × 10 seeds of the baseline town at
    full size (10,000 citizens × 365 days) with `--workers 2`, timed as a whole command (Python
    start-up, cluster start-up and the report included), once.
(c) The report of that 500-run experiment: its digest and `render_experiment`, median of 3.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, load, median, record_header, source, write_record

POLICIES = ("none", "default", "classic")
SCENARIO = "baseline"
SEEDS = 8
"""(a): 3 policies × 8 seeds = 24 runs."""
SWEEP = [
    "sweep",
    "--policy", "default",
    "--scenario", "baseline",
    "--set", "scenario.observation.collectors.per_1000=1,2,3,4,5,6,7,8,9,10",
    "--set", "policy.lists.black.enter.score_below=800,820,840,860,880",
    "--seeds", "10",
]  # fmt: skip
"""(b): 10 × 5 = 50 variants × 10 seeds = 500 runs."""
TARGET_OVERHEAD = 1.1
TARGET_SWEEP_SECONDS = 360.0
TARGET_REPORT_SECONDS = 20.0

EXPERIMENT = """kind: experiment
name: overhead
policies: [{policies}]
scenarios: [{scenario}]
seeds: {seeds}
"""


def child_bare(policies: list[str], scenario: str, seeds: int) -> float:
    from socialcredit.engine import run_population
    from socialcredit.inputs import load_policy, load_population_scenario

    loaded = [load_policy(p) for p in policies]
    sc = load_population_scenario(scenario)
    start = time.perf_counter()
    for policy in loaded:
        for seed in range(seeds):
            run_population(policy, sc, seed=seed)
    return time.perf_counter() - start


def child_experiment(policies: list[str], scenario: str, seeds: int) -> float:
    from socialcredit.experiment import load_experiment, resolve, run_experiment, write_tables
    from socialcredit.experiment.store import open_directory

    folder = Path(tempfile.mkdtemp(prefix="bench-experiment-"))
    try:
        file = folder / "e.yaml"
        file.write_text(
            EXPERIMENT.format(policies=", ".join(policies), scenario=scenario, seeds=seeds),
            encoding="utf-8",
        )
        start = time.perf_counter()
        experiment, name, lines = load_experiment(file)
        resolved = resolve(experiment, file=name, lines=lines, base_dir=folder)
        journal = open_directory(folder / "out", resolved.document(), force=False, option="--out")
        results = run_experiment(resolved, journal)
        write_tables(folder / "out", results)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _child(kind: str) -> float:
    code = (
        "import json, sys; from bench.experiment import child_bare, child_experiment; "
        f"print(json.dumps(child_{kind}({list(POLICIES)!r}, {SCENARIO!r}, {SEEDS})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def overhead(runs: int) -> dict[str, Any]:
    bare: list[float] = []
    layered: list[float] = []
    for i in range(runs):
        print(f"  (a) round {i + 1}/{runs}: bare …", flush=True)
        bare.append(_child("bare"))
        print(f"      {bare[-1]:.1f} s; experiment …", flush=True)
        layered.append(_child("experiment"))
        print(f"      {layered[-1]:.1f} s", flush=True)
    ratio = median(layered) / median(bare)
    return {
        "runs_per_measurement": len(POLICIES) * SEEDS,
        "bare_seconds": bare,
        "experiment_seconds": layered,
        "bare_median": median(bare),
        "experiment_median": median(layered),
        "ratio": ratio,
        "ratios_per_round": [e / b for e, b in zip(layered, bare, strict=True)],
        "target": TARGET_OVERHEAD,
        "met": ratio <= TARGET_OVERHEAD,
    }


def sweep(out: Path) -> dict[str, Any]:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "socialcredit", *SWEEP, "--workers", "2", "--out", str(out)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - start
    rows = (out / "results.csv").read_text(encoding="utf-8").count("\n") - 1
    return {
        "command": "socialcredit " + " ".join(SWEEP) + " --workers 2 --out DIR",
        "seconds": seconds,
        "runs": rows,
        "target_seconds": TARGET_SWEEP_SECONDS,
        "met": seconds <= TARGET_SWEEP_SECONDS and rows == 500,
    }


def report(out: Path, runs: int) -> dict[str, Any]:
    from socialcredit.experiment import frontier, load_experiment, pending, resolve
    from socialcredit.experiment.digest import digest
    from socialcredit.experiment.journal import Journal
    from socialcredit.report import render_experiment

    experiment, name, lines = load_experiment(out / "experiment.yaml")
    resolved = resolve(experiment, file=name, lines=lines, base_dir=out)
    results, todo = pending(resolved, Journal(out / "runs.jsonl"))
    assert not todo
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        page = render_experiment(digest(results, frontier(results)))
        times.append(time.perf_counter() - start)
        size = len(page.encode("utf-8"))
    return {
        "runs_in_experiment": len(results.finished),
        "seconds": times,
        "median": median(times),
        "page_bytes": size,
        "target_seconds": TARGET_REPORT_SECONDS,
        "met": median(times) <= TARGET_REPORT_SECONDS,
    }


def main(runs: int = 3, quick: bool = False) -> None:
    source_start, load_start = source(), load()
    print("experiment (a): overhead of the experiment layer", flush=True)
    a = overhead(1 if quick else runs)
    print(f"  ratio {a['ratio']:.3f} (target ≤ {TARGET_OVERHEAD})", flush=True)
    record: dict[str, Any] = {"overhead": a}
    if not quick:
        out = ROOT / "bench" / "out" / "sweep-500"
        print("experiment (b): 500-run sweep with --workers 2 …", flush=True)
        record["sweep_500"] = sweep(out)
        print(f"  {record['sweep_500']['seconds']:.1f} s", flush=True)
        print("experiment (c): rendering its report …", flush=True)
        record["report_500"] = report(out, runs)
        print(f"  median {record['report_500']['median']:.1f} s", flush=True)
    record = {**record_header("experiment", source_start, load_start), **record}
    path = write_record("experiment-quick" if quick else "experiment", record)
    print(f"wrote {path.relative_to(ROOT)}")
