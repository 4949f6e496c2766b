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


def harming_services(policy: Policy) -> tuple[str, ...]:
    """The services some rule of which restricts or denies."""
    return tuple(
        name
        for name, service in policy.services.items()
        if any(r.effect in (Effect.RESTRICTED, Effect.DENY) for r in service.rules)
    )


def is_basic(policy: Policy, service: str) -> bool:
    declared = policy.services[service].basic
    return service in BASIC if declared is None else declared
