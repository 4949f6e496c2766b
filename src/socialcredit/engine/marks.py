"""What a day marks on each citizen for the run's totals: listings begun that day (and whether
wrongly), and whether a citizen was ever blacklisted, ever wrongly, and ever harmed at each
service. Compiled passes over the shard's citizens (`engine.compiled`), the same marks as the
array expressions they replace."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled

Days = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]


@compiled
def new_listings(day: int, black: Days, black_true: Days, began_wrongful: Mask) -> tuple[int, int]:
    """How many black listings began on `day`, and how many of them while the true ledger
    listed the citizen not; marks each new listing's `began_wrongful`."""
    new = wrongful = 0
    for i in range(len(black)):
        if black[i] == day:
            wrong = black_true[i] < 0
            began_wrongful[i] = wrong
            new += 1
            wrongful += wrong
    return new, wrongful


@compiled
def mark_ever(
    black: npt.NDArray[np.int8],
    black_true: npt.NDArray[np.int8],
    pairs: npt.NDArray[np.int64],
    harm_bits: npt.NDArray[np.uint64],
    ever_black: Mask,
    ever_wrong: Mask,
    ever_harmed: npt.NDArray[np.uint64],
) -> None:
    """From the day's black list states (0 not listed) of both ledgers and the standing pairs:
    ever blacklisted, ever wrongly (listed where the true ledger is not), and the services at
    which the citizen was ever harmed wrongly (bits)."""
    for i in range(len(black)):
        if black[i] > 0:
            ever_black[i] = True
            if black_true[i] == 0:
                ever_wrong[i] = True
        ever_harmed[i] |= harm_bits[pairs[i]]
