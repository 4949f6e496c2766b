"""A fitted calibration's figures for its page, computed before the page is rendered: the report
renders what it is given and computes no statistics.

`digest` turns a `Fit` into a `Digest`: each published target with the model's posterior
predictive on its date and whether the figure lies within it, each free rate's posterior mean
and interval with the parameter sets' values, each quantity's posterior predictive on every day
the runs read it, the predictions on the requested dates, the effective sample size of each
round (and whether it is under `SMALL_ESS`), and the forecast skill on the held-out figures
against naive forecasts (`skill.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from socialcredit.calibration.emulator import Smoothing
from socialcredit.calibration.naive import Naive, naive_forecasts
from socialcredit.calibration.plan import Plan
from socialcredit.calibration.posterior import F64, Estimate, Fit
from socialcredit.calibration.quantities import READINGS
from socialcredit.calibration.skill import Judged, Skill, skill
from socialcredit.domain.calibration import FreeRate
from socialcredit.domain.published import Quantity, Target

SMALL_ESS = 50.0
"""Under this effective sample size the posterior rests on too few parameter sets to trust its
intervals, and the terminal and the page say so."""


@dataclass(frozen=True)
class Checked:
    """A published target against the model's posterior predictive on its date."""

    target: Target
    estimate: Estimate
    within: bool
    """The published figure lies within the 95% interval."""


@dataclass(frozen=True)
class RatePosterior:
    """A free rate after the fit."""

    rate: FreeRate
    estimate: Estimate
    """Posterior mean and central 95% interval, weighted over the parameter sets."""
    values: list[float]
    """The rate's value in each parameter set, in the order of `Digest.weights`."""


@dataclass(frozen=True)
class Point:
    """A quantity's posterior predictive on one day a run reads it."""

    day: int
    """Day of the run, from 0."""
    when: date
    estimate: Estimate


@dataclass(frozen=True)
class Round:
    parameter_sets: int
    ess: float
    """The effective sample size after the round."""


@dataclass(frozen=True)
class Digest:
    """Everything the calibration page shows, as figures."""

    plan: Plan
    parameter_sets: int
    rounds: list[Round]
    weights: F64
    """Normalised importance weights of the parameter sets."""
    fit: list[Checked]
    """The fitted targets, in the plan's order."""
    judge: list[Checked]
    """The held-out targets, in the plan's order."""
    rates: list[RatePosterior]
    """The free rates, in the plan's order."""
    quantities: list[str]
    """The quantities some target counts, in the order of `Quantity`."""
    series: dict[str, list[Point]]
    """Each of `quantities` on every day the runs read it."""
    predictions: dict[date, dict[str, Estimate]]
    """Each requested date → the posterior predictive of every quantity a run reads."""
    naive: dict[str, dict[Naive, float | None]]
    """Each held-out target's id → every naive forecast of it."""
    skill: list[Skill]
    """Forecast skill on the held-out figures (empty when the runs reach none)."""
    emulator: Smoothing | None = None
    """The smoothing regression's summary (`emulator.Process.summary`), if there was one."""

    @property
    def ess(self) -> float:
        """The effective sample size at the end."""
        return self.rounds[-1].ess

    @property
    def small_sample(self) -> bool:
        """The effective sample size is under `SMALL_ESS`."""
        return self.ess < SMALL_ESS


def digest(fit: Fit) -> Digest:
    """The page's figures from a fitted calibration."""
    plan = fit.plan
    used = _quantities(plan)
    judge = [_checked(fit, t) for t in plan.judge]
    naive = {t.id: naive_forecasts(plan.fit, t) for t in plan.judge}
    return Digest(
        plan=plan,
        parameter_sets=len(fit.draws),
        rounds=[Round(sum(d.round == r + 1 for d in fit.draws), e) for r, e in enumerate(fit.ess)],
        weights=fit.weights,
        fit=[_checked(fit, t) for t in plan.fit],
        judge=judge,
        rates=[
            RatePosterior(r, fit.rate(r.path), [float(d.values[r.path]) for d in fit.draws])
            for r in plan.space.rates
        ],
        quantities=used,
        series={q: _series(fit, q) for q in used},
        predictions={
            when: {q.value: fit.estimate(q.value, when) for q in READINGS} for when in plan.predict
        },
        naive=naive,
        skill=skill(judged(judge, naive)),
        emulator=fit.emulator,
    )


def judged(checked: list[Checked], naive: dict[str, dict[Naive, float | None]]) -> list[Judged]:
    """The held-out figures as skill measures them."""
    return [
        Judged(
            c.target.quantity.value,
            float(c.target.value),
            c.estimate.mean,
            c.estimate.low,
            c.estimate.high,
            naive[c.target.id],
        )
        for c in checked
    ]


def _quantities(plan: Plan) -> list[str]:
    used = {t.quantity.value for t in [*plan.fit, *plan.judge]}
    return [q.value for q in Quantity if q.value in used]


def _checked(fit: Fit, target: Target) -> Checked:
    est = fit.estimate(target.quantity.value, target.date)
    return Checked(target, est, est.holds(target.value))


def _series(fit: Fit, quantity: str) -> list[Point]:
    start = fit.plan.start
    points = []
    for day in fit.plan.days[quantity]:
        when = start + timedelta(days=day)
        points.append(Point(day, when, fit.estimate(quantity, when)))
    return points
