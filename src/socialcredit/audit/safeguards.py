"""The rules that check the safeguards trusted systems give: notice, a timely appeal, old
entries dropping off, no public shaming, reviewed reports, basic services kept open."""

from __future__ import annotations

from socialcredit.audit.findings import Finding, Measure, Verdict
from socialcredit.audit.rule import (
    DISPUTE_DAYS,
    NOTICE_DAYS,
    SEVEN_YEARS,
    Rule,
    detriments,
    harming_services,
    is_basic,
    list_harms,
)
from socialcredit.domain.effects import Effect
from socialcredit.domain.footprint import Publication
from socialcredit.domain.policy import Policy


def notice(policy: Policy, rule: Rule) -> list[Finding]:
    harms = list_harms(policy, "black")
    days = policy.lists.black.notice_days
    field = "lists.black.notice_days"
    if not harms:
        return [rule.finding(policy, "pass", "the black list restricts no service", "lists.black")]
    services = ", ".join(sorted({s for s, _, _ in harms}))
    early = Measure("early", services=tuple(dict.fromkeys(s for s, _, _ in harms)))
    if days == 0:
        return [
            rule.finding(
                policy,
                "fail",
                f"the black list restricts {services} from the day of listing: the listed "
                "person gets no notice and no grace period first",
                field,
                early,
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
                early,
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
    if list_harms(policy, "black") and (black.max_days is None or black.max_days > SEVEN_YEARS):
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
                    Measure("published") if name == "black" else None,
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
                Measure(
                    "data",
                    "collectors' reports",
                    collectors=True,
                    services=harming_services(policy),
                ),
            )
        ]
    return [
        rule.finding(
            policy, "pass", "collectors' reports are reviewed", "sources.collectors.review_required"
        )
    ]


def basic_service(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name in sorted(n for n in policy.services if is_basic(policy, n)):
        for d in detriments(policy, name):
            if d.on_score and not d.lists:
                closed = "denied" if d.effect is Effect.DENY else "restricted"
                out.append(
                    rule.finding(
                        policy,
                        "fail",
                        f"{name}, a basic service, is {closed} on a score, grade or watch alone",
                        d.field,
                        Measure("service", services=(name,)),
                    )
                )
    return out or [
        rule.finding(policy, "pass", "no basic service is closed on a score alone", "services")
    ]
