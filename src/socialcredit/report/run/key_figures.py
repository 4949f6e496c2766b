"""The key figures of a run: the section that opens the run report, and the table of what each
service does to citizens.

Which figures are key is the catalogue's choice (`headlines`, `service_headlines`, read in
`report.kit.headline_figures`): the rows are its headline metrics in catalogue order, the ones
per service gathered in a table with a row per service.
"""

from __future__ import annotations

from socialcredit.domain.catalogue import LISTS_AT_END, metrics
from socialcredit.report.kit.charts import WIDE, BarSeries, bar_figure
from socialcredit.report.kit.headline_figures import (
    END_LISTS_LABELS,
    headline_metrics,
    service_columns,
    service_name,
)
from socialcredit.report.kit.page import Page, with_note
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.seeds import seeds_note, seeds_text
from socialcredit.report.kit.style import BLUE
from socialcredit.report.kit.text import esc, fmt
from socialcredit.report.run.benefit import benefit_paragraph


def key_figures_section(p: Page, run: Run) -> str:
    policy = esc(run.policy) + f' <code title="policy hash">{esc(run.short_hash)}</code>'
    rows = [
        [with_note("Policy", "Name and the start of the rulebook's content hash."), policy],
        [with_note("Scenario", "The synthetic town the policy ran over."), esc(run.scenario)],
        ["Citizens", fmt(run.citizens, "count")],
        ["Days", fmt(run.record.days, "count")],
        [
            with_note("Seeds", "Independent runs the means and intervals are taken over."),
            esc(seeds_text(run)),
        ],
    ]
    for name in headline_metrics(run):
        bound = run.metrics[name]
        rows.append([with_note(esc(bound.label), esc(bound.description)), esc(run.cell(name))])
    table = p.table("Key figures", ["Figure", "Value"], rows, note_html=esc(seeds_note(run)))
    figure = bar_figure(
        p,
        END_LISTS_LABELS,
        [BarSeries(run.label, BLUE, [run.stat(n) for n in LISTS_AT_END])],
        horizontal=True,
        label="Horizontal bars: black and red list sizes on the last day, observed and by true "
        "conduct, with the wrongly listed and the missed.",
        caption_html="Lists on the last day. Whiskers: 95% interval over seeds."
        if run.seed_count > 1
        else "Lists on the last day.",
        size=(WIDE[0], 3.0),
        ylabel="Citizens",
    )
    return table + benefit_paragraph(run) + honour_roll_note(run) + figure


def service_table(p: Page, run: Run) -> str:
    columns = service_columns()
    rows = [
        [esc(s), *(esc(run.cell(service_name(m.name, s))) for m in columns)] for s in run.services
    ]
    return p.table(
        "What each service does to citizens",
        ["Service", *(esc(m.column) for m in columns)],
        rows,
        note_html="Denied: refused outright. Restricted: admitted only on conditions that put "
        "the citizen at a disadvantage (a deposit, a surcharge, second class). Wrongly: the "
        "observed ledger treats the citizen worse than their true conduct warrants; "
        "citizen-days add up every day of it. " + esc(seeds_note(run)),
    )


def honour_roll_note(run: Run) -> str:
    """Why the honour roll seen differs from the one deserved, in figures of this run."""
    seen, deserved = run.stat(metrics.RED_FINAL)[0], run.stat(metrics.RED_TRUE_FINAL)[0]
    good_seen = run.stat(metrics.GOOD_DEEDS_SEEN_SHARE)[0]
    if seen is None or deserved is None or good_seen is None or deserved <= 0:
        return ""
    if seen >= 0.8 * deserved:
        return ""
    return (
        '<p class="callout">The honour roll holds '
        f"<strong>{fmt(seen, 'count')}</strong> citizens where true conduct would put "
        f"<strong>{fmt(deserved, 'count')}</strong> on it. Reaching it takes many good deeds "
        f"that count, and only <strong>{fmt(good_seen, 'share')}</strong> of the good deeds the "
        "policy counts were seen by a feed or a collector; every unseen deed keeps a deserving "
        "citizen further from the threshold (see "
        f"<em>{esc(run.label_of(metrics.RED_MISSED_FINAL))}</em> and "
        f"<em>{esc(run.label_of(metrics.GOOD_DEEDS_SEEN_SHARE))}</em>).</p>"
    )
