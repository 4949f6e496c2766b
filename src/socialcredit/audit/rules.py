"""The static checks: each rule reads the rulebook as written and returns its findings.

Every rule has an id, a citation and a check. A check returns at least one finding, a `pass`
saying what it looked at when nothing is wrong, so a report lists every rule. The rules and
their limits are documented in `docs/audit.md`; they describe patterns the law concerns and are
not legal advice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from socialcredit.audit.findings import Finding, Verdict, located
from socialcredit.audit.relatedness import BASIC, RELATED, SIGNIFICANT
from socialcredit.domain.effects import Effect
from socialcredit.domain.policy import Policy, Publication

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

    def finding(self, policy: Policy, verdict: Verdict, message: str, field: str | None) -> Finding:
        file, line = located(policy, field)
        return Finding(self.id, verdict, self.citation, message, file, line, field)


def _harms(policy: Policy, list_name: str) -> list[tuple[str, int, Effect]]:
    """(service, rule index, effect) of every rule that restricts or denies on the list."""
    out: list[tuple[str, int, Effect]] = []
    for name, service in policy.services.items():
        for i, rule in enumerate(service.rules):
            if list_name in rule.when.lists and rule.effect in (Effect.RESTRICTED, Effect.DENY):
                out.append((name, i, rule.effect))
    return out


def notice(policy: Policy, rule: Rule) -> list[Finding]:
    harms = _harms(policy, "black")
    days = policy.lists.black.notice_days
    field = "lists.black.notice_days"
    if not harms:
        return [rule.finding(policy, "pass", "the black list restricts no service", "lists.black")]
    services = ", ".join(sorted({s for s, _, _ in harms}))
    if days == 0:
        return [
            rule.finding(
                policy,
                "fail",
                f"the black list restricts {services} from the day of listing: the listed "
                "person gets no notice and no grace period first",
                field,
            )
        ]
    if days < NOTICE_DAYS:
        return [
            rule.finding(
                policy,
                "warn",
                f"{days} days' notice before the black list restricts {services}; the reformed "
                f"court list gives one to three months",
                field,
            )
        ]
    return [rule.finding(policy, "pass", f"{days} days' notice before consequences", field)]


def dispute_window(policy: Policy, rule: Rule) -> list[Finding]:
    appeals = policy.appeals
    if not any(policy.counts(b) for b in policy.behaviours):
        return [rule.finding(policy, "pass", "nothing counts, so nothing is disputed", None)]
    out = []
    if appeals.deadline_days > DISPUTE_DAYS:
        out.append(
            rule.finding(
                policy,
                "fail",
                f"an appeal is decided within {appeals.deadline_days} days, longer than the "
                f"{DISPUTE_DAYS} days a disputed credit record is reinvestigated in",
                "appeals.deadline_days",
            )
        )
    if appeals.disputed_entries_count:
        out.append(
            rule.finding(
                policy,
                "warn",
                "a disputed entry keeps counting while the appeal is open",
                "appeals.disputed_entries_count",
            )
        )
    return out or [
        rule.finding(
            policy,
            "pass",
            f"appeals decided within {appeals.deadline_days} days; disputed entries stop counting",
            "appeals",
        )
    ]


def retention(policy: Policy, rule: Rule) -> list[Finding]:
    out = [
        rule.finding(
            policy,
            "fail",
            f"{b.code} counts for {b.expires_after_days} days, more than seven years",
            f"behaviours.{i}.expires_after_days",
        )
        for i, b in enumerate(policy.behaviours)
        if b.expires_after_days > SEVEN_YEARS
    ]
    black = policy.lists.black
    if _harms(policy, "black") and (black.max_days is None or black.max_days > SEVEN_YEARS):
        length = "no end" if black.max_days is None else f"{black.max_days} days"
        out.append(
            rule.finding(
                policy,
                "fail" if black.max_days is not None else "warn",
                f"a black listing has {length}: it can last more than seven years",
                "lists.black.max_days" if black.max_days is not None else "lists.black",
            )
        )
    return out or [
        rule.finding(policy, "pass", "no entry or listing lasts more than seven years", None)
    ]


def public_shaming(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name in ("black", "red"):
        publish = getattr(policy.lists, name).publish
        if publish is Publication.FULL:
            verdict: Verdict = "fail" if name == "black" else "warn"
            out.append(
                rule.finding(
                    policy,
                    verdict,
                    f"the {name} list is published with full names",
                    f"lists.{name}.publish",
                )
            )
    return out or [rule.finding(policy, "pass", "no list is published with full names", "lists")]


def hearsay(policy: Policy, rule: Rule) -> list[Finding]:
    collectors = policy.sources.collectors
    if not collectors.enabled:
        return [rule.finding(policy, "pass", "collectors are off", "sources.collectors.enabled")]
    if not collectors.review_required:
        return [
            rule.finding(
                policy,
                "fail",
                "collectors' reports count without review",
                "sources.collectors.review_required",
            )
        ]
    return [
        rule.finding(
            policy, "pass", "collectors' reports are reviewed", "sources.collectors.review_required"
        )
    ]


def basic_service(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name in sorted(n for n in policy.services if _basic(policy, n)):
        for i, r in enumerate(policy.services[name].rules):
            if r.effect in (Effect.RESTRICTED, Effect.DENY) and not r.when.lists:
                closed = "denied" if r.effect is Effect.DENY else "restricted"
                out.append(
                    rule.finding(
                        policy,
                        "fail",
                        f"{name}, a basic service, is {closed} on a score, grade or watch alone",
                        f"services.{name}.rules.{i}",
                    )
                )
    return out or [
        rule.finding(policy, "pass", "no basic service is closed on a score alone", "services")
    ]


def gdpr_9(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name, category in policy.categories.items():
        special = category.sensitive or name in SPECIAL
        if not special or not category.enabled:
            continue
        field = f"categories.{name}"
        if not category.sensitive:
            out.append(
                rule.finding(
                    policy, "fail", f"{name} data is special but counts as ordinary data", field
                )
            )
        elif not ART_9_2.search(category.legal_basis or ""):
            out.append(
                rule.finding(
                    policy,
                    "warn",
                    f"{name} data is used on the basis {category.legal_basis!r}, which names no "
                    "Art. 9(2) ground",
                    f"{field}.legal_basis",
                )
            )
        else:
            out.append(
                rule.finding(
                    policy, "pass", f"{name} data is used on {category.legal_basis!r}", field
                )
            )
    return out or [rule.finding(policy, "pass", "no special category is used", "categories")]


def disproportion(policy: Policy, rule: Rule) -> list[Finding]:
    """A minor behaviour (at most MINOR_POINTS points) that alone, or repeated within its cap
    over a year, reaches the black list where the list denies or restricts a service."""
    harms = _harms(policy, "black")
    enter = policy.lists.black.enter
    if not harms:
        return [rule.finding(policy, "pass", "the black list restricts no service", "lists.black")]
    services = ", ".join(sorted({s for s, _, _ in harms}))
    out = []
    for i, b in enumerate(policy.behaviours):
        if b.points >= 0 or -b.points > MINOR_POINTS or not policy.counts(b):
            continue
        if b.code in enter.behaviours:
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{b.code} ({b.points} points) lists a citizen at once, and the list "
                    f"restricts {services}",
                    f"behaviours.{i}",
                )
            )
            continue
        if enter.score_below is None:
            continue
        gap = policy.base_score - enter.score_below + 1
        if b.cap is None:
            times = -(-gap // -b.points)
            out.append(
                rule.finding(
                    policy,
                    "warn",
                    f"{b.code} ({b.points} points, no cap) reaches the black list from the base "
                    f"score in {times} entries, and the list restricts {services}",
                    f"behaviours.{i}",
                )
            )
            continue
        # Entries live expires_after_days; the cap allows max of them per period_days.
        active = b.cap.max * max(1, b.expires_after_days // b.cap.period_days)
        if active * -b.points >= gap:
            out.append(
                rule.finding(
                    policy,
                    "warn",
                    f"{b.code} ({b.points} points, at most {b.cap.max} per {b.cap.period_days} "
                    f"days) reaches the black list within its cap, and the list restricts "
                    f"{services}",
                    f"behaviours.{i}.cap",
                )
            )
    return out or [
        rule.finding(
            policy,
            "pass",
            f"no behaviour of at most {MINOR_POINTS} points reaches the black list on its own",
            "behaviours",
        )
    ]


def _basic(policy: Policy, service: str) -> bool:
    declared = policy.services[service].basic
    return service in BASIC if declared is None else declared


def _significant(policy: Policy, service: str) -> bool:
    declared = policy.services[service].significant
    return service in SIGNIFICANT if declared is None else declared


def _counting(policy: Policy) -> set[str]:
    """The data categories the score is built from: those of the behaviours that can produce
    entries, and those of the enabled feeds that report them (police and court records are
    public_records data, whatever behaviour they record)."""
    counting = [b for b in policy.behaviours if policy.counts(b)]
    codes = {b.code for b in counting}
    feeds = {
        f.category
        for f in policy.sources.feeds
        if policy.category_enabled(f.category) and codes & set(f.behaviours)
    }
    return {b.category for b in counting} | feeds


def _feeding(policy: Policy, when_lists: Sequence[str]) -> set[str]:
    """The data categories a rule's decision rests on: the score's, and for a list entered on
    behaviours, theirs."""
    out: set[str] = set()
    for name in when_lists:
        enter = getattr(policy.lists, name).enter
        if enter.score_below is not None or enter.score_at_least is not None:
            out |= _counting(policy)
        out |= {
            policy.behaviour(code).category
            for code in enter.behaviours
            if policy.counts(policy.behaviour(code))
        }
    return out


def unrelated_context(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name, service in policy.services.items():
        for i, r in enumerate(service.rules):
            if r.effect not in (Effect.RESTRICTED, Effect.DENY):
                continue
            feeding = _feeding(policy, r.when.lists) if r.when.lists else set()
            if r.when.grades or r.when.score_below is not None or r.when.watch is not None:
                feeding |= _counting(policy)
            related = RELATED.get(name, frozenset())
            justified = {c: service.related_data[c] for c in feeding if c in service.related_data}
            unrelated = sorted(feeding - related - set(justified))
            closed = "denied" if r.effect is Effect.DENY else "restricted"
            quoted = "; ".join(f"{c}: {why!r}" for c, why in sorted(justified.items()))
            field = f"services.{name}.rules.{i}"
            if unrelated:
                out.append(
                    rule.finding(
                        policy,
                        "fail",
                        f"{name} is {closed} on data unrelated to it: "
                        f"{', '.join(unrelated)}" + (f" (justified: {quoted})" if quoted else ""),
                        field,
                    )
                )
            elif quoted:
                out.append(
                    rule.finding(
                        policy,
                        "pass",
                        f"{name} is {closed} on related data and on data the policy justifies: "
                        f"{quoted}",
                        field,
                    )
                )
    return out or [
        rule.finding(policy, "pass", "no service is closed on data unrelated to it", "services")
    ]


def automated_decision(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    special = [
        c
        for c, cat in policy.categories.items()
        if cat.enabled and (cat.sensitive or c in SPECIAL) and c in _counting(policy)
    ]
    for name, service in policy.services.items():
        if not _significant(policy, name):
            continue
        harmful = [
            (i, r)
            for i, r in enumerate(service.rules)
            if r.effect in (Effect.RESTRICTED, Effect.DENY)
        ]
        if not harmful:
            continue
        i, r = harmful[0]
        closed = "denied" if r.effect is Effect.DENY else "restricted"
        field = f"services.{name}.rules.{i}"
        if not policy.appeals.human_review:
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{name}, a significant decision, is {closed} by the rules alone: no "
                    "person reviews a contested decision (appeals.human_review)",
                    field,
                )
            )
        for c in special:
            basis = policy.categories[c].legal_basis or ""
            if not ART_9_2_A_OR_G.search(basis):
                out.append(
                    rule.finding(
                        policy,
                        "fail",
                        f"{name}, a significant decision, rests on {c} data without "
                        "explicit consent or a law (Art. 9(2)(a) or (g))",
                        f"categories.{c}.legal_basis",
                    )
                )
    return out or [
        rule.finding(
            policy,
            "pass",
            "significant decisions have human review, and rest on no special category "
            "without 9(2)(a) or (g)",
            "appeals.human_review",
        )
    ]


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
