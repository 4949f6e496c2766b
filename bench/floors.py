"""The floors under the speed targets: what a run and a command cost before their citizens, and
what the targets of `simulate --out`, Sobol' throughput and the explorer would leave for the
work that grows with the citizens.

Three measurements, in one sitting, each in fresh processes importing `socialcredit` from this
tree:

1. **A command's start.** A child times, in turn: importing numpy and numba; importing the
   engine; numba's own start (its target context, which it sets up on the first compiled call
   of a process: `refresh`); reading a policy and a world; a first run of 100 citizens × 365
   days, which also loads the engine's compiled passes from their cache; and a second such run;
   then the process's end, from its last line to its exit, as it is and with what is left
   frozen out of the garbage collector (`gc.freeze`, as `cli.run` does), taking turns.
   Then the whole command, `simulate --out DIR` at 100 and at 10,000 citizens (the target's
   size), `--runs` times each, taking turns.
2. **Runs alone.** One warm child times runs (three times `--runs` of each) of 10,000 and of
   100 citizens × 365 days (the `baseline` world, seeds 0, 1, …) of the three policies the
   targets run: `classic` (the Sobol' bench's), `default` (`simulate`'s and the explorer's
   start) and `none` (the no-scoring comparison). A run of 100 citizens is almost all
   *floor*: the day's Python around the compiled passes and the run's setting up, which cost
   about the same at any size. A run of 10,000 less that floor is its *work*: what grows with
   citizens and acts. The cases take turns, seed by seed, so that a drift in the machine's
   speed hits them alike.
3. **Two at once.** Two warm children time runs of `classic` at 10,000 citizens in rounds
   at fixed times, one child in every round and the other in every second: how much slower a
   run is while the other core runs one too (the machine's two virtual cores share their
   caches and memory), against runs alone in the same minutes.

From these it reports what each target would leave even if the per-day Python were gone (the
floor at zero) and the work as fast as it is: the Sobol' rate two workers could reach, the
time of a world move in the explorer (12 runs over two processes: `none`, the start, `classic`
and the setting, each over 3 seeds) and of the command (its start, plus its four runs' work).
These are bounds in the target's favour: nothing is counted for Dask, the journal, the pool,
the pages or the results' shipping.
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

from bench.command import time_simulate
from bench.common import (
    ROOT,
    child_json,
    environment,
    load,
    median,
    record_header,
    source,
    warm,
    write_record,
)

SIZES = (10_000, 100)
POLICIES = ("classic", "default", "none")
SCENARIO = "baseline"
SOBOL_TARGET = 10.0
"""Runs a second on two workers (`bench sobol`)."""
EXPLORE_TARGET = 1.0
"""Seconds at the 95th percentile of a move (`bench explore`); a world move is the slowest."""
COMMAND_TARGET = 1.5
"""Seconds for `simulate --out` at 10,000 citizens (`bench command`)."""
ALONE = 3
"""Runs alone are this many times `--runs` of each case: the floor and the work are a
difference of two medians, which a few runs on this noisy machine leave loose."""

START = """
import json, sys, time
t0 = time.perf_counter()
import numpy, numba
t1 = time.perf_counter()
import socialcredit.engine.batch
t2 = time.perf_counter()
from numba.core.registry import cpu_target
cpu_target.target_context.refresh()
t3 = time.perf_counter()
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.engine import run_population
data = load_population_scenario("baseline").model_dump()
data["population"]["citizens"] = 100
scenario, policy = PopulationScenario.model_validate(data), load_policy("default")
t4 = time.perf_counter()
run_population(policy, scenario, seed=0)
t5 = time.perf_counter()
run_population(policy, scenario, seed=1)
t6 = time.perf_counter()
if sys.argv[1] == "frozen":
    import gc
    gc.freeze()
print(json.dumps({"numpy_numba": t1 - t0, "engine": t2 - t1, "numba_start": t3 - t2,
                  "inputs": t4 - t3, "first_run": t5 - t4, "second_run": t6 - t5,
                  "printed_at": time.time()}))
"""

RUNS = """
import json, sys, time
runs = int(sys.argv[1])
cases = [(p, int(n)) for p, n in (c.split(":") for c in sys.argv[2].split(","))]
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.engine import run_population
base = load_population_scenario("baseline").model_dump()
def world(n):
    data = {**base, "population": {**base["population"], "citizens": n}}
    return PopulationScenario.model_validate(data)
prepared = [(p, n, load_policy(p), world(n)) for p, n in cases]
for _, _, policy, scenario in prepared:  # loads the compiled passes; pages everything in
    run_population(policy, scenario, seed=runs)
out = {f"{name}:{n}": [] for name, n, _, _ in prepared}
for seed in range(runs):  # the cases take turns, so a drift in the machine's speed hits all
    for name, n, policy, scenario in prepared:
        t = time.perf_counter()
        run_population(policy, scenario, seed=seed)
        out[f"{name}:{n}"].append(time.perf_counter() - t)
print(json.dumps(out))
"""

ROUNDS = """
import json, sys, time
rounds, start_at, period = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
odd_only = sys.argv[4] == "odd"
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.engine import run_population
data = load_population_scenario("baseline").model_dump()
data["population"]["citizens"] = int(sys.argv[5])
scenario, policy = PopulationScenario.model_validate(data), load_policy("classic")
run_population(policy, scenario, seed=rounds)  # loads the compiled passes
out = {}
for k in range(rounds):
    if odd_only and k % 2 == 0:
        continue
    while time.time() < start_at + k * period:
        time.sleep(0.002)
    t = time.perf_counter()
    run_population(policy, scenario, seed=k // 2)
    out[k] = time.perf_counter() - t
print(json.dumps(out))
"""


def _two_at_once(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Runs of `classic` at 10,000 citizens in rounds at fixed times: one child runs in every
    round, the other in every second one, so the first child's runs take turns alone and
    beside the other's, in the same minutes of the machine. Each round is long enough for a
    run of either."""
    rounds, period = 2 * runs, 2.0
    start_at = time.time() + 10.0  # both children imported and warm by then
    args = [str(rounds), str(start_at), str(period)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ROUNDS, *args, which, str(SIZES[0])],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for which in ("all", "odd")
    ]
    times = []
    for proc in procs:
        stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"a bench child failed:\n{stderr}")
        times.append({int(k): v for k, v in json.loads(stdout.strip().splitlines()[-1]).items()})
    every, odd = times
    return {
        "alone": [every[k] for k in range(0, rounds, 2)],
        "beside": [every[k] for k in range(1, rounds, 2)] + [odd[k] for k in range(1, rounds, 2)],
    }


def main(runs: int = 5) -> dict[str, Any]:
    source_start, load_start = source(), load()
    src = ROOT / "src"
    env = environment(src)
    warm(src)
    print(f"floors: {runs} runs of each; {SCENARIO} world, 365 days", flush=True)
    starts, ends = [], []
    for _ in range(runs):
        for how in ("plain", "frozen"):
            child = child_json(START, [how], src)
            ends.append({"how": how, "seconds": time.time() - child.pop("printed_at")})
            starts.append(child)
    start = {k: median([s[k] for s in starts]) for k in starts[0]}
    print("  a process's start (medians): " + ", ".join(f"{k} {v:.3f} s" for k, v in start.items()))
    end = {h: median([e["seconds"] for e in ends if e["how"] == h]) for h in ("plain", "frozen")}
    print(
        f"  its end, from its last line to its exit: {end['plain']:.3f} s, "
        f"{end['frozen']:.3f} s with what is left frozen out of the collector"
    )
    folder = Path(tempfile.mkdtemp(prefix="socialcredit-floors-"))
    try:
        command: dict[int, list[float]] = {100: [], SIZES[0]: []}
        time_simulate(env, folder, 100)  # unmeasured, for the page cache
        for _ in range(runs):
            for n in command:
                command[n].append(time_simulate(env, folder, n))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"  simulate --out: {median(command[100]):.2f} s at 100 citizens, "
        f"{median(command[SIZES[0]]):.2f} s at {SIZES[0]:,}",
        flush=True,
    )
    cases = ",".join(f"{p}:{n}" for p in POLICIES for n in SIZES)
    alone = child_json(RUNS, [str(ALONE * runs), cases], src)
    run = {k: median(v) for k, v in alone.items()}
    floor = {p: run[f"{p}:100"] for p in POLICIES}
    work = {p: run[f"{p}:{SIZES[0]}"] - floor[p] for p in POLICIES}
    for p in POLICIES:
        print(
            f"  {p}: a run of {SIZES[0]:,} {run[f'{p}:{SIZES[0]}']:.3f} s, of 100 "
            f"{floor[p]:.3f} s: work {work[p]:.3f} s"
        )
    both = _two_at_once(env, runs)
    slower = median(both["beside"]) / median(both["alone"])
    print(
        f"  two at once: classic at {SIZES[0]:,} {median(both['beside']):.3f} s a run beside "
        f"another, {median(both['alone']):.3f} s alone in the same minutes: {slower:.2f}×"
    )
    bounds = _bounds(work, slower, median(command[100]) - 3 * floor["default"] - floor["none"])
    for name, b in bounds.items():
        print(f"  {name}: {b['words']}")
    record = {
        **record_header("floors", source_start, load_start),
        "runs": runs,
        "process_start": starts,
        "process_end": ends,
        "command_seconds": {str(n): v for n, v in command.items()},
        "runs_alone": alone,
        "runs_two_at_once": both,
        "floor": floor,
        "work": work,
        "two_at_once_slower": slower,
        "bounds": bounds,
    }
    path = write_record("floors", record)
    print(f"wrote {path.relative_to(ROOT)}")
    return record


def _bounds(work: dict[str, float], slower: float, command_start: float) -> dict[str, Any]:
    """What each target leaves with the floor at zero: the best case, and the factor by which
    the work itself would have to shrink on top (1 or less: none)."""
    sobol = 2.0 / (work["classic"] * slower)
    world = 3 * (work["none"] + work["classic"] + 2 * work["default"]) * slower / 2.0
    command = command_start + 3 * work["default"] + work["none"]
    room = COMMAND_TARGET - command_start
    return {
        "sobol": {
            "best_runs_per_second": sobol,
            "target": SOBOL_TARGET,
            "work_must_shrink": SOBOL_TARGET / sobol,
            "words": f"at most {sobol:.1f} runs a second (target {SOBOL_TARGET:g}): the work "
            f"would have to shrink {SOBOL_TARGET / sobol:.2f}×",
        },
        "explore_world_move": {
            "best_seconds": world,
            "target": EXPLORE_TARGET,
            "work_must_shrink": world / EXPLORE_TARGET,
            "words": f"a world move at least {world:.2f} s (target {EXPLORE_TARGET:g}): the work "
            f"would have to shrink {world / EXPLORE_TARGET:.2f}×",
        },
        "command": {
            "start_seconds": command_start,
            "best_seconds": command,
            "target": COMMAND_TARGET,
            "words": f"the command's start {command_start:.2f} s, with its four runs' work "
            f"{command:.2f} s (target {COMMAND_TARGET:g}): "
            + (
                f"the work would have to shrink {(command - command_start) / room:.2f}×"
                if room > 0
                else "the start alone is over the target"
            ),
        },
    }
