"""Strategic effort benchmark: what citizens who improve, game, hide and withdraw cost a run.

Policy `classic`, 1,000,000 citizens x 365 days, seed 0, one process, timed two ways: *off*
(scenario `baseline`) and *on* (scenario `strategic`: the baseline town with a strategy block,
nothing else changed). Each measurement is a fresh child process (`engine.run.run_population`;
imports, policy loading and scenario set-up excluded); the two alternate (off, on, off, ...), so
drift in the machine's load hits both alike; before them, one small untimed run of each side,
so that a tree whose compiled passes changed compiles them there rather than in the first timed
pair. Reported: the medians and their ratio (target:
on <= 1.3x off), peak memory (`VmHWM`), and the split of the score gain the on runs report.
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

POLICY = "classic"
SIDES = {"off": "baseline", "on": "strategic"}
CITIZENS = 1_000_000
DAYS = 365
SEED = 0
TARGET = 1.3
WARM_CITIZENS = 20_000
"""The untimed first run of each side."""

CHILD = """
import json, os, sys, time
import socialcredit
from socialcredit.engine import run_population
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.inputs import load_policy, load_population_scenario
policy = load_policy(sys.argv[1])
data = load_population_scenario(sys.argv[2]).model_dump(exclude_none=True)
data["population"].update(citizens=int(sys.argv[3]), days=int(sys.argv[4]))
scenario = PopulationScenario.model_validate(data)
start = time.perf_counter()
result = run_population(policy, scenario, seed=int(sys.argv[5]))
run = time.perf_counter() - start
hwm = 0
with open("/proc/self/status", encoding="ascii") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
totals = result.totals
parts = {k: v for k, v in totals.items() if k.startswith("strategy.points_") and k.count(".") == 1}
print(json.dumps({
    "package": os.path.dirname(socialcredit.__file__),
    "run_s": run,
    "peak_mib": hwm / 1024.0,
    "ever_blacklisted": result.totals["ever_blacklisted"],
    "points": parts,
}))
"""


def _child(side: str, citizens: int) -> dict[str, Any]:
    args = [POLICY, SIDES[side], str(citizens), str(DAYS), str(SEED)]
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
        f"strategy: {POLICY}, {citizens:,} citizens x {DAYS} days, one process; "
        f"{SIDES['off']} (off) and {SIDES['on']} (on), {runs} runs each, alternating",
        flush=True,
    )
    load_start, source_start = load(), source()
    for side in SIDES:
        warm = _child(side, WARM_CITIZENS)
        print(f"  warm-up {side:<3}: {warm['run_s']:.1f} s, {WARM_CITIZENS:,} citizens", flush=True)
    results: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    for i in range(1, runs + 1):
        for side, done in results.items():
            r = _child(side, citizens)
            done.append(r)
            print(
                f"  run {i}/{runs} {side:<3}: {r['run_s']:6.1f} s, peak {r['peak_mib']:.0f} MiB",
                flush=True,
            )
    medians = {side: median([r["run_s"] for r in rs]) for side, rs in results.items()}
    peaks = {side: median([r["peak_mib"] for r in rs]) for side, rs in results.items()}
    ratio = medians["on"] / medians["off"]
    print(
        f"  median: off {medians['off']:.1f} s, on {medians['on']:.1f} s, ratio {ratio:.3f} "
        f"(target <= {TARGET}); peak memory {peaks['off']:.0f} / {peaks['on']:.0f} MiB"
    )
    name = "strategy-quick" if quick else "strategy"
    record: dict[str, Any] = {
        **record_header(name, source_start, load_start),
        "policy": POLICY,
        "scenarios": SIDES,
        "citizens": citizens,
        "days": DAYS,
        "seed": SEED,
        "runs": runs,
        "results": results,
        "median_run_s": medians,
        "median_peak_mib": peaks,
        "ratio": ratio,
        "target": TARGET,
        "met": ratio <= TARGET,
    }
    path = write_record(name, record)
    print(f"  wrote {path}")
    return record
