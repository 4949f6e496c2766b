"""Life stories, `stories.json`: what happened to a few synthetic citizens of a run, and why.

A run with `--stories K` keeps up to K citizens of each kind (wrongly listed, rightly listed,
missed by the list, hurt through a relative, on the honour roll, and a random sample), chosen by
a random key of their own, and tells each one's life in full: the acts they did, every record a
feed or collector made of them (true or false, which collector, whether malicious, and what
review did), the entries that counted in the observed and the true ledger with their points and
expiry, the score as it changed, the listings with their notice, each attempt to use a service
that was refused or restricted with the rule and its reason, disputes and their outcomes, and
repairs. `timeline` tells the same in sentences, in order. Days count from the scenario's start
(day 0); every event also carries its date. `docs/stories.schema.json` is the JSON Schema of
`StoriesDocument`, and a test keeps it equal to what this module generates.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

STORIES_VERSION = 1
"""Counts incompatible changes of `stories.json`."""

Kind = Literal["wrongly_listed", "rightly_listed", "missed", "collateral", "honour_roll", "random"]
Ledger = Literal["observed", "true"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dated(_Record):
    day: int = Field(ge=0)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class Act(Dated):
    """Something the citizen did: whether or not any source saw it, and whether or not the
    policy scores it."""

    behaviour: str
    good: bool
    scored: bool
    """The policy can make an entry of this behaviour (its category is on and a source may
    report it)."""


class Record(Dated):
    """A record a source made about the citizen, true or false, and what became of it."""

    behaviour: str
    source: str
    """`feed:<code>` or `collector`."""
    collector: int | None
    """The collector's own citizen number, for a collector's report."""
    malicious: bool
    """The report was invented by a collector with a grudge."""
    false: bool
    """The act never happened."""
    outcome: Literal[
        "landed", "rejected in review", "over the collector's daily limit", "not scored"
    ]


class Entry(Dated):
    """An entry that counted in a ledger: its points and the day it stops counting."""

    ledger: Ledger
    behaviour: str
    points: int
    expires_day: int
    expires: str
    false: bool
    """The act never happened (only ever true in the observed ledger)."""


class ScoreChange(Dated):
    ledger: Ledger
    score: int
    grade: str


class Listing(_Record):
    """A spell on a list in one ledger: from the day it began (or resumed) to the day it ended."""

    name: Literal["black", "red"]
    """Which list."""
    ledger: Ledger
    from_day: int
    since_day: int
    """The day the term counts from (earlier than `from_day` for a listing resumed on appeal)."""
    in_force_day: int
    """The first day the listing has consequences at services, after the notice period."""
    to_day: int | None
    """The first day off the list; null when the run ends with the citizen on it."""
    renewed: list[int]
    """Days a new listing act started a new term."""
    ended_by: Literal["term", "appeal", "repair", "run end"]


class Attempt(Dated):
    """An attempt to use a service that was refused or restricted."""

    service: str
    effect: Literal["deny", "restricted"]
    rule: int | None
    """Index of the service rule that matched (null: the service's default)."""
    reasons: list[str]
    wrongful: bool
    """True conduct would have treated the citizen better."""
    through_relative: bool
    """The detriment reached the citizen through a relative's listing."""


class Dispute(Dated):
    behaviour: str
    entry_day: int
    false: bool
    outcome: Literal["reversed", "upheld", "lapsed", "open"]
    decided_day: int | None


class Line(Dated):
    text: str
    key: bool
    """One of the events that matter to the story: an act, record or entry against the
    citizen, a false record, a grade change, a listing, a refusal or restriction, a dispute,
    a repair (good deeds and their records are not)."""


class Story(_Record):
    citizen: int
    """The citizen's number in the run (from 0)."""
    kinds: list[Kind]
    group: str
    district: int
    consent: bool
    collector: bool
    """The citizen is a collector themselves."""
    summary: str
    acts: list[Act]
    records: list[Record]
    entries: list[Entry]
    scores: list[ScoreChange]
    """The score in each ledger at the start and whenever it changed (end of day)."""
    listings: list[Listing]
    attempts: list[Attempt]
    disputes: list[Dispute]
    repairs: list[Dated]
    """Days the citizen did the act that repairs a listing."""
    restorations: list[Dated]
    """Days a repair took the citizen off the black list."""
    timeline: list[Line]


class StoriesDocument(_Record):
    stories_version: Literal[1] = 1
    policy: str
    policy_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    scenario: str
    seed: int
    citizens: int
    days: int
    start: str
    base_score: int
    """Every score starts here; `Story.scores` holds the changes."""
    per_kind: int = Field(ge=1)
    kinds: dict[Kind, list[int]]
    """Per kind, the citizens chosen (by their random key, smallest first)."""
    stories: list[Story]


def stories_schema() -> dict[str, Any]:
    """The JSON Schema of `stories.json`."""
    return TypeAdapter(StoriesDocument).json_schema()


def stories_bytes(document: StoriesDocument) -> bytes:
    """`stories.json` as written: indented, UTF-8, one newline at the end."""
    return (document.model_dump_json(indent=1) + "\n").encode("utf-8")
