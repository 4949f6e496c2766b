"""A rule of the audit, its thresholds, and what rules share: which services a list harms and
which services are basic."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from socialcredit.audit.findings import Finding, Measure, Verdict, located
from socialcredit.audit.relatedness import BASIC
from socialcredit.domain.effects import Effect
from socialcredit.domain.policy import Policy

SEVEN_YEARS = 7 * 365
"""FCRA §1681c: most adverse items stop being reported after seven years."""
DISPUTE_DAYS = 30
"""FCRA §1681i: a dispute is reinvestigated within 30 days."""
NOTICE_DAYS = 30
"""The 2019–2020 reform of the court-defaulter list: a grace period of one to three months."""
MINOR_POINTS = 10
"""A behaviour deducting at most this many points is minor: the Rongcheng table's everyday
misconduct (littering, jaywalking, noise) sits at 5–10 points."""
SPECIAL = frozenset({"health", "dating"})
"""Categories that are special under GDPR Art. 9 whatever the policy calls them (health; sex
life, which a dating platform's data reveals)."""
ART_9_2 = re.compile(r"9\s*\(\s*2\s*\)\s*\(\s*[a-j]\s*\)", re.IGNORECASE)
ART_9_2_A_OR_G = re.compile(r"9\s*\(\s*2\s*\)\s*\(\s*[ag]\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    citation: str
    check: Callable[[Policy, Rule], list[Finding]]

    def finding(
        self,
        policy: Policy,
        verdict: Verdict,
        message: str,
        field: str | None,
        measure: Measure | None = None,
    ) -> Finding:
        # A finding on the rulebook as a whole points at no line.
        file, line = located(policy, field)
        if field is None:
            line = None
        return Finding(self.id, verdict, self.citation, message, file, line, field, None, measure)


def list_harms(policy: Policy, list_name: str) -> list[tuple[str, int, Effect]]:
    """(service, rule index, effect) of every rule that restricts or denies on the list."""
    out: list[tuple[str, int, Effect]] = []
    for name, service in policy.services.items():
        for i, rule in enumerate(service.rules):
            if list_name in rule.when.lists and rule.effect in (Effect.RESTRICTED, Effect.DENY):
                out.append((name, i, rule.effect))
    return out


HARMS = (Effect.RESTRICTED, Effect.DENY)


@dataclass(frozen=True)
class Detriment:
    """A way a service restricts or denies: one of its rules, or its default where no rule
    matches (which then rests on whatever the rules look at)."""

    field: str
    effect: Effect
    lists: tuple[str, ...]
    on_score: bool
    """The decision looks at the score: a grade, a score threshold or the watch state."""


def detriments(policy: Policy, service: str) -> list[Detriment]:
    rules = policy.services[service].rules
    out = [
        Detriment(
            f"services.{service}.rules.{i}",
            r.effect,
            tuple(r.when.lists),
            bool(r.when.grades) or r.when.score_below is not None or r.when.watch is not None,
        )
        for i, r in enumerate(rules)
        if r.effect in HARMS
    ]
    default = policy.services[service].default
    if default in HARMS and rules:
        lists = tuple(dict.fromkeys(name for r in rules for name in r.when.lists))
        on_score = any(
            r.when.grades or r.when.score_below is not None or r.when.watch is not None
            for r in rules
        )
        out.append(Detriment(f"services.{service}.default", default, lists, on_score))
    return out


def harming_services(policy: Policy) -> tuple[str, ...]:
    """The services that restrict or deny, by a rule or by default."""
    return tuple(name for name in policy.services if detriments(policy, name))


def is_basic(policy: Policy, service: str) -> bool:
    declared = policy.services[service].basic
    return service in BASIC if declared is None else declared
