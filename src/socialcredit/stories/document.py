"""Life stories, `stories.json`: what happened to a few synthetic citizens of a run, and why.

A run with `--stories K` keeps up to K citizens of each kind (wrongly listed, rightly listed,
missed by the list, hurt through a relative, on the honour roll, and a random sample), chosen by
a random key of their own, and tells each one's life in full: the acts they did, every record a
feed or collector made of them (true or false, which collector, whether malicious, and what
review did), the entries that counted in the observed and the true ledger with their points and
expiry, the score as it changed, the listings with their notice, each attempt to use a service
that was refused or restricted with the rule and its reason, disputes and their outcomes, and
repairs. `timeline` tells the same in sentences, in order. Days count from the scenario's start
(day 0, the document's `start`). The five long tables of a story (acts, records, entries,
scores, timeline) are columns: one list per field, all of a table's lists equally long, as a
data frame loads them (`pandas.DataFrame(story["acts"])`); the few episodes (listings,
attempts, collateral, disputes) are objects. `docs/stories.schema.json` is the JSON Schema of
`StoriesDocument`, and a test keeps it equal to what this module generates.
"""

from __future__ import annotations

import json
from typing import Any, Literal, Self

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

STORIES_VERSION = 2
"""Counts incompatible changes of `stories.json`."""

Kind = Literal["wrongly_listed", "rightly_listed", "missed", "collateral", "honour_roll", "random"]
Ledger = Literal["observed", "true"]
Outcome = Literal["landed", "rejected in review", "over the collector's daily limit", "not scored"]
Doc = dict[str, Any]
"""A story, or a part of one, as the plain fields of its model here (`tell` builds them so, to
write `stories.json` without building a model per story)."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class _Columns(_Record):
    """A table as columns: every field a list, all equally long."""

    @model_validator(mode="after")
    def _equally_long(self) -> Self:
        lengths = {name: len(getattr(self, name)) for name in type(self).model_fields}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"the columns differ in length: {lengths}")
        return self

    def __len__(self) -> int:
        return len(getattr(self, next(iter(type(self).model_fields))))


class Dated(_Record):
    """Something that happened on one day of the run."""

    day: int = Field(ge=0)
    """Day of the run, from 0."""
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    """The same day as a date (ISO 8601), from the scenario's start."""


class Behaviour(_Record):
    """A behaviour of the policy, as the stories use it."""

    points: int
    """Its points: positive for a good deed, negative against the citizen."""
    expires_after_days: int
    """Days an entry of it counts."""
    scored: bool
    """The policy can make an entry of it (its category is on and a source may report it)."""


class Acts(_Columns):
    """Everything the citizen did of the behaviours the policy names, seen or not (a row per
    act). What else they did in the scenario's world no source of the policy could see; it is
    in the run's `acts.<code>` series, not here."""

    day: list[int]
    """Day of the act."""
    behaviour: list[str]
    """The behaviour's code in the policy (see the document's `behaviours`)."""


class Records(_Columns):
    """Every record a source made about the citizen, true or false, and what became of it."""

    day: list[int]
    """Day of the record."""
    behaviour: list[str]
    """The behaviour recorded."""
    source: list[str]
    """`feed:<code>` or `collector`."""
    collector: list[int | None]
    """The collector's own citizen number, for a collector's report."""
    malicious: list[bool]
    """The report was invented by a collector with a grudge."""
    false: list[bool]
    """The act never happened."""
    outcome: list[Outcome]
    """What became of the record: it landed (an entry, unless a cap or consent stops it),
    review rejected it, it was over the collector's daily limit, or the policy does not score
    the behaviour."""


class Entries(_Columns):
    """The entries that counted, in both ledgers, by day (observed before true)."""

    day: list[int]
    """Day the entry was added."""
    ledger: list[Ledger]
    """`observed` (what the sources made count) or `true` (every act the policy scores, seen
    perfectly)."""
    behaviour: list[str]
    """The behaviour's code."""
    points: list[int]
    """Its points, negative against the citizen."""
    expires_day: list[int]
    """The day it stops counting (unless a reversal or a repair takes it out first)."""
    false: list[bool]
    """The act never happened (only ever true in the observed ledger)."""


class Scores(_Columns):
    """The score in each ledger at the end of each day it changed; before the first change it
    is the document's `base_score`."""

    day: list[int]
    """The day."""
    ledger: list[Ledger]
    """`observed` or `true`."""
    score: list[int]
    """The score at the end of the day."""
    grade: list[str]
    """The grade of that score."""


class Listing(_Record):
    """A spell on a list in one ledger: from the day it began (or resumed) to the day it ended."""

    name: Literal["black", "red"]
    """Which list."""
    ledger: Ledger
    """`observed` or `true`."""
    from_day: int
    """The first day on the list (at its end)."""
    since_day: int
    """The day the term counts from (earlier than `from_day` for a listing resumed on appeal)."""
    in_force_day: int
    """The first day the listing has consequences at services, after the notice period (a
    renewal starts a new term, with its own notice)."""
    to_day: int | None
    """The first day off the list; null when the run ends with the citizen on it."""
    renewed: list[int]
    """Days a new listing act started a new term."""
    ended_by: Literal["term", "appeal", "repair", "run end"]
    """Why the spell ended: its term (exit bound, maximum, expiry), lifted on appeal, a repair,
    or the run ended first."""


class Attempt(Dated):
    """An attempt to use a service that was refused or restricted."""

    service: str
    """The service's name in the policy."""
    effect: Literal["deny", "restricted"]
    """Refused, or admitted only on restricting conditions."""
    rule: int | None
    """Index of the service rule that matched (null: the service's default)."""
    reasons: list[str]
    """The decision's reasons: the standing that matched and the rule's own words."""
    wrongful: bool
    """True conduct would have treated the citizen better."""
    through_relative: bool
    """The detriment reached the citizen through a relative's listing."""


class Collateral(_Record):
    """A spell of detriment at a service that reached the citizen through a relative's listing
    (the observed ledger)."""

    service: str
    """The service's name."""
    from_day: int
    """The first day it held (at its end)."""
    to_day: int | None
    """The first day it no longer held; null when the run ends first."""


class Dispute(Dated):
    """A dispute of an entry, filed on the day the entry counted."""

    behaviour: str
    """The disputed entry's behaviour."""
    entry_day: int
    """The day the entry was added."""
    false: bool
    """The entry's act never happened."""
    outcome: Literal["reversed", "upheld", "lapsed", "open"]
    """What review did; `lapsed`: the entry expired or a repair cleared it first; `open`:
    still waiting at the end of the run."""
    decided_day: int | None
    """The day it was decided or lapsed."""


class Timeline(_Columns):
    """The story in sentences, in order (a row per sentence)."""

    day: list[int]
    """The day."""
    date: list[str]
    """The same day as a date."""
    text: list[str]
    """What happened, in words."""
    key: list[bool]
    """One of the events that matter to the story: an act, record or entry against the
    citizen, a false record, a grade change, a listing, a refusal or restriction, a dispute,
    a repair (good deeds and their records are not)."""


class Story(_Record):
    """One citizen's life over the run."""

    citizen: int
    """The citizen's number in the run (from 0)."""
    kinds: list[Kind]
    """The kinds of story the citizen was chosen for."""
    group: str
    """The citizen's group."""
    district: int
    """The citizen's district (from 0)."""
    consent: bool
    """Whether the citizen consents to be scored."""
    collector: bool
    """The citizen is a collector themselves."""
    summary: str
    """One sentence: who, what kind of story, and its figures."""
    acts: Acts
    """Everything the citizen did, seen or not."""
    records: Records
    """Every record sources made about the citizen."""
    entries: Entries
    """The entries that counted, in both ledgers."""
    scores: Scores
    """The score in each ledger at the end of each day it changed."""
    listings: list[Listing]
    """Spells on the black list and the honour roll, in both ledgers."""
    attempts: list[Attempt]
    """Attempts to use a service that were refused or restricted."""
    collateral: list[Collateral]
    """Spells of detriment through a relative's listing, per service."""
    disputes: list[Dispute]
    """Entries the citizen disputed and what became of them."""
    repairs: list[int]
    """Days the citizen did the act that repairs a listing."""
    restorations: list[int]
    """Days a repair took the citizen off the black list."""
    timeline: Timeline
    """The story in sentences, in order."""


class StoriesDocument(_Record):
    """The life stories of one run: `stories.json`."""

    stories_version: Literal[2] = 2
    """Counts incompatible changes of this file."""
    policy: str
    """The policy's name."""
    policy_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    """The policy's content hash."""
    scenario: str
    """The scenario's name."""
    seed: int
    """The seed of the run the stories come from."""
    citizens: int
    """Citizens of the run."""
    days: int
    """Days of the run."""
    start: str
    """The date of day 0."""
    base_score: int
    """Every score starts here; `Story.scores` holds the changes."""
    behaviours: dict[str, Behaviour]
    """The policy's behaviours by code: points, expiry and whether they are scored."""
    per_kind: int = Field(ge=1)
    """The most stories kept of each kind (`--stories`)."""
    kinds: dict[Kind, list[int]]
    """Per kind, the citizens chosen (by their random key, smallest first)."""
    stories: list[Story]
    """One per citizen chosen, by citizen number."""


def stories_schema() -> dict[str, Any]:
    """The JSON Schema of `stories.json`."""
    schema = TypeAdapter(StoriesDocument).json_schema()
    schema["title"] = f"socialcredit stories.json, version {STORIES_VERSION}"
    return schema


def stories_markdown() -> str:
    """`docs/stories.md`: every object of `stories.json` and its fields, from the schema."""
    schema = stories_schema()
    lines = [
        "# `stories.json`: life stories of a run",
        "",
        "Written by `socialcredit simulate --stories K`. Generated from the schema by "
        "`.venv/bin/python docs/metrics.py`; the JSON Schema is "
        "[stories.schema.json](stories.schema.json).",
        "",
        (__doc__ or "").split("\n\n", 1)[0].replace("\n", " "),
        "",
    ]
    objects = {"StoriesDocument": schema, **schema.get("$defs", {})}
    for name, spec in objects.items():
        lines += [f"## `{name}`", ""]
        if spec.get("description"):
            lines += [" ".join(spec["description"].split()), ""]
        lines += ["| field | type | description |", "| --- | --- | --- |"]
        for field, prop in spec.get("properties", {}).items():
            text = " ".join(prop.get("description", "").split()).replace("|", "\\|")
            lines.append(f"| `{field}` | {_type(prop)} | {text} |")
        lines.append("")
    return "\n".join(lines)


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"`{prop['$ref'].rsplit('/', 1)[-1]}`"
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return " \\| ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if prop.get("type") == "object":
        return f"map to {_type(prop.get('additionalProperties', {}))}"
    return str(prop.get("type", "any"))


def stories_bytes(document: dict[str, Any]) -> bytes:
    """`stories.json` as written from `stories.tell`: compact UTF-8 JSON, one
    newline at the end. Written with orjson: a run's stories are megabytes of lists, which the
    standard library's encoder takes a tenth of a second per few megabytes to write."""
    return orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE)
