"""Life-stories benchmark: what `--stories 100` costs the command a user runs.

`socialcredit simulate --policy classic --scenario malicious-collectors --citizens 100000` (365
days, seed 0; 10,000 citizens with `--quick`) is run as a fresh process twice per round: without
stories and with `--stories 100`, the order swapped every round so that neither side always
runs on a warmer machine. Each is timed from the outside, start to exit: starting Python,
imports, the run, telling the stories, the report with its life-stories section, and writing
`metrics.json`, `series.parquet`, `report.html` and (with stories) `stories.json`. Its peak
resident memory comes from the child's own resource usage.

Reported: the median time of each side, their ratio (target ≤ 1.05), the median of the rounds'
paired ratios, the same for the child's CPU time (user and system: less moved by what else the
machine runs than the wall clock), and the ratio of the median peak memories.

On a shared machine single runs of the command scatter by a fifth either way, as much as the
target, so the benchmark also accounts for the stories' own work directly (`accounting`): three
more runs with `--stories 100` in a fresh process each, with the CPU time of every part that
exists only for the stories (the log during the run, the cut, telling, writing the document,
the report's section) summed where it happens; its median, against the median CPU time of the
command without stories, is the share the stories add, short of effects no timer sees (the
memory the log holds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, load, median, record_header, source, write_record

POLICY = "classic"
SCENARIO = "malicious-collectors"
CITIZENS = 100_000
QUICK_CITIZENS = 10_000
STORIES = 100
TARGET = 1.05


def _command(stories: int, citizens: int, out: Path) -> list[str]:
    args = [sys.executable, "-m", "socialcredit", "simulate", "--policy", POLICY]
    args += ["--scenario", SCENARIO, "--citizens", str(citizens), "--days", "365"]
    args += ["--seed", "0", "--out", str(out)]
    return args + (["--stories", str(stories)] if stories else [])


def _child(stories: int, citizens: int) -> dict[str, float]:
    """One run of the command in a fresh process: wall seconds, peak memory, files written."""
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
        out = Path(tmp) / "run"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        errors = Path(tmp) / "stderr"
        with errors.open("wb") as stderr:  # a file, not a pipe: nothing can fill and block
            start = time.perf_counter()
            child = subprocess.Popen(
                _command(stories, citizens, out),
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            tail = errors.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"simulate failed ({child.returncode}): {tail}")
        stories_file = out / "stories.json"
        return {
            "seconds": seconds,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024.0,
            "stories_bytes": float(stories_file.stat().st_size if stories_file.exists() else 0),
            "report_bytes": float((out / "report.html").stat().st_size),
        }


# The work that exists only because the run keeps stories, each timed where it is looked up.
_STORY_WORK = (
    ("socialcredit.engine.storylog", "StoryLog", "add"),
    ("socialcredit.engine.storylog", "StoryLog", "lists"),
    ("socialcredit.engine.storylog", "StoryLog", "changes"),
    ("socialcredit.engine.storylog", "StoryLog", "cut"),
    ("socialcredit.engine.run", None, "merge_cuts"),
    ("socialcredit.engine.shard", "ShardSimulation", "_log_lists"),
    ("socialcredit.engine.observation", "Observer", "_log_records"),
    ("socialcredit.stories", None, "tell"),
    ("socialcredit.stories", None, "stories_bytes"),
    ("socialcredit.report.run.page", None, "stories_section"),
)


def accounting(citizens: int) -> dict[str, float]:
    """In this process: the simulate command with `--stories`, the stories' own parts timed
    where they happen (the log during the run, the cut, telling, writing the document and the
    report's section). CPU seconds of the whole command and of each part, each part's time its
    own (a part called inside another counts once)."""
    import importlib
    from collections import defaultdict
    from collections.abc import Callable

    spent: dict[str, float] = defaultdict(float)
    inside: list[float] = []  # per open timed call: the time of timed calls within it

    def timed(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            inside.append(0.0)
            try:
                return f(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                spent[name] += elapsed - inside.pop()
                if inside:
                    inside[-1] += elapsed

        return wrapper

    for module_name, owner, name in _STORY_WORK:
        module = importlib.import_module(module_name)
        holder = getattr(module, owner) if owner else module
        setattr(holder, name, timed(f"{owner or module_name}.{name}", getattr(holder, name)))
    from socialcredit.cli import main

    with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
        start = time.process_time()
        main(_command(STORIES, citizens, Path(tmp) / "run")[3:])
        whole = time.process_time() - start
    return {"whole_cpu_seconds": whole, "stories_cpu_seconds": sum(spent.values()), **spent}


def _accounting_child(citizens: int) -> dict[str, float]:
    code = (
        "import json; from bench.stories import accounting; "
        f"print(json.dumps(accounting({citizens})))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(runs: int = 5, quick: bool = False) -> None:
    start_source, start_load = source(), load()
    citizens = QUICK_CITIZENS if quick else CITIZENS
    plain: list[dict[str, float]] = []
    kept: list[dict[str, float]] = []
    for i in range(runs):
        order = (0, STORIES) if i % 2 == 0 else (STORIES, 0)
        for stories in order:
            (kept if stories else plain).append(_child(stories, citizens))
        print(
            f"  round {i + 1}/{runs}: without {plain[-1]['seconds']:.2f} s, "
            f"with {kept[-1]['seconds']:.2f} s",
            flush=True,
        )
    counted = [_accounting_child(citizens) for _ in range(3)]
    own = median([c["stories_cpu_seconds"] for c in counted])
    whole = median([c["whole_cpu_seconds"] for c in counted])
    totals = ("whole_cpu_seconds", "stories_cpu_seconds")
    parts = {k: median([c[k] for c in counted]) for k in counted[0] if k not in totals}
    t0 = median([r["seconds"] for r in plain])
    t1 = median([r["seconds"] for r in kept])
    m0 = median([r["peak_mib"] for r in plain])
    m1 = median([r["peak_mib"] for r in kept])
    paired = [b["seconds"] / a["seconds"] for a, b in zip(plain, kept, strict=True)]
    c0 = median([r["cpu_seconds"] for r in plain])
    c1 = median([r["cpu_seconds"] for r in kept])
    result: dict[str, Any] = {
        "without_seconds": [r["seconds"] for r in plain],
        "with_seconds": [r["seconds"] for r in kept],
        "without_median": t0,
        "with_median": t1,
        "ratio": t1 / t0,
        "ratios_per_round": paired,
        "median_paired_ratio": median(paired),
        "without_cpu_seconds": [r["cpu_seconds"] for r in plain],
        "with_cpu_seconds": [r["cpu_seconds"] for r in kept],
        "cpu_ratio": c1 / c0,
        "peak_mib_without": m0,
        "peak_mib_with": m1,
        "memory_ratio": m1 / m0,
        "accounted_stories_cpu_seconds": own,
        "accounted_command_cpu_seconds": whole,
        "accounted_share_of_command_without": own / c0,
        "accounted_parts": parts,
        "stories_json_bytes": kept[-1]["stories_bytes"],
        "report_bytes_without": plain[-1]["report_bytes"],
        "report_bytes_with": kept[-1]["report_bytes"],
        "target": TARGET,
        "met": t1 / t0 <= TARGET,
    }
    print(
        f"stories: without {t0:.2f} s, with {t1:.2f} s, ratio {t1 / t0:.3f} "
        f"(median paired {median(paired):.3f}; target ≤ {TARGET}); CPU {c0:.2f} → {c1:.2f} s; "
        f"peak memory {m0:.0f} → {m1:.0f} MiB; the stories' own work {own:.2f} s of CPU, "
        f"{own / c0:.1%} of the command without them",
        flush=True,
    )
    record = record_header("stories", start_source, start_load)
    record.update(
        {
            "command": " ".join(_command(STORIES, citizens, Path("OUT"))[1:]),
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
