"""What a run counts for each published quantity, and how it is read off a run.

- `listed_cumulative`: `black_listings` (listing terms begun, new listings and renewals), summed
  from day 0.
- `listed_current`: `black` (citizens on the black list) on the day.
- `flights_blocked_cumulative`: `attempts_refused.flight`, summed from day 0.
- `rail_blocked_cumulative`: `attempts_refused.train` + `attempts_restricted.train`, summed.
- `paid_after_listing_cumulative`: `restorations` (listed citizens whose repair took effect),
  summed from day 0.
- `listed_new_annual`: `black_listings` summed over the year ending on the day (from the day
  after the same date a year before; for 31 December, the calendar year), or from day 0 when the
  run began within that year.
- `removed_annual`: `black_exits` (listings ended by any exit), summed over the year; and by
  exit, `removed_paid_annual` (`restorations`), `removed_restored_annual` (`rehabilitations`)
  and `removed_expired_annual` (`black_expiries`).

Published listing totals count listings (case outcomes, organisations and repeat cases
included), so a run's listings are its terms begun, not the citizens ever listed. A policy that
restricts trains rather than closing them refuses a high-speed or first-class ticket, so a
restricted attempt counts as a refused train ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from socialcredit.domain.published import Quantity


@dataclass(frozen=True)
class Reading:
    series: tuple[str, ...]
    """Added together."""
    cumulative: bool
    """Summed from day 0 to the day (else the day's own value, or the year's: `window`)."""
    window: Literal["day", "year"] = "day"
    """With `cumulative` False: the day's own value, or the sum over the year ending on it."""


READINGS: dict[Quantity, Reading] = {
    Quantity.LISTED_CUMULATIVE: Reading(("black_listings",), cumulative=True),
    Quantity.LISTED_CURRENT: Reading(("black",), cumulative=False),
    Quantity.FLIGHTS_BLOCKED_CUMULATIVE: Reading(("attempts_refused.flight",), cumulative=True),
    Quantity.RAIL_BLOCKED_CUMULATIVE: Reading(
        ("attempts_refused.train", "attempts_restricted.train"), cumulative=True
    ),
    Quantity.PAID_AFTER_LISTING_CUMULATIVE: Reading(("restorations",), cumulative=True),
    Quantity.LISTED_NEW_ANNUAL: Reading(("black_listings",), cumulative=False, window="year"),
    Quantity.REMOVED_ANNUAL: Reading(("black_exits",), cumulative=False, window="year"),
    Quantity.REMOVED_PAID_ANNUAL: Reading(("restorations",), cumulative=False, window="year"),
    Quantity.REMOVED_RESTORED_ANNUAL: Reading(
        ("rehabilitations",), cumulative=False, window="year"
    ),
    Quantity.REMOVED_EXPIRED_ANNUAL: Reading(("black_expiries",), cumulative=False, window="year"),
}
"""Each published quantity as the run's series, declared once."""

Days = dict[str, tuple[int, ...]]
"""Quantity → the days to read it on."""
Counts = dict[str, list[float]]
"""Quantity → its counts on those days."""
