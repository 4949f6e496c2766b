"""Redress benchmark: what disputes, their review and repairs cost a run at default settings.

For each shipped policy with a black list (`default`, `classic`, `court-defaulters`), one run of
the baseline town (100,000 citizens × 365 days, seed 0; 10,000 with `--quick`) is timed in a
fresh child process twice per round, alternately:

- off: the scenario's `redress` with no disputes (`false_entry`, `true_entry` and
  `aware_unnotified` at 0) and no repairs (`restoration.per_year: 0`), so the engine builds no
  queue and no repair book: the run as it was before redress;
- default: the scenario as shipped, with the defaults of `redress` (disputes, review and, for
  `court-defaulters`, repairs live).

Reported: the median of each over the rounds and their ratio (target ≤ 1.2).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from bench.common import ROOT, load, median, record_header, source, write_record

POLICIES = ("default", "classic", "court-defaulters")
SCENARIO = "baseline"
CITIZENS = 100_000
QUICK_CITIZENS = 10_000
TARGET = 1.2
OFF = {
    "disputes": {"false_entry": 0.0, "true_entry": 0.0, "aware_unnotified": 0.0},
    "restoration": {"per_year": 0.0},
}


def child(policy: str, redress: str, citizens: int) -> dict[str, float]:
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.engine import run_population
    from socialcredit.inputs import load_policy, load_population_scenario

    loaded = load_policy(policy)
    data = load_population_scenario(SCENARIO).model_dump()
    data["population"]["citizens"] = citizens
    if redress == "off":
        data["redress"] = OFF
    scenario = PopulationScenario.model_validate(data)
    start = time.perf_counter()
    run = run_population(loaded, scenario, seed=0)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "disputes": float(run.column("disputes").sum()),
        "restorations": float(run.column("restorations").sum()),
    }


def _child(policy: str, redress: str, citizens: int) -> dict[str, float]:
    code = (
        "import json; from bench.redress import child; "
        f"print(json.dumps(child({policy!r}, {redress!r}, {citizens})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(runs: int = 3, quick: bool = False) -> None:
    start_source, start_load = source(), load()
    citizens = QUICK_CITIZENS if quick else CITIZENS
    results: dict[str, Any] = {}
    for policy in POLICIES:
        off: list[float] = []
        on: list[float] = []
        counts: dict[str, float] = {}
        for i in range(runs):
            off.append(_child(policy, "off", citizens)["seconds"])
            live = _child(policy, "default", citizens)
            on.append(live["seconds"])
            counts = {k: v for k, v in live.items() if k != "seconds"}
            print(
                f"  {policy} round {i + 1}/{runs}: off {off[-1]:.2f} s, default {on[-1]:.2f} s",
                flush=True,
            )
        ratio = median(on) / median(off)
        results[policy] = {
            "off_seconds": off,
            "default_seconds": on,
            "off_median": median(off),
            "default_median": median(on),
            "ratio": ratio,
            "ratios_per_round": [a / b for a, b in zip(on, off, strict=True)],
            "redress_counts": counts,
            "target": TARGET,
            "met": ratio <= TARGET,
        }
        print(
            f"redress {policy}: off {median(off):.2f} s, default {median(on):.2f} s, "
            f"ratio {ratio:.3f} (target ≤ {TARGET}); {counts}",
            flush=True,
        )
    record = record_header("redress", start_source, start_load)
    record.update(
        {"scenario": SCENARIO, "citizens": citizens, "days": 365, "runs": runs, "policies": results}
    )
    print(f"wrote {write_record('redress', record)}")
