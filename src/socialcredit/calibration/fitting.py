"""Fitting the free rates: draw parameter sets, run each over the same seeds through the
engine's evaluator, weigh them by how well their counts meet the fit targets.

1. **Noise.** The scenario as written runs over `NOISE_SEEDS` extra seeds; the spread of each
   count over them is its dispersion (`likelihood.dispersion`), the run's own sampling noise.
2. **Rounds.** The first draws Sobol' points from the prior; each later one draws around the
   best-fitting parameter sets so far (`importance`). Every parameter set runs the same seeds
   (common random numbers), so two sets differ only by their rates, never by their luck.
3. **Weights.** Each set's log-likelihood of the fit targets (`likelihood`), smoothed across
   the sets to take out the luck of its runs (`emulator`), over the mixture of the rounds'
   proposals; the effective sample size says how many sets carry the posterior.

Each run goes into the journal as it finishes; a resumed calibration reads what is there (for
the same parameter set and seed) and runs the rest.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.calibration.importance import round_sizes, sample
from socialcredit.calibration.likelihood import dispersion, log_likelihood
from socialcredit.calibration.plan import SAMPLER_SEED, Plan
from socialcredit.calibration.posterior import Draw, Fit
from socialcredit.calibration.quantities import READINGS, Counts, Days
from socialcredit.calibration.store import Key, RunLog, Values
from socialcredit.domain.published import Quantity, Target
from socialcredit.engine import RunJob, RunResult, RunsDone, evaluate
from socialcredit.experiment.variants import Variant

F64 = npt.NDArray[np.float64]
Done = RunsDone
"""done(runs finished, runs in all); a run under way in this process counts in part."""
PILOT = "pilot"


def read(
    run: RunResult, quantity: Quantity, days: tuple[int, ...], start: date | None = None
) -> list[float]:
    """A quantity's counts on `days` of a run that began on `start` (see
    `quantities.READINGS`; a yearly reading needs the start)."""
    reading = READINGS[quantity]
    total = np.zeros(run.series.shape[0])
    for name in reading.series:
        total += run.column(name)
    if reading.window == "year":
        assert start is not None, "a yearly reading needs the run's start"
        running = np.concatenate([[0.0], np.cumsum(total)])
        return [float(running[d + 1] - running[max(0, d + 1 - year_days(start, d))]) for d in days]
    if reading.cumulative:
        total = np.cumsum(total)
    return [float(total[d]) for d in days]


def year_days(start: date, day: int) -> int:
    """The days of the year ending on `day` of a run from `start`: from the day after the same
    date a year before (365, or 366 across a 29 February)."""
    when = start + timedelta(days=day)
    # 29 February a year before does not exist: the year then ends on the 28th.
    last_year = when.replace(year=when.year - 1, day=min(when.day, 28 if when.month == 2 else 31))
    return (when - last_year).days


def measure(days: Days, start: date, run: RunResult) -> Counts:
    """One run's counts of every quantity on its days: the evaluator's measure (see
    `engine.evaluate`)."""
    return {q: read(run, Quantity(q), d, start) for q, d in days.items()}


class _Runner:
    """Runs parameter sets over seeds, through the journal."""

    def __init__(self, plan: Plan, log: RunLog, client: Any, done: Done | None) -> None:
        self.plan = plan
        self.log = log
        self.client = client
        self.done = done
        self.finished = log.read()
        self.measure = partial(measure, plan.days, plan.start)
        self.total = len(plan.noise_seeds) + plan.simulations * len(plan.seeds)
        self.count = 0
        self.runs = 0

    def run(self, sets: list[tuple[str, Values]], seeds: list[int]) -> dict[Key, Counts]:
        out: dict[Key, Counts] = {}
        jobs: list[RunJob[Variant]] = []
        for ident, values in sets:
            for seed in seeds:
                got = self.finished.get((ident, seed))
                if got is not None and got[0] == values:
                    out[ident, seed] = got[1]
                    self.count += 1
                else:
                    variant = self.plan.variant(ident, values)
                    jobs.append(RunJob(variant, variant.policy, variant.scenario, seed))
        before = self.count
        self._tick(before)
        for job, counts in evaluate(
            jobs, self.measure, client=self.client, progress=lambda ran, _: self._tick(before + ran)
        ):
            variant = job.key
            self.log.append(variant.id, job.seed, variant.values, counts)
            out[variant.id, job.seed] = counts
            self.count += 1
            self.runs += 1
        return out

    def _tick(self, finished: float) -> None:
        if self.done is not None:
            self.done(finished, self.total)


def calibrate(plan: Plan, log: RunLog, *, client: Any = None, done: Done | None = None) -> Fit:
    runner = _Runner(plan, log, client, done)
    pilot = runner.run([(PILOT, {})], plan.noise_seeds)
    spread = {
        q: dispersion(np.array([pilot[PILOT, s][q] for s in plan.noise_seeds])) for q in plan.days
    }
    means: list[dict[str, F64]] = []
    draws: list[Draw] = []

    def log_likelihood(unit: F64, round_: int) -> F64:
        new = [
            Draw(f"d{len(draws) + i}", round_, u, values)
            for i, (u, values) in enumerate(zip(unit, plan.space.values(unit), strict=True))
        ]
        got = runner.run([(x.ident, x.values) for x in new], plan.seeds)
        for x in new:
            seeds = [got[x.ident, s] for s in plan.seeds]
            means.append({q: np.mean([c[q] for c in seeds], axis=0) for q in plan.days})
        draws.extend(new)
        counts = {q: np.array([m[q] for m in means[-len(new) :]]) for q in plan.days}
        return target_log_likelihood(plan, plan.fit, counts, spread)

    sizes = round_sizes(plan.simulations, plan.rounds)
    result = sample(len(plan.space.rates), sizes, SAMPLER_SEED, log_likelihood)
    counts = {q: np.array([m[q] for m in means]) for q in plan.days}
    resumed = runner.count - runner.runs
    return Fit(
        plan,
        draws,
        counts,
        spread,
        result.log_likelihood,
        result.smoothed,
        result.weights,
        result.ess,
        runner.runs,
        resumed,
        None if result.emulator is None else result.emulator.summary(plan.space.paths),
    )


def target_log_likelihood(
    plan: Plan, targets: list[Target], counts: dict[str, F64], spread: dict[str, float]
) -> F64:
    """Each parameter set's log-likelihood of the targets (those of one quantity share the
    run's noise)."""
    days = plan.days
    quantities = [t.quantity.value for t in targets]
    columns = [
        (q, days[q].index(plan.day(t.date))) for q, t in zip(quantities, targets, strict=True)
    ]
    model = np.stack([counts[q][:, k] for q, k in columns], axis=1)
    published = np.array([t.value / plan.scale for t in targets])
    relative_sd = np.array([t.uncertainty.relative_sd for t in targets])
    noise = np.array([spread[q] for q in quantities])
    groups = np.array([list(days).index(q) for q in quantities], dtype=np.int64)
    return log_likelihood(model, published, relative_sd, noise, len(plan.seeds), groups)
