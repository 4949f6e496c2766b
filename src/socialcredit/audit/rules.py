"""The static checks: each rule reads the rulebook as written and returns its findings.

Every rule has an id, a citation and a check. A check returns at least one finding, a `pass`
saying what it looked at when nothing is wrong, so a report lists every rule. The rules and
their limits are documented in `docs/audit.md`; they describe patterns the law concerns and are
not legal advice.
"""

from __future__ import annotations

from socialcredit.audit.findings import Finding
from socialcredit.audit.law import automated_decision, disproportion, gdpr_9, unrelated_context
from socialcredit.audit.rule import Rule
from socialcredit.audit.safeguards import (
    basic_service,
    dispute_window,
    hearsay,
    notice,
    public_shaming,
    retention,
)
from socialcredit.domain.policy import Policy

RULES: tuple[Rule, ...] = (
    Rule(
        "ai-act-5-1-c-i",
        "Detriment in a context unrelated to the data's",
        "EU AI Act Art. 5(1)(c)(i)",
        unrelated_context,
    ),
    Rule(
        "ai-act-5-1-c-ii",
        "Detriment disproportionate to the behaviour",
        "EU AI Act Art. 5(1)(c)(ii)",
        disproportion,
    ),
    Rule("gdpr-9", "Special categories of data", "GDPR Art. 9(1)–(2)", gdpr_9),
    Rule(
        "gdpr-22",
        "Significant decisions made by the rules alone",
        "GDPR Art. 22(1), (3), (4)",
        automated_decision,
    ),
    Rule(
        "notice",
        "Notice and a grace period before a listing has consequences",
        "Supreme People's Court reform of the defaulter list (2019–2020)",
        notice,
    ),
    Rule("dispute-window", "A timely appeal", "US FCRA §1681i(a)(1)", dispute_window),
    Rule("retention", "Old entries stop counting", "US FCRA §1681c(a)", retention),
    Rule(
        "public-shaming", "Lists published with names", "Safeguard 3 (publication)", public_shaming
    ),
    Rule("hearsay", "Unreviewed reports", "Safeguard 5 (reporters); FCRA §1681e(b)", hearsay),
    Rule(
        "basic-service",
        "Basic services closed on a score",
        "EU AI Act Art. 5(1)(c); Recital 31",
        basic_service,
    ),
)


def audit_policy(policy: Policy) -> list[Finding]:
    """Every rule's findings, in the order of `RULES`."""
    return [finding for rule in RULES for finding in rule.check(policy, rule)]
