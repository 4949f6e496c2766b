"""Experiment throughput at the size a Sobol' analysis needs: the shipped experiment's six
inputs (three levers, three uncertainties) for one policy and scenario, a Saltelli design with
base sample N = 256, five seeds, each run 10,000 citizens × 365 days. The target is 10 runs a
second on two workers: 17,920 runs, the design with second-order indices (N × (2 × 6 + 2) =
3,584 points), in 30 minutes. The lab's Sobol' design estimates first-order and total indices
only (`experiment.design`: N × (6 + 2) = 2,048 points, 10,240 runs); the rate is what counts,
and the bench reports the time of both designs.

Running all of it takes hours on this machine, so the bench runs the real command
(`socialcredit experiment run FILE --out DIR --workers 2`) for a fixed time and stops it; the
journal holds every finished run (an interrupted experiment loses only the runs in flight, and
the same command resumes). The journal is read as the command goes: the rate is the runs
finished between a warm-up mark (the cluster up, the first runs in) and the end, over that
time, and the whole design's time is extrapolated from it. Repeated `--runs` times, each in a
fresh directory; reported: the median rate and the hours it implies for the design.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, load, median, record_header, source, write_record

POLICY = "classic"
SCENARIO = "baseline"
BASE_SAMPLE = 256
SEEDS = 5
INPUTS = 6
SECOND_ORDER_RUNS = BASE_SAMPLE * (2 * INPUTS + 2) * SEEDS
"""17,920 runs: the design the target is written for."""
RUNS = BASE_SAMPLE * (INPUTS + 2) * SEEDS
"""10,240 runs: the lab's design (first-order and total indices)."""
TARGET_RUNS_PER_SECOND = 10.0
WARM_UP_RUNS = 4
"""The rate is counted from the moment this many runs are in the journal."""
WARM_UP_LIMIT = 600.0
MEASURE_SECONDS = 150.0

EXPERIMENT = f"""kind: experiment
name: sobol-throughput
policies: [{POLICY}]
scenarios: [{SCENARIO}]
levers:
  - {{path: policy.lists.black.enter.score_below, range: [800, 890]}}
  - {{path: policy.categories.social_media.enabled, values: [false, true]}}
  - {{path: policy.categories.shopping.enabled, values: [false, true]}}
uncertainties:
  - {{path: scenario.observation.feeds.financial.coverage, range: [0.5, 1.0]}}
  - {{path: scenario.observation.collectors.per_1000, range: [0.5, 8.0]}}
  - path: scenario.observation.collectors.bias
    values:
      - {{group: minority, factor: 1.0}}
      - {{group: minority, factor: 2.0}}
      - {{group: minority, factor: 4.0}}
      - {{group: minority, factor: 8.0}}
sampling: {{method: sobol, samples: {BASE_SAMPLE}, seed: 2026}}
seeds: {SEEDS}
response_range: false
outcomes:
  - ever_wrongly_blacklisted_per_1000
  - behaviour.bad_acts_per_1000_citizen_years
"""


def _journalled(out: Path) -> int:
    journal = out / "runs.jsonl"
    if not journal.exists():
        return 0
    return journal.read_bytes().count(b"\n")


def design_runs(file: Path) -> int:
    """The runs the experiment file asks for, as the experiment layer counts them."""
    from socialcredit.experiment import load_experiment, resolve
    from socialcredit.experiment.execution import run_count

    experiment, name, lines = load_experiment(file)
    return run_count(resolve(experiment, file=name, lines=lines, base_dir=file.parent))


def one(file: Path, out: Path) -> dict[str, Any]:
    """Run the command for WARM_UP + MEASURE seconds, then interrupt it."""
    cmd = [sys.executable, "-m", "socialcredit", "experiment", "run", str(file)]
    cmd += ["--out", str(out), "--workers", "2"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Warm-up: the design resolved, the cluster up and the first runs in the journal.
        while _journalled(out) < WARM_UP_RUNS:
            if proc.poll() is not None or time.perf_counter() - start > WARM_UP_LIMIT:
                raise SystemExit(f"no {WARM_UP_RUNS} runs journalled in {WARM_UP_LIMIT:.0f} s")
            time.sleep(0.2)
        first, t0 = _journalled(out), time.perf_counter()
        while time.perf_counter() - t0 < MEASURE_SECONDS:
            time.sleep(0.5)
        last, t1 = _journalled(out), time.perf_counter()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    rate = (last - first) / (t1 - t0)
    return {
        "seconds_to_warm_up": t0 - start,
        "runs_at_warm_up": first,
        "runs_at_end": last,
        "seconds_measured": t1 - t0,
        "runs_per_second": rate,
        "exit_status": proc.returncode,
    }


def main(runs: int = 3) -> None:
    source_start, load_start = source(), load()
    folder = Path(tempfile.mkdtemp(prefix="bench-sobol-"))
    try:
        file = folder / "sobol.yaml"
        file.write_text(EXPERIMENT, encoding="utf-8")
        total = design_runs(file)
        if total != RUNS:
            raise SystemExit(f"the design has {total} runs, not {RUNS}")
        print(
            f"sobol: {total:,} runs; {runs} rounds, each measured for {MEASURE_SECONDS:.0f} s "
            f"from the moment {WARM_UP_RUNS} runs are journalled, --workers 2",
            flush=True,
        )
        rounds = []
        for i in range(runs):
            out = folder / f"out-{i}"
            rounds.append(one(file, out))
            shutil.rmtree(out, ignore_errors=True)
            r = rounds[-1]
            print(
                f"  round {i + 1}: first runs after {r['seconds_to_warm_up']:.1f} s; "
                f"{r['runs_per_second']:.2f} runs/s",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rate = median([r["runs_per_second"] for r in rounds])
    hours = total / rate / 3600.0
    second_order_hours = SECOND_ORDER_RUNS / rate / 3600.0
    print(
        f"  median {rate:.2f} runs/s: the design would take {hours:.1f} h, "
        f"{second_order_hours:.1f} h with second-order indices "
        f"(target ≥ {TARGET_RUNS_PER_SECOND:.0f} runs/s): "
        f"{'met' if rate >= TARGET_RUNS_PER_SECOND else 'not met'}",
        flush=True,
    )
    record = {
        **record_header("sobol", source_start, load_start),
        "command": "socialcredit experiment run FILE --out DIR --workers 2",
        "experiment": EXPERIMENT,
        "design_runs": total,
        "warm_up_runs": WARM_UP_RUNS,
        "measured_seconds": MEASURE_SECONDS,
        "rounds": rounds,
        "median_runs_per_second": rate,
        "extrapolated_hours": hours,
        "second_order_runs": SECOND_ORDER_RUNS,
        "second_order_extrapolated_hours": second_order_hours,
        "target_runs_per_second": TARGET_RUNS_PER_SECOND,
        "met": rate >= TARGET_RUNS_PER_SECOND,
    }
    path = write_record("sobol", record)
    print(f"wrote {path.relative_to(ROOT)}")
