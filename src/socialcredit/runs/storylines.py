"""A story in sentences: one line per event, in order, and a one-sentence summary.

Written for a reader who knows nothing of the lab: plain words for what the citizen did, what
each source recorded and whether it was true, what counted, when a list took hold and what it
closed, what review did with a dispute, and where true conduct would have treated them
otherwise.
"""

from __future__ import annotations

from typing import Any, Protocol

from socialcredit.domain.footprint import Publication
from socialcredit.domain.policy import Policy

Doc = dict[str, Any]
"""A story, or a part of one, as the fields of its model in `runs.stories`."""

KIND_WORDS = {
    "wrongly_listed": "wrongly listed",
    "rightly_listed": "rightly listed",
    "missed": "missed by the list",
    "collateral": "hurt through a relative",
    "honour_roll": "on the honour roll",
    "random": "picked at random",
}

OUTCOME_WORDS = {
    "landed": "it was accepted",
    "rejected in review": "review rejected it",
    "over the collector's daily limit": "it was dropped, over the collector's daily limit",
    "not scored": "the policy does not score it",
}


Event = tuple[int, int, str, bool]
"""A line to be: day, order within the day, text, and whether it is a key event."""


class Teller(Protocol):
    policy: Policy
    days: int
    """Days of the run: an open spell ends with it."""

    def date(self, day: int) -> str: ...


def _what(policy: Policy, code: str) -> str:
    return code.replace("_", " ")


def _true_listing_at(story: Doc, name: str, day: int) -> bool:
    return any(
        s["name"] == name
        and s["ledger"] == "true"
        and s["from_day"] <= day
        and (s["to_day"] is None or day < s["to_day"])
        for s in story["listings"]
    )


def _listing_lines(story: Doc, spell: Doc, teller: Teller) -> list[Event]:
    policy = teller.policy
    rule = getattr(policy.lists, spell["name"])
    name = "black list" if spell["name"] == "black" else "honour roll"
    published = {
        Publication.FULL: ", published by name",
        Publication.MASKED: ", published masked",
        Publication.NONE: "",
    }[rule.publish]
    truth = _true_listing_at(story, spell["name"], spell["from_day"])
    start = (
        f"Put on the {name}{published}"
        if spell["since_day"] == spell["from_day"]
        else f"Back on the {name}: the listing of {teller.date(spell['since_day'])} resumes"
    )
    if spell["in_force_day"] > spell["from_day"]:
        start += f"; consequences from {teller.date(spell['in_force_day'])}"
    start += "." if truth else " — true conduct would not put them there."
    out = [(spell["from_day"], 4, start, True)]
    for day in spell["renewed"]:
        out.append((day, 4, f"A new listing act starts a new term on the {name}.", True))
    if spell["to_day"] is not None:
        why = {
            "term": "the term ended",
            "appeal": "lifted on appeal",
            "repair": "after the repair",
            "run end": "",
        }[spell["ended_by"]]
        out.append((spell["to_day"], 4, f"Off the {name} ({why}).", True))
    return out


def _uncounted(story: Doc) -> list[Event]:
    """Accepted records that made no entry: the behaviour's cap was full that window, or the
    citizen has not consented and the behaviour is no legal violation (or a feed and a
    collector recorded the same act, which counts once)."""
    accepted: dict[tuple[int, str], int] = {}
    for rec in story["records"]:
        if rec["outcome"] == "landed":
            key = (rec["day"], rec["behaviour"])
            accepted[key] = accepted.get(key, 0) + 1
    counted: dict[tuple[int, str], int] = {}
    for entry in story["entries"]:
        if entry["ledger"] == "observed":
            key = (entry["day"], entry["behaviour"])
            counted[key] = counted.get(key, 0) + 1
    out: list[Event] = []
    for day, behaviour in sorted(accepted):
        if counted.get((day, behaviour), 0) == 0:
            what = behaviour.replace("_", " ")
            text = f"No entry for {what}: its cap was full, or it does not count without consent."
            out.append((day, 3, text, False))
    return out


def timeline(story: Doc, teller: Teller) -> list[dict[str, object]]:
    """Every event of the story as a sentence, by day (and, within a day, in the order the
    simulator takes them): the fields of `Line`."""
    policy = teller.policy
    bad = {b.code for b in policy.behaviours if b.points < 0}
    lines: list[Event] = []
    for act in story["acts"]:
        scored = "" if act["scored"] else " (the policy does not score it)"
        text = f"Did {_what(policy, act['behaviour'])}{scored}."
        lines.append((act["day"], 1, text, act["scored"] and not act["good"]))
    for rec in story["records"]:
        never = " — it never happened" if rec["false"] else ""
        if rec["source"] == "collector":
            who = f"Collector #{rec['collector']}"
            if rec["malicious"]:
                who += ", who holds a grudge,"
            text = f"{who} reported {_what(policy, rec['behaviour'])}{never}; "
        else:
            text = f"The {rec['source'].removeprefix('feed:')} feed recorded "
            text += f"{_what(policy, rec['behaviour'])}{never}; "
        key = rec["false"] or rec["behaviour"] in bad
        lines.append((rec["day"], 2, text + OUTCOME_WORDS[rec["outcome"]] + ".", key))
    for entry in story["entries"]:
        if entry["ledger"] == "observed":
            false = " (false)" if entry["false"] else ""
            lines.append(
                (
                    entry["day"],
                    3,
                    f"Entry{false}: {_what(policy, entry['behaviour'])}, "
                    f"{entry['points']:+d} points, counting until {entry['expires']}.",
                    entry["points"] < 0,
                )
            )
    lines += _uncounted(story)
    grade = None
    for change in story["scores"]:
        if change["ledger"] == "observed" and change["grade"] != grade:
            if grade is not None:
                text = f"Grade {change['grade']} (score {change['score']})."
                lines.append((change["day"], 3, text, True))
            grade = change["grade"]
    for spell in story["listings"]:
        if spell["ledger"] == "observed":
            lines += _listing_lines(story, spell, teller)
    for attempt in story["attempts"]:
        verb = "refused" if attempt["effect"] == "deny" else "admitted only on conditions"
        why = "; ".join(attempt["reasons"])
        wrong = " True conduct would have treated them better." if attempt["wrongful"] else ""
        text = f"Tried to use {attempt['service']}: {verb} ({why}).{wrong}"
        lines.append((attempt["day"], 5, text, True))
    for spell in story["collateral"]:
        text = f"{spell['service'].capitalize()} closed or restricted through a relative's listing"
        lines.append((spell["from_day"], 5, text + ".", True))
        if spell["to_day"] is not None:
            text = f"No longer hurt at {spell['service']} through a relative."
            lines.append((spell["to_day"], 5, text, True))
    for d in story["disputes"]:
        lines.append((d["day"], 6, f"Disputed the {_what(policy, d['behaviour'])} entry.", True))
        if d["decided_day"] is not None:
            verdict = {
                "reversed": "Review reversed",
                "upheld": "Review upheld",
                "lapsed": "Undecided, the dispute lapsed over",
            }[d["outcome"]]
            lines.append(
                (
                    d["decided_day"],
                    0,
                    f"{verdict} the {_what(policy, d['behaviour'])} entry of "
                    f"{teller.date(d['day'])} after {d['decided_day'] - d['day']} days.",
                    True,
                )
            )
    repair = policy.lists.black.repair
    for r in story["repairs"]:
        what = repair.act.rstrip(".") if repair is not None else "The repair"
        lines.append((r["day"], 7, f"{what}.", True))
    lines.sort(key=lambda x: (x[0], x[1]))
    return [{"day": d, "date": teller.date(d), "text": t, "key": k} for d, _, t, k in lines]


def summary(story: Doc, teller: Teller) -> str:
    """One sentence: who, what kind of story, and its figures."""
    kinds = ", ".join(KIND_WORDS[k] for k in story["kinds"])
    black = [s for s in story["listings"] if s["name"] == "black" and s["ledger"] == "observed"]
    days = sum((teller.days if s["to_day"] is None else s["to_day"]) - s["from_day"] for s in black)
    refused = [a for a in story["attempts"] if a["effect"] == "deny"]
    who = f"Citizen #{story['citizen']} of group {story['group']}, district {story['district']}"
    parts = [f"{who} ({kinds})"]
    if black:
        parts.append(f"{days} days on the black list in {len(black)} spell(s)")
    false = sum(1 for e in story["entries"] if e["ledger"] == "observed" and e["false"])
    if false:
        parts.append(f"{false} false entr{'y' if false == 1 else 'ies'}")
    if refused:
        wrong = sum(1 for a in refused if a["wrongful"])
        parts.append(f"{len(refused)} refusal(s), {wrong} of them wrongful")
    if story["disputes"]:
        reversed_ = sum(1 for d in story["disputes"] if d["outcome"] == "reversed")
        parts.append(f"{len(story['disputes'])} dispute(s), {reversed_} reversed")
    if story["restorations"]:
        parts.append("left the list by repairing it")
    if story["collateral"]:
        services = sorted({c["service"] for c in story["collateral"]})
        parts.append(f"hurt through a relative at {', '.join(services)}")
    return "; ".join(parts) + "."
