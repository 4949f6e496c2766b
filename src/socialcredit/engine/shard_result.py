"""What a shard hands back: its daily series (the columns of `series.parquet`, in order), its
totals, score histograms and appeal waits, every one a sum over its citizens, so that shards
add up to the whole run exactly (`engine.run`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.collateral import collateral_columns
from socialcredit.engine.daycount import day_columns
from socialcredit.engine.demand import demand_columns
from socialcredit.engine.model import Model
from socialcredit.engine.redress import REDRESS_COLUMNS
from socialcredit.engine.storylog import Cut


def columns(model: Model) -> list[str]:
    """Every series of the run, in the order of `series.parquet`."""
    return [
        *model.tally.columns,
        *day_columns(model.groups, model.world.codes),
        *collateral_columns(model.services),
        *demand_columns(model.services),
        *REDRESS_COLUMNS,
        *(f"collectors_in.{d}" for d in model.districts),
        *(f"acts_bad_in.{d}" for d in model.districts),
    ]


@dataclass
class ShardResult:
    columns: list[str]
    series: npt.NDArray[np.float64]
    """(day, column) sums over the shard's citizens."""
    totals: dict[str, float]
    score_hist: npt.NDArray[np.int64]
    score_hist_true: npt.NDArray[np.int64]
    decision_waits: npt.NDArray[np.int64]
    """Appeal decisions by days from dispute to decision (the last bin: that many or more)."""
    stories: Cut | None = None
    """The events of the shard's story citizens, when the run keeps stories."""
