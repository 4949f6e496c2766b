"""Command benchmark: `socialcredit simulate --out DIR` at 10,000 citizens × 365 days, the
whole command as a user sees it, from launch to exit, this tree against an earlier commit.

Each measurement is a fresh child process, `python -m socialcredit simulate --out DIR
--citizens 10000` (the `baseline` scenario is 365 days; seed 0, one seed, the response range
on: the policy, its no-scoring twin and both ends, four runs), with PYTHONPATH set to one
tree's `src/` (checked before timing) and a new output directory each time. The earlier commit
is checked out into a temporary git worktree; the two trees take turns, so drift in the
machine's load hits both alike. Reported: each side's median and their ratio, against the
target of 1.5 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import (
    ROOT,
    checkout,
    environment,
    load,
    median,
    record_header,
    source,
    write_record,
)
from bench.startup import BASELINE

CITIZENS = 10_000
TARGET_SECONDS = 1.5
SIMULATE = [sys.executable, "-m", "socialcredit", "simulate"]


def time_simulate(env: dict[str, str], folder: Path, citizens: int = CITIZENS) -> float:
    """Seconds of one `simulate --out` at `citizens`, launch to exit, in a new directory under
    `folder` (removed after)."""
    out = Path(tempfile.mkdtemp(dir=folder)) / "run"
    start = time.perf_counter()
    proc = subprocess.run(
        [*SIMULATE, "--out", str(out), "--citizens", str(citizens)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0 or not (out / "report.html").exists():
        raise SystemExit(f"simulate exited {proc.returncode}: {proc.stderr!r}")
    shutil.rmtree(out.parent, ignore_errors=True)
    return seconds


def main(baseline: str = BASELINE, runs: int = 5) -> dict[str, Any]:
    source_start, load_start = source(), load()
    print(
        f"command: `python -m socialcredit simulate --out DIR --citizens {CITIZENS:,}`, {runs} "
        f"runs on each side, baseline {baseline} against this tree, taking turns",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="socialcredit-command-"))
    try:
        with checkout(baseline) as (tree, commit):
            sides = {"baseline": environment(tree / "src"), "current": environment(ROOT / "src")}
            for env in sides.values():  # one unmeasured run each, for the page cache
                time_simulate(env, folder)
            seconds: dict[str, list[float]] = {side: [] for side in sides}
            for _ in range(runs):
                for side, env in sides.items():
                    seconds[side].append(time_simulate(env, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base, now = median(seconds["baseline"]), median(seconds["current"])
    met = now <= TARGET_SECONDS
    print(
        f"  simulate --out  baseline {base:.2f} s, current {now:.2f} s (current/baseline "
        f"{now / base:.2f}); target ≤ {TARGET_SECONDS} s: {'met' if met else 'NOT met'}",
        flush=True,
    )
    record = {
        **record_header("command", source_start, load_start),
        "baseline": commit,
        "citizens": CITIZENS,
        "runs": runs,
        "target_seconds": TARGET_SECONDS,
        "seconds": seconds,
        "baseline_median": base,
        "current_median": now,
        "ratio": now / base,
        "met": met,
    }
    path = write_record("command", record)
    print(f"wrote {path.relative_to(ROOT)}")
    return record
