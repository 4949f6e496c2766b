"""Start-up benchmark: the commands that should answer at once, timed as a user sees them,
from launching the command to its exit, this tree against an earlier commit.

`socialcredit --help`, `socialcredit simulate --help` and an option error
(`socialcredit simulate --seeds 0`, exit status 2). Each measurement is a fresh child process,
`python -m socialcredit` with PYTHONPATH set to one tree's `src/` (checked before timing). The
earlier commit is checked out into a temporary git worktree; the two trees and the three
commands take turns, so drift in the machine's load hits all alike. Reported: each command's
median on each side, their ratio, and whether the current median meets the target of 0.3 s.
"""

from __future__ import annotations

import subprocess
import sys
import time
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

BASELINE = "ae49308"
"""The last commit before the command line imported its subcommands' work lazily."""
TARGET_SECONDS = 0.3
COMMANDS: dict[str, tuple[list[str], int]] = {
    # name: (arguments, the exit status it must end with)
    "help": (["--help"], 0),
    "simulate --help": (["simulate", "--help"], 0),
    "option error": (["simulate", "--seeds", "0"], 2),
}


def time_command(args: list[str], status: int, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "socialcredit", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != status:
        raise SystemExit(
            f"socialcredit {' '.join(args)} exited {proc.returncode}, not {status}: {proc.stderr!r}"
        )
    return seconds


def main(baseline: str = BASELINE, runs: int = 9) -> dict[str, Any]:
    source_start, load_start = source(), load()
    print(
        f"start-up: `python -m socialcredit ...`, {runs} runs of each command on each side, "
        f"baseline {baseline} against this tree, taking turns",
        flush=True,
    )
    with checkout(baseline) as (tree, commit):
        sides = {"baseline": environment(tree / "src"), "current": environment(ROOT / "src")}
        seconds: dict[str, dict[str, list[float]]] = {
            side: {name: [] for name in COMMANDS} for side in sides
        }
        for env in sides.values():  # one unmeasured run each, so every file is in the page cache
            time_command(*COMMANDS["help"], env)
        for _ in range(runs):
            for side, env in sides.items():
                for name, (args, status) in COMMANDS.items():
                    seconds[side][name].append(time_command(args, status, env))
    results: dict[str, Any] = {}
    for name in COMMANDS:
        base, now = median(seconds["baseline"][name]), median(seconds["current"][name])
        met = now <= TARGET_SECONDS
        results[name] = {
            "arguments": COMMANDS[name][0],
            "baseline_seconds": seconds["baseline"][name],
            "current_seconds": seconds["current"][name],
            "baseline_median": base,
            "current_median": now,
            "ratio": now / base,
            "met": met,
        }
        print(
            f"  {name:<16} baseline {base:.3f} s, current {now:.3f} s "
            f"(current/baseline {now / base:.2f}); target ≤ {TARGET_SECONDS} s: "
            f"{'met' if met else 'NOT met'}",
            flush=True,
        )
    record = {
        **record_header("startup", source_start, load_start),
        "baseline": commit,
        "runs": runs,
        "target_seconds": TARGET_SECONDS,
        "commands": results,
    }
    path = write_record("startup", record)
    print(f"wrote {path.relative_to(ROOT)}")
    return record
