"""What the engine's compiled passes cost a process: compiling them, and loading them after.

The passes (`socialcredit.engine.compiled`) are compiled on a machine's first run of a tree and
cached beside the sources; every later process loads them from the cache on its first run.
Each measurement is a fresh child process importing this tree's `socialcredit`: it times the
import of the engine, a first small run (1,000 citizens × 2 days, `classic` × `baseline`:
every compiled pass is loaded, or compiled, then) and a second one (the passes in memory). Cold:
with `NUMBA_CACHE_DIR` set to a new empty folder, so the first run compiles everything. Warm: the
tree's own cache, filled before the first measurement. The difference between the first and
the second run is what a process pays once for the passes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from bench.common import ROOT, load, median, record_header, source, warm, write_record

CHILD = """
import json, time
t0 = time.perf_counter()
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_population
t1 = time.perf_counter()
data = load_population_scenario("baseline").model_dump()
data["population"].update(citizens=1000, days=2)
scenario, policy = PopulationScenario.model_validate(data), load_policy("classic")
t2 = time.perf_counter()
run_population(policy, scenario, seed=0)
t3 = time.perf_counter()
run_population(policy, scenario, seed=0)
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_s": t3 - t2, "second_s": t4 - t3}))
"""


def _child(cache: str | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if cache is not None:
        env["NUMBA_CACHE_DIR"] = cache
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    out: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main(runs: int = 5) -> dict[str, Any]:
    print(f"compiled: a fresh process's import, first and second small run; {runs} runs each")
    load_start, source_start = load(), source()
    warm(ROOT / "src")
    results: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-numba-") as empty:
            results["cold"].append(_child(empty))
        results["warm"].append(_child(None))
    medians = {
        kind: {key: median([r[key] for r in rs]) for key in ("import_s", "first_s", "second_s")}
        for kind, rs in results.items()
    }
    for kind, m in medians.items():
        print(
            f"  {kind}: import {m['import_s']:.2f} s, first run {m['first_s']:.2f} s, "
            f"second run {m['second_s']:.3f} s"
        )
    record = {
        **record_header("compiled", source_start, load_start),
        "runs": runs,
        "results": results,
        "medians": medians,
    }
    path = write_record("compiled", record)
    print(f"  wrote {path}")
    return record
