"""Speed against an earlier commit: the full model in one process, this tree against `baseline`.

The earlier commit is checked out into a temporary git worktree; every measurement is a fresh
child process that imports `socialcredit` from one tree or the other (PYTHONPATH first, checked
by the child) and times one run of `classic` x `heavy-surveillance`, 1,000,000 citizens x 365
days, seed 0, single process (imports, policy loading and scenario set-up excluded). The two
trees alternate (baseline, current, baseline, ...), so drift in the machine's load hits both
alike; the medians and their ratio are reported.

The workload is the same on both sides, not the draws: the current tree gives every concern its
own random stream, so its figures differ from the baseline's in sampling, not in size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    ROOT,
    checkout,
    load,
    median,
    record_header,
    source,
    warm,
    write_record,
)
from bench.full import CITIZENS, DAYS, POLICY, QUICK_CITIZENS, SCENARIO, SEED

BASELINE = "b92495d"
"""The last commit before common random numbers and the package split."""

CHILD = """
import json, os, sys, time
citizens, policy_name, scenario_name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
days, seed = int(sys.argv[4]), int(sys.argv[5])
t0 = time.perf_counter()
import socialcredit
try:
    from socialcredit.inputs import load_policy, load_population_scenario
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.engine import run_population
except ImportError:
    try:  # the layout before the engine's public face
        from socialcredit.inputs import load_policy, load_population_scenario
        from socialcredit.engine.scenario import PopulationScenario
        from socialcredit.engine.run import run_population
    except ImportError:  # the layout before the package split
        from socialcredit.policies import load_policy
        from socialcredit.simulation.scenario import PopulationScenario, load_population_scenario
        from socialcredit.simulation.run import run_population
policy = load_policy(policy_name)
data = load_population_scenario(scenario_name).model_dump()
data["population"]["citizens"] = citizens
data["population"]["days"] = days
scenario = PopulationScenario.model_validate(data)
setup = time.perf_counter() - t0
t1 = time.perf_counter()
result = run_population(policy, scenario, seed=seed)
run = time.perf_counter() - t1
hwm = 0
with open("/proc/self/status", encoding="ascii") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
print(json.dumps({
    "package": os.path.dirname(socialcredit.__file__),
    "setup_s": setup,
    "run_s": run,
    "peak_mib": hwm / 1024.0,
    "ever_blacklisted": result.totals["ever_blacklisted"],
}))
"""


def _child(src: Path, citizens: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(citizens), POLICY, SCENARIO, str(DAYS), str(SEED)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"bench child on {src} failed with exit code {proc.returncode}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    if Path(out["package"]).resolve() != (src / "socialcredit").resolve():
        raise RuntimeError(f"the child imported {out['package']}, not the tree in {src}")
    out["process_wall_s"] = time.perf_counter() - started
    return out


def main(baseline: str = BASELINE, runs: int = 5, quick: bool = False) -> dict[str, Any]:
    citizens = QUICK_CITIZENS if quick else CITIZENS
    print(
        f"speed: {POLICY} x {SCENARIO}, {citizens:,} citizens x {DAYS} days, one process; "
        f"baseline {baseline} against this tree, {runs} runs each, alternating"
    )
    load_start, source_start = load(), source()
    with checkout(baseline) as (tree, commit):
        sides = {"baseline": tree / "src", "current": ROOT / "src"}
        for name, src in sides.items():
            print(
                f"  warm-up of {name} (compiles and caches any compiled passes): {warm(src):.1f} s"
            )
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
        for i in range(1, runs + 1):
            for name, src in sides.items():
                r = _child(src, citizens)
                results[name].append(r)
                print(
                    f"  run {i}/{runs} {name:<8}: {r['run_s']:6.1f} s, peak {r['peak_mib']:.0f} "
                    f"MiB, ever blacklisted {r['ever_blacklisted']:.0f}"
                )
    medians = {name: median([r["run_s"] for r in rs]) for name, rs in results.items()}
    peaks = {name: median([r["peak_mib"] for r in rs]) for name, rs in results.items()}
    ratio = medians["current"] / medians["baseline"]
    print(
        f"  median: baseline {medians['baseline']:.1f} s, current {medians['current']:.1f} s, "
        f"current/baseline {ratio:.3f} ({100 * (ratio - 1):+.1f}%); peak memory "
        f"{peaks['baseline']:.0f} / {peaks['current']:.0f} MiB"
    )
    name = "speed-quick" if quick else "speed"
    record: dict[str, Any] = {
        **record_header(name, source_start, load_start),
        "baseline": {"ref": baseline, "commit": commit},
        "policy": POLICY,
        "scenario": SCENARIO,
        "citizens": citizens,
        "days": DAYS,
        "seed": SEED,
        "runs": runs,
        "results": results,
        "median_run_s": medians,
        "median_peak_mib": peaks,
        "ratio_current_over_baseline": ratio,
    }
    path = write_record(name, record)
    print(f"  wrote {path}")
    return record
