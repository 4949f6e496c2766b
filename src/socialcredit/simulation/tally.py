"""Counting a day's outcomes without a pass per metric.

Every decision and every list or grade count depends on a citizen's *standing*: their score band
(the bands cut at every grade, watch and service score threshold), whether each list holds and
whether it is in force. So a day is tallied by one histogram over (group, observed standing, true
standing), and each metric is a fixed linear map of that histogram. Decisions for each standing
come from `domain.decisions.decide_many`, the same rules the engine applies to a citizen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.decisions import EFFECT_CODE, decide_many
from socialcredit.domain.grades import grade_index_many
from socialcredit.domain.policy import Effect, Policy

LIST_STATES = 3  # 0 not listed, 1 listed but within the notice period, 2 in force
DENY = EFFECT_CODE[Effect.DENY]
CONDITIONAL = EFFECT_CODE[Effect.CONDITIONAL]


def band_thresholds(policy: Policy) -> npt.NDArray[np.int64]:
    cuts = {g.min_score for g in policy.grades} | {policy.watch.below}
    for service in policy.services.values():
        cuts |= {r.when.score_below for r in service.rules if r.when.score_below is not None}
    return np.array(sorted(cuts), dtype=np.int64)


@dataclass(frozen=True)
class Tally:
    policy: Policy
    groups: list[str]
    metrics: list[str]
    matrix: npt.NDArray[np.float64]
    """(metric, bin): how much a citizen in each histogram bin adds to each metric."""
    thresholds: npt.NDArray[np.int64]
    lut: npt.NDArray[np.int16]
    lut_low: int
    effects: dict[str, npt.NDArray[np.int8]]
    """Per service, the effect code of every standing."""

    @property
    def states(self) -> int:
        return (len(self.thresholds) + 1) * LIST_STATES * LIST_STATES

    def band(self, score: npt.NDArray[np.int32]) -> npt.NDArray[np.int16]:
        clipped = np.clip(score, self.lut_low, self.lut_low + len(self.lut) - 1) - self.lut_low
        return self.lut[clipped]

    def standing(
        self, score: npt.NDArray[np.int32], black: npt.NDArray[np.int8], red: npt.NDArray[np.int8]
    ) -> npt.NDArray[np.int64]:
        return (self.band(score).astype(np.int64) * LIST_STATES + black) * LIST_STATES + red

    def count(
        self,
        group: npt.NDArray[np.int8],
        observed: npt.NDArray[np.int64],
        true: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.float64]:
        s = self.states
        bins = (group.astype(np.int64) * s + observed) * s + true
        hist = np.bincount(bins, minlength=len(self.groups) * s * s)
        # Only a few standings are occupied on any day: multiply by those columns alone.
        occupied = np.flatnonzero(hist)
        out: npt.NDArray[np.float64] = self.matrix[:, occupied] @ hist[occupied].astype(np.float64)
        return out


def build_tally(policy: Policy, groups: list[str]) -> Tally:
    thresholds = band_thresholds(policy)
    nb = len(thresholds) + 1
    # A representative score per band: the band's lowest score (the lowest band: one below).
    reps = np.concatenate([[thresholds[0] - 1], thresholds]).astype(np.int64)
    low, high = int(thresholds[0]) - 1, int(thresholds[-1])
    lut = np.searchsorted(thresholds, np.arange(low, high + 1), side="right").astype(np.int16)

    # Every standing, decoded.
    code = np.arange(nb * LIST_STATES * LIST_STATES)
    red_state = code % LIST_STATES
    black_state = (code // LIST_STATES) % LIST_STATES
    band = code // (LIST_STATES * LIST_STATES)
    score = reps[band]
    grade = grade_index_many(policy, score)
    effects = {
        name: decide_many(policy, name, score, black_state == 2, red_state == 2)
        for name in policy.services
    }
    watch = score < policy.watch.below

    s = len(code)
    g_n = len(groups)
    bins = np.arange(g_n * s * s)
    grp = bins // (s * s)
    obs = (bins // s) % s
    tru = bins % s
    rows: dict[str, npt.NDArray[np.bool_]] = {}
    names = [gr.name for gr in policy.grades_descending]
    for gi, gname in enumerate(names):
        rows[f"grade:{gname}"] = grade[obs] == gi
        rows[f"grade_true:{gname}"] = grade[tru] == gi
    rows["watch"] = watch[obs]
    rows["watch_true"] = watch[tru]
    for lst, state in (("black", black_state), ("red", red_state)):
        on, on_true = state[obs] > 0, state[tru] > 0
        rows[lst] = on
        rows[f"{lst}_in_force"] = state[obs] == 2
        rows[f"{lst}_true"] = on_true
        rows[f"{lst}_wrongful"] = on & ~on_true
        rows[f"{lst}_missed"] = ~on & on_true
        for gi, gname in enumerate(groups):
            rows[f"{lst}:{gname}"] = on & (grp == gi)
            rows[f"{lst}_wrongful:{gname}"] = on & ~on_true & (grp == gi)
    for name, eff in effects.items():
        deny, deny_true = eff[obs] == DENY, eff[tru] == DENY
        rows[f"deny:{name}"] = deny
        rows[f"conditional:{name}"] = eff[obs] == CONDITIONAL
        rows[f"deny_true:{name}"] = deny_true
        rows[f"deny_wrongful:{name}"] = deny & ~deny_true
        rows[f"restricted_wrongful:{name}"] = eff[obs] > eff[tru]
        for gi, gname in enumerate(groups):
            rows[f"deny:{name}:{gname}"] = deny & (grp == gi)
            rows[f"deny_wrongful:{name}:{gname}"] = deny & ~deny_true & (grp == gi)
    metrics = list(rows)
    matrix = np.stack([rows[m] for m in metrics]).astype(np.float64)
    return Tally(policy, groups, metrics, matrix, thresholds, lut, low, effects)
