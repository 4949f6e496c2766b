"""The disparity section of the run report: how the policy treats each group of citizens.

Small multiples per group (ever blacklisted, ever wrongly blacklisted and wrongful denials of
one service per 1,000 citizens, and the mean score on the last day, observed against true
conduct), a table of the same figures, and the disparity ratios: the highest group's rate
divided by the lowest's, 1.00 when every group is listed alike.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from socialcredit.simulation.report.charts import SMALL, BarSeries, bar_figure, legend, no_data
from socialcredit.simulation.report.data import Run, seeds_note
from socialcredit.simulation.report.page import Page, with_note
from socialcredit.simulation.report.style import BLUE, ORANGE, PURPLE, VERMILION
from socialcredit.simulation.report.text import esc, fmt_stat, short
from socialcredit.simulation.report.values import Kind


def disparity_section(p: Page, run: Run) -> str:
    groups = run.groups
    train = "train" if "train" in run.services or not run.services else run.services[0]
    measures: list[tuple[str, str, Kind, str]] = [
        ("group.{}.ever_blacklisted_per_1000", "Ever blacklisted per 1,000", "rate", BLUE),
        (
            "group.{}.ever_wrongly_blacklisted_per_1000",
            "Ever wrongly blacklisted per 1,000",
            "rate",
            VERMILION,
        ),
        (
            f"group.{{}}.deny_wrongful.{train}.citizen_days_per_1000",
            f"Wrongful {train}-denial citizen-days per 1,000",
            "rate",
            PURPLE,
        ),
    ]
    figures = [
        bar_figure(
            p,
            groups,
            [BarSeries(title, color, [run.stat(name.format(g), kind) for g in groups])],
            label=f"Bars per group: {title.lower()}.",
            caption_html=esc(title) + " citizens, by group.",
            kind=kind,
            size=SMALL,
            title=title,
        )
        for name, title, kind, color in measures
    ]
    figures.insert(2, _score_figure(p, run))
    body = f'<div class="grid">{"".join(figures)}</div>'
    head = [
        "Group",
        "Citizens",
        "Ever blacklisted per 1,000",
        "Ever wrongly blacklisted per 1,000",
        "Mean score at end (observed)",
        "Mean score at end (true conduct)",
        f"Wrongful {esc(train)}-denial citizen-days per 1,000",
    ]
    rows = [
        [
            esc(g),
            esc(fmt_stat(run.stat(f"group.{g}.citizens"), "count")),
            esc(fmt_stat(run.stat(f"group.{g}.ever_blacklisted_per_1000", "rate"), "rate")),
            esc(fmt_stat(run.stat(f"group.{g}.ever_wrongly_blacklisted_per_1000", "rate"), "rate")),
            esc(fmt_stat(run.stat(f"group.{g}.mean_score.final", "score"), "score")),
            esc(fmt_stat(run.stat(f"group.{g}.mean_score_true.final", "score"), "score")),
            esc(
                fmt_stat(
                    run.stat(f"group.{g}.deny_wrongful.{train}.citizen_days_per_1000", "rate"),
                    "rate",
                )
            ),
        ]
        for g in groups
    ]
    body += p.table("Figures by group", head, rows, note_html=esc(seeds_note(run)))
    ratio_rows = [
        [
            "Blacklisted",
            esc(fmt_stat(run.stat("disparity.blacklisted_ratio", "ratio"), "ratio")),
            "Highest group's ever-blacklisted rate divided by the lowest's.",
        ],
        [
            "Wrongly blacklisted",
            esc(fmt_stat(run.stat("disparity.wrongly_blacklisted_ratio", "ratio"), "ratio")),
            "The same for wrongful listings.",
        ],
    ]
    body += p.table(
        "Disparity ratios",
        ["Ratio", "Value"],
        [[with_note(r[0], r[2]), r[1]] for r in ratio_rows],
        note_html="1.00 means every group is listed at the same rate.",
    )
    return body


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
                mean, low, high = run.stat(name.format(g), "score")
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
