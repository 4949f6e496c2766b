"""Counting a day's standings without a pass per series.

Every decision and every list or grade count depends on a citizen's *standing*: their score band
(the bands cut at every grade, watch and service score threshold), whether each list holds and
whether it is in force, and their *kin class*: which rules reaching relatives (`applies_to`)
reach them through a relative's listing in force (`domain.collateral`). So a day is tallied by
one histogram over (group, observed standing, true standing), and each series of the catalogue
that depends on standings is a fixed linear map of that histogram. Decisions for each standing
come from `domain.decisions.decide_many` and `domain.collateral.collateral_many`, the same rules
the engine applies to a citizen.

Kin classes stay few: the reaches a policy uses, (relation, list) pairs, make at most 16
combinations, and combinations that give the same collateral effect at every service are one
class. A policy that reaches no relative has one class, and its standings are those of a town
without households. The true standing's kin class comes from the relatives' true listings, so
collateral effects are counted in both ledgers and compared exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from socialcredit.domain.catalogue import CATALOGUE, LISTS, Dimensions
from socialcredit.domain.collateral import Reach, collateral_many, reaches
from socialcredit.domain.decisions import EFFECT_CODE, decide_many
from socialcredit.domain.effects import Effect
from socialcredit.domain.grades import grade_index_many
from socialcredit.domain.policy import Policy
from socialcredit.engine.compiled import compiled

F64 = npt.NDArray[np.float64]

LIST_STATES = 3  # 0 not listed, 1 listed but within the notice period, 2 in force
PRIVILEGED = EFFECT_CODE[Effect.PRIVILEGED]
RESTRICTED = EFFECT_CODE[Effect.RESTRICTED]
DENY = EFFECT_CODE[Effect.DENY]


def band_thresholds(policy: Policy) -> npt.NDArray[np.int64]:
    cuts = {g.min_score for g in policy.grades} | {policy.watch.below}
    for service in policy.services.values():
        cuts |= {r.when.score_below for r in service.rules if r.when.score_below is not None}
    return np.array(sorted(cuts), dtype=np.int64)


@dataclass(frozen=True)
class Kin:
    """The kin classes of a policy: which reaches it uses, and what each class brings."""

    reaches: tuple[Reach, ...]
    classes: npt.NDArray[np.int64]
    """Per combination of reaches (bit p set: `reaches[p]` holds), its kin class."""
    effects: npt.NDArray[np.int8]
    """(class, service): the worst collateral effect code, -1 for none; class 0 has none."""

    @property
    def count(self) -> int:
        return len(self.effects)


def kin_of(policy: Policy) -> Kin:
    used = reaches(policy)
    combos = np.arange(2 ** len(used))
    reached = {r: (combos >> p) & 1 == 1 for p, r in enumerate(used)}
    per_combo = np.stack(
        [collateral_many(policy, name, reached, len(combos)) for name in policy.services], axis=1
    )
    # Combinations that act alike at every service are one class, numbered in order of first
    # appearance, so that no reach at all (combination 0) is class 0.
    _, first, inverse = np.unique(per_combo, axis=0, return_index=True, return_inverse=True)
    renumber = np.argsort(np.argsort(first))
    classes = renumber[inverse.reshape(-1)].astype(np.int64)
    return Kin(used, classes, per_combo[np.sort(first)])


@dataclass(frozen=True)
class Tally:
    groups: int
    columns: list[str]
    matrix: npt.NDArray[np.bool_]
    """(column, bin): whether a citizen in each histogram bin adds to each column."""
    thresholds: npt.NDArray[np.int64]
    lut: npt.NDArray[np.int16]
    lut_low: int
    harm_bits: npt.NDArray[np.uint64]
    """Per (observed standing, true standing): one bit per service (in policy order) set where
    the observed standing treats the citizen worse than the true one and is a detriment."""
    effects: npt.NDArray[np.int8]
    """(service, standing): the effect code each service gives a citizen of that standing, a
    relative's listing included."""
    kin: Kin
    collateral_bits: npt.NDArray[np.uint64]
    """Per (observed, true) standing pair: one bit per service where the observed detriment
    comes from a relative's listing alone (collateral)."""
    doubly_bits: npt.NDArray[np.uint64]
    """Per pair: one bit per service where that collateral detriment is doubly wrongful."""

    @cached_property
    def _band_code(self) -> npt.NDArray[np.int64]:
        """Per place in `lut`: the band's part of a standing's code."""
        out: npt.NDArray[np.int64] = self.lut.astype(np.int64) * (LIST_STATES * LIST_STATES)
        return out

    @property
    def base_states(self) -> int:
        """Standings without kin: score bands by list states."""
        return (len(self.thresholds) + 1) * LIST_STATES * LIST_STATES

    @property
    def states(self) -> int:
        return self.base_states * self.kin.count

    def band(self, score: npt.NDArray[np.int32]) -> npt.NDArray[np.int16]:
        out: npt.NDArray[np.int16] = self.lut[self._clipped(score)]
        return out

    def _clipped(self, score: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        """Each score's place in `lut` (scores beyond it count as its ends)."""
        clipped = np.clip(score, self.lut_low, self.lut_low + len(self.lut) - 1)
        clipped -= self.lut_low
        return clipped

    def standing(
        self,
        score: npt.NDArray[np.int32],
        black: npt.NDArray[np.int8],
        red: npt.NDArray[np.int8],
        kin: npt.NDArray[np.int64] | None = None,
    ) -> npt.NDArray[np.int64]:
        """Each citizen's standing; `kin` gives their kin classes (None: class 0, nobody is
        reached through a relative)."""
        # The band's part of the code read from a table, then the lists' part added.
        out = np.empty(len(score), dtype=np.int64)
        top = self.lut_low + len(self.lut) - 1
        _standing(score, black, red, self._band_code, self.lut_low, top, out)
        if kin is not None:
            out += kin * self.base_states
        return out

    def kin_class(self, standing: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The kin class of each standing."""
        out: npt.NDArray[np.int64] = standing // self.base_states
        return out

    def pairs(
        self,
        group: npt.NDArray[np.int8],
        observed: npt.NDArray[np.int64],
        true: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Each citizen's (observed, true) standing as one code, and the citizens per (group,
        observed standing, true standing) bin."""
        pairs = np.empty(len(observed), dtype=np.int64)
        hist = np.zeros(self.groups * self.states * self.states, dtype=np.int64)
        _pairs(group, observed, true, self.states, pairs, hist)
        return pairs, hist

    @cached_property
    def _by_bin(self) -> npt.NDArray[np.bool_]:
        """`matrix` by (bin, column): a bin's columns side by side."""
        out: npt.NDArray[np.bool_] = np.ascontiguousarray(self.matrix.T)
        return out

    def count(self, hist: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The day's value of every column, from its histogram (`pairs`): `matrix @ hist`. Each
        value is a sum of whole counts, exact in float64, so the same in any order."""
        out = np.zeros(len(self.matrix), dtype=np.float64)
        _count(self._by_bin, hist, out)
        return out


@compiled
def _standing(
    score: npt.NDArray[np.int32],
    black: npt.NDArray[np.int8],
    red: npt.NDArray[np.int8],
    band_code: npt.NDArray[np.int64],
    low: int,
    top: int,
    out: npt.NDArray[np.int64],
) -> None:
    """Each citizen's standing without kin: the band's code of their score (scores beyond the
    table count as its ends) plus their list states."""
    for i in range(len(score)):
        s = min(max(score[i], low), top)
        out[i] = band_code[s - low] + (black[i] * LIST_STATES + red[i])


@compiled
def _pairs(
    group: npt.NDArray[np.int8],
    observed: npt.NDArray[np.int64],
    true: npt.NDArray[np.int64],
    states: int,
    pairs: npt.NDArray[np.int64],
    hist: npt.NDArray[np.int64],
) -> None:
    """Each citizen's pair code, counted in its group's bin of `hist`."""
    s2 = states * states
    for i in range(len(observed)):
        pair = observed[i] * states + true[i]
        pairs[i] = pair
        hist[group[i] * s2 + pair] += 1


Collateral = tuple[
    npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]
]


def _collateral(
    own: dict[str, npt.NDArray[np.int8]],
    kin_effects: dict[str, npt.NDArray[np.int8]],
    obs: npt.NDArray[np.int64],
    tru: npt.NDArray[np.int64],
) -> dict[str, Collateral]:
    """Per service, over (observed, true) standings: collateral by the observed ledger, by the
    true one, wrongful, and doubly wrongful."""
    out: dict[str, Collateral] = {}
    for name, mine in own.items():
        rel = kin_effects[name]
        eff_obs = np.maximum(mine, rel)
        coll = (eff_obs[obs] >= RESTRICTED) & (rel[obs] > mine[obs])
        coll_true = (eff_obs[tru] >= RESTRICTED) & (rel[tru] > mine[tru])
        wrongful = coll & (eff_obs[obs] > eff_obs[tru])
        # Doubly wrongful: the relatives' observed listings reach further than their true ones.
        doubly = coll & (rel[obs] > rel[tru])
        out[name] = (coll, coll_true, wrongful, doubly)
    return out


def _service_bits(masks: list[npt.NDArray[np.bool_]], size: int) -> npt.NDArray[np.uint64]:
    out = np.zeros(size, dtype=np.uint64)
    for bit, mask in enumerate(masks):
        out[mask] |= np.uint64(1) << np.uint64(bit)
    return out


def build_tally(policy: Policy, dims: Dimensions) -> Tally:
    thresholds = band_thresholds(policy)
    nb = len(thresholds) + 1
    # A representative score per band: the band's lowest score (the lowest band: one below).
    reps = np.concatenate([[thresholds[0] - 1], thresholds]).astype(np.int64)
    low, high = int(thresholds[0]) - 1, int(thresholds[-1])
    lut = np.searchsorted(thresholds, np.arange(low, high + 1), side="right").astype(np.int16)
    kin = kin_of(policy)

    # Every standing, decoded.
    base = nb * LIST_STATES * LIST_STATES
    code = np.arange(base * kin.count)
    red_state = code % LIST_STATES
    black_state = (code // LIST_STATES) % LIST_STATES
    band = (code % base) // (LIST_STATES * LIST_STATES)
    kin_class = code // base
    score = reps[band]
    grade = grade_index_many(policy, score)
    own = {
        name: decide_many(policy, name, score, black_state == 2, red_state == 2)
        for name in policy.services
    }
    kin_effects = {name: kin.effects[kin_class, si] for si, name in enumerate(policy.services)}
    effects = {name: np.maximum(own[name], kin_effects[name]) for name in policy.services}
    watch = score < policy.watch.below

    s = len(code)
    groups = list(dims.groups)
    bins = np.arange(len(groups) * s * s)
    grp = bins // (s * s)
    obs = (bins // s) % s
    tru = bins % s
    rows: dict[str, npt.NDArray[np.bool_]] = {}
    for gi, gname in enumerate(dims.grades):
        rows[f"grade.{gname}"] = grade[obs] == gi
        rows[f"grade_true.{gname}"] = grade[tru] == gi
    rows["watch"] = watch[obs]
    rows["watch_true"] = watch[tru]
    states = {"black": black_state, "red": red_state}
    for lst in LISTS:
        state = states[lst]
        on, on_true = state[obs] > 0, state[tru] > 0
        rows[lst] = on
        rows[f"{lst}_in_force"] = state[obs] == 2
        rows[f"{lst}_true"] = on_true
        rows[f"{lst}_wrongful"] = on & ~on_true
        rows[f"{lst}_missed"] = ~on & on_true
        for gi, gname in enumerate(groups):
            rows[f"{lst}.{gname}"] = on & (grp == gi)
            rows[f"{lst}_wrongful.{gname}"] = on & ~on_true & (grp == gi)
    wrongly_anywhere = np.zeros(len(bins), dtype=np.bool_)
    for name, eff in effects.items():
        e_obs, e_true = eff[obs], eff[tru]
        harmed = e_obs >= RESTRICTED
        wrongly_anywhere |= harmed & (e_obs > e_true)
        rows[f"denied.{name}"] = e_obs == DENY
        rows[f"restricted.{name}"] = e_obs == RESTRICTED
        rows[f"privileged.{name}"] = e_obs == PRIVILEGED
        rows[f"denied_true.{name}"] = e_true == DENY
        rows[f"restricted_true.{name}"] = e_true == RESTRICTED
        rows[f"privileged_true.{name}"] = e_true == PRIVILEGED
        rows[f"denied_wrongful.{name}"] = (e_obs == DENY) & (e_true != DENY)
        rows[f"restricted_wrongful.{name}"] = (e_obs == RESTRICTED) & (e_true < RESTRICTED)
        rows[f"privileged_missed.{name}"] = (e_true == PRIVILEGED) & (e_obs != PRIVILEGED)
        for gi, gname in enumerate(groups):
            rows[f"harmed.{name}.{gname}"] = harmed & (grp == gi)
            rows[f"wrongly_harmed.{name}.{gname}"] = harmed & (e_obs > e_true) & (grp == gi)
    rows["wrongly_harmed"] = wrongly_anywhere
    collateral_anywhere = np.zeros(len(bins), dtype=np.bool_)
    for name, (coll, coll_true, wrongful, doubly) in _collateral(
        own, kin_effects, obs, tru
    ).items():
        collateral_anywhere |= coll
        rows[f"collateral.{name}"] = coll
        rows[f"collateral_true.{name}"] = coll_true
        rows[f"collateral_wrongful.{name}"] = wrongful
        rows[f"collateral_doubly_wrongful.{name}"] = doubly
        for gi, gname in enumerate(groups):
            rows[f"collateral.{name}.{gname}"] = coll & (grp == gi)
    rows["collateral"] = collateral_anywhere
    # Columns in the catalogue's order; a column the catalogue does not declare is a bug.
    declared = CATALOGUE.series_names(dims)
    undeclared = set(rows) - set(declared)
    if undeclared:  # pragma: no cover - held by the catalogue tests
        raise RuntimeError(f"the tally counts undeclared series: {sorted(undeclared)}")
    columns = [c for c in declared if c in rows]
    matrix = np.stack([rows[c] for c in columns])

    pair_obs, pair_true = np.arange(s * s) // s, np.arange(s * s) % s
    harm_bits = _service_bits(
        [(e[pair_obs] >= RESTRICTED) & (e[pair_obs] > e[pair_true]) for e in effects.values()],
        s * s,
    )
    by_pair = _collateral(own, kin_effects, pair_obs, pair_true).values()
    collateral_bits = _service_bits([c[0] for c in by_pair], s * s)
    doubly_bits = _service_bits([c[3] for c in by_pair], s * s)
    effect_codes = (
        np.stack(list(effects.values())).astype(np.int8)
        if effects
        else np.zeros((0, s), dtype=np.int8)
    )
    return Tally(
        len(groups),
        columns,
        matrix,
        thresholds,
        lut,
        low,
        harm_bits,
        effect_codes,
        kin,
        collateral_bits,
        doubly_bits,
    )


@compiled
def _count(by_bin: npt.NDArray[np.bool_], hist: npt.NDArray[np.int64], out: F64) -> None:
    """`out` += the citizens of each occupied bin of `hist` in every column it adds to (only a
    few bins are occupied on any day)."""
    for b in range(len(hist)):
        h = hist[b]
        if h != 0:
            for c in range(by_bin.shape[1]):
                if by_bin[b, c]:
                    out[c] += h
