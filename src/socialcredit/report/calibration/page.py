"""The calibration report: the fit against every published target over time, the posterior of
each free rate, the predictions against the held-out figures, and how it was done. One
self-contained page, like the other reports.

Every estimate, interval and weight comes computed in a `calibration.digest.Digest`; the page
renders them and computes none.
"""

from __future__ import annotations

from socialcredit.calibration.digest import SMALL_ESS, Checked, Digest
from socialcredit.calibration.naive import NAIVE_MEANING, Naive
from socialcredit.calibration.posterior import Estimate
from socialcredit.calibration.skill import COVERAGE_TARGET, WIDTH_TARGET, verdict
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


def render_calibration(digest: Digest, *, command: str) -> str:
    """The page of a fitted calibration whose figures `digest` holds
    (`socialcredit.calibration.digest`)."""
    plan = digest.plan
    p = Page()
    fit_within = sum(c.within for c in digest.fit)
    judge_within = sum(c.within for c in digest.judge)
    lead = (
        f'<p class="lead headline" id="headline">{fit_within} of {len(plan.fit)} fitted '
        f"published figures and {judge_within} of {len(plan.judge)} held-out ones lie within "
        "the model's 95% posterior predictive interval; "
        f"{plural(digest.parameter_sets, 'parameter set')}, effective sample size "
        f"{digest.ess:.1f}.</p>"
        f'<p class="lead">Scenario {esc(plan.scenario.name)} under policy '
        f"{esc(plan.policy.name)}, {plan.scenario.population.citizens:,} synthetic citizens "
        f"from {plan.start} for {plan.scenario.population.days:,} days, each count scaled by "
        f"{plan.scale:,.0f} to national figures, fitted to {esc(plan.record.name)} up to "
        f"{plan.record.fit_until}. Command: <code>{esc(command)}</code></p>"
    ) + _small_sample(digest)
    sections = [
        Section("skill", "Forecast skill against naive forecasts", _skill(p, digest)),
        Section("fit", "The fit, figure by figure", _fit(p, digest)),
        Section("posterior", "The free rates", _posterior(p, digest)),
        Section("predictions", "Predictions and the held-out figures", _predictions(p, digest)),
        Section("method", "How to read this page", _method(digest)),
    ]
    return page(
        title=f"socialcredit calibration: {plan.scenario.name}",
        kicker="Calibration report",
        heading=f"{plan.scenario.name} against the published record",
        lead_html=lead,
        sections=sections,
    )


def _small_sample(digest: Digest) -> str:
    if not digest.small_sample:
        return ""
    return (
        '<div class="callout" id="ess-warning" role="note"><p><strong>Warning:</strong> the '
        f"effective sample size is {digest.ess:.1f}, under {SMALL_ESS:.0f}: the posterior rests "
        "on few parameter sets, so its means and intervals may move a long way with more "
        "simulations. Run the calibration with more <code>--simulations</code>.</p></div>"
    )


def _skill(p: Page, digest: Digest) -> str:
    if not digest.skill:
        return "<p>The runs reach no held-out figure, so no forecast is judged.</p>"
    head = [
        "Figures",
        "Model",
        *(with_note(esc(k.value.replace("_", " ")), esc(NAIVE_MEANING[k])) for k in Naive),
        "Within 95% interval",
        "Median width",
    ]
    rows = []
    for s in digest.skill:
        naive = ["none" if e is None else f"{e:.1%}" for e in s.naive_error.values()]
        rows.append(
            [
                esc(s.label.replace("_", " ")) + f" ({s.figures})",
                f"{s.error:.1%}",
                *naive,
                f"{s.coverage:.0%}" + ("" if s.coverage_met else ' <span class="flag">low</span>'),
                f"{s.width:.0%}" + ("" if s.width_met else ' <span class="flag">wide</span>'),
            ]
        )
    note = (
        "Mean absolute relative error of the posterior mean and of each naive forecast over the "
        "held-out figures (use: judge), computed from the fitted figures of the same quantity "
        f"alone; the share of figures inside the model's 95% interval (target at least "
        f"{COVERAGE_TARGET:.0%}) and the interval's median width relative to the figure (target "
        f"at most {WIDTH_TARGET:.0%}). Every forecast is in judge.csv."
    )
    numeric = [False, *([True] * (len(head) - 1))]
    table = p.table("Error on held-out figures", head, rows, numeric=numeric, note_html=note)
    words = "".join(f"<li>{esc(verdict(s))}.</li>" for s in digest.skill)
    return f'<ul id="skill-verdict">{words}</ul>' + table


def _target_table(p: Page, checked: list[Checked], caption: str, note: str) -> str:
    head = ["Target", "Date", "Published", "Model: mean (95% interval)", "Within"]
    rows = []
    for c in checked:
        t = c.target
        rows.append(
            [
                with_note(f"<code>{esc(t.id)}</code>", esc(quantity_label(t.quantity.value))),
                esc(t.date.isoformat()),
                f"{national(t.value)} (±{t.uncertainty.relative_sd:.0%})",
                esc(estimate_text(c.estimate)),
                "yes" if c.within else "no",
            ]
        )
    return p.table(caption, head, rows, numeric=[False, False, True, True, False], note_html=note)


def _fit(p: Page, digest: Digest) -> str:
    parts = [fit_figure(p, digest, q) for q in digest.quantities]
    note = (
        "Each fitted figure with its relative standard deviation, and the model's posterior "
        "predictive mean and 95% interval on its date (parameter uncertainty and the run's own "
        "sampling noise). The same rows are in fit.csv."
    )
    parts.append(_target_table(p, digest.fit, "Fitted published figures", note))
    return "".join(parts)


def _posterior(p: Page, digest: Digest) -> str:
    head = ["Free rate", "Prior", "Posterior mean (95% interval)"]
    rows = []
    for posterior in digest.rates:
        rate, est = posterior.rate, posterior.estimate
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
    return posterior_figure(p, digest) + table


def _predictions(p: Page, digest: Digest) -> str:
    plan = digest.plan
    parts = [prediction_figure(p, digest, q) for q in digest.quantities] if plan.predict else []
    if plan.predict:
        head = ["Quantity", *(d.isoformat() for d in plan.predict)]
        rows = [
            [esc(quantity_label(q))]
            + [esc(estimate_text(digest.predictions[d][q])) for d in plan.predict]
            for q in digest.predictions[plan.predict[0]]
        ]
        note = "Posterior predictive means with 95% intervals, at national scale (predictions.csv)."
        parts.append(p.table("Predictions", head, rows, note_html=note))
    if plan.judge:
        note = (
            "The held-out figures (use: judge) the runs reach, never used in the fit, against "
            "the model's prediction for their date (judge.csv)."
        )
        parts.append(_target_table(p, digest.judge, "Held-out published figures", note))
    return "".join(parts)


def _smoothing(digest: Digest) -> str:
    s = digest.emulator
    if s is None:
        return "Each set's log-likelihood is its runs' own. "
    return (
        "Each set's log-likelihood comes from a few seeded runs and carries their luck, so the "
        f"weights use it smoothed across the {s.draws} sets near the best by a Gaussian process "
        f"regression, which puts that luck at a standard deviation of {s.noise_sd:.1f} log "
        f"units against {s.signal_sd:.1f} for the smooth likelihood. "
    )


def _method(digest: Digest) -> str:
    plan = digest.plan
    rounds = ", ".join(
        f"round {i + 1}: {r.parameter_sets} sets, ESS {r.ess:.1f}"
        for i, r in enumerate(digest.rounds)
    )
    return (
        "<p>An approximate Bayesian computation with importance weights. Parameter sets are "
        "drawn in the unit cube of the free rates (each mapped onto its prior range, evenly or "
        "on a log scale): the first round from the prior with scrambled Sobol' points, each "
        "later round from a Gaussian around the sets so far, weighed by a tempered likelihood. "
        "Every set runs the "
        f"same seeds ({esc(', '.join(map(str, plan.seeds)))}: common random numbers), and is "
        "weighed by the likelihood of the fitted figures over the mixture of the rounds' "
        f"proposals ({esc(rounds)}). {_smoothing(digest)}The effective sample size (ESS) says "
        "how many equally weighted sets the posterior is worth.</p>"
        "<p>The likelihood compares logarithms: each published figure, divided by the scale, "
        "against the run's count, both shifted by half a count; its variance is the figure's "
        "own relative uncertainty plus the run's sampling noise (the count's dispersion over "
        f"{len(plan.noise_seeds)} extra seeds of the scenario as written, over the count). "
        "Intervals are 95% posterior predictive intervals of the model's figure: they hold the "
        "rates' uncertainty and the run's noise, not the published figure's.</p>"
        "<p>Every number on this page is about simulated citizens, scaled up; the published "
        "figures are national aggregates, never data about a person.</p>"
    )
