"""The parts of a policy (behaviours, sources, grades, lists, services, appeals) as typed objects,
and the rulebook they make with its derived views, before the checks that tie the parts together.

`policy` adds those checks (`policy_references`, `policy_checks`), which read a `Rulebook`; this
module imports neither, so the checks and the policy they guard form no cycle.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from socialcredit.domain.documents import Strict
from socialcredit.domain.effects import Effect
from socialcredit.domain.errors import PolicyError
from socialcredit.domain.footprint import Footprint, Publication

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
PolicyName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
"""A policy's name: a code that may also hold `-`, as shipped names do (`court-defaulters`)."""
Score = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
"""A score or a score threshold: bounded, so that every score fits the simulator's arrays."""
MAX_SERVICES = 64
"""The engine keeps, per citizen, one bit per service of whether they were ever wrongly harmed."""


class Category(Strict):
    """A kind of evidence. A sensitive one that is on should state its legal basis; one that
    does not is still a rulebook that runs, and the audit fails it (`gdpr-9`): loading refuses
    only what cannot be simulated."""

    description: str = ""
    sensitive: bool = False
    enabled: bool = True
    legal_basis: str | None = None


class Cap(Strict):
    """At most `max` entries of a behaviour count per citizen in each window of `period_days`.

    Windows are counted from 1970-01-01 UTC so that every path agrees on where they start.
    """

    max: int = Field(ge=1)
    period_days: int = Field(ge=1, le=3660)


class Behaviour(Strict):
    code: Code
    category: Code
    points: int = Field(ge=-1000, le=1000)
    description: str = ""
    expires_after_days: int = Field(ge=1, le=36600)
    cap: Cap | None = None
    evidence: Literal["required", "optional"] = "required"
    legal_violation: bool = False
    """Counts even for a citizen who has not consented to be scored."""

    @model_validator(mode="after")
    def _not_zero(self) -> Behaviour:
        if self.points == 0:
            raise ValueError(
                "points must not be 0: a behaviour that counts for nothing is not a rule"
            )
        return self


class Feed(Strict):
    """A data system (bank, insurer, platform, registry) and the behaviours it may report.

    The feed's category is the kind of data it holds; it is on only when that category is on. A
    behaviour counts only when its own category is on too.
    """

    code: Code
    category: Code
    description: str = ""
    behaviours: list[Code] = Field(min_length=1)
    trusted: bool = True
    """Records of a trusted feed are verified on arrival; others wait for review."""


class Collectors(Strict):
    """Registered neighbourhood reporters: what they may report and how reports are handled."""

    enabled: bool = True
    behaviours: list[Code] = Field(default_factory=list)
    review_required: bool = True
    daily_limit: int = Field(default=10, ge=1, le=10_000)


class Sources(Strict):
    feeds: list[Feed] = Field(default_factory=list)
    collectors: Collectors = Field(default_factory=Collectors)


class Grade(Strict):
    name: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9+_-]+$")
    """A name of letters, digits and + _ -, as used in figure names (`grade.AAA.final`)."""
    min_score: Score


class Watch(Strict):
    below: Score


class ListEnter(Strict):
    score_below: Score | None = None
    score_at_least: Score | None = None
    behaviours: list[Code] = Field(default_factory=list)
    """A verified entry of any of these behaviours lists the citizen at once."""

    @model_validator(mode="after")
    def _one_trigger(self) -> ListEnter:
        if self.score_below is None and self.score_at_least is None and not self.behaviours:
            raise ValueError("give score_below, score_at_least or behaviours")
        if self.score_below is not None and self.score_at_least is not None:
            raise ValueError("give score_below or score_at_least, not both")
        return self


class ListExit(Strict):
    score_at_least: Score | None = None
    score_below: Score | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> ListExit:
        if (self.score_at_least is None) == (self.score_below is None):
            raise ValueError("give exactly one of score_at_least or score_below")
        return self


class Repair(Strict):
    """An act that ends a listing: paying the debt a court found unpaid, for instance."""

    act: str = Field(min_length=1, max_length=200)
    """What the citizen does, in words."""
    clears: list[Code] = Field(min_length=1)
    """Behaviours whose entries against the citizen the act clears (they stop counting)."""
    days: int = Field(default=0, ge=0, le=365)
    """Days from the act to the end of the listing and the clearing of the entries."""


class Rehabilitation(Strict):
    """Credit restoration: a court takes a listed citizen off the list before the debt is paid
    in full (a settlement kept, part-payment, good faith shown)."""

    act: str = Field(min_length=1, max_length=200)
    """What the citizen does, in words."""
    days: int = Field(default=0, ge=0, le=365)
    """Days from the act to the end of the listing."""


class ListRule(Strict):
    description: str = ""
    enter: ListEnter
    exit: ListExit
    min_days: int = Field(default=0, ge=0, le=3660)
    """Once listed, a citizen stays at least this long unless a stronger rule removes them."""
    max_days: int | None = Field(default=None, ge=1, le=36600)
    """Listing ends after this long whatever the score; it may start again the next day."""
    publish: Publication = Publication.NONE
    notice_days: int = Field(default=0, ge=0, le=365)
    """Days between listing and the first consequence at a service (the grace period)."""
    repair: Repair | None = None
    """How a listed citizen can leave the list before its term ends (black list only)."""
    rehabilitation: Rehabilitation | None = None
    """Credit restoration: a second way off the black list, which clears what the repair
    clears (how often and from when is the scenario's `redress.rehabilitation`)."""
    term_days: int | None = Field(default=None, ge=1, le=36600)
    """A black listing whose finding carries a fixed term ends this many days after it began
    (unless a new finding renews it), clearing what the repair clears; which findings carry one
    is the world's (the scenario's `redress.term_share`). None: no listing has a fixed term."""

    @model_serializer(mode="wrap")
    def _no_repair_unsaid(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A list without a repair (or the exits after it) is written as lists were before
        # them, so a rulebook that has none keeps its hash.
        data: dict[str, Any] = handler(self)
        for name in ("repair", "rehabilitation", "term_days"):
            if getattr(self, name) is None:
                data.pop(name, None)
        return data

    @model_validator(mode="after")
    def _min_within_max(self) -> ListRule:
        if self.max_days is not None and self.max_days < self.min_days:
            raise ValueError("max_days must be at least min_days")
        return self


class Lists(Strict):
    black: ListRule
    red: ListRule


class When(Strict):
    """A service rule matches when every condition given holds."""

    lists: list[Literal["black", "red"]] = Field(default_factory=list)
    grades: list[str] = Field(default_factory=list)
    watch: bool | None = None
    score_below: Score | None = None

    @model_validator(mode="after")
    def _something(self) -> When:
        if not self.lists and not self.grades and self.watch is None and self.score_below is None:
            raise ValueError(
                "a rule needs at least one condition (lists, grades, watch, score_below)"
            )
        return self


ConditionValue = str | int | float
Relation = Literal["self", "spouse", "children"]
"""Whom a service rule reaches: the citizen it matches, their spouse, their children."""


_SELF: tuple[Relation, ...] = ("self",)


class ServiceRule(Strict):
    when: When
    effect: Effect
    conditions: dict[Code, ConditionValue] = Field(default_factory=dict)
    reason: str = ""
    applies_to: list[Relation] = Field(default_factory=lambda: list(_SELF), min_length=1)
    """Whom the effect reaches: the citizen the rule matches (`self`) and their relatives (a
    rule reaching relatives looks at lists only and restricts or denies; `policy_references`
    holds it to that)."""

    @property
    def relatives(self) -> tuple[Relation, ...]:
        """The relatives the rule reaches, besides the citizen it matches."""
        return tuple(r for r in self.applies_to if r != "self")

    @model_serializer(mode="wrap")
    def _applies_to_self_unsaid(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A rule for the citizen alone is written as rules were before relatives, so a rulebook
        # that reaches no relative keeps its hash.
        data: dict[str, Any] = handler(self)
        if self.applies_to == ["self"]:
            data.pop("applies_to", None)
        return data

    @model_validator(mode="after")
    def _conditions_with_restrictions_and_privileges(self) -> ServiceRule:
        if self.effect.with_conditions and not self.conditions:
            raise ValueError(f"a {self.effect.value} rule must state its conditions")
        if not self.effect.with_conditions and self.conditions:
            raise ValueError("only a restricted or privileged rule has conditions")
        return self


class Service(Strict):
    description: str = ""
    rules: list[ServiceRule] = Field(default_factory=list)
    """Checked in order; the first rule that matches decides."""
    default: Effect = Effect.ALLOW
    """The effect when no rule matches (a restricted or privileged default states no
    conditions)."""
    significant: bool | None = None
    """A decision here has legal or similarly significant effect (GDPR Art. 22). Unset: school,
    job, housing and loan are significant, other services are not."""
    basic: bool | None = None
    """A basic service, never to be closed on a score alone. Unset: internet is basic."""
    related_data: dict[Code, str] = Field(default_factory=dict)
    """Data categories whose use this service's decisions may rest on although the audit's
    table counts them unrelated, each with the justification the audit quotes."""


class Consent(Strict):
    required: bool = False
    """Without consent a citizen is scored on legal violations only and never honoured."""


class Appeals(Strict):
    human_review: bool = False
    """A person reviews a contested decision (GDPR Art. 22(3)), not the rules again."""
    deadline_days: int = Field(default=30, ge=1, le=365)
    """Days within which a dispute should be decided."""
    disputed_entries_count: bool = True
    """False: an entry under appeal stops counting until the appeal is decided."""
    notify_entries: bool = False
    """Each entry against a citizen is notified to them, with its reasons, when it counts."""

    @model_serializer(mode="wrap")
    def _unnotified_unsaid(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Appeals without notices are written as they were before notices, so a rulebook that
        # notifies nothing keeps its hash.
        data: dict[str, Any] = handler(self)
        if not self.notify_entries:
            data.pop("notify_entries", None)
        return data


class Rulebook(Strict):
    """A policy's fields and derived views; `policy.Policy` is a rulebook whose parts agree."""

    name: PolicyName
    version: int = Field(default=1, ge=1)
    description: str = ""
    base_score: int = Field(default=1000, ge=0, le=1_000_000)
    consent: Consent = Field(default_factory=Consent)
    categories: dict[Code, Category]
    behaviours: list[Behaviour] = Field(min_length=1)
    sources: Sources
    grades: list[Grade] = Field(min_length=1)
    watch: Watch
    lists: Lists
    services: dict[Code, Service] = Field(min_length=1, max_length=MAX_SERVICES)
    appeals: Appeals = Field(default_factory=Appeals)

    # Derived views. Policies are frozen, so these are computed once.

    @cached_property
    def hash(self) -> str:
        """SHA-256 of the canonical JSON of the validated policy: stable across formatting."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @cached_property
    def behaviour_index(self) -> dict[str, int]:
        return {b.code: i for i, b in enumerate(self.behaviours)}

    def behaviour(self, code: str) -> Behaviour:
        try:
            return self.behaviours[self.behaviour_index[code]]
        except KeyError:
            raise PolicyError(f"unknown behaviour {code!r}", field="behaviours") from None

    @cached_property
    def grades_descending(self) -> list[Grade]:
        return sorted(self.grades, key=lambda g: g.min_score, reverse=True)

    def category_enabled(self, category: str) -> bool:
        return self.categories[category].enabled

    @cached_property
    def reporting_sources(self) -> dict[str, list[str]]:
        """For each behaviour, the enabled sources that may report it (feed codes, `collector`)."""
        out: dict[str, list[str]] = {b.code: [] for b in self.behaviours}
        for feed in self.sources.feeds:
            if self.category_enabled(feed.category):
                for code in feed.behaviours:
                    out[code].append(feed.code)
        if self.sources.collectors.enabled:
            for code in self.sources.collectors.behaviours:
                out[code].append("collector")
        return out

    def counts(self, behaviour: Behaviour) -> bool:
        """Whether the behaviour can produce entries: category on, and an enabled source."""
        return self.category_enabled(behaviour.category) and bool(
            self.reporting_sources[behaviour.code]
        )

    def footprint(self) -> Footprint:
        """What data the policy uses: categories on, sensitive ones, and the feeds reading them."""
        enabled = [c for c, cat in self.categories.items() if cat.enabled]
        sensitive_on = [c for c, cat in self.categories.items() if cat.enabled and cat.sensitive]
        return Footprint(
            categories_enabled=enabled,
            sensitive_categories_enabled=sensitive_on,
            legal_bases={c: self.categories[c].legal_basis for c in sensitive_on},
            feeds=[f.code for f in self.sources.feeds if self.category_enabled(f.category)],
            collectors=self.sources.collectors.enabled,
            collector_review_required=self.sources.collectors.review_required,
            consent_required=self.consent.required,
            published_lists={
                name: rule.publish
                for name, rule in (("black", self.lists.black), ("red", self.lists.red))
                if rule.publish is not Publication.NONE
            },
        )
