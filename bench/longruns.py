"""Long-run memory benchmark: what a longer run costs in memory beyond its daily series.

The `court-blacklist` scenario under `court-defaulters` (13,900 citizens, one shard, seed 0) is
run at two lengths, `SHORT` and `LONG` days from its start, each in a fresh process, with
`tracemalloc` tracing every allocation (numpy's arrays included) from before the run to its
end. Reported per length: the peak traced memory of the run, the bytes of its daily series (the
shard's table and the run's, days x columns x 8), and the run's seconds (traced, so slower than
untraced). The growth of the peak from the short run to the long one, less the growth of the
series' bytes, is what the engine keeps per day besides the series: it should be near zero (a
few listings more on the books of a longer run, not a per-day table).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from bench.common import ROOT, load, record_header, source, write_record

POLICY = "court-defaulters"
SCENARIO = "court-blacklist"
SHORT = 2000
LONG = 4800


def child(days: int) -> dict[str, float]:
    import tracemalloc

    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.engine import run_population
    from socialcredit.inputs import load_policy, load_population_scenario

    policy = load_policy(POLICY)
    data = load_population_scenario(SCENARIO).model_dump()
    data["population"]["days"] = days
    scenario = PopulationScenario.model_validate(data)
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    start = time.perf_counter()
    run = run_population(policy, scenario, seed=0)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "days": float(days),
        "seconds": seconds,
        "peak_bytes": float(peak - before),
        # The shard's table and the run's sum of it, both alive at the end of the run.
        "series_bytes": float(2 * run.series.nbytes),
        "columns": float(run.series.shape[1]),
    }


def _child(days: int) -> dict[str, float]:
    code = f"import json; from bench.longruns import child; print(json.dumps(child({days})))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(runs: int = 1) -> dict[str, Any]:
    source_start, load_start = source(), load()
    short = [_child(SHORT) for _ in range(runs)]
    long = [_child(LONG) for _ in range(runs)]
    peak_growth = min(r["peak_bytes"] for r in long) - min(r["peak_bytes"] for r in short)
    series_growth = long[0]["series_bytes"] - short[0]["series_bytes"]
    record = {
        **record_header("longruns", source_start, load_start),
        "policy": POLICY,
        "scenario": SCENARIO,
        "short": short,
        "long": long,
        "peak_growth_bytes": peak_growth,
        "series_growth_bytes": series_growth,
        "growth_beyond_series_bytes": peak_growth - series_growth,
    }
    path = write_record("longruns", record)
    mib = 1024.0 * 1024.0
    print(
        f"longruns: peak {min(r['peak_bytes'] for r in short) / mib:.2f} MiB at {SHORT} days, "
        f"{min(r['peak_bytes'] for r in long) / mib:.2f} MiB at {LONG}; growth "
        f"{peak_growth / mib:.2f} MiB, of which the series {series_growth / mib:.2f} MiB "
        f"({path})"
    )
    return record
