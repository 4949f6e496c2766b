"""Households benchmark: what households and a rule reaching relatives cost a large run.

Policy `court-defaulters` (its school rule reaches the children of the listed), scenario
`baseline` resized to 1,000,000 citizens x 365 days, seed 0, one process, timed twice: *alone*
(no households, as shipped) and *households* (the same scenario with `population.households` at
its defaults: sizes 1-4 at 25/30/25/20%, 70% couples). Each measurement is a fresh child process
(`engine.run.run_population`; imports, policy loading and scenario set-up excluded); the two
alternate (alone, households, alone, ...), so drift in the machine's load hits both alike. Peak
memory is `VmHWM` of the child. Reported: the medians, their ratios (targets: time <= 1.3x,
memory <= 1.5x) and a check that households moved no other draw: the black list's size on every
day is the same in both runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, load, median, record_header, source, write_record
from bench.full import QUICK_CITIZENS

POLICY = "court-defaulters"
SCENARIO = "baseline"
CITIZENS = 1_000_000
DAYS = 365
SEED = 0
HOUSEHOLDS = {"sizes": [0.25, 0.3, 0.25, 0.2], "spouse_share": 0.7}
TARGET_TIME = 1.3
TARGET_MEMORY = 1.5

CHILD = """
import hashlib, json, os, sys, time
citizens, with_households = int(sys.argv[1]), sys.argv[2] == "households"
import socialcredit
from socialcredit.engine import run_population
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.inputs import load_policy, load_population_scenario
policy = load_policy(sys.argv[3])
data = load_population_scenario(sys.argv[4]).model_dump()
data["population"].update(citizens=citizens, days=int(sys.argv[5]))
if with_households:
    data["population"]["households"] = json.loads(sys.argv[7])
scenario = PopulationScenario.model_validate(data)
start = time.perf_counter()
result = run_population(policy, scenario, seed=int(sys.argv[6]))
run = time.perf_counter() - start
hwm = 0
with open("/proc/self/status", encoding="ascii") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
black = result.column("black").tobytes()
print(json.dumps({
    "package": os.path.dirname(socialcredit.__file__),
    "run_s": run,
    "peak_mib": hwm / 1024.0,
    "black_digest": hashlib.sha256(black).hexdigest()[:16],
    "collateral_school_citizen_days": float(result.column("collateral.school").sum()),
    "children": result.totals["children"],
}))
"""


def _child(side: str, citizens: int) -> dict[str, Any]:
    args = [str(citizens), side, POLICY, SCENARIO, str(DAYS), str(SEED), json.dumps(HOUSEHOLDS)]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"bench child ({side}) failed with exit code {proc.returncode}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    if Path(out["package"]).resolve() != (ROOT / "src" / "socialcredit").resolve():
        raise RuntimeError(f"the child imported {out['package']}, not this tree's src/")
    out["process_wall_s"] = time.perf_counter() - started
    return out


def main(runs: int = 3, quick: bool = False) -> dict[str, Any]:
    citizens = QUICK_CITIZENS if quick else CITIZENS
    print(
        f"households: {POLICY} x {SCENARIO}, {citizens:,} citizens x {DAYS} days, one process; "
        f"alone and with households, {runs} runs each, alternating",
        flush=True,
    )
    load_start, source_start = load(), source()
    results: dict[str, list[dict[str, Any]]] = {"alone": [], "households": []}
    for i in range(1, runs + 1):
        for side, done in results.items():
            r = _child(side, citizens)
            done.append(r)
            print(
                f"  run {i}/{runs} {side:<10}: {r['run_s']:6.1f} s, peak {r['peak_mib']:.0f} MiB, "
                f"collateral school {r['collateral_school_citizen_days']:.0f} citizen-days",
                flush=True,
            )
    medians = {side: median([r["run_s"] for r in rs]) for side, rs in results.items()}
    peaks = {side: median([r["peak_mib"] for r in rs]) for side, rs in results.items()}
    time_ratio = medians["households"] / medians["alone"]
    memory_ratio = peaks["households"] / peaks["alone"]
    digests = {r["black_digest"] for rs in results.values() for r in rs}
    print(
        f"  median: alone {medians['alone']:.1f} s, households {medians['households']:.1f} s, "
        f"ratio {time_ratio:.3f} (target <= {TARGET_TIME}); peak memory {peaks['alone']:.0f} / "
        f"{peaks['households']:.0f} MiB, ratio {memory_ratio:.3f} (target <= {TARGET_MEMORY}); "
        f"black list the same in every run: {len(digests) == 1}"
    )
    name = "households-quick" if quick else "households"
    record: dict[str, Any] = {
        **record_header(name, source_start, load_start),
        "policy": POLICY,
        "scenario": SCENARIO,
        "households": HOUSEHOLDS,
        "citizens": citizens,
        "days": DAYS,
        "seed": SEED,
        "runs": runs,
        "results": results,
        "median_run_s": medians,
        "median_peak_mib": peaks,
        "ratio_time": time_ratio,
        "ratio_memory": memory_ratio,
        "targets": {"time": TARGET_TIME, "memory": TARGET_MEMORY},
        "met": time_ratio <= TARGET_TIME and memory_ratio <= TARGET_MEMORY,
        "same_black_list": len(digests) == 1,
    }
    path = write_record(name, record)
    print(f"  wrote {path}")
    return record
