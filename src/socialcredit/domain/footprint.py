"""What a policy collects and publishes: its data footprint, as reports and the run record show
it, and how a list is published."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Publication(StrEnum):
    NONE = "none"
    MASKED = "masked"
    FULL = "full"


class Footprint(BaseModel):
    """The data footprint of a policy, as reports and the run record show it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    categories_enabled: list[str]
    sensitive_categories_enabled: list[str]
    legal_bases: dict[str, str | None]
    """The legal basis the policy claims for each sensitive category it turns on."""
    feeds: list[str]
    """Feeds whose category is on."""
    collectors: bool
    collector_review_required: bool
    consent_required: bool
    published_lists: dict[str, Publication]
    """The lists published at all, and how (masked or full names)."""
