"""Where collectors worked, for a run whose collectors move between districts: each district's
share of the collectors over time against its share of the bad acts (true conduct)."""

from __future__ import annotations

from functools import partial

import numpy as np

from socialcredit.domain.catalogue.metrics import COLLECTORS_MAX_DISTRICT_SHARE as SHARE
from socialcredit.domain.scenario_references import district_names
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.run_view import Array, Run
from socialcredit.report.kit.style import BLUE, ORANGE
from socialcredit.report.kit.text import esc
from socialcredit.report.kit.timeseries import Panel, timeseries, trace


def moving_districts(run: Run) -> list[str]:
    """The districts of the run's figures: none unless its collectors move."""
    return district_names(run.record.scenario)


def _share(run: Run, prefix: str, district: str, *, to_date: bool) -> Array | None:
    """[seed, day] share of the district in the per-district series `prefix` (summed from the
    first day when `to_date`)."""
    names = moving_districts(run)
    parts = [run.daily.matrix(f"{prefix}.{d}") for d in names]
    if any(m is None for m in parts):
        return None
    stack = np.stack([m for m in parts if m is not None])
    if to_date:
        stack = np.cumsum(stack, axis=2)
    total = stack.sum(axis=0)
    mine = stack[names.index(district)]
    out: Array = np.divide(mine, total, out=np.full(total.shape, np.nan), where=total > 0)
    return out


def collectors_section(p: Page, run: Run) -> str:
    districts = moving_districts(run)
    allocation = run.record.scenario.observation.collectors.allocation
    panels: list[Panel] = [
        (
            f"District {d}",
            "Share",
            [
                trace(
                    "share of collectors",
                    BLUE,
                    partial(_share, prefix="collectors_in", district=d, to_date=False),
                ),
                trace(
                    "share of bad acts so far (true conduct)",
                    ORANGE,
                    partial(_share, prefix="acts_bad_in", district=d, to_date=True),
                ),
            ],
        )
        for d in districts
    ]
    rule = allocation.rule + (", corrected" if allocation.correction else "")
    return timeseries(
        p,
        [run],
        panels,
        label="Line charts: each district's share of the collectors and of the bad acts by day.",
        caption_html=esc(
            f"Collectors are shared out every {allocation.period_days} days ({rule}). "
            "Blue: the district's share of all collectors that day; orange: its share of every "
            "bad act done since day 0, seen or not. Where the blue line leaves the orange one, "
            "collectors follow their own reports, not conduct (docs/runaway-collectors.md)."
        ),
    ) + p.table(
        "Where the collectors ended",
        ["Figure", "Value"],
        [[esc(run.label_of(SHARE)), esc(run.cell(SHARE))]],
    )
