"""The disparity section of the run report: how the policy treats each group of citizens.

Small multiples per group (ever blacklisted, ever wrongly blacklisted and wrongful denials and
restrictions of one service per 1,000 citizens, and the mean score on the last day, observed
against true conduct), a table of the same figures, and each group set against the reference
group with signed differences and ratios, read out in words: who fares worse, and whether the
interval says so.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from socialcredit.report.kit.charts import SMALL, BarSeries, bar_figure, legend, no_data
from socialcredit.report.kit.page import Page, with_note
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.seeds import seeds_note
from socialcredit.report.kit.style import BLUE, ORANGE, PURPLE, VERMILION
from socialcredit.report.kit.text import esc, short


def disparity_section(p: Page, run: Run) -> str:
    groups = run.groups
    train = "train" if "train" in run.services else run.services[0]
    # (metric, short title for the small plot, what it counts, colour)
    measures: list[tuple[str, str, str, str]] = [
        (
            "group.{}.ever_blacklisted_per_1000",
            "Ever blacklisted",
            "Citizens ever blacklisted per 1,000",
            BLUE,
        ),
        (
            "group.{}.ever_wrongly_blacklisted_per_1000",
            "Ever wrongly blacklisted",
            "Citizens ever wrongly blacklisted per 1,000",
            VERMILION,
        ),
        (
            f"group.{{}}.wrongly_harmed.{train}.citizen_days_per_1000",
            f"Wrongly harmed at {train}",
            f"Citizen-days wrongly denied or restricted at {train}, per 1,000",
            PURPLE,
        ),
    ]
    figures = [
        bar_figure(
            p,
            groups,
            [BarSeries(title, color, [run.stat(name.format(g)) for g in groups])],
            label=f"Bars per group: {counts.lower()}.",
            caption_html=esc(counts) + ", by group.",
            kind="rate",
            size=SMALL,
            title=title,
            ylabel="per 1,000",
        )
        for name, title, counts, color in measures
    ]
    figures.insert(2, _score_figure(p, run))
    body = f'<div class="grid">{"".join(figures)}</div>'
    columns = [
        "group.{}.citizens",
        "group.{}.ever_blacklisted_per_1000",
        "group.{}.ever_wrongly_blacklisted_per_1000",
        "group.{}.mean_score.final",
        "group.{}.mean_score_true.final",
        "group.{}.score_gap.final",
        f"group.{{}}.wrongly_harmed.{train}.citizen_days_per_1000",
    ]
    head = [
        "Group",
        *(esc(run.label_of(c.format(groups[0])).removesuffix(f", {groups[0]}")) for c in columns),
    ]
    rows = [[esc(g), *(esc(run.cell(c.format(g))) for c in columns)] for g in groups]
    body += p.table("Figures by group", head, rows, note_html=esc(seeds_note(run)))
    body += comparison_table(p, run)
    return body


COMPARED = ("ever_blacklisted", "ever_wrongly_blacklisted")


def comparison_table(p: Page, run: Run) -> str:
    """Each group against the reference group: signed differences and ratios, and who fares
    worse, in words."""
    ref = run.reference
    others = [g for g in run.groups if g != ref]
    if not others:
        return (
            f"<p>The scenario has one group ({esc(ref)}), so there is no disparity between "
            "groups to measure.</p>"
        )
    rows = []
    for g in others:
        for what in COMPARED:
            base = f"disparity.{g}_vs_{ref}.{what}"
            rows.append(
                [
                    _compared(run, f"{base}.difference"),
                    esc(run.cell(f"{base}.difference")),
                    esc(run.cell(f"{base}.ratio")),
                    esc(
                        _verdict(
                            run,
                            f"{base}.difference",
                            g,
                            ref,
                            what.removeprefix("ever_").replace("_", " "),
                        )
                    ),
                ]
            )
        gap = f"disparity.{g}_vs_{ref}.score_gap.difference"
        rows.append(
            [
                _compared(run, gap),
                esc(run.cell(gap)),
                "no ratio: a difference of points",
                esc(_gap_verdict(run, gap, g, ref)),
            ]
        )
    return p.table(
        f"Each group against the reference group, {ref}",
        ["Comparison", "Difference", "Ratio", "Reading"],
        rows,
        numeric=[False, True, True, False],
        note_html=f"Signed comparisons with the reference group <strong>{esc(ref)}</strong>: "
        "the group named first minus (a ratio: divided by) the reference group. Under each "
        "comparison, the metric catalogue's description says which side of 0 means the group "
        "named first fares worse; the reading says who does only when the 95% interval of the "
        "difference excludes 0.",
    )


def _compared(run: Run, difference: str) -> str:
    """A comparison's row header: its label, and under it the catalogue's description, which
    states the sign convention (the report does not state it again)."""
    label = run.label_of(difference).removesuffix(", difference")
    return with_note(esc(label), esc(run.metrics[difference].description))


def _verdict(run: Run, name: str, group: str, ref: str, what: str) -> str:
    mean, low, high = run.stat(name)
    if mean is None:
        return "undefined"
    if low is None or high is None:
        if mean == 0:
            return f"{group} and {ref} alike (one seed: no interval)"
        more = "more" if mean > 0 else "less"
        return f"{group} is {what} {more} often than {ref} (one seed: no interval)"
    if low > 0:
        return f"{group} is {what} more often than {ref}"
    if high < 0:
        return f"{group} is {what} less often than {ref}"
    return f"no clear difference between {group} and {ref}"


def _gap_verdict(run: Run, name: str, group: str, ref: str) -> str:
    mean, low, high = run.stat(name)
    if mean is None:
        return "undefined"
    if low is not None and high is not None and low <= 0 <= high:
        return f"observation marks {group} and {ref} alike"
    lower = mean < 0
    return (
        f"observation marks {group} down more than {ref}"
        if lower
        else f"observation marks {group} down less than {ref}"
    ) + (" (one seed: no interval)" if low is None else "")


def _score_figure(p: Page, run: Run) -> str:
    groups = run.groups

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        ax.set_title("Mean score at end")
        drawn = False
        for k, (name, text, color, marker) in enumerate(
            [
                ("group.{}.mean_score.final", "observed", BLUE, "o"),
                ("group.{}.mean_score_true.final", "by true conduct", ORANGE, "s"),
            ]
        ):
            for i, g in enumerate(groups):
                mean, low, high = run.stat(name.format(g))
                if mean is None:
                    continue
                err = None if low is None or high is None else [[mean - low], [high - mean]]
                ax.errorbar(
                    i + (k - 0.5) * 0.25,
                    mean,
                    yerr=err,
                    color=color,
                    marker=marker,
                    markersize=7,
                    linestyle="none",
                    capsize=3,
                )
                drawn = True
            ax.plot([], [], color=color, marker=marker, linestyle="none", label=text)
        if not drawn:
            no_data(ax)
            return
        ax.set_xticks(range(len(groups)), [short(g, 18) for g in groups])
        ax.set_xlim(-0.6, len(groups) - 0.4)
        ax.grid(axis="x", visible=False)
        ax.set_ylabel("Score")
        legend(fig, ax.get_legend_handles_labels()[0])

    return p.figure(
        draw,
        label="Dot plot per group: mean score on the last day, observed and by true conduct.",
        caption_html="Mean score per group on the last day; the gap between the two marks is "
        "what observation adds or removes. The axis does not start at zero.",
        size=SMALL,
    )
