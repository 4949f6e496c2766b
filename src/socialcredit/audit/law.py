"""The rules that read a rulebook against the law: the EU AI Act's Art. 5(1)(c) and the GDPR's
Art. 9 and 22."""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.audit.findings import Finding, Measure
from socialcredit.audit.relatedness import RELATED, SIGNIFICANT
from socialcredit.audit.rule import (
    ART_9_2,
    ART_9_2_A_OR_G,
    MINOR_POINTS,
    SPECIAL,
    Rule,
    detriments,
    harming_services,
    list_harms,
)
from socialcredit.domain.effects import Effect
from socialcredit.domain.list_rules import entered_on_score
from socialcredit.domain.policy import Policy


def gdpr_9(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name, category in policy.categories.items():
        special = category.sensitive or name in SPECIAL
        if not special or not category.enabled:
            continue
        field = f"categories.{name}"
        measure = Measure(
            "data",
            f"{name} data",
            categories=frozenset({name}),
            services=harming_services(policy),
        )
        if not category.sensitive:
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{name} data is special but counts as ordinary data",
                    field,
                    measure,
                )
            )
        elif not (category.legal_basis or "").strip():
            # Certain: the rulebook claims no ground at all. Where the basis is absent its
            # field points at the category's own line.
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{name} data is used with no legal basis stated: Art. 9(1) forbids it "
                    "without an Art. 9(2) ground",
                    f"{field}.legal_basis",
                    measure,
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
                    measure,
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
    """A rule that extends a detriment to relatives (`applies_to`), and a minor behaviour (at
    most MINOR_POINTS points) that alone, or repeated within its cap over a year, reaches the
    black list where the list denies or restricts a service."""
    return [*_relatives(policy, rule), *_minor_behaviours(policy, rule)]


def _relatives(policy: Policy, rule: Rule) -> list[Finding]:
    """Detriment to a relative is treatment for conduct that is not theirs: unjustified by any
    behaviour of the person it reaches (REFERENCE.md reports high-fee private schools closed to
    the children of court defaulters)."""
    out = []
    for name, service in policy.services.items():
        for i, r in enumerate(service.rules):
            if not r.relatives:
                continue
            closed = "denied" if r.effect is Effect.DENY else "restricted"
            whom = " and ".join(
                "the spouse" if x == "spouse" else "the children" for x in r.relatives
            )
            lists = " or ".join(r.when.lists)
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{name} is {closed} for {whom} of a citizen on the {lists} list: a detriment "
                    "for conduct that is not theirs",
                    f"services.{name}.rules.{i}.applies_to",
                )
            )
    return out


def _minor_behaviours(policy: Policy, rule: Rule) -> list[Finding]:
    harms = list_harms(policy, "black")
    enter = policy.lists.black.enter
    if not harms:
        return [rule.finding(policy, "pass", "the black list restricts no service", "lists.black")]
    services = ", ".join(sorted({s for s, _, _ in harms}))
    harmed = tuple(dict.fromkeys(s for s, _, _ in harms))
    out = []
    for i, b in enumerate(policy.behaviours):
        if b.points >= 0 or -b.points > MINOR_POINTS or not policy.counts(b):
            continue
        measure = Measure("data", b.code, behaviours=frozenset({b.code}), services=harmed)
        if b.code in enter.behaviours:
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{b.code} ({b.points} points) lists a citizen at once, and the list "
                    f"restricts {services}",
                    f"behaviours.{i}",
                    measure,
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
                    measure,
                )
            )
            continue
        # Entries count for E = expires_after_days; cap windows of P = period_days are fixed
        # in the calendar, so one entry's lifetime overlaps up to ceil((E - 1) / P) + 1 of
        # them, each allowing cap.max entries.
        windows = -(-(b.expires_after_days - 1) // b.cap.period_days) + 1
        active = b.cap.max * windows
        if active * -b.points >= gap:
            out.append(
                rule.finding(
                    policy,
                    "warn",
                    f"{b.code} ({b.points} points, at most {b.cap.max} per {b.cap.period_days} "
                    f"days) reaches the black list within its cap, and the list restricts "
                    f"{services}",
                    f"behaviours.{i}.cap",
                    measure,
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
        list_rule = getattr(policy.lists, name)
        if entered_on_score(list_rule):
            out |= _counting(policy)
        out |= {
            policy.behaviour(code).category
            for code in list_rule.enter.behaviours
            if policy.counts(policy.behaviour(code))
        }
    return out


def unrelated_context(policy: Policy, rule: Rule) -> list[Finding]:
    out = []
    for name, service in policy.services.items():
        for d in detriments(policy, name):
            feeding = _feeding(policy, d.lists) if d.lists else set()
            if d.on_score:
                feeding |= _counting(policy)
            related = RELATED.get(name, frozenset())
            justified = {c: service.related_data[c] for c in feeding if c in service.related_data}
            unrelated = sorted(feeding - related - set(justified))
            closed = "denied" if d.effect is Effect.DENY else "restricted"
            quoted = "; ".join(f"{c}: {why!r}" for c, why in sorted(justified.items()))
            if unrelated:
                out.append(
                    rule.finding(
                        policy,
                        "fail",
                        f"{name} is {closed} on data unrelated to it: "
                        f"{', '.join(unrelated)}" + (f" (justified: {quoted})" if quoted else ""),
                        d.field,
                        Measure(
                            "data",
                            f"{', '.join(unrelated)} data",
                            categories=frozenset(unrelated),
                            services=(name,),
                        ),
                    )
                )
            elif quoted:
                out.append(
                    rule.finding(
                        policy,
                        "pass",
                        f"{name} is {closed} on related data and on data the policy justifies: "
                        f"{quoted}",
                        d.field,
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
    for name in policy.services:
        if not _significant(policy, name):
            continue
        harmful = detriments(policy, name)
        if not harmful:
            continue
        closed = "denied" if harmful[0].effect is Effect.DENY else "restricted"
        field = harmful[0].field
        if not policy.appeals.human_review:
            out.append(
                rule.finding(
                    policy,
                    "fail",
                    f"{name}, a significant decision, is {closed} by the rules alone: no "
                    "person reviews a contested decision (appeals.human_review)",
                    field,
                    Measure("service", services=(name,)),
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
                        Measure("data", f"{c} data", categories=frozenset({c}), services=(name,)),
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
