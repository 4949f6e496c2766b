"""Toy benchmark: the same scoring model in Mesa and in our `ScoreBook`, timed in one process.

Both run N citizens; Mesa for a few steps, ours for ten times as many (Mesa is slow), so the
comparison is in steps per second. Each is repeated `runs` times, interleaved, and the medians are
reported with their ratio. Then the two are checked to be the same model in distribution: the
mean score change, its spread and the counts below 950 (and 990) after step 20 (pooled over the
timed runs) and, unless `quick`, after step 200 (one extra, untimed-for-the-ratio Mesa run).
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.common import load, median, record_header, source, write_record
from bench.toy_mesa import run_mesa
from bench.toy_ours import run_ours

N = 100_000
MESA_STEPS = 20
OURS_STEPS = 200
TARGET_RATIO = 100.0
Z_LIMIT = 4.0
"""Two samples agree when each statistic differs by less than this many standard errors."""


def theory(steps: int, q: float = 0.10) -> tuple[float, float]:
    """Exact mean change and standard deviation of a score after `steps` steps.

    One step adds B*V with B ~ Bernoulli(q) and, given p, V = +U{1..3} w.p. p else -U{1..5}:
    E[V|p] = 5p - 3 and E[V^2|p] = 14p/3 + 11(1 - p). With p ~ U(0, 1):
    Var = steps * (q * E[E[V^2|p]] - q^2 * E[(5p - 3)^2]) + (steps * q * 5)^2 * Var(p), where
    E[E[V^2|p]] = (14/3 + 11)/2, E[(5p - 3)^2] = 25/3 - 15 + 9 and Var(p) = 1/12.
    """
    mean = steps * q * (5 * 0.5 - 3)
    var = steps * (q * (14 / 3 + 11) / 2 - q**2 * (25 / 3 - 6)) + (steps * q * 5) ** 2 / 12
    return mean, math.sqrt(var)


@dataclass
class Stats:
    steps: int
    citizens: int
    mean: float
    std: float
    m4: float
    """Fourth central moment, for the standard error of `std` (scores are far from normal)."""
    below: dict[int, int]

    @classmethod
    def of(cls, steps: int, scores: list[npt.NDArray[np.int64]]) -> Stats:
        pooled = np.concatenate(scores).astype(np.float64)
        below = {t: int(np.count_nonzero(pooled < t)) for t in (950, 990)}
        mean = float(pooled.mean())
        m4 = float(((pooled - mean) ** 4).mean())
        return cls(steps, len(pooled), mean, float(pooled.std()), m4, below)

    @property
    def se_std(self) -> float:
        """Delta method: Var(s^2) ~ (m4 - s^4) / n and SE(s) = SE(s^2) / (2 s)."""
        return math.sqrt(max(self.m4 - self.std**4, 0.0) / self.citizens) / (2 * self.std)

    def as_dict(self) -> dict[str, Any]:
        return {
            "steps": self.steps,
            "citizens_pooled": self.citizens,
            "mean_score": self.mean,
            "mean_change": self.mean - 1000.0,
            "std": self.std,
            **{f"share_below_{t}": c / self.citizens for t, c in self.below.items()},
            **{f"below_{t}_per_{N}": c * N / self.citizens for t, c in self.below.items()},
        }


def _compare(a: Stats, b: Stats) -> list[dict[str, Any]]:
    """Mesa (`a`) against ours (`b`): relative difference and z-score of each statistic."""
    rows: list[dict[str, Any]] = []
    exact_mean, exact_std = theory(a.steps)
    se_mean = math.sqrt(a.std**2 / a.citizens + b.std**2 / b.citizens)
    change_a, change_b = a.mean - 1000.0, b.mean - 1000.0
    rows.append(_row("mean score change", change_a, change_b, se_mean, exact_mean))
    se_std = math.hypot(a.se_std, b.se_std)
    rows.append(_row("std of score", a.std, b.std, se_std, exact_std))
    for t in sorted(a.below):
        pa, pb = a.below[t] / a.citizens, b.below[t] / b.citizens
        se = math.sqrt(pa * (1 - pa) / a.citizens + pb * (1 - pb) / b.citizens)
        rows.append(_row(f"share below {t}", pa, pb, se))
    return rows


def _row(
    name: str, mesa: float, ours: float, se: float, exact: float | None = None
) -> dict[str, Any]:
    rel = (ours - mesa) / abs(mesa) if mesa else (0.0 if ours == mesa else math.inf)
    z = (ours - mesa) / se if se > 0 else (0.0 if ours == mesa else math.inf)
    return {
        "exact": exact,
        "statistic": name,
        "mesa": mesa,
        "ours": ours,
        "rel_diff": rel,
        "z": z,
        "agree": abs(z) < Z_LIMIT,
    }


def _print_comparison(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"  {title}")
    for r in rows:
        rel = f"{100 * r['rel_diff']:+.2f}%" if math.isfinite(r["rel_diff"]) else "n/a"
        exact = f"exact {r['exact']:.5f}" if r["exact"] is not None else ""
        line = (
            f"    {r['statistic']:<18} mesa {r['mesa']:>11.5f}  ours {r['ours']:>11.5f}  "
            f"diff {rel:>8}  z {r['z']:+.2f}  {'ok' if r['agree'] else 'DIFFERENT':<9}  {exact}"
        )
        print(line.rstrip())


def main(runs: int = 5, quick: bool = False, n: int = N) -> dict[str, Any]:
    print(f"toy: N={n:,}, Mesa {MESA_STEPS} steps, ours {OURS_STEPS} steps, {runs} runs each")
    load_start, source_start = load(), source()
    mesa_rates: list[float] = []
    ours_rates: list[float] = []
    mesa_runs: list[dict[str, Any]] = []
    ours_runs: list[dict[str, Any]] = []
    mesa_scores: list[npt.NDArray[np.int64]] = []
    ours_at_k: list[npt.NDArray[np.int64]] = []
    ours_final: list[npt.NDArray[np.int64]] = []
    for i in range(runs):
        gc.collect()
        m = run_mesa(n, MESA_STEPS, seed=1000 + i)
        mesa_rates.append(m.steps_per_second)
        mesa_scores.append(m.scores)
        mesa_runs.append(
            {
                "seed": m.seed,
                "setup_s": m.setup_seconds,
                "seconds": m.seconds,
                "steps_per_s": m.steps_per_second,
                "below_950": m.below_950,
            }
        )
        del m
        gc.collect()
        o = run_ours(n, OURS_STEPS, seed=i, snapshots=(MESA_STEPS,))
        ours_rates.append(o.steps_per_second)
        ours_at_k.append(o.scores_at[MESA_STEPS])
        ours_final.append(o.scores_at[OURS_STEPS])
        ours_runs.append(
            {
                "seed": o.seed,
                "setup_s": o.setup_seconds,
                "seconds": o.seconds,
                "steps_per_s": o.steps_per_second,
                "below_950": o.below_950,
            }
        )
        print(
            f"  run {i + 1}/{runs}: mesa {mesa_rates[-1]:8.2f} steps/s   "
            f"ours {ours_rates[-1]:8.1f} steps/s   ratio {ours_rates[-1] / mesa_rates[-1]:6.1f}x"
        )
    mesa_med, ours_med = median(mesa_rates), median(ours_rates)
    ratio = ours_med / mesa_med
    print(
        f"  median: mesa {mesa_med:.2f} steps/s, ours {ours_med:.1f} steps/s, "
        f"ratio ours/mesa {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'})"
    )

    checks: dict[str, Any] = {}
    a, b = Stats.of(MESA_STEPS, mesa_scores), Stats.of(MESA_STEPS, ours_at_k)
    rows = _compare(a, b)
    _print_comparison(f"agreement after step {MESA_STEPS} (pooled over {runs} runs each):", rows)
    checks[f"step_{MESA_STEPS}"] = {"mesa": a.as_dict(), "ours": b.as_dict(), "rows": rows}
    if not quick:
        gc.collect()
        long = run_mesa(n, OURS_STEPS, seed=999)
        a, b = Stats.of(OURS_STEPS, [long.scores]), Stats.of(OURS_STEPS, ours_final)
        rows = _compare(a, b)
        _print_comparison(
            f"agreement after step {OURS_STEPS} (one Mesa run of {OURS_STEPS} steps, "
            f"{long.steps_per_second:.2f} steps/s; ours pooled over {runs} runs):",
            rows,
        )
        below_series = np.median(np.array([r["below_950"] for r in ours_runs]), axis=0)
        checks[f"step_{OURS_STEPS}"] = {
            "mesa": a.as_dict(),
            "ours": b.as_dict(),
            "rows": rows,
            "mesa_steps_per_s": long.steps_per_second,
            "mesa_below_950": long.below_950,
            "ours_median_below_950": below_series.tolist(),
        }
        del long
    header = record_header("toy-quick" if quick else "toy", source_start, load_start)
    agree = all(r["agree"] for c in checks.values() for r in c["rows"])
    print(f"  models agree: {'yes' if agree else 'NO'}")
    record: dict[str, Any] = {
        **header,
        "n": n,
        "runs": runs,
        "quick": quick,
        "mesa": {
            "steps": MESA_STEPS,
            "runs": mesa_runs,
            "steps_per_s": mesa_rates,
            "median_steps_per_s": mesa_med,
        },
        "ours": {
            "steps": OURS_STEPS,
            "runs": ours_runs,
            "steps_per_s": ours_rates,
            "median_steps_per_s": ours_med,
        },
        "ratio_median": ratio,
        "ratio_per_run": [o / m for o, m in zip(ours_rates, mesa_rates, strict=True)],
        "target_ratio": TARGET_RATIO,
        "target_met": ratio >= TARGET_RATIO,
        "agreement": checks,
        "agree": agree,
    }
    path = write_record(record["bench"], record)
    print(f"  wrote {path}")
    return record
