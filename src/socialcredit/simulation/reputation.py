"""The indirect-reciprocity reputation game, checked against its known equilibria.

A social-credit system is, at its core, a public reputation that decides who gets helped. The
classic model of that (Nowak & Sigmund 1998; Ohtsuki & Iwasa 2004, 2006) has exact answers for
how many citizens stay in good standing under each assessment norm, so it doubles as a
calibration target: a simulation that cannot reproduce those answers should not be trusted with
anything richer.

Three views of the same model live here and are meant to agree:

* `run_reputation_game` - a per-citizen, per-round Monte Carlo over independent replicates;
* `exact_good_share` - the exact stationary mean of the finite population (a birth-death chain);
* `analytic_good_share` - the mean-field (infinite population) equilibrium.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ASSESSMENT_ORDER",
    "NORMS",
    "Interval",
    "ReputationResult",
    "ReputationScenario",
    "analytic_good_share",
    "exact_good_share",
    "run_reputation_game",
]

ASSESSMENT_ORDER: Final = ("GGC", "GGD", "GBC", "GBD", "BGC", "BGD", "BBC", "BBD")
"""How the letters of a norm in `NORMS` line up: donor's reputation, recipient's reputation,
action (C helped, D did not). Spelled out so a table can be read and checked by eye."""

NORMS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # donor/recipient:  GG  GB  BG  BB   (each pair: verdict after C, after D)
        "L1": "GB GG GB GB",
        "L2": "GB BG GB GB",  # consistent standing
        "L3": "GB GG GB GG",  # simple standing
        "L4": "GB GG GB BG",
        "L5": "GB BG GB GG",
        "L6": "GB BG GB BG",  # stern judging
        "L7": "GB GG GB BB",  # staying
        "L8": "GB BG GB BB",  # judging
        "image-scoring": "GB GB GB GB",
    }
)
"""Assessment norms d(donor, recipient, action) -> new reputation of the donor, as eight letters
in `ASSESSMENT_ORDER` (blanks only group them by donor and recipient).

L1..L8 are the "leading eight" of Ohtsuki & Iwasa (2004, J. Theor. Biol. 231:107-120; 2006,
J. Theor. Biol. 239:435-444): the only norms (with their action rules) that keep cooperation
evolutionarily stable under public reputations. They agree on d(G,G,C)=G, d(G,G,D)=B,
d(G,B,D)=G, d(B,G,C)=G and d(B,G,D)=B, and differ only in d(G,B,C), d(B,B,C) and d(B,B,D).
Image scoring (Nowak & Sigmund 1998) is first-order: helping is Good, refusing is Bad,
whoever the recipient.

Under the discriminator action rule used here nobody intends to help a Bad recipient, so the
d(., B, C) entries are never consulted, and the leading eight fall into two behaviourally
identical classes that differ only by d(B,B,D): G for L3-L6, B for L1, L2, L7, L8.
"""

_SERIES_POINTS: Final = 200
_CONFIDENCE: Final = 0.95


def _norm_names() -> str:
    return ", ".join(NORMS)


@cache
def _table(norm: str) -> NDArray[np.bool_]:
    """The norm as a boolean array indexed [donor Good, recipient Good, helped] (1 = G / C).

    Indexing by the booleans themselves lets the simulation look assessments up without
    branching on the eight cases.
    """
    if norm not in NORMS:
        raise ValueError(f"unknown norm {norm!r}; valid norms are {_norm_names()}")
    table = np.zeros((2, 2, 2), dtype=np.bool_)
    for key, verdict in zip(ASSESSMENT_ORDER, NORMS[norm].replace(" ", ""), strict=True):
        table[int(key[0] == "G"), int(key[1] == "G"), int(key[2] == "C")] = verdict == "G"
    table.flags.writeable = False
    return table


class ReputationScenario(BaseModel):
    """One run of the reputation game, as a shipped or user-written YAML document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["reputation-game"]
    name: str = Field(min_length=1, max_length=64)
    norm: str
    citizens: int = Field(ge=2, le=1_000_000)
    replicates: int = Field(ge=2, le=100_000)
    """At least two, because the interval is computed from the spread between replicates."""
    rounds_per_citizen: int = Field(ge=1, le=1_000_000)
    """Rounds divided by citizens: each citizen acts as donor this often on average."""
    burn_in: float = Field(ge=0.0, lt=1.0)
    """Share of the rounds discarded before averaging, so the all-Good start does not bias."""
    execution_error: float = Field(ge=0.0, le=0.5)
    assessment_error: float = Field(ge=0.0, lt=0.5)
    """Below one half: at one half every verdict is a coin toss and the norm means nothing."""
    benefit: float = Field(allow_inf_nan=False)
    cost: float = Field(ge=0.0, allow_inf_nan=False)

    @field_validator("norm")
    @classmethod
    def _known_norm(cls, value: str) -> str:
        if value not in NORMS:
            raise ValueError(f"unknown norm {value!r}; valid norms are {_norm_names()}")
        return value

    @model_validator(mode="after")
    def _helping_pays(self) -> ReputationScenario:
        if not self.benefit > self.cost:
            raise ValueError(
                f"benefit ({self.benefit:g}) must exceed cost ({self.cost:g}), "
                "otherwise there is no social dilemma to study"
            )
        return self


@dataclass(frozen=True)
class Interval:
    """A replicate mean with its 95% interval, so a reader never sees a bare point estimate."""

    mean: float
    low: float
    high: float

    def to_json(self) -> dict[str, float]:
        return {"mean": self.mean, "low": self.low, "high": self.high}


@dataclass(frozen=True, eq=False)
class ReputationResult:
    """The simulated long-run values next to the two analytic references they should match.

    Equality is identity (``eq=False``): the series is an array, for which ``==`` has no single
    truth value; compare `to_json()` outputs instead.
    """

    scenario: ReputationScenario
    good_share: Interval
    """Time average of the share of Good citizens after burn-in."""
    cooperation_rate: Interval
    """Share of post-burn-in rounds in which the donor actually helped."""
    mean_payoff: Interval
    """Payoff per citizen per round (one round = one donor-recipient encounter) after burn-in;
    multiply by `citizens` for the payoff per citizen per generation of N rounds."""
    analytic_good_share: float
    analytic_cooperation_rate: float
    exact_good_share: float
    exact_cooperation_rate: float
    series: NDArray[np.float64]
    """Share of Good citizens, averaged over replicates, after the rounds in `series_rounds`."""
    series_rounds: NDArray[np.int64]

    def to_json(self) -> dict[str, Any]:
        """Plain types only, so the result can go straight into a report or a JSON file."""
        return {
            "scenario": self.scenario.model_dump(mode="json"),
            "good_share": self.good_share.to_json(),
            "cooperation_rate": self.cooperation_rate.to_json(),
            "mean_payoff": self.mean_payoff.to_json(),
            "analytic_good_share": self.analytic_good_share,
            "analytic_cooperation_rate": self.analytic_cooperation_rate,
            "exact_good_share": self.exact_good_share,
            "exact_cooperation_rate": self.exact_cooperation_rate,
            "series": [float(x) for x in self.series],
            "series_rounds": [int(x) for x in self.series_rounds],
        }


# --------------------------------------------------------------------------------------------
# Analytic references
# --------------------------------------------------------------------------------------------


def _check_errors(execution_error: float, assessment_error: float) -> None:
    if not 0.0 <= execution_error <= 0.5:
        raise ValueError(f"execution_error must be in [0, 0.5], got {execution_error!r}")
    if not 0.0 <= assessment_error < 0.5:
        raise ValueError(f"assessment_error must be in [0, 0.5), got {assessment_error!r}")


def _good_verdict_chances(table: NDArray[np.bool_], execution_error: float) -> tuple[float, ...]:
    """(a_G, b_G, a_B, b_B): chance of a Good verdict before assessment error, for a Good (G) or
    Bad (B) donor meeting a Good (a) or Bad (b) recipient.

    A Good recipient is helped unless execution fails; a Bad one is refused (discriminator).
    Everything the analytic views need reduces to these four numbers.
    """
    e = execution_error
    out: list[float] = []
    for donor in (1, 0):
        meets_good = (1.0 - e) * float(table[donor, 1, 1]) + e * float(table[donor, 1, 0])
        meets_bad = float(table[donor, 0, 0])
        out += [meets_good, meets_bad]
    return tuple(out)


def analytic_good_share(norm: str, execution_error: float, assessment_error: float) -> float:
    """Mean-field equilibrium share of Good citizens, g*, in an infinite population.

    g* is the largest root in [0, 1] of g = mu + (1 - 2 mu) q(g), where q(g) is the chance of
    a Good verdict when donor and recipient are Good with probability g each. The largest root
    is the one the all-Good start flows to: g' = F(g) - g is negative above it, so the
    one-dimensional dynamics descend from g = 1 and stop there. q is at most quadratic in g,
    so the roots come in closed form. When every g is a fixed point (image scoring without any
    error) nothing ever moves the all-Good start, so the answer is 1.
    """
    _check_errors(execution_error, assessment_error)
    a_g, b_g, a_b, b_b = _good_verdict_chances(_table(norm), execution_error)
    mu = assessment_error
    # q(g) = g (g a_G + (1-g) b_G) + (1-g) (g a_B + (1-g) b_B) = c2 g^2 + c1 g + c0
    c2 = a_g - b_g - a_b + b_b
    c1 = b_g + a_b - 2.0 * b_b
    c0 = b_b
    quad = (1.0 - 2.0 * mu) * c2
    lin = (1.0 - 2.0 * mu) * c1 - 1.0
    const = mu + (1.0 - 2.0 * mu) * c0
    tol = 1e-12
    if abs(quad) < tol:
        if abs(lin) < tol:
            return 1.0
        roots = [-const / lin]
    else:
        disc = lin * lin - 4.0 * quad * const
        disc = max(disc, 0.0)  # F(0) >= 0 >= F(1) - 1 guarantees a real root; clip rounding
        # Numerically stable form: no cancellation between -lin and the square root.
        half = -0.5 * (lin + math.copysign(math.sqrt(disc), lin))
        roots = [half / quad] + ([const / half] if half != 0.0 else [])
    inside = [min(max(r, 0.0), 1.0) for r in roots if -1e-9 <= r <= 1.0 + 1e-9]
    if not inside:  # pragma: no cover - excluded by the intermediate value theorem
        raise ArithmeticError(f"no equilibrium in [0, 1] for {norm} (roots {roots})")
    return max(inside)


def exact_good_share(
    norm: str, citizens: int, execution_error: float, assessment_error: float
) -> tuple[float, float]:
    """Exact long-run (share of Good, cooperation rate) of a finite population.

    Citizens are exchangeable and one donor is reassessed per round, so the number k of Good
    citizens is a birth-death chain: it can only move by one. Its stationary distribution
    follows from detailed balance, pi(k+1)/pi(k) = up(k)/down(k+1), computed in logs to stay
    finite for thousands of citizens. The recipient is drawn from the other N - 1 citizens,
    which is why a Good donor sees a Good recipient with chance (k-1)/(N-1), not k/N; that
    self-exclusion is one of the O(1/N) effects the mean-field value ignores.

    Without assessment error the chain may have absorbing states; the answer is then the
    stationary law of the class that the all-Good start ends in, as in the simulation.
    The recipient is uniform over everyone but the donor, so it is Good with chance k/N and
    the cooperation rate is exactly (1 - e) times the mean share of Good.
    """
    _check_errors(execution_error, assessment_error)
    if citizens < 2:
        raise ValueError(f"citizens must be at least 2, got {citizens}")
    a_g, b_g, a_b, b_b = _good_verdict_chances(_table(norm), execution_error)
    n = citizens
    mu = assessment_error
    k = np.arange(n + 1, dtype=np.float64)
    p_good_for_good_donor = np.clip((k - 1.0) / (n - 1), 0.0, 1.0)
    p_good_for_bad_donor = np.clip(k / (n - 1), 0.0, 1.0)
    s_good = p_good_for_good_donor * a_g + (1.0 - p_good_for_good_donor) * b_g
    s_bad = p_good_for_bad_donor * a_b + (1.0 - p_good_for_bad_donor) * b_b
    up = (n - k) / n * (mu + (1.0 - 2.0 * mu) * s_bad)  # a Bad donor is judged Good
    down = k / n * (1.0 - mu - (1.0 - 2.0 * mu) * s_good)  # a Good donor is judged Bad
    up = np.maximum(up, 0.0)
    down = np.maximum(down, 0.0)

    # The class the all-Good start ends in: go down from N while a step down is possible,
    # then up from there while a step up is possible.
    low = n
    while low > 0 and down[low] > 0.0:
        low -= 1
    high = low
    while high < n and up[high] > 0.0:
        high += 1
    states = np.arange(low, high + 1)
    log_ratio = np.log(up[low:high]) - np.log(down[low + 1 : high + 1])
    log_pi = np.concatenate(([0.0], np.cumsum(log_ratio)))
    weights = np.exp(log_pi - log_pi.max())
    weights /= weights.sum()
    good = float(np.dot(weights, states) / n)
    return good, good * (1.0 - execution_error)


# --------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _t_quantile(probability: float, dof: int) -> float:
    """Student-t quantile by bisection on the numerically integrated density.

    numpy has no t distribution and scipy is not a dependency; with few replicates the normal
    quantile would make the intervals visibly too narrow (12.7 vs 1.96 at two replicates).
    Simpson's rule on 4096 panels is accurate to far better than the 1e-6 bisection tolerance.
    """
    if dof < 1:
        raise ValueError(f"degrees of freedom must be at least 1, got {dof}")
    log_norm = math.lgamma((dof + 1) / 2) - math.lgamma(dof / 2) - 0.5 * math.log(dof * math.pi)

    def mass_from_zero(x: float) -> float:
        grid = np.linspace(0.0, x, 4097)
        dens = np.exp(log_norm - (dof + 1) / 2 * np.log1p(grid * grid / dof))
        step = x / 4096
        return float(
            step / 3 * (dens[0] + dens[-1] + 4 * dens[1:-1:2].sum() + 2 * dens[2:-1:2].sum())
        )

    target = probability - 0.5
    lo, hi = 0.0, 2.0
    while mass_from_zero(hi) < target:
        hi *= 2.0
    while hi - lo > 1e-7:
        mid = 0.5 * (lo + hi)
        if mass_from_zero(mid) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _interval(per_replicate: NDArray[np.float64]) -> Interval:
    """Mean and t interval over replicates: the replicates are independent, the rounds within
    one replicate are not, so only the spread between replicates is a fair error estimate."""
    count = per_replicate.size
    mean = float(per_replicate.mean())
    spread = float(per_replicate.std(ddof=1)) / math.sqrt(count)
    half = _t_quantile(0.5 + _CONFIDENCE / 2, count - 1) * spread
    return Interval(mean=mean, low=mean - half, high=mean + half)


# --------------------------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------------------------


def _block_length(citizens: int) -> int:
    """Rounds processed together. A function of N only, so a seed fixes the whole run.

    A quarter of N keeps the chains of within-block dependencies (a round reading a reputation
    written earlier in the same block) short, so the fixed-point sweep below converges in a
    handful of passes, while the blocks stay long enough to amortise Python's per-call cost.
    """
    return max(1, citizens // 4)


@dataclass
class _Totals:
    good_rounds: NDArray[np.float64]
    helps: NDArray[np.float64]
    payoff: NDArray[np.float64]


def _play_block(
    reputation: NDArray[np.bool_],
    good_count: NDArray[np.int64],
    length: int,
    table_flat: NDArray[np.bool_],
    execution_error: float,
    assessment_error: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
    """Play `length` consecutive rounds in every replicate, exactly as if one at a time.

    Each round reads the donor's and the recipient's reputations as left by the previous round.
    Within a block those reads may point at a reputation written by an earlier round of the
    same block; the writer of each read is found by sorting, and the verdicts are then solved
    as a fixed point: start from the reputations at the block's start, recompute every round
    from the current guesses, repeat until nothing changes. Each round depends only on earlier
    rounds, so the system has exactly one fixed point, the sequential one, and sweep i gets
    every round of dependency depth below i right: the loop ends after at most depth + 1
    sweeps. Most reads see an unchanged reputation, so in practice a block of N/4 rounds
    takes about two sweeps on average.

    Updates `reputation` and `good_count` in place and returns, per round and replicate, the
    donor, the recipient, whether help was given, and the number of Good citizens after it.
    """
    replicates, citizens = reputation.shape
    shape = (length, replicates)
    donors = rng.integers(0, citizens, size=shape, dtype=np.int64)
    recipients = rng.integers(0, citizens - 1, size=shape, dtype=np.int64)
    recipients += recipients >= donors  # uniform over everyone but the donor
    slips = rng.random(shape) < execution_error
    flips = rng.random(shape) < assessment_error

    row = np.broadcast_to(np.arange(replicates, dtype=np.int64), shape)
    rounds = np.broadcast_to(np.arange(length, dtype=np.int64)[:, None], shape)
    # Writes are keyed by (replicate, citizen) then time; a read at time t of citizen j sees
    # the latest write to j strictly before t, if any.
    write_code = ((row * citizens + donors) * length + rounds).ravel()
    order = np.argsort(write_code, kind="stable")
    sorted_code = write_code[order]
    sorted_key = sorted_code // length

    def previous_write(citizen: NDArray[np.int64]) -> NDArray[np.int64]:
        key = (row * citizens + citizen).ravel()
        pos = np.searchsorted(sorted_code, key * length + rounds.ravel(), side="left") - 1
        found = (pos >= 0) & (sorted_key[np.maximum(pos, 0)] == key)
        return np.where(found, order[np.maximum(pos, 0)], -1)

    donor_writer = previous_write(donors)
    recipient_writer = previous_write(recipients)
    donor_start = reputation[row, donors].ravel()
    recipient_start = reputation[row, recipients].ravel()
    has_donor_writer = donor_writer >= 0
    has_recipient_writer = recipient_writer >= 0
    donor_writer_idx = np.maximum(donor_writer, 0)
    recipient_writer_idx = np.maximum(recipient_writer, 0)
    slips_flat = slips.ravel()
    flips_flat = flips.ravel()

    def verdicts(
        donor_rep: NDArray[np.bool_], recipient_rep: NDArray[np.bool_]
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        helped = recipient_rep & ~slips_flat  # discriminator: help exactly the Good
        index = 4 * donor_rep.astype(np.intp) + 2 * recipient_rep.astype(np.intp) + helped
        return table_flat[index] ^ flips_flat, helped

    donor_rep, recipient_rep = donor_start, recipient_start
    new_rep, helped = verdicts(donor_rep, recipient_rep)
    for _ in range(length + 1):
        donor_rep = np.where(has_donor_writer, new_rep[donor_writer_idx], donor_start)
        recipient_rep = np.where(
            has_recipient_writer, new_rep[recipient_writer_idx], recipient_start
        )
        again, helped = verdicts(donor_rep, recipient_rep)
        if np.array_equal(again, new_rep):
            break
        new_rep = again
    else:  # pragma: no cover - a dependency chain cannot be longer than the block
        raise RuntimeError("reputation updates did not settle within a block")

    # Only each citizen's last write in the block survives it.
    last = np.ones(sorted_key.size, dtype=np.bool_)
    last[:-1] = sorted_key[1:] != sorted_key[:-1]
    survivors = order[last]
    reputation[row.ravel()[survivors], donors.ravel()[survivors]] = new_rep[survivors]

    change = new_rep.astype(np.int64) - donor_rep.astype(np.int64)
    counts = good_count + np.cumsum(change.reshape(shape), axis=0)
    good_count[:] = counts[-1]
    return donors, recipients, helped.reshape(shape), counts


def run_reputation_game(
    scenario: ReputationScenario,
    rng: np.random.Generator | int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReputationResult:
    """Simulate the scenario and set the result beside its exact and mean-field values.

    Every citizen has an explicit public reputation and every round an explicit donor and
    recipient, in `replicates` independent populations side by side (arrays of shape
    (replicates, citizens)), so the same code can later carry per-citizen features the
    analytic models cannot. All randomness comes from one `numpy.random.Generator`: the same
    seed gives the same result, bit for bit. `progress(done, total)` counts rounds per
    replicate and is called about a hundred times.
    """
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    n = scenario.citizens
    replicates = scenario.replicates
    total = n * scenario.rounds_per_citizen
    burn = min(int(scenario.burn_in * total), total - 1)
    measured = total - burn
    table_flat = _table(scenario.norm).ravel()
    block = _block_length(n)

    reputation = np.ones((replicates, n), dtype=np.bool_)  # everyone starts Good
    good_count = np.full(replicates, n, dtype=np.int64)
    totals = _Totals(
        good_rounds=np.zeros(replicates),
        helps=np.zeros(replicates),
        payoff=np.zeros(replicates * n),
    )
    sample_rounds = np.unique(np.rint(np.linspace(0, total, _SERIES_POINTS)).astype(np.int64))
    series = np.empty(sample_rounds.size, dtype=np.float64)
    series[sample_rounds == 0] = 1.0
    report_every = max(1, total // 100)
    next_report = 0

    done = 0
    while done < total:
        length = min(block, total - done)
        donors, recipients, helped, counts = _play_block(
            reputation,
            good_count,
            length,
            table_flat,
            scenario.execution_error,
            scenario.assessment_error,
            generator,
        )
        # Round numbers after which each row of `counts` is observed: done+1 .. done+length.
        first_kept = max(burn - done, 0)
        if first_kept < length:
            kept = slice(first_kept, length)
            totals.good_rounds += counts[kept].sum(axis=0)
            helps = helped[kept]
            totals.helps += helps.sum(axis=0)
            row = np.broadcast_to(np.arange(replicates, dtype=np.int64) * n, helps.shape)
            gain = helps.astype(np.float64)
            totals.payoff += np.bincount(
                (row + recipients[kept]).ravel(),
                weights=scenario.benefit * gain.ravel(),
                minlength=replicates * n,
            ) - np.bincount(
                (row + donors[kept]).ravel(),
                weights=scenario.cost * gain.ravel(),
                minlength=replicates * n,
            )
        inside = (sample_rounds > done) & (sample_rounds <= done + length)
        if inside.any():
            series[inside] = counts[sample_rounds[inside] - done - 1].mean(axis=1) / n
        done += length
        if progress is not None and (done >= next_report or done == total):
            progress(done, total)
            next_report = done + report_every

    payoff_per_round = totals.payoff.reshape(replicates, n).mean(axis=1) / measured
    analytic = analytic_good_share(
        scenario.norm, scenario.execution_error, scenario.assessment_error
    )
    exact_good, exact_coop = exact_good_share(
        scenario.norm, n, scenario.execution_error, scenario.assessment_error
    )
    series.flags.writeable = False
    sample_rounds.flags.writeable = False
    return ReputationResult(
        scenario=scenario,
        good_share=_interval(totals.good_rounds / (measured * n)),
        cooperation_rate=_interval(totals.helps / measured),
        mean_payoff=_interval(payoff_per_round),
        analytic_good_share=analytic,
        analytic_cooperation_rate=analytic * (1.0 - scenario.execution_error),
        exact_good_share=exact_good,
        exact_cooperation_rate=exact_coop,
        series=series,
        series_rounds=sample_rounds,
    )
