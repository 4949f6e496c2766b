"""Memory benchmark: the full model in one process at 10,000,000 citizens × 365 days.

Policy `classic`, scenario `heavy-surveillance`, seed 0, in one fresh child process, exactly
as `bench full` runs its single-process case (`full.child_main`). Reported: the child's peak
resident memory (`VmHWM`) and that peak over the number of citizens, against the target of
200 bytes a citizen; the run's wall time too. One run by default: it takes minutes.
"""

from __future__ import annotations

from typing import Any

from bench.common import load, record_header, source, write_record
from bench.full import DAYS, POLICY, SCENARIO, SEED, run_child

CITIZENS = 10_000_000
TARGET_BYTES_PER_CITIZEN = 200.0


def main(runs: int = 1, citizens: int = CITIZENS) -> dict[str, Any]:
    print(
        f"memory: {POLICY} x {SCENARIO}, {citizens:,} citizens x {DAYS} days, seed {SEED}, "
        f"one process, {runs} run(s)",
        flush=True,
    )
    source_start, load_start = source(), load()
    results = []
    for i in range(1, runs + 1):
        r = run_child("single", citizens)
        per_citizen = r["client_peak_mib"] * 2**20 / citizens
        r["bytes_per_citizen"] = per_citizen
        results.append(r)
        print(
            f"  run {i}/{runs}: {r['run_s']:.1f} s, peak {r['client_peak_mib']:.0f} MiB = "
            f"{per_citizen:.0f} bytes a citizen; target ≤ {TARGET_BYTES_PER_CITIZEN:.0f}: "
            f"{'met' if per_citizen <= TARGET_BYTES_PER_CITIZEN else 'NOT met'}",
            flush=True,
        )
    record = {
        **record_header("memory", source_start, load_start),
        "policy": POLICY,
        "scenario": SCENARIO,
        "citizens": citizens,
        "days": DAYS,
        "seed": SEED,
        "target_bytes_per_citizen": TARGET_BYTES_PER_CITIZEN,
        "runs": results,
    }
    path = write_record("memory", record)
    print(f"wrote {path}")
    return record
