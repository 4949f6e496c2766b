"""Full-model benchmark: policy `classic`, scenario `heavy-surveillance`, 1,000,000 citizens x 365
days, seed 0, (a) in one process and (b) on a local Dask cluster of 2 worker processes.

Every measurement runs in a fresh child Python process (`python -c "...child_main(...)"`):
  (a) the child runs the simulation itself;
  (b) the child is the Dask client: it starts the local cluster exactly as
      `socialcredit simulate --workers 2` does (`engine.cluster.local_cluster`), runs the
      simulation on it, runs it again on the same cluster (then warm: the engine imported and its
      compiled passes loaded in every worker; reported apart, not in the medians compared with
      (a)), then asks every worker for its pid and peak memory. The scheduler and
      the nannies of a LocalCluster live in the client process (checked: the nannies report the
      client's pid), so the processes are the client and the workers. Reported: the largest
      single process and the total of the three.
Both run through `engine.batch.run_batch`, the loop the command line uses.
(c) The machine's own ceiling for two processes: two fresh children at once, each running a
    town of half the citizens in one process, started together (each waits for the same moment
    after its imports); their wall time, from that moment to the later end, is about what a
    perfect split of the run over two workers would take here, with no cluster, no shipping and
    no merging (about: two half-size towns are not the two halves of one town's shards). Two
    cores of a virtual machine need not give twice one: (a) over (c) is about the most any
    two-worker split can reach on this machine.
Peak memory of a process is `VmHWM` from /proc/self/status, the high-water mark of its own
address space. `ru_maxrss` is recorded too but not used: Linux carries it across fork and exec,
so a child reports at least its parent's peak at spawn time.
Wall times are measured in the child around the simulation (imports and policy loading excluded;
cluster start-up reported apart) and, in the driver, for the whole child process. Every run and
path must give the same result (the shard sums are added in shard order): a digest of the
series, totals and score histogram is compared.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from bench.common import (
    ROOT,
    load,
    median,
    peak_rss_mib,
    record_header,
    source,
    warm,
    write_record,
)

POLICY = "classic"
SCENARIO = "heavy-surveillance"
CITIZENS = 1_000_000
QUICK_CITIZENS = 100_000
DAYS = 365
SEED = 0
WORKERS = 2
TARGET_SECONDS = 60.0
TARGET_MIB = 1024.0
"""1 GiB."""


def _kib_to_mib(kib: float) -> float:
    return kib / 1024.0


def _peaks_kib() -> tuple[int, int]:
    """(VmHWM, ru_maxrss) of this process in KiB; VmHWM is its own, ru_maxrss is inherited."""
    hwm = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return hwm, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_seconds() -> float:
    """User and system CPU time of this process so far (run on the client or a worker)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _pid_and_peaks() -> tuple[int, int, int, str]:
    """Run on a worker (or nanny): pid, VmHWM, ru_maxrss and `MALLOC_TRIM_THRESHOLD_`."""
    hwm, maxrss = _peaks_kib()
    return os.getpid(), hwm, maxrss, os.environ.get("MALLOC_TRIM_THRESHOLD_", "unset")


def _digest(result: Any) -> str:
    h = hashlib.sha256(result.series.tobytes())
    h.update(json.dumps(result.totals, sort_keys=True).encode())
    h.update(result.score_hist.tobytes())
    return h.hexdigest()[:16]


def load_workload(citizens: int) -> tuple[Any, Any]:
    """The benchmark's policy and scenario, resized to `citizens` and `DAYS`."""
    from socialcredit.domain.scenario import PopulationScenario
    from socialcredit.inputs import load_policy, load_population_scenario

    data = load_population_scenario(SCENARIO).model_dump()
    data["population"]["citizens"] = citizens
    data["population"]["days"] = DAYS
    return load_policy(POLICY), PopulationScenario.model_validate(data)


def child_main(argv: list[str]) -> None:
    """Entry of the measured child process: `MODE CITIZENS [START]`; prints one JSON line.
    With START (seconds since the epoch), a single run waits for that moment to begin."""
    mode, citizens = argv[0], int(argv[1])
    start_at = float(argv[2]) if len(argv) > 2 else None
    t0 = time.perf_counter()
    from socialcredit.engine import local_cluster, run_batch

    policy, scenario = load_workload(citizens)
    out: dict[str, Any] = {"mode": mode, "citizens": citizens, "days": DAYS, "seed": SEED}
    out["setup_s"] = time.perf_counter() - t0
    if mode == "single":
        if start_at is not None:
            out["late_s"] = time.time() - start_at
            time.sleep(max(0.0, start_at - time.time()))
        t1 = time.perf_counter()
        result = run_batch([policy], [scenario], [SEED])[0, 0][0]
        out["run_s"] = time.perf_counter() - t1
        out["ended_at"] = time.time()
        hwm, maxrss = _peaks_kib()
        out["client_peak_mib"] = _kib_to_mib(hwm)
        out["client_ru_maxrss_mib"] = _kib_to_mib(maxrss)
        out["largest_process_mib"] = out["client_peak_mib"]
        out["total_peak_mib"] = out["client_peak_mib"]
    elif mode == "dask":
        t1 = time.perf_counter()
        with local_cluster(WORKERS) as client:
            client.wait_for_workers(WORKERS)
            t2 = time.perf_counter()
            result = run_batch([policy], [scenario], [SEED], dask_client=client)[0, 0][0]
            t3 = time.perf_counter()
            # The same run again on the cluster its first run warmed (the engine imported and
            # its compiled passes loaded in each worker): what a cluster kept for many runs
            # pays a run.
            before = client.run(_cpu_seconds), _cpu_seconds()
            again = run_batch([policy], [scenario], [SEED], dask_client=client)[0, 0][0]
            out["run_again_s"] = time.perf_counter() - t3
            after = client.run(_cpu_seconds), _cpu_seconds()
            # Where the warm run's time went: each worker's CPU time (the rest of the wall time
            # it waited), and the client's, which holds the scheduler and the nannies.
            out["again_worker_cpu_s"] = sorted(after[0][w] - before[0][w] for w in before[0])
            out["again_client_cpu_s"] = after[1] - before[1]
            out["again_digest"] = _digest(again)
            workers = client.run(_pid_and_peaks)
            nannies = client.run(_pid_and_peaks, nanny=True)
        out["cluster_start_s"] = t2 - t1
        out["run_s"] = t3 - t2
        hwm, maxrss = _peaks_kib()
        out["client_peak_mib"] = _kib_to_mib(hwm)
        out["client_ru_maxrss_mib"] = _kib_to_mib(maxrss)
        me = os.getpid()
        worker_pids = {w[0] for w in workers.values()}
        if me in worker_pids or len(worker_pids) != WORKERS:
            raise SystemExit(f"expected {WORKERS} worker processes apart from the client")
        # Nannies of a LocalCluster report the client's pid; any that did not would be counted.
        extra = [n for n in nannies.values() if n[0] != me and n[0] not in worker_pids]
        out["nanny_pids_are_client"] = not extra
        out["worker_peak_mib"] = sorted(_kib_to_mib(w[1]) for w in workers.values())
        out["worker_ru_maxrss_mib"] = sorted(_kib_to_mib(w[2]) for w in workers.values())
        out["worker_malloc_trim_threshold"] = sorted({w[3] for w in workers.values()})
        out["other_peak_mib"] = sorted(_kib_to_mib(n[1]) for n in extra)
        out["largest_process_mib"] = max(
            out["client_peak_mib"], *out["worker_peak_mib"], *out["other_peak_mib"]
        )
        out["total_peak_mib"] = (
            out["client_peak_mib"] + sum(out["worker_peak_mib"]) + sum(out["other_peak_mib"])
        )
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    out["digest"] = _digest(result)
    out["ever_blacklisted"] = result.totals["ever_blacklisted"]
    print(json.dumps(out), flush=True)


def run_child(mode: str, citizens: int) -> dict[str, Any]:
    """One fresh child process running `mode` (single or dask) at `citizens`: its figures."""
    code = "import sys; from bench.full import child_main; child_main(sys.argv[1:])"
    load_before = load()
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, mode, str(citizens)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"bench child {mode!r} failed with exit code {proc.returncode}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall_s"] = wall
    out["load_before"], out["load_after"] = load_before, load()
    return out


def run_halves(citizens: int, lead: float = 8.0) -> dict[str, Any]:
    """(c): two children at once, single processes of `citizens` split in two, told to begin
    `lead` seconds from now (after their imports): the wall time from then to the later end.
    Where a half was still importing at that moment, the pair runs again with twice the lead."""
    code = "import sys; from bench.full import child_main; child_main(sys.argv[1:])"
    load_before = load()
    start_at = time.time() + lead
    sizes = (citizens // 2, citizens - citizens // 2)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "single", str(size), repr(start_at)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for size in sizes
    ]
    halves = []
    try:
        for proc in procs:
            stdout, stderr = proc.communicate()
            if proc.returncode != 0:
                sys.stderr.write(stderr)
                raise RuntimeError(f"bench child 'single' (half) failed with {proc.returncode}")
            halves.append(json.loads(stdout.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if any(h["late_s"] > 0.0 for h in halves):
        return run_halves(citizens, 2 * lead)
    return {
        "mode": "halves",
        "citizens": citizens,
        "run_s": max(h["ended_at"] for h in halves) - start_at,
        "half_run_s": sorted(h["run_s"] for h in halves),
        "digests": sorted(h["digest"] for h in halves),
        "load_before": load_before,
        "load_after": load(),
    }


LABELS = {"single": "single", "dask": f"dask x{WORKERS}", "halves": "two halves"}


def _show(i: int, runs: int, r: dict[str, Any]) -> None:
    head = f"  run {i}/{runs} {LABELS[r['mode']]:<11}: run {r['run_s']:6.1f} s"
    if r["mode"] == "halves":
        each = " and ".join(f"{t:.1f}" for t in r["half_run_s"])
        print(f"{head} (each half alone in its process: {each} s)")
        return
    if r["mode"] == "single":
        print(
            f"{head} (process {r['process_wall_s']:5.1f} s)  peak {r['client_peak_mib']:.0f} MiB"
            f"  digest {r['digest']}"
        )
    else:
        workers = " + ".join(f"{w:.0f}" for w in r["worker_peak_mib"])
        print(
            f"{head} (cluster start {r['cluster_start_s']:.1f} s, process "
            f"{r['process_wall_s']:5.1f} s)  peak client {r['client_peak_mib']:.0f} + workers "
            f"{workers} = {r['total_peak_mib']:.0f} MiB, largest {r['largest_process_mib']:.0f}"
            f" MiB  digest {r['digest']}; again on the warm cluster {r['run_again_s']:.1f} s"
            f" (CPU: workers {' and '.join(f'{c:.1f}' for c in r['again_worker_cpu_s'])} s,"
            f" client {r['again_client_cpu_s']:.1f} s)"
        )


def _summary(results: list[dict[str, Any]]) -> dict[str, float]:
    if results[0]["mode"] == "halves":
        return {"median_run_s": median([r["run_s"] for r in results])}
    keys = ["run_s", "process_wall_s", "largest_process_mib", "total_peak_mib"]
    if results[0]["mode"] != "single":
        keys += ["cluster_start_s", "run_again_s"]
    return {f"median_{k}": median([r[k] for r in results]) for k in keys}


def _show_summary(mode: str, m: dict[str, float]) -> None:
    if mode == "halves":
        print(f"  median {LABELS[mode]:<11}: {m['median_run_s']:.1f} s")
    elif mode == "single":
        print(
            f"  median {LABELS[mode]:<11}: {m['median_run_s']:.1f} s, peak "
            f"{m['median_largest_process_mib']:.0f} MiB"
        )
    else:
        print(
            f"  median {LABELS[mode]:<11}: {m['median_run_s']:.1f} s (+ "
            f"{m['median_cluster_start_s']:.1f} s cluster start), largest process "
            f"{m['median_largest_process_mib']:.0f} MiB, client + workers "
            f"{m['median_total_peak_mib']:.0f} MiB; again on the warm cluster "
            f"{m['median_run_again_s']:.1f} s"
        )


def main(runs: int = 3, quick: bool = False) -> dict[str, Any]:
    """Measure (a), (b) and (c), `runs` times each, interleaved."""
    citizens = QUICK_CITIZENS if quick else CITIZENS
    modes = ["single", "dask", "halves"]
    print(
        f"full: policy {POLICY}, scenario {SCENARIO}, {citizens:,} citizens x {DAYS} days, "
        f"seed {SEED}, {runs} runs each of {', '.join(modes)}"
    )
    load_start, source_start = load(), source()
    print(
        f"  warm-up (compiles and caches the engine's compiled passes): {warm(ROOT / 'src'):.1f} s"
    )
    results: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    for i in range(1, runs + 1):
        for mode in modes:
            if mode == "halves":
                results[mode].append(run_halves(citizens))
            else:
                results[mode].append(run_child(mode, citizens))
            _show(i, runs, results[mode][-1])
    summaries = {mode: _summary(rs) for mode, rs in results.items()}
    for mode, m in summaries.items():
        _show_summary(mode, m)
    s, d = summaries["single"], summaries["dask"]
    ceiling = s["median_run_s"] / summaries["halves"]["median_run_s"]
    speedup = s["median_run_s"] / d["median_run_s"]
    warm_speedup = s["median_run_s"] / d["median_run_again_s"]
    print(
        f"  Dask against one process: {speedup:.2f}x ({warm_speedup:.2f}x on the warm "
        f"cluster); two halves at once against one process, the machine's ceiling for two: "
        f"{ceiling:.2f}x; Dask reaches {speedup / ceiling:.0%} of it ({warm_speedup / ceiling:.0%}"
        " warm)"
    )
    targets = {
        "single_seconds": s["median_run_s"] <= TARGET_SECONDS,
        "single_memory": s["median_largest_process_mib"] <= TARGET_MIB,
        "dask_seconds": d["median_run_s"] <= TARGET_SECONDS,
        "dask_seconds_with_start": d["median_run_s"] + d["median_cluster_start_s"]
        <= TARGET_SECONDS,
        "dask_memory_largest": d["median_largest_process_mib"] <= TARGET_MIB,
        "dask_memory_total": d["median_total_peak_mib"] <= TARGET_MIB,
    }
    print(
        f"  targets (<= {TARGET_SECONDS:.0f} s, <= {TARGET_MIB:.0f} MiB): "
        + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in targets.items())
    )
    digests = {r["digest"] for mode in ("single", "dask") for r in results[mode]}
    digests |= {r["again_digest"] for r in results["dask"]}
    print(f"  same result on every run and path: {'yes' if len(digests) == 1 else 'NO'}")
    name = "full-quick" if quick else "full"
    record: dict[str, Any] = {
        **record_header(name, source_start, load_start),
        "policy": POLICY,
        "scenario": SCENARIO,
        "citizens": citizens,
        "days": DAYS,
        "seed": SEED,
        "runs": runs,
        "quick": quick,
        "workers": WORKERS,
        **{mode: {"runs": results[mode], **summaries[mode]} for mode in modes},
        "targets": {"seconds": TARGET_SECONDS, "mib": TARGET_MIB, "met": targets},
        "speedup": speedup,
        "speedup_warm": warm_speedup,
        "ceiling": ceiling,
        "same_result": len(digests) == 1,
        "digest": sorted(digests),
        "driver_peak_mib": peak_rss_mib(),
    }
    path = write_record(name, record)
    print(f"  wrote {path}")
    return record
