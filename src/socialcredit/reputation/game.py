"""Playing the reputation game: per-citizen rounds over independent replicates, and its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from socialcredit.reputation.norms import assessment_table
from socialcredit.reputation.scenario import ReputationScenario
from socialcredit.reputation.theory import (
    analytic_good_share,
    exact_good_share,
    expected_measurement,
)
from socialcredit.stats.intervals import Interval, interval

_SERIES_POINTS: Final = 200


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
    expected_good_share: float
    """The exact expectation of `good_share` for this run, start-up transient and burn-in
    included: the value the simulated mean should sit within sampling error of."""
    expected_cooperation_rate: float
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
            "expected_good_share": self.expected_good_share,
            "expected_cooperation_rate": self.expected_cooperation_rate,
            "series": [float(x) for x in self.series],
            "series_rounds": [int(x) for x in self.series_rounds],
        }


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
    table_flat = assessment_table(scenario.norm).ravel()
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
    expected_good, expected_coop = expected_measurement(
        scenario.norm,
        n,
        scenario.execution_error,
        scenario.assessment_error,
        scenario.rounds_per_citizen,
        scenario.burn_in,
    )
    series.flags.writeable = False
    sample_rounds.flags.writeable = False
    return ReputationResult(
        scenario=scenario,
        good_share=interval(list(totals.good_rounds / (measured * n))),
        cooperation_rate=interval(list(totals.helps / measured)),
        mean_payoff=interval(list(payoff_per_round)),
        analytic_good_share=analytic,
        analytic_cooperation_rate=analytic * (1.0 - scenario.execution_error),
        exact_good_share=exact_good,
        exact_cooperation_rate=exact_coop,
        expected_good_share=expected_good,
        expected_cooperation_rate=expected_coop,
        series=series,
        series_rounds=sample_rounds,
    )
