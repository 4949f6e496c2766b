"""The calibration report: the fit against every published target over time, the posterior of
each free rate, the predictions against the held-out figures, and how it was done. One
self-contained page, like the other reports.
"""

from __future__ import annotations

from socialcredit.calibration.plan import Plan
from socialcredit.calibration.posterior import Estimate, Fit
from socialcredit.domain.published import Quantity, Target
from socialcredit.report.calibration.charts import (
    fit_figure,
    posterior_figure,
    prediction_figure,
    quantity_label,
)
from socialcredit.report.kit.page import Page, Section, page, with_note
from socialcredit.report.kit.text import esc, plural


def national(x: float) -> str:
    """A national figure: millions with two decimals, else the whole number."""
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f} million"
    return f"{x:,.0f}"


def estimate_text(est: Estimate) -> str:
    return f"{national(est.mean)} ({national(est.low)}\u2013{national(est.high)})"


def rate_text(x: float) -> str:
    return f"{x:.4g}"


def render_calibration(fit: Fit, *, command: str) -> str:
    plan = fit.plan
    p = Page()
    fit_within = sum(fit.estimate(t.quantity.value, t.date).holds(t.value) for t in plan.fit)
    judge_within = sum(fit.estimate(t.quantity.value, t.date).holds(t.value) for t in plan.judge)
    lead = (
        f'<p class="lead headline" id="headline">{fit_within} of {len(plan.fit)} fitted '
        f"published figures and {judge_within} of {len(plan.judge)} held-out ones lie within "
        "the model's 95% posterior predictive interval; "
        f"{plural(len(fit.draws), 'parameter set')}, effective sample size "
        f"{fit.ess[-1]:.1f}.</p>"
        f'<p class="lead">Scenario {esc(plan.scenario.name)} under policy '
        f"{esc(plan.policy.name)}, {plan.scenario.population.citizens:,} synthetic citizens "
        f"from {plan.start} for {plan.scenario.population.days:,} days, each count scaled by "
        f"{plan.scale:,.0f} to national figures, fitted to {esc(plan.record.name)} up to "
        f"{plan.record.fit_until}. Command: <code>{esc(command)}</code></p>"
    )
    sections = [
        Section("fit", "The fit, figure by figure", _fit(p, fit)),
        Section("posterior", "The free rates", _posterior(p, fit)),
        Section("predictions", "Predictions and the held-out figures", _predictions(p, fit)),
        Section("method", "How to read this page", _method(fit)),
    ]
    return page(
        title=f"socialcredit calibration: {plan.scenario.name}",
        kicker="Calibration report",
        heading=f"{plan.scenario.name} against the published record",
        lead_html=lead,
        sections=sections,
    )


def _quantities(plan: Plan) -> list[str]:
    used = {t.quantity.value for t in [*plan.fit, *plan.judge]}
    return [q.value for q in Quantity if q.value in used]


def _target_table(p: Page, fit: Fit, targets: list[Target], caption: str, note: str) -> str:
    head = ["Target", "Date", "Published", "Model: mean (95% interval)", "Within"]
    rows = []
    for t in targets:
        est = fit.estimate(t.quantity.value, t.date)
        rows.append(
            [
                with_note(f"<code>{esc(t.id)}</code>", esc(quantity_label(t.quantity.value))),
                esc(t.date.isoformat()),
                f"{national(t.value)} (±{t.uncertainty.relative_sd:.0%})",
                esc(estimate_text(est)),
                "yes" if est.holds(t.value) else "no",
            ]
        )
    return p.table(caption, head, rows, numeric=[False, False, True, True, False], note_html=note)


def _fit(p: Page, fit: Fit) -> str:
    parts = [fit_figure(p, fit, q) for q in _quantities(fit.plan)]
    note = (
        "Each fitted figure with its relative standard deviation, and the model's posterior "
        "predictive mean and 95% interval on its date (parameter uncertainty and the run's own "
        "sampling noise). The same rows are in fit.csv."
    )
    parts.append(_target_table(p, fit, fit.plan.fit, "Fitted published figures", note))
    return "".join(parts)


def _posterior(p: Page, fit: Fit) -> str:
    head = ["Free rate", "Prior", "Posterior mean (95% interval)"]
    rows = []
    for rate in fit.plan.space.rates:
        est = fit.rate(rate.path)
        prior = f"{rate_text(rate.low)} to {rate_text(rate.high)}, " + (
            "log-uniform" if rate.scale == "log" else "uniform"
        )
        rows.append(
            [
                with_note(f"<code>{esc(rate.path)}</code>", esc(rate.reason)),
                esc(prior),
                esc(f"{rate_text(est.mean)} ({rate_text(est.low)} to {rate_text(est.high)})"),
            ]
        )
    note = (
        "Under each rate, the reason for its prior range, from the scenario file. Posterior "
        "means and central 95% intervals are weighted over the parameter sets; every set, with "
        "its weight and log-likelihood, is in posterior.parquet."
    )
    table = p.table("Free rates: prior and posterior", head, rows, note_html=note)
    return posterior_figure(p, fit) + table


def _predictions(p: Page, fit: Fit) -> str:
    plan = fit.plan
    parts = [prediction_figure(p, fit, q) for q in _quantities(plan)] if plan.predict else []
    if plan.predict:
        head = ["Quantity", *(d.isoformat() for d in plan.predict)]
        rows = [
            [esc(quantity_label(q.value))]
            + [esc(estimate_text(fit.estimate(q.value, d))) for d in plan.predict]
            for q in Quantity
        ]
        note = "Posterior predictive means with 95% intervals, at national scale (predictions.csv)."
        parts.append(p.table("Predictions", head, rows, note_html=note))
    if plan.judge:
        note = (
            "The held-out figures (use: judge) the runs reach, never used in the fit, against "
            "the model's prediction for their date (judge.csv)."
        )
        parts.append(_target_table(p, fit, plan.judge, "Held-out published figures", note))
    return "".join(parts)


def _method(fit: Fit) -> str:
    plan = fit.plan
    rounds = ", ".join(
        f"round {r + 1}: {sum(d.round == r + 1 for d in fit.draws)} sets, ESS {e:.1f}"
        for r, e in enumerate(fit.ess)
    )
    return (
        "<p>An approximate Bayesian computation with importance weights. Parameter sets are "
        "drawn in the unit cube of the free rates (each mapped onto its prior range, evenly or "
        "on a log scale): the first round from the prior with scrambled Sobol' points, each "
        "later round from a Gaussian around the sets so far, weighed by a tempered likelihood. "
        "Every set runs the "
        f"same seeds ({esc(', '.join(map(str, plan.seeds)))}: common random numbers), and is "
        "weighed by the likelihood of the fitted figures over the mixture of the rounds' "
        f"proposals ({esc(rounds)}). The effective sample size (ESS) says how many equally "
        "weighted sets the posterior is worth.</p>"
        "<p>The likelihood compares logarithms: each published figure, divided by the scale, "
        "against the run's count, both shifted by half a count; its variance is the figure's "
        "own relative uncertainty plus the run's sampling noise (the count's dispersion over "
        f"{len(plan.noise_seeds)} extra seeds of the scenario as written, over the count). "
        "Intervals are 95% posterior predictive intervals of the model's figure: they hold the "
        "rates' uncertainty and the run's noise, not the published figure's.</p>"
        "<p>Every number on this page is about simulated citizens, scaled up; the published "
        "figures are national aggregates, never data about a person.</p>"
    )
