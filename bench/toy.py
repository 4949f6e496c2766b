"""Toy benchmark: the same scoring model in Mesa and in our `ScoreBook`, like for like.

Both sides run N citizens with the same sampling scheme, in two pairs (see `toy_mesa` and
`toy_ours`): Mesa's documented idiom (three numbers per agent, agents shuffled) against ours
drawing the same three numbers per citizen, and Mesa at its best idiom (the cheapest check
first, no shuffle) against ours drawing the same way. Mesa runs a few steps, ours ten times as
many (Mesa is slow), so the comparison is in steps per second. Each is repeated `runs` times,
interleaved, and the medians are reported with their ratio, per pair. Then the two sides of each
pair are checked to be the same model in distribution after step 20 (pooled over the timed
runs) and, unless `quick`, after step 200 (one extra Mesa run of the best idiom).
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.common import load, median, record_header, source, write_record
from bench.toy_mesa import Idiom, run_mesa
from bench.toy_ours import run_ours

N = 100_000
MESA_STEPS = 20
OURS_STEPS = 200
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


IDIOMS: tuple[Idiom, ...] = ("documented", "best")


def main(runs: int = 5, quick: bool = False, n: int = N) -> dict[str, Any]:
    print(f"toy: N={n:,}, Mesa {MESA_STEPS} steps, ours {OURS_STEPS} steps, {runs} runs each")
    load_start, source_start = load(), source()
    rates: dict[tuple[str, str], list[float]] = {}
    records: dict[tuple[str, str], list[dict[str, Any]]] = {}
    scores: dict[tuple[str, str], list[npt.NDArray[np.int64]]] = {}
    ours_final: dict[str, list[npt.NDArray[np.int64]]] = {idiom: [] for idiom in IDIOMS}
    for i in range(runs):
        for idiom in IDIOMS:
            gc.collect()
            m = run_mesa(n, MESA_STEPS, seed=1000 + i, idiom=idiom)
            rates.setdefault(("mesa", idiom), []).append(m.steps_per_second)
            scores.setdefault(("mesa", idiom), []).append(m.scores)
            records.setdefault(("mesa", idiom), []).append(
                {"seed": m.seed, "setup_s": m.setup_seconds, "seconds": m.seconds}
            )
            del m
            gc.collect()
            o = run_ours(n, OURS_STEPS, seed=i, idiom=idiom, snapshots=(MESA_STEPS,))
            rates.setdefault(("ours", idiom), []).append(o.steps_per_second)
            scores.setdefault(("ours", idiom), []).append(o.scores_at[MESA_STEPS])
            ours_final[idiom].append(o.scores_at[OURS_STEPS])
            records.setdefault(("ours", idiom), []).append(
                {"seed": o.seed, "setup_s": o.setup_seconds, "seconds": o.seconds}
            )
            ratio = rates["ours", idiom][-1] / rates["mesa", idiom][-1]
            print(
                f"  run {i + 1}/{runs} {idiom:<10}: mesa {rates['mesa', idiom][-1]:8.2f} "
                f"steps/s   ours {rates['ours', idiom][-1]:8.1f} steps/s   ratio {ratio:6.1f}x"
            )
    pairs: dict[str, dict[str, Any]] = {}
    agree = True
    for idiom in IDIOMS:
        mesa_med, ours_med = median(rates["mesa", idiom]), median(rates["ours", idiom])
        ratio = ours_med / mesa_med
        print(
            f"  median {idiom:<10}: mesa {mesa_med:.2f} steps/s, ours {ours_med:.1f} steps/s, "
            f"ratio ours/mesa {ratio:.1f}x"
        )
        a, b = (
            Stats.of(MESA_STEPS, scores["mesa", idiom]),
            Stats.of(MESA_STEPS, scores["ours", idiom]),
        )
        rows = _compare(a, b)
        _print_comparison(f"{idiom}: agreement after step {MESA_STEPS} (pooled):", rows)
        checks: dict[str, Any] = {
            f"step_{MESA_STEPS}": {"mesa": a.as_dict(), "ours": b.as_dict(), "rows": rows}
        }
        if not quick and idiom == "best":
            gc.collect()
            long = run_mesa(n, OURS_STEPS, seed=999, idiom=idiom)
            a, b = Stats.of(OURS_STEPS, [long.scores]), Stats.of(OURS_STEPS, ours_final[idiom])
            long_rows = _compare(a, b)
            _print_comparison(
                f"{idiom}: agreement after step {OURS_STEPS} (one Mesa run, "
                f"{long.steps_per_second:.2f} steps/s; ours pooled over {runs} runs):",
                long_rows,
            )
            checks[f"step_{OURS_STEPS}"] = {
                "mesa": a.as_dict(),
                "ours": b.as_dict(),
                "rows": long_rows,
                "mesa_steps_per_s": long.steps_per_second,
            }
        agree = agree and all(r["agree"] for c in checks.values() for r in c["rows"])
        pairs[idiom] = {
            "mesa": {
                "steps": MESA_STEPS,
                "runs": records["mesa", idiom],
                "steps_per_s": rates["mesa", idiom],
                "median_steps_per_s": mesa_med,
            },
            "ours": {
                "steps": OURS_STEPS,
                "runs": records["ours", idiom],
                "steps_per_s": rates["ours", idiom],
                "median_steps_per_s": ours_med,
            },
            "ratio_median": ratio,
            "ratio_per_run": [
                o / m for o, m in zip(rates["ours", idiom], rates["mesa", idiom], strict=True)
            ],
            "agreement": checks,
        }
    print(f"  models agree: {'yes' if agree else 'NO'}")
    header = record_header("toy-quick" if quick else "toy", source_start, load_start)
    record: dict[str, Any] = {
        **header,
        "n": n,
        "runs": runs,
        "quick": quick,
        "pairs": pairs,
        "agree": agree,
    }
    path = write_record(record["bench"], record)
    print(f"  wrote {path}")
    return record
