"""The report of one run (one policy, one scenario, one or more seeds) as an HTML page.

`render_report` assembles the page from its sections in reading order: key figures, data
footprint, grades, list sizes, wrongful listings, denials per service, disparity between groups
and behaviour change. The sections with their own module are imported; the list, denial and
behaviour sections, which are mostly a chart and a table each, live here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from socialcredit.simulation.report.charts import WIDE, BarSeries, bar_figure
from socialcredit.simulation.report.data import (
    ROLLING_DAYS,
    Run,
    make_run,
    mean_over_seeds,
    seeds_note,
)
from socialcredit.simulation.report.footprint import footprint_section
from socialcredit.simulation.report.grades import grades_section
from socialcredit.simulation.report.groups import disparity_section
from socialcredit.simulation.report.key_figures import key_figures_section
from socialcredit.simulation.report.page import Page, Section, page
from socialcredit.simulation.report.style import BLUE, ORANGE, SKY, VERMILION
from socialcredit.simulation.report.text import esc, fmt, fmt_stat
from socialcredit.simulation.report.timeseries import (
    behaviour_panels,
    list_panels,
    timeseries,
    wrongful_panels,
)
from socialcredit.simulation.report.values import mapping, number, str_or


def render_report(metrics: dict[str, Any], series: Any) -> str:
    """The report of one run (one policy, one scenario, one or more seeds) as an HTML page."""
    run = make_run(metrics, series)
    p = Page()
    scenario = mapping(metrics.get("scenario"))
    description = str_or(scenario.get("description"), "").strip()
    lead = (
        f'<p class="lead">Policy <strong>{esc(run.policy)}</strong> run over the scenario '
        f"<strong>{esc(run.scenario)}</strong>: {fmt(run.citizens, 'count')} synthetic "
        f"citizens, {fmt(number(metrics.get('days')), 'count')} days, "
        f"{run.seed_count} seed{'s' if run.seed_count != 1 else ''}.</p>"
    )
    if description:
        lead += f'<p class="lead">{esc(description)}</p>'
    sections = [
        Section("key-figures", "Key figures", key_figures_section(p, run)),
        Section("footprint", "Data footprint of the policy", footprint_section(p, run)),
        Section("grades", "Grades over time", grades_section(p, run)),
        Section("lists", "List sizes over time", _lists(p, run)),
        Section("wrongful", "Wrongful listings over time", _wrongful(p, run)),
        Section("denials", "Denials per service", _denials(p, run)),
        Section("disparity", "Disparity between groups", disparity_section(p, run)),
        Section("behaviour", "Behaviour change", _behaviour(p, run)),
    ]
    return page(
        title=f"{run.policy} on {run.scenario} \u2014 socialcredit report",
        kicker="socialcredit policy report",
        heading=f"Policy \u201c{run.policy}\u201d on scenario \u201c{run.scenario}\u201d",
        lead_html=lead,
        sections=sections,
    )


def _lists(p: Page, run: Run) -> str:
    return timeseries(
        p,
        [run],
        list_panels(),
        label="Line charts: black list and red list sizes per day, observed and by true conduct.",
        caption_html="Black and red list sizes per day: what the system sees against what "
        "true conduct would give. "
        + (
            "Lines are means over seeds; shaded bands run from the lowest to the highest seed."
            if run.daily.seeds.size > 1
            else ""
        ),
    )


def _wrongful(p: Page, run: Run) -> str:
    return timeseries(
        p,
        [run],
        wrongful_panels(),
        label="Line chart: citizens wrongly on the black list and citizens missed by it, per day.",
        caption_html="Wrongly listed: on the black list although true conduct would not put "
        "them there. Missed: the reverse. "
        + ("Shaded: lowest to highest seed." if run.daily.seeds.size > 1 else ""),
    )


_DENIAL_MEASURES: list[tuple[str, str, str, str | None]] = [
    ("deny.{}.final", "denied (observed)", BLUE, None),
    ("deny_true.{}.final", "denied by true conduct", ORANGE, "///"),
    ("deny_wrongful.{}.final", "wrongly denied", VERMILION, None),
    ("conditional.{}.final", "conditional", SKY, None),
]


def _denials(p: Page, run: Run) -> str:
    services = run.services
    series = [
        BarSeries(text, color, [run.stat(name.format(s)) for s in services], hatch)
        for name, text, color, hatch in _DENIAL_MEASURES
    ]
    figure = bar_figure(
        p,
        services,
        series,
        horizontal=True,
        label="Grouped horizontal bars per service: citizens denied on the last day as "
        "observed, by true conduct, wrongly, and admitted only on conditions.",
        caption_html="Citizens refused each service on the last day, and those admitted only "
        "on conditions. " + ("Whiskers: 95% interval over seeds." if run.seed_count > 1 else ""),
        size=(WIDE[0], 1.4 + 0.62 * max(1, len(services))),
        ylabel="Citizens",
    )
    rows = [
        [
            esc(s),
            esc(fmt_stat(run.stat(f"deny.{s}.final"), "count")),
            esc(fmt_stat(run.stat(f"deny_true.{s}.final"), "count")),
            esc(fmt_stat(run.stat(f"deny_wrongful.{s}.final"), "count")),
            esc(fmt_stat(run.stat(f"deny_wrongful.{s}.citizen_days"), "count")),
            esc(fmt_stat(run.stat(f"restricted_wrongful.{s}.citizen_days"), "count")),
        ]
        for s in services
    ]
    table = p.table(
        "Denials and wrongful denials per service",
        [
            "Service",
            "Denied at end",
            "Denied by true conduct",
            "Wrongly denied at end",
            "Wrongful-denial citizen-days",
            "Wrongful-restriction citizen-days",
        ],
        rows,
        note_html="Counts on the last day, and citizen-days over the whole run (one citizen "
        "refused, or admitted only on conditions, on one day). " + esc(seeds_note(run)),
    )
    return figure + table


def _behaviour(p: Page, run: Run) -> str:
    figure = timeseries(
        p,
        [run],
        behaviour_panels(),
        label="Line charts: bad acts and good acts per 1,000 citizens per day, 7-day rolling mean.",
        caption_html=f"Acts per 1,000 citizens per day, trailing {ROLLING_DAYS}-day mean. "
        + ("Shaded: lowest to highest seed." if run.daily.seeds.size > 1 else ""),
    )
    days = number(run.metrics.get("days")) or float(run.daily.days.size)
    window = max(1, min(30, int(days) // 4))
    good_first, good_last = _window_rates(run, "acts_good", window)
    rows = [
        [
            "Bad acts per 1,000 citizens per day",
            esc(fmt_stat(run.stat("behaviour.bad_acts_per_1000_day.first", "rate"), "rate")),
            esc(fmt_stat(run.stat("behaviour.bad_acts_per_1000_day.last", "rate"), "rate")),
            esc(fmt_stat(run.stat("behaviour.bad_acts_change", "change"), "change")),
        ],
        [
            "Good acts per 1,000 citizens per day",
            esc(fmt(good_first, "rate")),
            esc(fmt(good_last, "rate")),
            esc(fmt_stat(run.stat("behaviour.good_acts_change", "change"), "change")),
        ],
    ]
    table = p.table(
        f"Acts in the first and last {window} days",
        ["Acts", f"First {window} days", f"Last {window} days", "Change"],
        rows,
        note_html=esc(seeds_note(run)),
    )
    return figure + table


def _window_rates(run: Run, column: str, window: int) -> tuple[float | None, float | None]:
    m = run.daily.matrix(column)
    n = run.citizens
    if m is None or m.size == 0 or not n:
        return None, None
    mean = mean_over_seeds(m)
    first, last = mean[:window], mean[-window:]
    return (
        number(1000 * float(np.nanmean(first)) / n) if np.isfinite(first).any() else None,
        number(1000 * float(np.nanmean(last)) / n) if np.isfinite(last).any() else None,
    )
