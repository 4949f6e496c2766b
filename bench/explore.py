"""The explorer's answer time: from a lever moved on the real page to the updated figures on it.

Starts `socialcredit explore` (10,000 citizens × 365 days, 3 seeds, the default policy in the
baseline world) as a user would, opens its page in Debian's Chromium through Playwright, waits
for the first figures (the starting setting, with its no-scoring and shipped comparison runs),
then makes 20 moves, one at a time, each waited for: four rulebook levers (the black list's
entry, its notice, a data category, its publication) and one of the world (the collectors'
density), in turn; a slider is moved as a click on its track or a key moves it (its `input`,
then its `change`, on which the page asks at once). A move is timed from the control's event to
the page's showing the figures of that setting (`document.body.dataset.updates`). Reported:
each move's time, the median and the 95th percentile, over all moves and by kind (a world lever
reruns the comparison runs of its new world). The target is 1 s at the 95th percentile. Two
sittings, one after the other: the runs in the server's process (`--workers 0`), and on the
command's default workers (the machine's cores, at most the 12 runs of a world move).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import ROOT, load, median, record_header, source, write_record

CITIZENS, DAYS, SEEDS = 10_000, 365, 3
MOVES = 20
TARGET_SECONDS = 1.0
CHROMIUM = "/usr/bin/chromium"
# (element id, how to move it, the values it takes in turn, which side)
CONTROLS: list[tuple[str, str, list[Any], str]] = [
    ("lever-policy-lists-black-enter-score_below", "range", [820, 840, 860, 880], "rulebook"),
    ("lever-policy-lists-black-notice_days", "range", [0, 14, 60, 90], "rulebook"),
    ("lever-policy-categories-social_media-enabled", "toggle", [True, False], "rulebook"),
    ("lever-policy-lists-black-publish", "select", ["full", "none", "masked"], "rulebook"),
    ("lever-scenario-observation-collectors-per_1000", "range", [4, 1, 6, 2], "world"),
]
MOVE = {
    # As a click on the track or a key moves a slider: its `input`, then its `change`.
    "range": "(a) => { const s = document.getElementById(a[0]); s.value = a[1]; "
    "s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }",
    "toggle": "(a) => { const s = document.getElementById(a[0]); s.checked = a[1]; "
    "s.dispatchEvent(new Event('change')); }",
    "select": "(a) => { const s = document.getElementById(a[0]); s.value = a[1]; "
    "s.dispatchEvent(new Event('change')); }",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _updates(page: Any) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.updates || 0)"))


def session(workers: int | None, runs: int) -> dict[str, Any]:
    """One explorer command (with `--workers` when given), its first figures and its moves."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="bench-explore-"))
    cmd = [sys.executable, "-m", "socialcredit", "explore", "--citizens", str(CITIZENS)]
    cmd += ["--days", str(DAYS), "--seeds", str(SEEDS), "--port", str(port)]
    cmd += ["--save-to", str(folder)] + ([] if workers is None else ["--workers", str(workers)])
    server = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    moves: list[dict[str, Any]] = []
    try:
        assert server.stdout is not None
        print(server.stdout.readline().strip(), flush=True)  # the explorer's address
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
            page.wait_for_function(
                "() => Number(document.body.dataset.updates || 0) >= 1", timeout=600_000
            )
            first = time.perf_counter() - start
            print(f"  first figures after {first:.1f} s", flush=True)
            for _ in range(runs):
                for i in range(MOVES):
                    ident, how, values, side = CONTROLS[i % len(CONTROLS)]
                    value = values[(i // len(CONTROLS)) % len(values)]
                    seen = _updates(page)
                    began = time.perf_counter()
                    page.evaluate(MOVE[how], [ident, value])
                    page.wait_for_function(
                        f"() => Number(document.body.dataset.updates || 0) > {seen}",
                        timeout=600_000,
                    )
                    seconds = time.perf_counter() - began
                    status = page.inner_text("#status")
                    moves.append(
                        {
                            "control": ident,
                            "value": value,
                            "side": side,
                            "seconds": seconds,
                            "status": status,
                        }
                    )
                    print(f"  {ident} = {value}: {seconds:.2f} s", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    times = [m["seconds"] for m in moves]
    by_side = {
        side: [m["seconds"] for m in moves if m["side"] == side] for side in ("rulebook", "world")
    }
    out = {
        "command": " ".join(cmd[1:]),
        "first_figures_seconds": first,
        "moves": moves,
        "median": median(times),
        "p95": float(np.percentile(times, 95)),
        "rulebook_median": median(by_side["rulebook"]),
        "rulebook_p95": float(np.percentile(by_side["rulebook"], 95)),
        "world_median": median(by_side["world"]),
        "world_p95": float(np.percentile(by_side["world"], 95)),
    }
    out["met"] = out["p95"] <= TARGET_SECONDS
    print(
        f"  median {out['median']:.2f} s, p95 {out['p95']:.2f} s (rulebook levers: median "
        f"{out['rulebook_median']:.2f}, p95 {out['rulebook_p95']:.2f} s; world: median "
        f"{out['world_median']:.2f}, p95 {out['world_p95']:.2f} s); target p95 ≤ "
        f"{TARGET_SECONDS} s: {'met' if out['met'] else 'NOT met'}",
        flush=True,
    )
    return out


def main(runs: int = 1) -> None:
    source_start, load_start = source(), load()
    record: dict[str, Any] = {"citizens": CITIZENS, "days": DAYS, "seeds": SEEDS}
    for name, workers in (("one_process", 0), ("default_workers", None)):
        print(f"explore ({name.replace('_', ' ')}):", flush=True)
        record[name] = session(workers, runs)
    record = {**record_header("explore", source_start, load_start), **record}
    record["target_seconds"] = TARGET_SECONDS
    record["met"] = record["default_workers"]["met"]
    path = write_record("explore", record)
    print(f"wrote {path.relative_to(ROOT)}")
