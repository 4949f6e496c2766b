"""The cross-references of a policy: every name a part of the rulebook uses must be declared
once elsewhere in it (a feed's behaviours, a list's listing behaviours, a service rule's grades,
a service's related categories), each grade is named once, and a rule that reaches relatives
(`applies_to`) looks at lists alone and restricts or denies. Checked when a policy is validated;
the first problem is one `PolicyError` naming its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialcredit.domain.effects import Effect
from socialcredit.domain.errors import PolicyError

if TYPE_CHECKING:
    from socialcredit.domain.rulebook import Rulebook, ServiceRule


def check_references(policy: Rulebook) -> None:
    """Raise `PolicyError` naming the field of the first dangling or contradictory reference."""
    codes = [b.code for b in policy.behaviours]
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise PolicyError(f"behaviour {code!r} is defined twice", field=f"behaviours.{i}.code")
        seen.add(code)
    for i, b in enumerate(policy.behaviours):
        if b.category not in policy.categories:
            raise PolicyError(
                f"behaviour {b.code!r} names category {b.category!r}, which is not declared",
                field=f"behaviours.{i}.category",
            )
    for i, feed in enumerate(policy.sources.feeds):
        if feed.category not in policy.categories:
            raise PolicyError(
                f"feed {feed.code!r} names category {feed.category!r}, which is not declared",
                field=f"sources.feeds.{i}.category",
            )
        for j, code in enumerate(feed.behaviours):
            if code not in seen:
                raise PolicyError(
                    f"feed {feed.code!r} may report {code!r}, which is not a behaviour",
                    field=f"sources.feeds.{i}.behaviours.{j}",
                )
    for j, code in enumerate(policy.sources.collectors.behaviours):
        if code not in seen:
            raise PolicyError(
                f"collectors may report {code!r}, which is not a behaviour",
                field=f"sources.collectors.behaviours.{j}",
            )
    reportable = {c for f in policy.sources.feeds for c in f.behaviours}
    reportable.update(policy.sources.collectors.behaviours)
    for i, b in enumerate(policy.behaviours):
        if b.code not in reportable:
            raise PolicyError(
                f"behaviour {b.code!r} cannot be reported by any source",
                field=f"behaviours.{i}.code",
            )
    names = [g.name for g in policy.grades]
    for i, band in enumerate(policy.grades):
        if band.name in names[:i]:
            raise PolicyError(f"grade {band.name!r} is named twice", field=f"grades.{i}.name")
    for list_name, rule in (("black", policy.lists.black), ("red", policy.lists.red)):
        for j, code in enumerate(rule.enter.behaviours):
            if code not in seen:
                raise PolicyError(
                    f"the {list_name} list is entered on {code!r}, which is not a behaviour",
                    field=f"lists.{list_name}.enter.behaviours.{j}",
                )
    if policy.lists.red.repair is not None:
        raise PolicyError(
            "only the black list can be repaired: the red list is one to stay on",
            field="lists.red.repair",
        )
    for name in ("rehabilitation", "term_days"):
        if getattr(policy.lists.red, name) is not None:
            raise PolicyError(
                f"only the black list has {name}: the red list is one to stay on",
                field=f"lists.red.{name}",
            )
    repair = policy.lists.black.repair
    for name in ("rehabilitation", "term_days"):
        if getattr(policy.lists.black, name) is not None and repair is None:
            raise PolicyError(
                f"the black list's {name} needs a repair: it ends a listing the way the repair "
                "does, clearing the entries the repair clears",
                field=f"lists.black.{name}",
            )
    for j, code in enumerate(repair.clears if repair is not None else []):
        if code not in seen:
            raise PolicyError(
                f"the black list's repair clears {code!r}, which is not a behaviour",
                field=f"lists.black.repair.clears.{j}",
            )
        if policy.behaviours[codes.index(code)].points > 0:
            raise PolicyError(
                f"the black list's repair clears {code!r}, a good deed: a repair clears only "
                "entries against the citizen",
                field=f"lists.black.repair.clears.{j}",
            )
    for name, service in policy.services.items():
        for category in service.related_data:
            if category not in policy.categories:
                raise PolicyError(
                    f"service {name!r} relates category {category!r}, which is not declared",
                    field=f"services.{name}.related_data.{category}",
                )
        for i, service_rule in enumerate(service.rules):
            for j, grade in enumerate(service_rule.when.grades):
                if grade not in names:
                    raise PolicyError(
                        f"service {name!r} names grade {grade!r}, which does not exist "
                        f"(grades: {', '.join(names)})",
                        field=f"services.{name}.rules.{i}.when.grades.{j}",
                    )
            _check_reach(service_rule, f"services.{name}.rules.{i}")


def _check_reach(rule: ServiceRule, field: str) -> None:
    """A rule reaching relatives gives a detriment for a relative's listing, and nothing else:
    the simulator follows relatives' listings, not their scores, grades or watch."""
    for j, relation in enumerate(rule.applies_to):
        if relation in rule.applies_to[:j]:
            raise PolicyError(
                f"applies_to names {relation!r} twice", field=f"{field}.applies_to.{j}"
            )
    if not rule.relatives:
        return
    reached = ", ".join(rule.relatives)
    if rule.effect not in (Effect.RESTRICTED, Effect.DENY):
        raise PolicyError(
            f"a rule that reaches relatives ({reached}) must restrict or deny, not "
            f"{rule.effect.value}: only a detriment is extended to relatives",
            field=f"{field}.applies_to",
        )
    when = rule.when
    for condition, given in (
        ("grades", bool(when.grades)),
        ("watch", when.watch is not None),
        ("score_below", when.score_below is not None),
    ):
        if given:
            raise PolicyError(
                f"a rule that reaches relatives ({reached}) may look at lists only: a relative "
                f"is reached by a listing, not by {condition}",
                field=f"{field}.when.{condition}",
            )
