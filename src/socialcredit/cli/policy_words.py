"""`socialcredit policy show`: every part of a rulebook in words, as plain lines.

The order is the file's: what the rulebook is, consent, the data categories, the behaviours that
score (grouped by category), where evidence comes from, grades, who is watched, the two lists,
the services and their rules, appeals, then the data footprint and the warnings. Nothing is cut
to fit a terminal: a reader copies codes from here into policy files and `--set` paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialcredit.domain.policy import Policy
    from socialcredit.domain.policy_checks import PolicyWarning
    from socialcredit.domain.rulebook import Behaviour, ListRule, Service, ServiceRule, When


def _days(n: int) -> str:
    return f"{n:,} day" + ("" if n == 1 else "s")


def _join(items: list[str], empty: str = "none") -> str:
    return ", ".join(items) if items else empty


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _behaviour(policy: Policy, b: Behaviour) -> str:
    points = f"{b.points:+,} point" + ("" if abs(b.points) == 1 else "s")
    parts = [points, f"counts for {_days(b.expires_after_days)}"]
    if b.cap is not None:
        parts.append(f"at most {b.cap.max} in any {_days(b.cap.period_days)}")
    if b.legal_violation:
        parts.append("a legal violation (counts without consent)")
    if b.evidence == "optional":
        parts.append("evidence optional")
    sources = policy.reporting_sources[b.code]
    parts.append(f"reported by {_join(list(sources), 'no source')}")
    if not policy.counts(b):
        parts.append("produces no entries (its category is off or no source reports it)")
    line = f"    {b.code}: " + "; ".join(parts)
    return line + (f". {b.description}" if b.description else "")


def _enter(rule: ListRule) -> str:
    parts = []
    if rule.enter.score_below is not None:
        parts.append(f"a score below {rule.enter.score_below:,}")
    if rule.enter.score_at_least is not None:
        parts.append(f"a score of {rule.enter.score_at_least:,} or more")
    if rule.enter.behaviours:
        parts.append(f"a verified entry of {_join(rule.enter.behaviours)}")
    return " or ".join(parts)


def _exit(rule: ListRule) -> str:
    if rule.exit.score_at_least is not None:
        return f"a score of {rule.exit.score_at_least:,} or more"
    assert rule.exit.score_below is not None
    return f"a score below {rule.exit.score_below:,}"


def _list(name: str, rule: ListRule) -> Iterator[str]:
    yield f"  {name} list: entered on {_enter(rule)}; left on {_exit(rule)}."
    if rule.description:
        yield f"    {rule.description}"
    stay = f"at least {_days(rule.min_days)}"
    if rule.max_days is not None:
        stay += f", at most {_days(rule.max_days)} (it may start again the next day)"
    yield f"    Stay: {stay}."
    yield f"    Notice before the first consequence: {_days(rule.notice_days)}."
    published = {"none": "not published", "masked": "published with masked names"}
    yield f"    Publication: {published.get(rule.publish.value, 'published with full names')}."
    if rule.repair is not None:
        r = rule.repair
        yield (
            f"    Repair: {r.act}; ends the listing after {_days(r.days)} and clears "
            f"{_join(r.clears)}."
        )
    if rule.rehabilitation is not None:
        h = rule.rehabilitation
        yield f"    Credit restoration: {h.act}; ends the listing after {_days(h.days)}."
    if rule.term_days is not None:
        yield f"    A finding with a fixed term ends the listing after {_days(rule.term_days)}."


def when_words(when: When) -> str:
    """A service rule's condition in words: "on the black list and grade C or D"."""
    parts = []
    if when.lists:
        parts.append("on the " + " or ".join(when.lists) + " list")
    if when.grades:
        parts.append("grade " + " or ".join(when.grades))
    if when.watch is not None:
        parts.append("watched" if when.watch else "not watched")
    if when.score_below is not None:
        parts.append(f"a score below {when.score_below:,}")
    return " and ".join(parts)


def _rule(rule: ServiceRule) -> str:
    text = f"if {when_words(rule.when)}: {rule.effect.value}"
    if rule.conditions:
        text += " (" + ", ".join(f"{k}: {v}" for k, v in rule.conditions.items()) + ")"
    if rule.relatives:
        text += f", reaching also the citizen's {' and '.join(rule.relatives)}"
    return text + (f". {rule.reason}" if rule.reason else "")


def _service(name: str, service: Service) -> Iterator[str]:
    kind = []
    if service.significant is not None:
        kind.append("significant" if service.significant else "not significant")
    if service.basic is not None:
        kind.append("basic" if service.basic else "not basic")
    head = f"  {name}" + (f" ({', '.join(kind)})" if kind else "") + ":"
    yield head + (f" {service.description}" if service.description else "")
    for i, rule in enumerate(service.rules, start=1):
        yield f"    {i}. {_rule(rule)}"
    yield f"    Otherwise: {service.default.value}."
    for category, why in service.related_data.items():
        yield f"    May rest on {category} data: {why}"


def _warning(w: PolicyWarning) -> str:
    return f"  {w.field}: {w.message} ({w.rule})"


def policy_words(policy: Policy, warnings: list[PolicyWarning]) -> list[str]:
    """Every part of the rulebook, as lines of plain text."""
    lines = [f"{policy.name} (version {policy.version}, hash {policy.hash[:12]})"]
    if policy.description:
        lines.append(policy.description.strip())
    lines.append(f"Everyone starts at {policy.base_score:,} points.")
    lines.append(
        "Consent: "
        + (
            "required; without it a citizen is scored on legal violations only and never honoured."
            if policy.consent.required
            else "not asked; everyone is scored."
        )
    )
    lines += ["", "Data categories:"]
    for code, c in policy.categories.items():
        state = "on" if c.enabled else "off"
        extra = ", sensitive" if c.sensitive else ""
        basis = f"; legal basis: {c.legal_basis}" if c.legal_basis else ""
        lines.append(
            f"  {code} ({state}{extra}){': ' + c.description if c.description else ''}{basis}"
        )
    lines += ["", "Behaviours that score, by category:"]
    for code in policy.categories:
        of = [b for b in policy.behaviours if b.category == code]
        if of:
            lines.append(f"  {code}:")
            lines += [_behaviour(policy, b) for b in of]
    lines += ["", "Where evidence comes from:"]
    for feed in policy.sources.feeds:
        trust = "" if feed.trusted else ", not trusted"
        lines.append(
            f"  feed {feed.code} ({feed.category}{trust}): {_join(feed.behaviours)}"
            + (f". {feed.description}" if feed.description else "")
        )
    col = policy.sources.collectors
    if col.enabled:
        lines.append(
            f"  information collectors: report {_join(col.behaviours)}; at most "
            f"{col.daily_limit:,} reports a day each; reviewed before they count: "
            f"{_yes(col.review_required)}"
        )
    else:
        lines.append("  information collectors: none")
    lines += ["", "Grades (from the top):"]
    lines += [f"  {g.name} from {g.min_score:,}" for g in policy.grades_descending]
    lines += ["", f"Watched: citizens with a score below {policy.watch.below:,}."]
    lines += ["", "Lists:"]
    lines += [*_list("black", policy.lists.black), *_list("red", policy.lists.red)]
    lines += ["", "Services (the first rule that matches decides):"]
    for name, service in policy.services.items():
        lines += list(_service(name, service))
    a = policy.appeals
    lines += [
        "",
        f"Appeals: decided within {_days(a.deadline_days)}; a person reviews a contested "
        f"decision: {_yes(a.human_review)}; an entry under appeal keeps counting: "
        f"{_yes(a.disputed_entries_count)}; each entry is notified to the citizen: "
        f"{_yes(a.notify_entries)}.",
    ]
    fp = policy.footprint()
    published = [f"{k} ({v.value})" for k, v in fp.published_lists.items()]
    lines += [
        "",
        "Data footprint:",
        f"  categories on: {_join(fp.categories_enabled)}",
        f"  sensitive categories on: {_join(fp.sensitive_categories_enabled)}",
        f"  feeds: {_join(fp.feeds)}",
        f"  collectors: {_yes(fp.collectors)}; their reports reviewed: "
        f"{_yes(fp.collector_review_required)}",
        f"  consent required: {_yes(fp.consent_required)}",
        f"  published lists: {_join(published)}",
    ]
    lines += ["", "Warnings:" if warnings else "Warnings: none."]
    lines += [_warning(w) for w in warnings]
    return lines
