"""What a service rule does to a citizen, and how the effects of earlier policy files are read."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Effect(StrEnum):
    """What a rule does to a citizen at a service, from best to worst for them.

    A restriction (a deposit, a surcharge, second class only) and a privilege (no deposit, a
    discount, priority) both come with conditions; they are told apart because one is a
    detriment and the other a perk. Earlier policy files wrote both as `conditional`; see
    `LEGACY_CONDITIONAL` for how such a rule is read.
    """

    PRIVILEGED = "privileged"
    ALLOW = "allow"
    RESTRICTED = "restricted"
    DENY = "deny"

    @property
    def with_conditions(self) -> bool:
        return self in (Effect.PRIVILEGED, Effect.RESTRICTED)


EFFECTS: tuple[Effect, ...] = (Effect.PRIVILEGED, Effect.ALLOW, Effect.RESTRICTED, Effect.DENY)
"""From best to worst for the citizen: a later effect is a heavier detriment."""

LEGACY_CONDITIONAL = "conditional"
"""The effect earlier policy files used for both restrictions and privileges. Such a rule is
read as `privileged` when it can only match citizens in good standing (it matches on the red
list, on grades that start at or above the base score, or on not being on watch, and on nothing
else), and as `restricted` otherwise. A `conditional` default is read as `restricted`."""


def _reads_as_privilege(when: Any, grades: dict[Any, Any], base: Any) -> bool:
    if not isinstance(when, dict):
        return False
    if when.get("watch") is True or when.get("score_below") is not None:
        return False
    lists, named = when.get("lists") or [], when.get("grades") or []
    if lists and lists != ["red"]:
        return False
    for grade in named:
        start = grades.get(grade)
        if not isinstance(start, int) or not isinstance(base, int) or start < base:
            return False
    return bool(lists or named or when.get("watch") is False)


def read_legacy_effects(data: Any) -> Any:
    """A policy document with the `conditional` effects of earlier files spelt out."""
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return data
    # Only well-formed grades matter here; the policy's own validation names the others.
    listed = data.get("grades")
    grades = {
        g["name"]: g.get("min_score")
        for g in (listed if isinstance(listed, list) else [])
        if isinstance(g, dict) and isinstance(g.get("name"), str)
    }
    base = data.get("base_score", 1000)
    out = {}
    for name, service in services.items():
        if isinstance(service, dict):
            service = dict(service)
            if service.get("default") == LEGACY_CONDITIONAL:
                service["default"] = Effect.RESTRICTED.value
            if isinstance(service.get("rules"), list):
                service["rules"] = [
                    {
                        **rule,
                        "effect": (
                            Effect.PRIVILEGED.value
                            if _reads_as_privilege(rule.get("when"), grades, base)
                            else Effect.RESTRICTED.value
                        ),
                    }
                    if isinstance(rule, dict) and rule.get("effect") == LEGACY_CONDITIONAL
                    else rule
                    for rule in service["rules"]
                ]
        out[name] = service
    return {**data, "services": out}
