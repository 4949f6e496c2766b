"""Start-up benchmark: `socialcredit audit POLICY` for each shipped policy, timed as a user sees
it, from launching the command to its exit (interpreter start-up and imports included).

Each measurement is a fresh child process running the `socialcredit` command beside this
interpreter (`python -m socialcredit` where there is none) with PYTHONPATH set to this tree's
`src/`, which is checked before timing. The policies take turns (default, classic, none,
default, ...), so drift in the machine's load hits all alike. An audit exits with 0 or 1 by its
verdict; anything else fails the benchmark. Reported: the median of each policy against the
target of 0.5 s.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, environment, load, median, record_header, source, write_record

POLICIES = ("default", "classic", "none")
TARGET_SECONDS = 0.5


def command() -> list[str]:
    """The `socialcredit` command installed beside this interpreter, else `python -m`."""
    script = Path(sys.executable).parent / "socialcredit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "socialcredit"]


def time_audit(cmd: list[str], policy: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "audit", policy], env=env, cwd=ROOT, capture_output=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"socialcredit audit {policy} exited {proc.returncode}: {proc.stderr!r}")
    return seconds


def main(runs: int = 7) -> None:
    source_start, load_start = source(), load()
    cmd, env = command(), environment(ROOT / "src")
    shown = "socialcredit" if len(cmd) == 1 else "python -m socialcredit"
    print(f"audit start-up: `{shown} audit POLICY`, {runs} runs each", flush=True)
    time_audit(cmd, POLICIES[0], env)  # one unmeasured run, so every file is in the page cache
    seconds: dict[str, list[float]] = {p: [] for p in POLICIES}
    for _ in range(runs):
        for policy in POLICIES:
            seconds[policy].append(time_audit(cmd, policy, env))
    results: dict[str, Any] = {}
    for policy, times in seconds.items():
        mid = median(times)
        results[policy] = {"seconds": times, "median": mid, "met": mid <= TARGET_SECONDS}
        print(
            f"  {policy:<8} median {mid:.3f} s (min {min(times):.3f}, max {max(times):.3f}); "
            f"target ≤ {TARGET_SECONDS} s: {'met' if mid <= TARGET_SECONDS else 'NOT met'}",
            flush=True,
        )
    record = {
        **record_header("audit_startup", source_start, load_start),
        "command": [*cmd, "audit", "POLICY"],
        "runs": runs,
        "target_seconds": TARGET_SECONDS,
        "policies": results,
    }
    path = write_record("audit_startup", record)
    print(f"wrote {path.relative_to(ROOT)}")
