"""Collateral effects: what a rule reaching relatives (`applies_to`) does to them.

A service rule with `applies_to: [children]` (or `[spouse]`, or both) gives its effect to those
relatives of a citizen it matches. Such a rule looks at lists alone and restricts or denies
(`policy_references` holds it to that), so what reaches a citizen is a set of *reaches*:
(relation, list) pairs, `("children", "black")` meaning that a parent of theirs is on the black
list, in force (after notice), and `("spouse", "black")` that their spouse is. A rule reaches a
citizen when one of its relations and one of its lists make a reach that holds for them,
whichever rule decides for the relative themselves.

A citizen's effect at a service is the worst of their own decision (the first matching rule that
applies to `self`, or the default) and the effects of the rules that reach them: collateral
effects only ever make a decision worse.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import numpy.typing as npt

from socialcredit.domain.effects import EFFECTS
from socialcredit.domain.policy import Policy, ServiceRule

Reach = tuple[str, str]
"""(relation, list): a relative of that relation is on that list, in force."""
NO_EFFECT = np.int8(-1)
"""The collateral effect code where no rule reaches the citizen: below every effect."""
WHO = {"children": "a parent", "spouse": "the spouse"}
"""Who a reach comes from, seen from the citizen it reaches."""


def reaches(policy: Policy) -> tuple[Reach, ...]:
    """Every reach some rule of the policy gives a detriment through, sorted."""
    found = {
        (relation, name)
        for service in policy.services.values()
        for rule in service.rules
        for relation in rule.relatives
        for name in rule.when.lists
    }
    return tuple(sorted(found))


def _reaches_of(rule: ServiceRule) -> set[Reach]:
    return {(relation, name) for relation in rule.relatives for name in rule.when.lists}


def collateral(
    policy: Policy, service_name: str, reached: Collection[Reach]
) -> tuple[int, ServiceRule] | None:
    """The rule whose collateral effect on a citizen with these reaches is the worst (the first
    such rule), with its index; None when no rule reaches them."""
    worst: tuple[int, ServiceRule] | None = None
    for i, rule in enumerate(policy.services[service_name].rules):
        if not _reaches_of(rule) & set(reached):
            continue
        if worst is None or EFFECTS.index(rule.effect) > EFFECTS.index(worst[1].effect):
            worst = (i, rule)
    return worst


def collateral_many(
    policy: Policy, service_name: str, reached: Mapping[Reach, npt.NDArray[np.bool_]], n: int
) -> npt.NDArray[np.int8]:
    """Per citizen, the code of the worst collateral effect at the service (an index into
    `decisions.EFFECTS`), or `NO_EFFECT` (vectorised path). `reached` holds, per reach, whom
    it holds for; a reach it leaves out holds for nobody."""
    out = np.full(n, NO_EFFECT, dtype=np.int8)
    for rule in policy.services[service_name].rules:
        hit = np.zeros(n, dtype=np.bool_)
        for reach in _reaches_of(rule):
            if reach in reached:
                hit |= reached[reach]
        np.maximum(out, np.where(hit, np.int8(EFFECTS.index(rule.effect)), NO_EFFECT), out=out)
    return out
