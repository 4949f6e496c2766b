"""The whole country: shards of the national run, measured one at a time.

A national run is `classic` x `heavy-surveillance` with 1,400,000,000 citizens in 14,000
districts over 365 days: the engine cuts it into 14,000 shards of 100,000 citizens, each an
independent task with its own seed (`engine.run`). This bench builds that scenario, checks the
cut, and runs some of its shards, each in a fresh child process exactly as a Dask worker runs
one (`engine.run.run_shard` over the compiled model) after a small untimed shard (a worker
loads the engine's compiled passes once): time, peak memory (`VmHWM`), and the
pickled sizes of the model (sent to every worker once) and of a shard's result (sent back to
the client). The first, a middle and the last shard are run by default.

From the median shard time it works out the run's time in one process (shards x time) and on
clusters of several sizes, at the parallel efficiency of two workers measured by `bench full`
(its single-process median over twice its Dask median; `bench/out/full.json`), the only
efficiency measured here. Those are extrapolations from measured shards, not runs of the
country: a cluster's scheduler, network and the client's handling of 14,000 results are not
measured.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from typing import Any

from bench.common import OUT, ROOT, load, median, record_header, source, write_record

POLICY = "classic"
SCENARIO = "heavy-surveillance"
CITIZENS = 1_400_000_000
DISTRICTS = 14_000
DAYS = 365
SEED = 0
WORKERS = (1, 16, 64, 256, 1024)
"""Cluster sizes (worker processes, one core each) the extrapolation is given for."""


def national() -> tuple[Any, Any]:
    """The national run's policy and scenario."""
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.inputs import load_policy, load_population_scenario

    data = load_population_scenario(SCENARIO).model_dump()
    data["population"].update(citizens=CITIZENS, districts=DISTRICTS, days=DAYS)
    return load_policy(POLICY), PopulationScenario.model_validate(data)


def child_main(argv: list[str]) -> None:
    """Entry of the measured child: `SHARD`; runs that shard and prints one JSON line."""
    shard = int(argv[0])
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.engine.model import compile_model
    from socialcredit.engine.population import shard_districts, shard_size
    from socialcredit.engine.run import SHARD_CITIZENS
    from socialcredit.engine.shard import run_shard
    from socialcredit.engine.streams import shard_seed

    policy, scenario = national()
    model = compile_model(policy, scenario)
    pop = scenario.population
    ranges = shard_districts(pop.citizens, pop.districts, SHARD_CITIZENS)
    # A worker loads the engine's compiled passes on its first shard and keeps them for the
    # rest (`bench compiled` measures that once-only cost): a small shard first, untimed.
    small = PopulationScenario.model_validate(
        {
            **scenario.model_dump(),
            "population": {**pop.model_dump(), "citizens": 2000, "districts": 1, "days": 2},
        }
    )
    run_shard(compile_model(policy, small), (0, 1), shard_seed(SEED, 0))
    t0 = time.perf_counter()
    result = run_shard(model, ranges[shard], shard_seed(SEED, shard))
    seconds = time.perf_counter() - t0
    hwm = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    print(
        json.dumps(
            {
                "shard": shard,
                "shards": len(ranges),
                "districts": list(ranges[shard]),
                "citizens": shard_size(pop.citizens, pop.districts, ranges[shard]),
                "run_s": seconds,
                "peak_mib": hwm / 1024.0,
                "model_bytes": len(pickle.dumps(model)),
                "result_bytes": len(pickle.dumps(result)),
                "ever_blacklisted": result.totals["ever_blacklisted"],
            }
        )
    )


def _child(shard: int) -> dict[str, Any]:
    code = f"import sys; from bench.national import child_main; child_main([{str(shard)!r}])"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)},
    )
    if proc.returncode != 0:
        raise SystemExit(f"shard {shard} failed:\n{proc.stderr}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _efficiency() -> float | None:
    """Two workers' parallel efficiency from `bench full`'s record, when there is one."""
    path = OUT / "full.json"
    if not path.is_file():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    single = record.get("single", {}).get("median_run_s")
    dask = record.get("dask", {}).get("median_run_s")
    if not single or not dask or record.get("workers") != 2:
        return None
    return float(single) / (2.0 * float(dask))


def main(runs: int = 3) -> dict[str, Any]:
    from socialcredit.engine.population import shard_districts, shard_size
    from socialcredit.engine.run import SHARD_CITIZENS

    scenario = national()[1]
    pop = scenario.population
    ranges = shard_districts(pop.citizens, pop.districts, SHARD_CITIZENS)
    sizes = sorted({shard_size(pop.citizens, pop.districts, r) for r in ranges})
    print(
        f"national: {POLICY} x {SCENARIO}, {CITIZENS:,} citizens in {DISTRICTS:,} districts x "
        f"{DAYS} days: {len(ranges):,} shards of {sizes[0]:,}–{sizes[-1]:,} citizens",
        flush=True,
    )
    source_start, load_start = source(), load()
    picks = sorted({round(k * (len(ranges) - 1) / max(runs - 1, 1)) for k in range(runs)})
    shards = []
    for shard in picks:
        r = _child(shard)
        shards.append(r)
        print(
            f"  shard {shard:,}: {r['citizens']:,} citizens, {r['run_s']:.1f} s, peak "
            f"{r['peak_mib']:.0f} MiB; model {r['model_bytes'] / 1e6:.2f} MB, result "
            f"{r['result_bytes'] / 1e6:.2f} MB",
            flush=True,
        )
    per_shard = median([r["run_s"] for r in shards])
    one_process = per_shard * len(ranges)
    efficiency = _efficiency()
    print(
        f"  median shard {per_shard:.2f} s = "
        f"{sizes[-1] * DAYS / per_shard / 1e6:.1f} M citizen-days a second; "
        f"all {len(ranges):,} shards in one process: {one_process / 3600:.1f} h"
    )
    clusters = []
    if efficiency is not None:
        print(f"  at two workers' measured efficiency {efficiency:.2f} (bench full):")
        for workers in WORKERS:
            seconds = one_process / (workers * (efficiency if workers > 1 else 1.0))
            clusters.append({"workers": workers, "seconds": seconds})
            noun = "workers" if workers > 1 else "worker "
            print(f"    {workers:>5,} {noun}: {seconds / 60:8.1f} min")
    record = {
        **record_header("national", source_start, load_start),
        "policy": POLICY,
        "scenario": SCENARIO,
        "citizens": CITIZENS,
        "districts": DISTRICTS,
        "days": DAYS,
        "seed": SEED,
        "shards": len(ranges),
        "shard_sizes": sizes,
        "measured": shards,
        "median_shard_s": per_shard,
        "one_process_s": one_process,
        "two_worker_efficiency": efficiency,
        "clusters": clusters,
    }
    path = write_record("national", record)
    print(f"wrote {path}")
    return record
