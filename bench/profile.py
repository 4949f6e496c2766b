"""Where a citizen-day goes: the engine under cProfile, an earlier commit against this tree.

Each side runs in a fresh child process that imports `socialcredit` from its own tree
(`common.environment`): one run of `classic` x `heavy-surveillance`, seed 0, 365 days, at
100,000 citizens (one shard, the size every shard of a large run has) and at 10,000 (one
experiment variant's run, where the day's fixed costs weigh most). The child profiles
`run_population` alone, after a small unprofiled run (a process loads the engine's compiled
passes on its first run: `bench compiled` measures that apart), and reports the total and the
functions with the most time of their own. cProfile adds its own cost to every call, so the
totals are longer than the runs' real times and small functions called often look heavier than
they are: read the shares, and time with `bench speed`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.common import (
    ROOT,
    checkout,
    child_json,
    load,
    record_header,
    source,
    warm,
    write_record,
)
from bench.full import DAYS, POLICY, SCENARIO, SEED
from bench.startup import BASELINE

SIZES = (100_000, 10_000)
TOP = 12

CHILD = """
import cProfile, json, os, pstats, sys, time
citizens, top = int(sys.argv[1]), int(sys.argv[2])
from socialcredit.inputs import load_policy, load_population_scenario
try:
    from socialcredit.domain.scenario import PopulationScenario
except ImportError:
    from socialcredit.engine.scenario import PopulationScenario
from socialcredit.engine import run_population
policy = load_policy(sys.argv[3])
data = load_population_scenario(sys.argv[4]).model_dump()
data["population"]["citizens"] = citizens
data["population"]["days"] = int(sys.argv[5])
scenario = PopulationScenario.model_validate(data)
# A first small run outside the profile: a process loads any compiled passes on its first run.
small = PopulationScenario.model_validate({**data, "population": {**data["population"], "days": 2}})
run_population(policy, small, seed=int(sys.argv[6]))
profile = cProfile.Profile()
t0 = time.perf_counter()
profile.runcall(run_population, policy, scenario, seed=int(sys.argv[6]))
wall = time.perf_counter() - t0
stats = pstats.Stats(profile)
root = os.path.dirname(os.path.dirname(__import__("socialcredit").__file__))
rows = []
for (path, line, name), (cc, nc, tt, ct, _) in stats.stats.items():
    where = os.path.relpath(path, root) if path.startswith(root) else os.path.basename(path)
    rows.append({"function": f"{where}:{line}({name})", "calls": nc, "own_s": tt, "cum_s": ct})
rows.sort(key=lambda r: -r["own_s"])
print(json.dumps({"wall_s": wall, "total_s": stats.total_tt, "calls": stats.total_calls,
                  "top": rows[:top]}))
"""


def _child(src: Path, citizens: int) -> dict[str, Any]:
    args = [str(citizens), str(TOP), POLICY, SCENARIO, str(DAYS), str(SEED)]
    out: dict[str, Any] = child_json(CHILD, args, src)
    return out


def main(baseline: str = BASELINE) -> dict[str, Any]:
    print(
        f"profile: {POLICY} x {SCENARIO}, {DAYS} days, seed {SEED}, at "
        f"{' and '.join(f'{n:,}' for n in SIZES)} citizens; {baseline} against this tree"
    )
    source_start, load_start = source(), load()
    sides: dict[str, dict[str, Any]] = {}
    with checkout(baseline) as (tree, commit):
        for name, src in (("baseline", tree / "src"), ("current", ROOT / "src")):
            warm(src)  # any compiled passes compiled before the profiler runs
            sides[name] = {str(n): _child(src, n) for n in SIZES}
    for n in SIZES:
        for name in ("baseline", "current"):
            p = sides[name][str(n)]
            print(
                f"  {n:,} citizens, {name}: {p['total_s']:.2f} s under the profiler "
                f"({p['calls']:,} calls)"
            )
            for row in p["top"]:
                share = 100 * row["own_s"] / p["total_s"]
                print(
                    f"    {share:5.1f}%  {row['own_s']:6.2f} s  {row['calls']:>9,}  "
                    f"{row['function']}"
                )
    record = {
        **record_header("profile", source_start, load_start),
        "baseline": {"ref": baseline, "commit": commit},
        "policy": POLICY,
        "scenario": SCENARIO,
        "days": DAYS,
        "seed": SEED,
        "sides": sides,
    }
    path = write_record("profile", record)
    print(f"  wrote {path}")
    return record
