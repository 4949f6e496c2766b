"""The urn of docs/runaway-collectors.md, solved exactly for two districts, and its figures.

Run: .venv/bin/python docs/runaway_collectors.py   (a few seconds)

It prints the predicted figures the page quotes for the shipped `runaway-collectors` town and
for the small town of tests/integration/test_runaway_collectors.py, which checks the engine's
runs against the same chain (`after`). The chain is the lab's model for two districts of equal
size with the same true conduct and the collectors' reports Poisson: in a period, district d
with k_d of the K collectors lands R_d ~ Poisson(m(k_d)) reports of bad acts, where
m(k) = acts × (1 − (1 − coverage)^(1000 k / residents)) × kept, and the next period's k_1 is
K R_1 / (R_1 + R_2) rounded (half a collector either way at random), all K to the district
with more reports (`max`), or, with the correction, the same from counts thinned by
q_min / q_d. Periods without a report leave the collectors where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.stats import poisson

Rule = Literal["proportional", "max"]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Town:
    """Two districts of `residents` each, `collectors` in all, half in each at the start."""

    residents: int
    collectors: int
    acts: float
    """Bad acts per district per period that collectors may report and no feed records."""
    coverage: float
    kept: float
    """Share of reports review lets through."""

    def seen(self, k: int) -> float:
        """Chance that an act in a district with k collectors is seen."""
        return float(1.0 - (1.0 - self.coverage) ** (1000.0 * k / self.residents))

    def reports(self, k: int) -> float:
        """Expected reports landed in a period by a district with k collectors."""
        return self.acts * self.seen(k) * self.kept


def _rounded(quota: F64) -> tuple[F64, F64, F64]:
    """Floor and ceiling of each quota, with the chance of the ceiling (a half at a tie, as
    the largest remainder with random ties gives for two districts)."""
    low = np.floor(quota)
    frac = quota - low
    up = np.where(np.isclose(frac, 0.5), 0.5, (frac > 0.5).astype(np.float64))
    return low, low + 1, up


def transition(town: Town, rule: Rule, correction: bool = False) -> F64:
    """P[k → k'] for district 1's collectors, one period."""
    size = town.collectors
    out = np.zeros((size + 1, size + 1))
    for k in range(size + 1):
        mean = np.array([town.reports(k), town.reports(size - k)])
        if correction:
            seen = np.array([town.seen(k), town.seen(size - k)])
            staffed = seen > 0
            mean = np.where(staffed, mean * seen[staffed].min() / np.where(staffed, seen, 1), 0)
        top = int(poisson.ppf(1 - 1e-12, max(mean.max(), 1e-9))) + 2
        counts = np.arange(top)
        both = np.outer(poisson.pmf(counts, mean[0]), poisson.pmf(counts, mean[1]))
        a, b = np.meshgrid(counts, counts, indexing="ij")
        total = a + b
        out[k, k] += both[total == 0].sum()
        some = total > 0
        if rule == "max":
            out[k, size] += both[some & (a > b)].sum()
            out[k, 0] += both[some & (a < b)].sum()
            tie = both[some & (a == b)].sum()
            out[k, size] += tie / 2
            out[k, 0] += tie / 2
            continue
        low, high, up = _rounded(size * a[some] / total[some])
        weight = both[some]
        np.add.at(out[k], low.astype(int), weight * (1 - up))
        np.add.at(out[k], np.minimum(high, size).astype(int), weight * up)
    out /= out.sum(axis=1, keepdims=True)
    return out


def after(town: Town, rule: Rule, periods: int, correction: bool = False) -> F64:
    """The distribution of district 1's collectors after `periods` reallocations."""
    start = np.zeros(town.collectors + 1)
    start[town.collectors // 2] = 1.0
    step = transition(town, rule, correction)
    out: F64 = start @ np.linalg.matrix_power(step, periods)
    return out


def figures(distribution: F64) -> dict[str, float]:
    """What the page and the tests read of a distribution of district 1's collectors."""
    size = len(distribution) - 1
    share = np.arange(size + 1) / size
    return {
        "mean share": float(distribution @ share),
        "spread": float(distribution @ (share - 0.5) ** 2),
        "one district holds all": float(distribution[0] + distribution[-1]),
        "max district share": float(distribution @ np.maximum(share, 1 - share)),
    }


SHIPPED = Town(residents=1000, collectors=20, acts=0.0, coverage=0.02, kept=0.98)
"""The shipped town; its acts per period are read from the scenario and the policy."""


def shipped_acts() -> float:
    """Bad acts per district per four-week period of the shipped town that the default
    policy's collectors may report and no feed records (feeds see theirs at 0.9)."""
    from socialcredit.inputs import load_policy, load_population_scenario

    policy = load_policy("default")
    scenario = load_population_scenario("runaway-collectors")
    feeds = scenario.observation.feeds
    per_year = 0.0
    for code in policy.sources.collectors.behaviours:
        behaviour = scenario.population.behaviours[code]
        if behaviour.good:
            continue
        unseen = 1.0
        for feed in policy.sources.feeds:
            if code in feed.behaviours and feed.category in feeds:
                unseen *= 1.0 - feeds[feed.category].coverage
        per_year += behaviour.per_year * unseen
    period = scenario.observation.collectors.allocation.period_days
    return per_year * 1000 * period / 365


def main() -> None:
    town = Town(1000, 20, shipped_acts(), 0.02, 0.98)
    print(f"shipped town: {town.acts:.1f} bad acts a district a period, ")
    print(f"  {2 * town.reports(10):.1f} reports a period at the start")
    for label, rule, correction in (
        ("proportional", "proportional", False),
        ("proportional, corrected", "proportional", True),
        ("max", "max", False),
    ):
        found = figures(after(town, rule, 26, correction))  # type: ignore[arg-type]
        print(label, {k: round(v, 3) for k, v in found.items()})


if __name__ == "__main__":
    main()
