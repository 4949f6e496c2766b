"""How collectors are shared out between districts: where they stay, or where they go after
the reports of the period just ended (docs/runaway-collectors.md derives what each rule does)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from socialcredit.domain.documents import Strict
from socialcredit.domain.errors import ScenarioError


class Allocation(Strict):
    """How collectors are shared out between districts, period by period.

    `fixed`: each district keeps the collectors its residents give it (`per_1000`).
    `proportional`: each period the collectors are shared out in proportion to the reports
    that landed against each district's residents in the last period. `max`: all of them go
    to the district with the most reports. `correction` counts each report with a chance that
    undoes where the collectors were (Ensign et al. 2018; docs/runaway-collectors.md)."""

    rule: Literal["fixed", "proportional", "max"] = "fixed"
    period_days: int = Field(default=7, ge=1, le=3650)
    """Days between two reallocations; each reads the reports of the period just ended."""
    correction: bool = False
    """Count a report from a district with chance q_min / q_d, where q_d is the chance a
    district's collectors see an act (1 - (1 - coverage)^(collectors per 1,000)) and q_min the
    smallest over the districts that have collectors."""

    @property
    def moving(self) -> bool:
        """Whether collectors move between districts during a run."""
        return self.rule != "fixed"

    @model_validator(mode="after")
    def _correction_moves(self) -> Allocation:
        if self.correction and self.rule == "fixed":
            raise ScenarioError(
                "correction needs collectors that move (rule proportional or max)",
                field="observation.collectors.allocation.correction",
            )
        return self


MAX_MOVING_DISTRICTS = 64
"""Most districts a scenario whose collectors move may have: such a run keeps a column per
district, in one shard (every district's reports decide the next period)."""
