"""Audit benchmark: what the evidence and fairness of `socialcredit audit --scenario` cost on top
of the simulations they come from.

For each shipped policy, the same three runs (seeds 0, 1, 2 of the baseline town, 10,000
citizens × 365 days) are timed twice, alternately, each in a fresh child process:

- alone: `engine.run.run_population` for each seed, one after another;
- audited: what `socialcredit audit POLICY --scenario baseline --seeds 3 --format json` does
  after start-up: the static rules, the same runs with the engine's attribution (a probe per
  data measure of the findings, the confusion counts of group fairness), the evidence, the
  fairness table and the JSON document.

Reported: the median of each over the rounds and their ratio (target ≤ 1.5).
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
SEEDS = 3
TARGET = 1.5


def child_alone(policy: str) -> float:
    from socialcredit.engine import run_population
    from socialcredit.inputs import load_policy, load_population_scenario

    loaded = load_policy(policy)
    scenario = load_population_scenario(SCENARIO)
    start = time.perf_counter()
    for seed in range(SEEDS):
        run_population(loaded, scenario, seed=seed)
    return time.perf_counter() - start


def child_audited(policy: str) -> float:
    from socialcredit.audit import audit_policy
    from socialcredit.audit.document import SimulationSummary, Source, audit_document
    from socialcredit.audit.evidence import observations_per_citizen_year, simulate, with_evidence
    from socialcredit.audit.fairness import fairness
    from socialcredit.inputs import load_policy, load_population_scenario

    loaded = load_policy(policy)
    scenario = load_population_scenario(SCENARIO)
    start = time.perf_counter()
    findings = audit_policy(loaded)
    sim = simulate(loaded, scenario, findings, list(range(SEEDS)))
    pop = scenario.population
    summary = SimulationSummary(
        Source(scenario.name, "", SCENARIO),
        sim.seeds,
        pop.citizens,
        pop.days,
        pop.reference,
        observations_per_citizen_year(sim),
    )
    document = audit_document(
        loaded,
        Source(loaded.name, loaded.hash, policy),
        with_evidence(findings, sim),
        summary,
        fairness(sim),
    )
    json.dumps(document)
    return time.perf_counter() - start


def _child(kind: str, policy: str) -> float:
    code = (
        f"import json; from bench.audit import child_{kind}; "
        f"print(json.dumps(child_{kind}({policy!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main(runs: int = 5, quick: bool = False) -> None:
    start_source, start_load = source(), load()
    policies = POLICIES[:1] if quick else POLICIES
    results: dict[str, Any] = {}
    for policy in policies:
        alone: list[float] = []
        audited: list[float] = []
        for i in range(runs):
            alone.append(_child("alone", policy))
            audited.append(_child("audited", policy))
            print(
                f"  {policy} round {i + 1}/{runs}: alone {alone[-1]:.2f} s, "
                f"audited {audited[-1]:.2f} s",
                flush=True,
            )
        ratio = median(audited) / median(alone)
        results[policy] = {
            "alone_seconds": alone,
            "audited_seconds": audited,
            "alone_median": median(alone),
            "audited_median": median(audited),
            "ratio": ratio,
            "ratios_per_round": [a / b for a, b in zip(audited, alone, strict=True)],
            "target": TARGET,
            "met": ratio <= TARGET,
        }
        print(
            f"audit {policy}: alone {median(alone):.2f} s, audited {median(audited):.2f} s, "
            f"ratio {ratio:.3f} (target ≤ {TARGET})",
            flush=True,
        )
    record = record_header("audit", start_source, start_load)
    record.update({"scenario": SCENARIO, "seeds": SEEDS, "runs": runs, "policies": results})
    print(f"wrote {write_record('audit', record)}")
