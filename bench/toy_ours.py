"""The toy scoring model run by our simulator's scoring engine, `ScoreBook`.

Same model as `toy_mesa`: N citizens with propensity p ~ U(0, 1); each step every citizen does one
act, good (+1..+3) with probability p, else bad (-1..-5); a reporter sees each act with probability
0.10 and only seen acts count; scores start at 1,000; the count below 950 is kept every step.

The rulebook is a real `Policy`, parsed from YAML: eight behaviours `good_1..good_3` and
`bad_1..bad_5` in one category, expiring after 36,600 days (never within a run), no caps, all
reportable by collectors. Each step's seen acts go to `ScoreBook.add` in one call.

Each step draws numbers in the same scheme as the Mesa idiom it is set against, vectorised over
the citizens instead of one agent at a time:

- `documented`: three numbers per citizen, as Mesa's documented idiom draws them (good or bad,
  the points, whether the act is seen), for every citizen whether seen or not;
- `best`: whether each citizen's act is seen (one number per citizen), then good or bad and the
  points only for the seen ones (two numbers per seen act), as Mesa's cheapest-check-first idiom.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from bench.toy_mesa import Idiom
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.domain.scoring import PolicyArrays
from socialcredit.engine.model import LedgerPlan
from socialcredit.engine.scorebook import ScoreBook

BASE_SCORE = 1000
THRESHOLD = 950
REPORT_PROBABILITY = 0.10
GOOD = (1, 2, 3)
BAD = (1, 2, 3, 4, 5)
EXPIRY_DAYS = 36_600


def toy_policy_yaml() -> str:
    codes = [f"good_{k}" for k in GOOD] + [f"bad_{k}" for k in BAD]
    points = list(GOOD) + [-k for k in BAD]
    behaviours = "\n".join(
        f"  - {{code: {code}, category: conduct, points: {p}, expires_after_days: {EXPIRY_DAYS}}}"
        for code, p in zip(codes, points, strict=True)
    )
    return f"""\
name: toy
description: Benchmark toy model, +1..+3 good and -1..-5 bad acts, no caps, nothing expires.
base_score: {BASE_SCORE}
categories:
  conduct: {{description: Everything a citizen does.}}
behaviours:
{behaviours}
sources:
  collectors:
    enabled: true
    review_required: false
    behaviours: [{", ".join(codes)}]
grades:
  - {{name: A, min_score: 0}}
watch:
  below: {THRESHOLD}
lists:
  black:
    enter: {{score_below: {THRESHOLD}}}
    exit: {{score_at_least: {THRESHOLD + 50}}}
  red:
    enter: {{score_at_least: 1100}}
    exit: {{score_below: 1050}}
services:
  anything:
    default: allow
"""


def toy_policy() -> Policy:
    return parse_policy(toy_policy_yaml(), file="toy.yaml")


@dataclass
class OursRun:
    n: int
    steps: int
    seed: int
    idiom: Idiom
    setup_seconds: float
    seconds: float
    """Wall time of the `steps` steps (sampling, scoring and the count below 950)."""
    below_950: list[int]
    """After each step."""
    scores_at: dict[int, npt.NDArray[np.int64]]
    """Scores after the steps asked for in `snapshots` (and after the last step)."""

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.seconds


def run_ours(
    n: int, steps: int, seed: int, idiom: Idiom = "documented", snapshots: tuple[int, ...] = ()
) -> OursRun:
    t0 = time.perf_counter()
    policy = toy_policy()
    index = policy.behaviour_index
    good_ids = np.array([index[f"good_{k}"] for k in GOOD], dtype=np.int32)
    bad_ids = np.array([index[f"bad_{k}"] for k in BAD], dtype=np.int32)
    rng = np.random.default_rng(seed)
    propensity = rng.random(n)
    plan = LedgerPlan(PolicyArrays.of(policy), policy.base_score, False, date(2026, 1, 1))
    book = ScoreBook(plan, n, np.ones(n, dtype=np.bool_))
    below = np.zeros(steps, dtype=np.int64)
    wanted = set(snapshots)
    scores_at: dict[int, npt.NDArray[np.int64]] = {}
    everyone = np.arange(n, dtype=np.int64)
    t1 = time.perf_counter()
    for day in range(steps):
        book.begin_day(day)
        if idiom == "documented":
            good = rng.random(n) < propensity
            r = rng.integers(0, 15, size=n)
            seen = rng.random(n) < REPORT_PROBABILITY
            who, good, r = everyone[seen], good[seen], r[seen]
        else:
            who = np.flatnonzero(rng.random(n) < REPORT_PROBABILITY)
            good = rng.random(len(who)) < propensity[who]
            r = rng.integers(0, 15, size=len(who))
        # r uniform on 0..14: r % 3 is uniform on 0..2 (good +1..+3), r % 5 on 0..4 (bad -1..-5).
        behaviour = np.where(good, good_ids[r % 3], bad_ids[r % 5])
        book.add(day, who, behaviour)
        below[day] = np.count_nonzero(book.score < THRESHOLD)
        if day + 1 in wanted:
            scores_at[day + 1] = book.score.astype(np.int64)
    t2 = time.perf_counter()
    scores_at[steps] = book.score.astype(np.int64)
    return OursRun(n, steps, seed, idiom, t1 - t0, t2 - t1, below.tolist(), scores_at)
