"""The key figures of a run: which they are, and the section that opens the run report.

`KEY_FIGURES` names the headline metrics (list sizes on the last day, wrongful and missed
listings, rates per 1,000, how often collectors' reports were upheld) with a label, how each is
written and what it means; the comparison page reuses it, as it does `END_LISTS`, the last-day
list sizes drawn as bars. `key_figures_section` is the table and bar chart of one run.
"""

from __future__ import annotations

from socialcredit.simulation.report.charts import WIDE, BarSeries, bar_figure
from socialcredit.simulation.report.data import Run, seeds_note
from socialcredit.simulation.report.page import Page, with_note
from socialcredit.simulation.report.style import BLUE
from socialcredit.simulation.report.text import esc, fmt, fmt_stat
from socialcredit.simulation.report.values import DASH, Kind, number, strs

# (metric, label, kind, what it means)
KEY_FIGURES: list[tuple[str, str, Kind, str]] = [
    ("black.final", "Blacklisted at end (observed)", "count", "On the black list on the last day."),
    (
        "black_true.final",
        "Blacklisted at end (true conduct)",
        "count",
        "Who would be listed if every record were correct and complete.",
    ),
    (
        "black_wrongful.final",
        "Wrongly blacklisted at end",
        "count",
        "On the list although their true conduct would not put them there.",
    ),
    (
        "black_wrongful_share.final",
        "Share of the black list that is wrong",
        "share",
        "Wrongly blacklisted divided by everyone on the list.",
    ),
    (
        "black_missed.final",
        "Missed at end",
        "count",
        "Not on the list although their true conduct would put them there.",
    ),
    (
        "ever_blacklisted_per_1000",
        "Ever blacklisted per 1,000 citizens",
        "rate",
        "Listed on any day of the run.",
    ),
    (
        "ever_wrongly_blacklisted_per_1000",
        "Ever wrongly blacklisted per 1,000 citizens",
        "rate",
        "Wrongly listed on any day of the run.",
    ),
    (
        "red.final",
        "Red list at end (observed)",
        "count",
        "On the red (honour) list on the last day.",
    ),
    ("red_true.final", "Red list at end (true conduct)", "count", "Who has earned it in truth."),
    (
        "collectors.honest.upheld_share",
        "Honest collectors' reports upheld",
        "share",
        "Share of reports by honest collectors that made it into the record.",
    ),
    (
        "collectors.malicious.upheld_share",
        "Malicious collectors' reports upheld",
        "share",
        "Share of invented reports that made it into the record.",
    ),
]


def key_figures_section(p: Page, run: Run) -> str:
    seeds = ", ".join(str(s) for s in strs(run.metrics.get("seeds"))) or DASH
    policy = esc(run.policy)
    if run.short_hash:
        policy += f' <code title="policy hash">{esc(run.short_hash)}</code>'
    rows = [
        ["Policy", policy, "Name and the start of the rulebook's content hash."],
        ["Scenario", esc(run.scenario), "The synthetic town the policy ran over."],
        ["Citizens", fmt(run.citizens, "count"), ""],
        ["Days", fmt(number(run.metrics.get("days")), "count"), ""],
        ["Seeds", esc(seeds), "Independent runs the means and intervals are taken over."],
    ]
    rows += [
        [esc(text), esc(fmt_stat(run.stat(name, kind), kind)), esc(note)]
        for name, text, kind, note in KEY_FIGURES
    ]
    table = p.table(
        "Key figures",
        ["Figure", "Value"],
        # The explanation sits under the label rather than in a third column, which would
        # leave a phone screen with three columns of single words.
        [[with_note(r[0], r[2]), r[1]] for r in rows],
        note_html=esc(seeds_note(run)),
    )
    figure = bar_figure(
        p,
        END_LISTS_LABELS,
        [BarSeries(run.label, BLUE, [run.stat(n) for n in END_LISTS])],
        horizontal=True,
        label="Horizontal bars: black and red list sizes on the last day, observed and by true "
        "conduct, with the wrongly listed and the missed.",
        caption_html="Lists on the last day. Whiskers: 95% interval over seeds."
        if run.seed_count > 1
        else "Lists on the last day.",
        size=(WIDE[0], 3.0),
        ylabel="Citizens",
    )
    return table + figure


END_LISTS = [
    "black.final",
    "black_true.final",
    "black_wrongful.final",
    "black_missed.final",
    "red.final",
    "red_true.final",
]
END_LISTS_LABELS = [
    "black, observed",
    "black, true conduct",
    "wrongly blacklisted",
    "missed",
    "red, observed",
    "red, true conduct",
]
