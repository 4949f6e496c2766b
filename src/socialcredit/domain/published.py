"""The published record: figures an authority or the press published about a real system, each a
**target** with its date, source, reading and uncertainty, as a calibration fits them and a
prediction is judged against them.

A target is `fit` (a calibration may use it) or `judge` (held out: a prediction made from the fit
targets is judged against it, and no calibration may see it). The record names the last date it
fits (`fit_until`); a `fit` target after it, or a `judge` target on or before it, is an error, so
the split is declared once, in the file. Reading the file lives in `inputs.published`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from socialcredit.domain.documents import Strict
from socialcredit.domain.errors import TargetError

TargetId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]


class Quantity(StrEnum):
    """What a target measures. Each value's meaning is in `QUANTITY_MEANING`."""

    LISTED_CUMULATIVE = "listed_cumulative"
    LISTED_CURRENT = "listed_current"
    FLIGHTS_BLOCKED_CUMULATIVE = "flights_blocked_cumulative"
    RAIL_BLOCKED_CUMULATIVE = "rail_blocked_cumulative"
    PAID_AFTER_LISTING_CUMULATIVE = "paid_after_listing_cumulative"
    LISTED_NEW_ANNUAL = "listed_new_annual"
    REMOVED_ANNUAL = "removed_annual"
    REMOVED_PAID_ANNUAL = "removed_paid_annual"
    REMOVED_RESTORED_ANNUAL = "removed_restored_annual"
    REMOVED_EXPIRED_ANNUAL = "removed_expired_annual"


QUANTITY_MEANING: dict[Quantity, str] = {
    Quantity.LISTED_CUMULATIVE: "listings ever made public since the list opened",
    Quantity.LISTED_CURRENT: "listings on the list on the date, those removed not counted",
    Quantity.FLIGHTS_BLOCKED_CUMULATIVE: "flight-ticket purchases refused since the list opened",
    Quantity.RAIL_BLOCKED_CUMULATIVE: "train-ticket purchases refused since the list opened",
    Quantity.PAID_AFTER_LISTING_CUMULATIVE: "listed debtors who paid or complied since it opened",
    Quantity.LISTED_NEW_ANNUAL: "listings made public in the year ending on the date",
    Quantity.REMOVED_ANNUAL: "listings removed in the year ending on the date, by any exit",
    Quantity.REMOVED_PAID_ANNUAL: "listings removed in the year because the debt was paid",
    Quantity.REMOVED_RESTORED_ANNUAL: "listings removed in the year by credit restoration",
    Quantity.REMOVED_EXPIRED_ANNUAL: "listings removed in the year at the end of a fixed term",
}
"""One line per quantity, for the docs and for a calibration's report."""


class Source(Strict):
    """Where a figure was published: who, under what title, when, and where to read it."""

    publisher: Text
    title: Text
    date: date
    url: str | None = None


class Uncertainty(Strict):
    """The relative standard deviation a calibration gives the figure, and why."""

    relative_sd: float = Field(gt=0, le=1)
    reason: Text


class Target(Strict):
    """One published figure: what it counts, on what date, from whom, and how it is used."""

    id: TargetId
    date: date
    """The date the figure refers to (not the date it was published)."""
    value: int = Field(gt=0)
    quantity: Quantity
    counts: Text
    """In words: what is counted (people, listings, transactions) and since when."""
    source: Source
    reading: Text
    """What was read, where, and how it was interpreted."""
    uncertainty: Uncertainty
    use: Literal["fit", "judge"]

    @model_validator(mode="after")
    def _not_after_its_publication(self) -> Target:
        if self.date > self.source.date:
            raise ValueError(
                f"the figure's date {self.date} is after its publication on {self.source.date}"
            )
        return self


class PublishedRecord(Strict):
    """The published figures about one real system, as targets."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
    description: Text
    fit_until: date
    """The last date a `fit` target may have; every `judge` target is later."""
    targets: list[Target] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique_and_split_at_fit_until(self) -> PublishedRecord:
        seen: set[str] = set()
        for i, target in enumerate(self.targets):
            if target.id in seen:
                raise TargetError(f"target {target.id!r} is named twice", field=f"targets.{i}.id")
            seen.add(target.id)
            if target.use == "fit" and target.date > self.fit_until:
                raise TargetError(
                    f"a fit target must be dated on or before fit_until ({self.fit_until}); "
                    f"this one is dated {target.date}: make it `judge`",
                    field=f"targets.{i}.use",
                )
            if target.use == "judge" and target.date <= self.fit_until:
                raise TargetError(
                    f"a judge target must be dated after fit_until ({self.fit_until}); "
                    f"this one is dated {target.date}: make it `fit`",
                    field=f"targets.{i}.use",
                )
        return self


def fit_targets(record: PublishedRecord, cutoff: date | None = None) -> list[Target]:
    """The targets a calibration fits: marked `fit` and dated on or before `cutoff` (the record's
    `fit_until` when not given). A `judge` target is never among them, whatever the cutoff."""
    until = record.fit_until if cutoff is None else cutoff
    return [t for t in record.targets if t.use == "fit" and t.date <= until]


def judge_targets(record: PublishedRecord, cutoff: date | None = None) -> list[Target]:
    """The targets a prediction is judged against: dated after `cutoff` (the record's `fit_until`
    when not given). An earlier cutoff holds `fit` targets out too, for a back-test."""
    until = record.fit_until if cutoff is None else cutoff
    return [t for t in record.targets if t.date > until]
