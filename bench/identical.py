"""Byte for byte the same: every shipped policy over every shipped population scenario, in an
earlier commit and in this tree.

Each side runs in a fresh child process that imports `socialcredit` from its own tree
(`common.environment`): every pair of this tree's shipped policies and population scenarios
that the policy can run (a scenario whose world lacks a behaviour the policy counts is refused,
alike on both sides), at 20,000 citizens × 200 days, seed 3, once without life stories and once
keeping 5 of each kind; and `classic` over `heavy-surveillance` at 300,000 citizens × 50 days,
three shards, so that the sums over shards and the stories chosen across them are compared too.
Each run is reduced to a digest of its daily series, totals, score histograms, appeal waits and
the bytes of its stories' arrays. The two sides must give the same digests: a change for
speed must not change a figure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import ROOT, checkout, child_json, load, record_header, source, write_record
from bench.startup import BASELINE
from socialcredit.limits import SHIPPED_POLICIES, SHIPPED_SCENARIOS

CITIZENS = 20_000
DAYS = 200
SEED = 3

CHILD = """
import hashlib, json, sys
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_population
def cut_bytes(cut):
    # Every array of a story cut, named, in a fixed order, as bytes.
    out = []
    for name, value in sorted(vars(cut).items()):
        parts = value.items() if isinstance(value, dict) else [("", value)]
        for key, part in sorted(parts):
            columns = part.items() if isinstance(part, dict) else [("", part)]
            for column, array in sorted(columns):
                out.append(f"{name}.{key}.{column}:{array.dtype}:".encode() + array.tobytes())
    return b"".join(out)


citizens, days, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
SHIPPED_POLICIES, SHIPPED_SCENARIOS = json.loads(sys.argv[4]), json.loads(sys.argv[5])
out = {}
for name in SHIPPED_POLICIES:
    policy = load_policy(name)
    for place in SHIPPED_SCENARIOS:
        if place == "reputation-game":
            continue
        data = load_population_scenario(place).model_dump()
        data["population"].update(citizens=citizens, days=days)
        try:
            scenario = PopulationScenario.model_validate(data)
            runs = [run_population(policy, scenario, seed=seed, stories=k) for k in (0, 5)]
        except Exception as exc:
            out[f"{name}/{place}"] = "refused: " + type(exc).__name__
            continue
        for k, run in zip((0, 5), runs):
            h = hashlib.sha256(run.series.tobytes())
            h.update(json.dumps(run.totals, sort_keys=True).encode())
            for part in (run.score_hist, run.score_hist_true, run.decision_waits):
                h.update(part.tobytes())
            if run.stories is not None:
                h.update(cut_bytes(run.stories))
            out[f"{name}/{place}/stories={k}"] = h.hexdigest()[:16]
# Several shards: the sums over shards and the stories chosen across them.
policy = load_policy("classic")
data = load_population_scenario("heavy-surveillance").model_dump()
data["population"].update(citizens=citizens * 15, days=days // 4)
scenario = PopulationScenario.model_validate(data)
for k in (0, 5):
    run = run_population(policy, scenario, seed=seed, stories=k)
    h = hashlib.sha256(run.series.tobytes())
    h.update(json.dumps(run.totals, sort_keys=True).encode())
    if run.stories is not None:
        h.update(cut_bytes(run.stories))
    out[f"classic/heavy-surveillance x15 citizens/stories={k}"] = h.hexdigest()[:16]
print(json.dumps(out))
"""


def _child(src: Path, scenarios: list[str]) -> dict[str, str]:
    args = [str(CITIZENS), str(DAYS), str(SEED)]
    args += [json.dumps(SHIPPED_POLICIES), json.dumps(scenarios)]
    out: dict[str, str] = child_json(CHILD, args, src)
    return out


def main(baseline: str = BASELINE) -> dict[str, Any]:
    print(
        f"identical: every shipped policy x population scenario, {CITIZENS:,} citizens x "
        f"{DAYS} days, seed {SEED}, without and with stories; {baseline} against this tree"
    )
    source_start, load_start = source(), load()
    with checkout(baseline) as (tree, commit):
        # Only what both trees ship: a scenario added since the baseline has nothing to match.
        shipped = tree / "src" / "socialcredit" / "scenarios"
        both = [n for n in SHIPPED_SCENARIOS if (shipped / f"{n}.yaml").exists()]
        before = _child(tree / "src", both)
    after = _child(ROOT / "src", both)
    newer = [n for n in SHIPPED_SCENARIOS if n not in both]
    if newer:
        print(f"  scenarios the baseline does not ship, left out: {', '.join(newer)}")
    runs = sorted(k for k, v in before.items() if not v.startswith("refused"))
    differ = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    print(f"  {len(runs)} runs on each side; {len(before) - len(runs)} pairs refused alike")
    print("  the same on both sides: " + ("yes" if not differ else f"NO: {', '.join(differ)}"))
    record = {
        **record_header("identical", source_start, load_start),
        "baseline": {"ref": baseline, "commit": commit},
        "citizens": CITIZENS,
        "days": DAYS,
        "seed": SEED,
        "scenarios": both,
        "left_out": newer,
        "before": before,
        "after": after,
        "differ": differ,
    }
    path = write_record("identical", record)
    print(f"  wrote {path}")
    return record
