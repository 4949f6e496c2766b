"""The report of one run (one policy, one scenario, one or more seeds) as an HTML page.

`render_report` assembles the page from its sections in reading order, after a headline made
from the run's own figures: key figures, the scores on the last day, data footprint, grades,
list sizes, wrongful listings, denials per service, disputes and restoration, disparity between
groups and behaviour change. The sections with their own module are imported; the list, denial
and behaviour sections, which are mostly a chart and a table each, live here.
"""

from __future__ import annotations

from typing import Any

from socialcredit.domain.catalogue import behaviour_window, metrics
from socialcredit.report.kit.benefit import RANGES_ID
from socialcredit.report.kit.charts import WIDE, BarSeries, bar_figure
from socialcredit.report.kit.footprint import footprint_section
from socialcredit.report.kit.headlines import run_headline
from socialcredit.report.kit.histogram import histogram_figure
from socialcredit.report.kit.page import Page, Section, page
from socialcredit.report.kit.plot import Hatch
from socialcredit.report.kit.run_view import ROLLING_DAYS, Run, make_run
from socialcredit.report.kit.seeds import seeds_note
from socialcredit.report.kit.style import BLUE, ORANGE, PURPLE, SKY, VERMILION
from socialcredit.report.kit.text import esc, fmt, plural
from socialcredit.report.kit.timeseries import (
    behaviour_panels,
    list_panels,
    timeseries,
    wrongful_panels,
)
from socialcredit.report.run.benefit import ranges_section
from socialcredit.report.run.collateral import collateral_table
from socialcredit.report.run.collectors import collectors_section, moving_districts
from socialcredit.report.run.grades import grades_section
from socialcredit.report.run.groups import disparity_section
from socialcredit.report.run.key_figures import key_figures_section, service_table
from socialcredit.report.run.redress import redress_section
from socialcredit.report.run.stories import stories_section
from socialcredit.report.run.strategy import strategic, strategy_section
from socialcredit.runs.schema import PopulationRecord


def render_report(
    record: PopulationRecord, series: Any, stories: dict[str, Any] | None = None
) -> str:
    """The report of one run (one policy, one scenario, one or more seeds) as an HTML page,
    with a section of life stories when the run kept them (the fields of `stories.json`)."""
    run = make_run(record, series)
    p = Page()
    description = record.scenario.description.strip()
    lead = (
        f'<p class="lead headline" id="headline">{esc(run_headline(run))}</p>'
        f'<p class="lead">Policy <strong>{esc(run.policy)}</strong> run over the scenario '
        f"<strong>{esc(run.scenario)}</strong>: {fmt(run.citizens, 'count')} synthetic "
        f"citizens, {fmt(record.days, 'count')} days, {plural(run.seed_count, 'seed')}.</p>"
    )
    if description:
        lead += f'<p class="lead">{esc(description)}</p>'
    sections = [
        Section("key-figures", "Key figures", key_figures_section(p, run)),
        *(
            [Section(RANGES_ID, "Plausible ranges of the responses", ranges_section(p, run))]
            if run.benefit.ranges
            else []
        ),
        Section("scores", "Scores on the last day", histogram_figure(p, [run])),
        Section("footprint", "Data footprint of the policy", footprint_section(p, run)),
        Section("grades", "Grades over time", grades_section(p, run)),
        Section("lists", "List sizes over time", _lists(p, run)),
        Section("wrongful", "Wrongful listings over time", _wrongful(p, run)),
        Section("services", "Denials, restrictions and privileges per service", _services(p, run)),
        Section("redress", "Disputes and restoration", redress_section(p, run)),
        Section("disparity", "Disparity between groups", disparity_section(p, run)),
        Section("behaviour", "Behaviour change", _behaviour(p, run)),
    ]
    if strategic(run):
        effort = strategy_section(p, run)
        sections.append(Section("strategy", "Improving, gaming, hiding, withdrawing", effort))
    if moving_districts(run):
        where = collectors_section(p, run)
        sections.append(Section("collectors", "Where the collectors went", where))
    if stories is not None:
        sections.append(Section("stories", "Life stories", stories_section(p, stories)))
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


_SERVICE_MEASURES: list[tuple[str, str, str, Hatch | None]] = [
    (metrics.DENIED_SERVICE_FINAL, "denied", VERMILION, None),
    (metrics.RESTRICTED_SERVICE_FINAL, "restricted", ORANGE, None),
    (metrics.DENIED_WRONGFUL_SERVICE_FINAL, "wrongly denied", PURPLE, "///"),
    (metrics.RESTRICTED_WRONGFUL_SERVICE_FINAL, "wrongly restricted", BLUE, "///"),
    (metrics.PRIVILEGED_SERVICE_FINAL, "privileged", SKY, None),
]


def _services(p: Page, run: Run) -> str:
    services = run.services
    series = [
        BarSeries(text, color, [run.stat(name.format(service=s)) for s in services], hatch)
        for name, text, color, hatch in _SERVICE_MEASURES
    ]
    figure = bar_figure(
        p,
        services,
        series,
        horizontal=True,
        label="Grouped horizontal bars per service: citizens denied, restricted, wrongly "
        "denied, wrongly restricted and privileged on the last day.",
        caption_html="What each service does to citizens on the last day: refused (denied), "
        "admitted only on restricting conditions (restricted), and given a perk (privileged); "
        "hatched, the part of the denials and restrictions that true conduct would not give. "
        + ("Whiskers: 95% interval over seeds." if run.seed_count > 1 else ""),
        size=(WIDE[0], 1.6 + 0.9 * max(1, len(services))),
        ylabel="Citizens",
    )
    rows = [
        [
            esc(s),
            *(
                esc(run.cell(name.format(service=s)))
                for name in (
                    metrics.DENIED_SERVICE_CITIZEN_DAYS,
                    metrics.RESTRICTED_SERVICE_CITIZEN_DAYS,
                    metrics.PRIVILEGED_SERVICE_CITIZEN_DAYS,
                    metrics.PRIVILEGED_MISSED_SERVICE_CITIZEN_DAYS,
                    metrics.EVER_WRONGLY_HARMED_SERVICE,
                )
            ),
        ]
        for s in services
    ]
    table = p.table(
        "Citizen-days per service over the whole run",
        [
            "Service",
            "Denied",
            "Restricted",
            "Privileged",
            "Privilege missed (true conduct earns it)",
            "Citizens ever wrongly denied or restricted",
        ],
        rows,
        note_html="One citizen refused, restricted or privileged on one day is one "
        "citizen-day. " + esc(seeds_note(run)),
    )
    return service_table(p, run) + figure + table + _attempts(p, run) + collateral_table(p, run)


def _attempts(p: Page, run: Run) -> str:
    """Attempts to use each service the scenario gives demand: refused, restricted, and how
    many wrongly; or why there are none."""
    wanted = [
        s
        for s in run.services
        if (run.stat(metrics.ATTEMPTS_SERVICE.format(service=s))[0] or 0) > 0
    ]
    if not wanted:
        return (
            "<p>No attempt to use a service was counted in this run: the scenario gives no "
            "service demand (<code>population.demand</code>), or too little for a run of this "
            "size.</p>"
        )
    rows = [
        [
            esc(s),
            *(
                esc(run.cell(name.format(service=s)))
                for name in (
                    metrics.ATTEMPTS_SERVICE,
                    metrics.ATTEMPTS_REFUSED_SERVICE,
                    metrics.ATTEMPTS_RESTRICTED_SERVICE,
                    metrics.ATTEMPTS_WRONGLY_REFUSED_SERVICE,
                    metrics.ATTEMPTS_WRONGLY_RESTRICTED_SERVICE,
                    metrics.ATTEMPTS_REFUSED_SHARE_SERVICE,
                    metrics.ATTEMPTS_WRONGFUL_SHARE_SERVICE,
                )
            ),
        ]
        for s in wanted
    ]
    return p.table(
        "Attempts to use each service over the whole run",
        [
            "Service",
            "Attempts",
            "Refused",
            "Restricted",
            "Wrongly refused",
            "Wrongly restricted",
            "Share refused",
            "Share of refusals that are wrong",
        ],
        rows,
        note_html="Citizens try to use a service at the scenario's demand, whatever their "
        "standing (tickets bought, applications made); an attempt on a day the citizen is "
        "denied is refused. Wrongly: true conduct would not refuse the citizen (would admit "
        "them freely). Services without a row had no attempts in this run. " + esc(seeds_note(run)),
    )


def _behaviour(p: Page, run: Run) -> str:
    figure = timeseries(
        p,
        [run],
        behaviour_panels(),
        label="Line charts: bad acts and good acts per 1,000 citizens per day, 7-day rolling mean.",
        caption_html=f"Acts per 1,000 citizens per day, trailing {ROLLING_DAYS}-day mean. "
        + ("Shaded: lowest to highest seed." if run.daily.seeds.size > 1 else ""),
    )
    window = behaviour_window(run.record.days)
    rows = [
        [
            "Bad acts per 1,000 citizens per day",
            esc(run.cell(metrics.BEHAVIOUR_BAD_ACTS_PER_1000_DAY_FIRST)),
            esc(run.cell(metrics.BEHAVIOUR_BAD_ACTS_PER_1000_DAY_LAST)),
            esc(run.cell(metrics.BEHAVIOUR_BAD_ACTS_CHANGE)),
        ],
        [
            "Good acts per 1,000 citizens per day",
            esc(run.cell(metrics.BEHAVIOUR_GOOD_ACTS_PER_1000_DAY_FIRST)),
            esc(run.cell(metrics.BEHAVIOUR_GOOD_ACTS_PER_1000_DAY_LAST)),
            esc(run.cell(metrics.BEHAVIOUR_GOOD_ACTS_CHANGE)),
        ],
    ]
    table = p.table(
        f"Acts in the first and last {window} days",
        ["Acts", f"First {window} days", f"Last {window} days", "Change"],
        rows,
        note_html=esc(seeds_note(run)),
    )
    return figure + table
