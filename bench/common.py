"""Shared helpers of the benchmarks: the machine, medians, peak memory and the JSON records."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load() -> list[float]:
    """1, 5 and 15 minute load averages: the machine is shared, so every record keeps them."""
    return [round(v, 2) for v in os.getloadavg()]


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB (`ru_maxrss`, which Linux gives in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _shell(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.rstrip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> dict[str, Any]:
    cpu = ""
    for line in _shell(["lscpu"]).splitlines():
        if line.startswith("Model name"):
            cpu = line.split(":", 1)[1].strip()
    mem = ""
    for line in _shell(["free", "-h"]).splitlines():
        if line.startswith("Mem:"):
            mem = line.split()[1]
    return {
        "nproc": int(_shell(["nproc"]).strip() or os.cpu_count() or 0),
        "memory_total": mem,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
    }


def source() -> dict[str, Any]:
    """What was measured: the commit, the uncommitted changes under src/, a hash of src/*.py.

    Other people edit src/ while benchmarks run, so the commit alone does not name the code.
    Read-only git calls (`--no-optional-locks` keeps `status` from touching the index).
    """
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return {
        "commit": _shell([*git, "rev-parse", "--short", "HEAD"]).strip(),
        "src_changes": _shell([*git, "status", "--porcelain", "--", "src"]).splitlines(),
        "src_sha256": digest.hexdigest()[:16],
    }


def write_record(name: str, record: dict[str, Any]) -> Path:
    """Write `bench/out/<name>.json` (git-ignored) and return its path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def record_header(
    name: str, source_start: dict[str, Any], load_start: list[float]
) -> dict[str, Any]:
    """The fields every bench record starts with; warns if src/ changed during the bench."""
    source_end = source()
    if source_end != source_start:
        print("  warning: src/ changed while the benchmark ran (see source_start / source_end)")
    return {
        "bench": name,
        "date": now(),
        "machine": machine(),
        "source_start": source_start,
        "source_end": source_end,
        "load_start": load_start,
        "load_end": load(),
    }


@contextmanager
def checkout(revision: str) -> Iterator[tuple[Path, str]]:
    """`revision` checked out into a temporary git worktree: its root and its short commit;
    removed on leaving."""
    folder = Path(tempfile.mkdtemp(prefix="socialcredit-baseline-"))
    tree = folder / "tree"
    git = ["git", "-C", str(ROOT)]
    subprocess.run(
        [*git, "worktree", "add", "--detach", str(tree), revision], check=True, capture_output=True
    )
    try:
        commit = subprocess.run(
            [*git, "rev-parse", "--short", revision], check=True, capture_output=True, text=True
        ).stdout.strip()
        yield tree, commit
    finally:
        subprocess.run(
            [*git, "worktree", "remove", "--force", str(tree)], check=False, capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def environment(src: Path) -> dict[str, str]:
    """This environment with `src` first on the import path; checked that a child imports
    `socialcredit` from there."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    found = subprocess.run(
        [sys.executable, "-c", "import socialcredit; print(socialcredit.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if Path(found).parent != src / "socialcredit":
        raise SystemExit(f"the child imports socialcredit from {found}, not from {src}")
    return env


def child_json(code: str, args: list[str], src: Path) -> Any:
    """Run `python -c code args` in a fresh process importing `socialcredit` from `src`, and
    return the JSON of the last line it prints; its error output on failure."""
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=environment(src),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"a bench child on {src} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


WARM = """
import json, time
t0 = time.perf_counter()
from socialcredit.inputs import load_policy, load_population_scenario
try:
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.engine import run_population
except ImportError:  # an earlier layout: nothing is compiled there either
    print(json.dumps({"seconds": 0.0}))
    raise SystemExit(0)
data = load_population_scenario("heavy-surveillance").model_dump()
data["population"].update(citizens=2000, days=5)
run_population(load_policy("classic"), PopulationScenario.model_validate(data), seed=0)
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""


def warm(src: Path) -> float:
    """Run a small simulation in a child importing `socialcredit` from `src`, before anything is
    timed: the engine's compiled passes are compiled on a machine's first run of a tree and
    cached beside its sources, a cost paid once (a tree without them runs as it is). Returns the
    seconds the child took."""
    seconds: float = child_json(WARM, [], src)["seconds"]
    return seconds
