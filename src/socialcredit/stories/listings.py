"""A story's listings: spells on each list in each ledger, joined from the list states on the
days they changed (and, on the observed black list, the lifts on appeal); and whether the
observed list was in force for the citizen on a given day, by the rule the engine applies
(`domain.list_rules.in_force`)."""

from __future__ import annotations

from typing import Any

from socialcredit.domain.list_rules import in_force, in_force_day
from socialcredit.domain.policy import ListRule, Policy
from socialcredit.stories.document import Doc
from socialcredit.stories.tables import Table


def listings(policy: Policy, t: dict[str, Table], i: int) -> list[Doc]:
    """Spells on each list in each ledger of story `i`, from the list states on the days they
    changed; on the observed black list also from the lifts on appeal, which may fall between
    two states of a day (lifted in the morning and listed again by the day's finding, or listed
    and lifted the same day)."""
    repaired = {e["day"] for e in t["restoration"].rows(i)}
    out: list[Doc] = []
    for name in ("black", "red"):
        rule = getattr(policy.lists, name)
        for ledger, kind in (("observed", name), ("true", f"{name}_true")):
            steps = [(e["day"], 1, e["since"]) for e in t[kind].rows(i)]
            if (ledger, name) == ("observed", "black"):
                steps += [(e["day"], 0, e["since"]) for e in t["lift"].rows(i)]
            steps.sort(key=lambda x: (x[0], x[1]))
            spell: dict[str, Any] | None = None
            for day, what, since in steps:
                if what == 0:  # lifted on appeal
                    if spell is None:
                        spell = {"from_day": day, "since_day": since, "renewed": []}
                    elif since == day != ([spell["since_day"], *spell["renewed"]][-1]):
                        spell["renewed"].append(day)  # a new term the same day lifted
                    out.append(_spell(name, ledger, spell, rule, day, "appeal"))
                    spell = None
                elif since >= 0 and spell is None:
                    spell = {"from_day": day, "since_day": since, "renewed": []}
                elif since >= 0 and spell is not None:
                    spell["renewed"].append(day)
                elif spell is not None:
                    ended = "repair" if name == "black" and day in repaired else "term"
                    out.append(_spell(name, ledger, spell, rule, day, ended))
                    spell = None
            if spell is not None:
                out.append(_spell(name, ledger, spell, rule, None, "run end"))
    out.sort(key=lambda x: (x["from_day"], x["name"], x["ledger"]))
    return out


def _spell(
    name: str, ledger: str, spell: dict[str, Any], rule: ListRule, to: int | None, ended: str
) -> Doc:
    return dict(
        name=name,
        ledger=ledger,
        from_day=spell["from_day"],
        since_day=spell["since_day"],
        in_force_day=in_force_day(rule, spell["since_day"]),
        to_day=to,
        renewed=spell["renewed"],
        ended_by=ended,
    )


def on_list(spell: Doc, day: int) -> bool:
    """The spell holds the citizen on its list at the end of `day`."""
    return bool(spell["from_day"] <= day and (spell["to_day"] is None or day < spell["to_day"]))


def in_force_on(listings: list[Doc], name: str, rule: ListRule, day: int) -> bool:
    """Whether the observed list `name` (whose rule is `rule`) is in force for the citizen on
    `day`: on it, and in force counting from the term in effect that day (a renewal starts a
    new term, with its own notice)."""
    for s in listings:
        if s["name"] != name or s["ledger"] != "observed" or not on_list(s, day):
            continue
        term = max([s["since_day"], *(r for r in s["renewed"] if r <= day)])
        if in_force(rule, term, day):
            return True
    return False
