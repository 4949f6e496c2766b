"""Decisions: may a citizen have a service? Per citizen with reasons, and vectorised.

A service's rules are checked in order and the first that matches decides; with no match the
service's default applies. Lists count only once in force (after their notice period). A rule
that does not apply to the citizen it matches (`applies_to` without `self`) is skipped here; a
rule reaching relatives may make the decision worse (`collateral`). The per-citizen path explains
itself: the rule that matched, the grade and lists behind it, the entries that pulled the score
down, and what would change the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socialcredit.domain.collateral import WHO, Reach, collateral
from socialcredit.domain.effects import EFFECTS, Effect
from socialcredit.domain.grades import grade_index_many, grade_of, on_watch
from socialcredit.domain.policy import ConditionValue, Policy, Service, When

EFFECT_CODE = {e: np.int8(i) for i, e in enumerate(EFFECTS)}


@dataclass(frozen=True)
class Standing:
    """What a decision looks at: the score and which lists are in force."""

    score: int
    black: bool = False
    red: bool = False
    relatives: frozenset[Reach] = frozenset()
    """The reaches that hold for the citizen: (`children`, `black`) when a parent is on the
    black list in force, (`spouse`, `black`) when the spouse is."""


@dataclass(frozen=True)
class Decision:
    service: str
    effect: Effect
    conditions: dict[str, ConditionValue]
    reasons: list[str]
    would_change: list[str]
    policy: str
    rule: int | None = None
    """Index of the rule that matched, or None for the service's default."""
    entries: list[str] = field(default_factory=list)
    """The negative behaviours counting against the citizen, worst first."""


def _matches(policy: Policy, when: When, standing: Standing) -> bool:
    if when.lists:
        listed = {"black": standing.black, "red": standing.red}
        if not any(listed[name] for name in when.lists):
            return False
    if when.grades and grade_of(policy, standing.score) not in when.grades:
        return False
    if when.watch is not None and on_watch(policy, standing.score) != when.watch:
        return False
    return not (when.score_below is not None and standing.score >= when.score_below)


def _rule_for(policy: Policy, service: Service, standing: Standing) -> int | None:
    for i, rule in enumerate(service.rules):
        if "self" in rule.applies_to and _matches(policy, rule.when, standing):
            return i
    return None


def _effect(service: Service, rule: int | None) -> Effect:
    return service.default if rule is None else service.rules[rule].effect


def _describe(policy: Policy, when: When, standing: Standing) -> list[str]:
    reasons = []
    if when.lists:
        on = [name for name in when.lists if getattr(standing, name)]
        reasons.append(f"on the {' and '.join(on)} list")
    if when.grades:
        reasons.append(f"grade {grade_of(policy, standing.score)} (score {standing.score})")
    if when.watch is not None:
        reasons.append(
            f"{'on watch' if when.watch else 'not on watch'}: score {standing.score}, "
            f"watch below {policy.watch.below}"
        )
    if when.score_below is not None:
        reasons.append(f"score {standing.score} is below {when.score_below}")
    return reasons


def _would_change(policy: Policy, service: Service, standing: Standing) -> list[str]:
    """Smallest score that improves the outcome with the lists as they are, and the list exits."""
    current = EFFECTS.index(_effect(service, _rule_for(policy, service, standing)))
    hints: list[str] = []
    thresholds = {g.min_score for g in policy.grades} | {policy.watch.below}
    thresholds |= {r.when.score_below for r in service.rules if r.when.score_below is not None}
    for threshold in sorted(t for t in thresholds if t > standing.score):
        better = Standing(threshold, standing.black, standing.red)
        effect = _effect(service, _rule_for(policy, service, better))
        if EFFECTS.index(effect) < current:
            hints.append(f"{effect.value} at a score of at least {threshold}")
            break
    if standing.black:
        off = Standing(standing.score, black=False, red=standing.red)
        effect = _effect(service, _rule_for(policy, service, off))
        if EFFECTS.index(effect) < current:
            exit_rule = policy.lists.black.exit
            bound = (
                f"a score of at least {exit_rule.score_at_least}"
                if exit_rule.score_at_least is not None
                else f"a score below {exit_rule.score_below}"
            )
            hints.append(
                f"{effect.value} once off the black list ({bound} after at least "
                f"{policy.lists.black.min_days} days on it)"
            )
    return hints


def decide(
    policy: Policy,
    service_name: str,
    standing: Standing,
    *,
    negative_entries: Sequence[tuple[str, int]] = (),
    hints: bool = True,
) -> Decision:
    """Decide a service for one citizen; `negative_entries` are (behaviour, points) counting now.
    Without `hints`, the better scores that would change the outcome are not tried (they are
    most of the cost), and `would_change` holds at most the relative's listing."""
    service = policy.services[service_name]
    rule = _rule_for(policy, service, standing)
    effect = _effect(service, rule)
    if rule is None:
        reasons = [f"no rule of {service_name!r} applies; its default is {service.default.value}"]
        conditions: dict[str, ConditionValue] = {}
    else:
        matched = service.rules[rule]
        reasons = _describe(policy, matched.when, standing)
        if matched.reason:
            reasons.append(matched.reason)
        conditions = dict(matched.conditions)
    would_change = (
        _would_change(policy, service, standing)
        if hints and EFFECT_CODE[effect] > EFFECT_CODE[Effect.ALLOW]
        else []
    )
    reached = collateral(policy, service_name, standing.relatives)
    if reached is not None and EFFECT_CODE[reached[1].effect] > EFFECT_CODE[effect]:
        # A relative's listing decides: the citizen's own standing would be treated better.
        own, (rule, matched) = effect, reached
        effect, conditions = matched.effect, dict(matched.conditions)
        through = [
            (WHO[relation], name)
            for relation, name in sorted(standing.relatives)
            if relation in matched.applies_to and name in matched.when.lists
        ]
        reasons = [f"{who} is on the {name} list" for who, name in through]
        if matched.reason:
            reasons.append(matched.reason)
        off = " and ".join(f"{who} is off the {name} list" for who, name in through)
        would_change = [f"{own.value} once {off}"]
    worst = sorted(negative_entries, key=lambda e: e[1])
    return Decision(
        service=service_name,
        effect=effect,
        conditions=conditions,
        reasons=reasons,
        would_change=would_change,
        policy=policy.hash,
        rule=rule,
        entries=[f"{code} ({points:+d})" for code, points in worst if points < 0],
    )


def decide_many(
    policy: Policy,
    service_name: str,
    score: npt.NDArray[np.integer],
    black: npt.NDArray[np.bool_],
    red: npt.NDArray[np.bool_],
    *,
    grade_index: npt.NDArray[np.int8] | None = None,
) -> npt.NDArray[np.int8]:
    """Effect codes (indices into `EFFECTS`) for every citizen (vectorised path)."""
    service = policy.services[service_name]
    if grade_index is None:
        grade_index = grade_index_many(policy, score)
    names = [g.name for g in policy.grades_descending]
    out = np.full(len(score), EFFECT_CODE[service.default], dtype=np.int8)
    decided = np.zeros(len(score), dtype=np.bool_)
    for rule in service.rules:
        if "self" not in rule.applies_to:
            continue
        when = rule.when
        match = ~decided
        if when.lists:
            listed = np.zeros(len(score), dtype=np.bool_)
            for name in when.lists:
                listed |= black if name == "black" else red
            match &= listed
        if when.grades:
            match &= np.isin(grade_index, [names.index(g) for g in when.grades])
        if when.watch is not None:
            match &= (score < policy.watch.below) == when.watch
        if when.score_below is not None:
            match &= score < when.score_below
        out[match] = EFFECT_CODE[rule.effect]
        decided |= match
    return out
