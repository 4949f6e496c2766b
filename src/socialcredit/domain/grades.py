"""Grades (named score bands) and the watch state, per citizen and vectorised."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.policy import Policy


def grade_of(policy: Policy, score: int) -> str:
    """The band with the highest `min_score` not above `score`; the lowest band below all."""
    for grade in policy.grades_descending:
        if score >= grade.min_score:
            return grade.name
    return policy.grades_descending[-1].name


def grade_index_many(policy: Policy, scores: npt.NDArray[np.integer]) -> npt.NDArray[np.int8]:
    """Index into `policy.grades_descending` for every score (0 is the best grade)."""
    bounds = np.array([g.min_score for g in reversed(policy.grades_descending)], dtype=np.int64)
    # bounds ascending; searchsorted counts bands passed; the lowest band takes everything below.
    passed = np.searchsorted(bounds, scores, side="right")
    n = len(bounds)
    return np.clip(n - passed, 0, n - 1).astype(np.int8)


def on_watch(policy: Policy, score: int) -> bool:
    return score < policy.watch.below
