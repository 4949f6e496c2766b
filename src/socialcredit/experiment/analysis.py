"""Analysis of a finished experiment: sensitivity indices (SALib) and scenario discovery (PRIM).

Both read results only, of the variants that ran (a variant whose rulebook is invalid is not
run). Sensitivity is computed per block (one scoring policy over one scenario), over the block's
design points, each point's outcome being its mean over seeds, and needs every point; Sobol'
indices need a `sobol` design and Morris elementary effects a `morris` one, as the sample is
built for the estimator. Every index comes with SALib's bootstrap 95% interval.

A Sobol' index is a share of variance, so it lies in [0, 1]; an estimate outside that range by
more than its interval says the sample is too small to estimate the indices at all (Saltelli's
estimators are unbiased only in the limit, and with few points they swing past both ends). Such
a block is marked, and its indices rank nothing. Morris's μ* (a mean of absolute effects) and σ
(a standard deviation) cannot leave their range, so there is no such check for them; with too
few trajectories their intervals are wide and overlap, which the report reads as an order not
settled.

Discovery finds the region of the varied inputs where a condition on an outcome holds (for
instance `ever_wrongly_blacklisted_per_1000 > 2`): each variant's mean over seeds is a case,
its inputs are the varied fields (and the policy and scenario when several are run), and PRIM
(Friedman and Fisher 1999, in `experiment.discovery`) peels a box around the cases where the
condition holds. Coverage is the share of those cases inside the box, density the share of the
box's cases that are such.
"""

from __future__ import annotations

import difflib
import math
import operator
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from socialcredit.domain.errors import UsageError
from socialcredit.experiment.design import problem_of
from socialcredit.experiment.discovery import Box, Column, find_boxes
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import Variant, show_value

SensitivityMethod = str  # "sobol" | "morris"
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Index:
    factor: str
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Sensitivity:
    method: str
    policy: str
    scenario: str
    outcome: str
    first: list[Index] = field(default_factory=list)
    """Sobol': first-order indices S1; Morris: mu* (mean absolute elementary effect)."""
    total: list[Index] = field(default_factory=list)
    """Sobol': total indices ST; Morris: sigma (spread of the effects; no interval)."""
    note: str = ""
    """Why there are no indices, when there are none."""
    spread: float = 0.0
    """The standard deviation of the outcome over the design points: the scale Morris μ* is
    read against."""
    impossible: list[tuple[str, Index]] = field(default_factory=list)
    """Sobol': the indices ("S1" or "ST", and the input's) that lie outside [0, 1] beyond their
    interval, where no share of variance can be. Any at all: the sample is too small, and the
    block's indices rank nothing."""

    @property
    def too_small(self) -> bool:
        """Whether the sample is too small for the indices to be read (see `impossible`)."""
        return bool(self.impossible)


def outside_unit_interval(index: Index) -> bool:
    """Whether a share-of-variance index lies outside [0, 1] beyond its interval (or, without
    an interval, at all)."""
    if index.value is None:
        return False
    if index.low is None or index.high is None:
        return not 0.0 <= index.value <= 1.0
    return index.low > 1.0 or index.high < 0.0


def _index(name: str, value: float, half: float | None, floor: float | None = None) -> Index:
    """An index with its interval, cut at `floor` where the index cannot go below it."""
    if not math.isfinite(value):
        return Index(name, None, None, None)
    if half is None or not math.isfinite(half):
        return Index(name, value, None, None)
    low = value - half if floor is None else max(floor, value - half)
    return Index(name, value, low, value + half)


def _blocks(results: Results) -> dict[tuple[str, str], list[Variant]]:
    out: dict[tuple[str, str], list[Variant]] = {}
    for v in results.resolved.variants:
        if not v.counterfactual and v.point is not None:
            out.setdefault((v.policy.name, v.scenario.name), []).append(v)
    return out


def sensitivity(results: Results, method: str) -> list[Sensitivity]:
    """Indices for every block and outcome; refuses a design not built for the method."""
    resolved = results.resolved
    design = resolved.experiment.sampling.method
    if method not in ("sobol", "morris"):
        raise UsageError(f"{method!r} is not a method (sobol, morris)", argument="--sensitivity")
    if design != method or resolved.unit is None:
        raise UsageError(
            f"{method} indices need an experiment sampled with method {method}; this one is "
            f"sampled by {design}",
            argument="--sensitivity",
        )
    from SALib.analyze import morris, sobol

    problem = problem_of(resolved.factors)
    names: list[str] = problem["names"]
    out = []
    for (policy, scenario), block in _blocks(results).items():
        block = sorted(block, key=lambda v: v.point or 0)
        for outcome in resolved.outcomes:
            means = [results.estimate(v, outcome).mean for v in block]
            if any(m is None for m in means) or len(block) != len(resolved.unit):
                invalid = sum(
                    (v.policy_name, v.scenario.name) == (policy, scenario) and v.point is not None
                    for v in resolved.invalid
                )
                note = (
                    "the outcome is undefined in some runs"
                    if any(m is None for m in means)
                    else f"{invalid} of the {len(resolved.unit)} design points have invalid "
                    "rulebooks and were not run, and the indices need every point"
                    if invalid
                    else "not every design point has finished"
                )
                out.append(Sensitivity(method, policy, scenario, outcome, note=note))
                continue
            y = np.array(means, dtype=np.float64)
            if float(np.ptp(y)) == 0.0:
                out.append(
                    Sensitivity(
                        method,
                        policy,
                        scenario,
                        outcome,
                        note="the outcome is the same at every design point",
                    )
                )
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                if method == "sobol":
                    si = sobol.analyze(
                        problem,
                        y,
                        calc_second_order=False,
                        conf_level=CONFIDENCE,
                        seed=resolved.experiment.sampling.seed,
                    )
                    first = [
                        _index(n, float(si["S1"][i]), float(si["S1_conf"][i]))
                        for i, n in enumerate(names)
                    ]
                    total = [
                        _index(n, float(si["ST"][i]), float(si["ST_conf"][i]))
                        for i, n in enumerate(names)
                    ]
                    impossible = [
                        (kind, index)
                        for kind, indices in (("S1", first), ("ST", total))
                        for index in indices
                        if outside_unit_interval(index)
                    ]
                else:
                    si = morris.analyze(
                        problem,
                        resolved.unit,
                        y,
                        conf_level=CONFIDENCE,
                        num_levels=resolved.experiment.sampling.levels,
                        seed=resolved.experiment.sampling.seed,
                    )
                    first = [
                        _index(n, float(si["mu_star"][i]), float(si["mu_star_conf"][i]), 0.0)
                        for i, n in enumerate(names)
                    ]
                    total = [_index(n, float(si["sigma"][i]), None) for i, n in enumerate(names)]
                    impossible = []
            spread = float(np.std(y))
            out.append(
                Sensitivity(method, policy, scenario, outcome, first, total, "", spread, impossible)
            )
    return out


_CONDITION = re.compile(
    r"^\s*([A-Za-z0-9_.+-]+)\s*(>=|<=|>|<)\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*$"
)
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True)
class Condition:
    metric: str
    op: str
    threshold: float

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {self.threshold:g}"


def parse_condition(text: str, metrics: list[str]) -> Condition:
    found = _CONDITION.match(text)
    if found is None:
        raise UsageError(
            f"{text!r} is not a condition: write METRIC OP NUMBER, for instance "
            '"ever_wrongly_blacklisted_per_1000 > 2" (OP is >, >=, < or <=)',
            argument="--discover",
        )
    metric, op, value = found.groups()
    if metric not in metrics:
        close = difflib.get_close_matches(metric, metrics, n=1, cutoff=0.6)
        raise UsageError(
            f"{metric!r} is not a metric of this experiment"
            + (f" (did you mean {close[0]!r}?)" if close else ""),
            argument="--discover",
        )
    return Condition(metric, op, float(value))


@dataclass(frozen=True)
class Discovery:
    condition: Condition
    cases: int
    """Variants where the condition holds (on the mean over seeds)."""
    total: int
    boxes: list[Box]
    note: str = ""


def discover(results: Results, condition: Condition, *, max_boxes: int = 3) -> Discovery:
    resolved = results.resolved
    variants = [v for v in resolved.variants if not v.counterfactual]
    means = [results.estimate(v, condition.metric).mean for v in variants]
    kept = [(v, m) for v, m in zip(variants, means, strict=True) if m is not None]
    columns: dict[str, list[Any]] = {}
    for path in resolved.paths:
        raw = [v.values.get(path) for v, _ in kept]
        if all(isinstance(x, int | float) and not isinstance(x, bool) for x in raw):
            columns[path] = [float(x) for x in raw if isinstance(x, int | float)]
        else:
            columns[path] = [show_value(x) for x in raw]
    for name, labels in (
        ("policy", [v.policy.name for v, _ in kept]),
        ("scenario", [v.scenario.name for v, _ in kept]),
    ):
        if len(set(labels)) > 1:
            columns[name] = labels
    y = np.array([_OPERATORS[condition.op](m, condition.threshold) for _, m in kept], bool)
    cases = int(y.sum())
    if not kept or cases == 0 or cases == len(kept) or not columns:
        if not kept:
            note = f"{condition.metric} is undefined in every scoring variant"
        elif cases == 0:
            note = "no variant meets the condition"
        elif cases == len(kept):
            note = "every variant meets the condition"
        else:
            note = "nothing was varied to look for a region in"
        return Discovery(condition, cases, len(kept), [], note)
    inputs: dict[str, Column] = {
        name: np.array(values, dtype=object if isinstance(values[0], str) else np.float64)
        for name, values in columns.items()
    }
    return Discovery(condition, cases, len(kept), find_boxes(inputs, y, most=max_boxes))
