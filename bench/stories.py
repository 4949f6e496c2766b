"""Life-stories benchmark: what keeping `--stories 100` costs a run.

One run of `classic` × `malicious-collectors` (100,000 citizens × 365 days, seed 0; 10,000
with `--quick`) is timed in a fresh child process twice per round, alternately: without
stories, and with the stories of up to 100 citizens of each kind, including telling them
(`runs.storytelling.tell`: the document `stories.json` is written from). Each child also
reports its peak resident memory.

Reported: the medians over the rounds, their ratio (target ≤ 1.05), and the ratio of the
median peak memories.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from bench.common import ROOT, load, median, peak_rss_mib, record_header, source, write_record

POLICY = "classic"
SCENARIO = "malicious-collectors"
CITIZENS = 100_000
QUICK_CITIZENS = 10_000
STORIES = 100
TARGET = 1.05


def child(stories: int, citizens: int) -> dict[str, float]:
    from socialcredit.engine.run import run_population
    from socialcredit.engine.scenario import PopulationScenario
    from socialcredit.inputs import load_policy, load_population_scenario
    from socialcredit.runs.storytelling import tell

    policy = load_policy(POLICY)
    data = load_population_scenario(SCENARIO).model_dump()
    data["population"]["citizens"] = citizens
    scenario = PopulationScenario.model_validate(data)
    start = time.perf_counter()
    run = run_population(policy, scenario, seed=0, stories=stories)
    told = 0
    if run.stories is not None:
        told = len(tell(policy, scenario, 0, run.stories, stories)["stories"])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mib": peak_rss_mib(), "stories": float(told)}


def _child(stories: int, citizens: int) -> dict[str, float]:
    code = (
        "import json; from bench.stories import child; "
        f"print(json.dumps(child({stories}, {citizens})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(runs: int = 5, quick: bool = False) -> None:
    start_source, start_load = source(), load()
    citizens = QUICK_CITIZENS if quick else CITIZENS
    plain: list[dict[str, float]] = []
    kept: list[dict[str, float]] = []
    for i in range(runs):
        plain.append(_child(0, citizens))
        kept.append(_child(STORIES, citizens))
        print(
            f"  round {i + 1}/{runs}: without {plain[-1]['seconds']:.2f} s, "
            f"with {kept[-1]['seconds']:.2f} s ({kept[-1]['stories']:.0f} stories)",
            flush=True,
        )
    t0 = median([r["seconds"] for r in plain])
    t1 = median([r["seconds"] for r in kept])
    m0 = median([r["peak_mib"] for r in plain])
    m1 = median([r["peak_mib"] for r in kept])
    result: dict[str, Any] = {
        "without_seconds": [r["seconds"] for r in plain],
        "with_seconds": [r["seconds"] for r in kept],
        "without_median": t0,
        "with_median": t1,
        "ratio": t1 / t0,
        "ratios_per_round": [b["seconds"] / a["seconds"] for a, b in zip(plain, kept, strict=True)],
        "peak_mib_without": m0,
        "peak_mib_with": m1,
        "memory_ratio": m1 / m0,
        "stories_told": kept[-1]["stories"],
        "target": TARGET,
        "met": t1 / t0 <= TARGET,
    }
    print(
        f"stories: without {t0:.2f} s, with {t1:.2f} s, ratio {t1 / t0:.3f} (target ≤ {TARGET}); "
        f"peak memory {m0:.0f} → {m1:.0f} MiB",
        flush=True,
    )
    record = record_header("stories", start_source, start_load)
    record.update(
        {
            "policy": POLICY,
            "scenario": SCENARIO,
            "citizens": citizens,
            "days": 365,
            "per_kind": STORIES,
            "runs": runs,
            "result": result,
        }
    )
    print(f"wrote {write_record('stories', record)}")
