"""A story in sentences: one line per event, in order, and a one-sentence summary.

The lines of the long tables (acts, records, entries, grades) are made for all stories at once
from their columns; the few episodes (listings, refusals, disputes, repairs) story by story;
one sort by story, day and the simulator's order within a day puts each timeline in order.

Written for a reader who knows nothing of the lab: plain words for what the citizen did, what
each source recorded and whether it was true, what counted, when a list took hold and what it
closed, what review did with a dispute, and where true conduct would have treated them
otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.domain.footprint import Publication
from socialcredit.domain.grades import grade_index_many
from socialcredit.domain.policy import Policy
from socialcredit.stories.document import Doc
from socialcredit.stories.listings import on_list
from socialcredit.stories.tables import Table

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


I64 = npt.NDArray[np.int64]

# The order of lines within a day, as a reader follows it: the morning's review decisions, the
# day's acts, records and entries, the disputes filed, the states at the end of the day (grade,
# lists), refused or restricted attempts, and repairs done.
DECIDED, ACT, RECORD, ENTRY, DISPUTED, STATE, SERVICE, REPAIRED = range(8)


def _what(code: str) -> str:
    return code.replace("_", " ")


def _true_listing_at(story: Doc, name: str, day: int) -> bool:
    return any(
        s["name"] == name and s["ledger"] == "true" and on_list(s, day) for s in story["listings"]
    )


class Lines:
    """The timelines of all stories of a run, built up and then sorted once."""

    def __init__(
        self,
        policy: Policy,
        dates: list[str],
        n: int,
        tables: dict[str, Table],
        columns: dict[str, Any],
    ) -> None:
        self.policy = policy
        self.dates = dates
        self.n = n
        self._story: list[I64] = []
        self._day: list[I64] = []
        self._order: list[I64] = []
        self._text: list[str] = []
        self._key: list[bool] = []
        self._episodes: list[tuple[int, int, int, str, bool]] = []
        self._acts(tables["act"])
        self._records(tables["record"], columns["records"])
        self._entries(tables["entry"])
        self._uncounted(tables["record"], tables["entry"])
        self._grades(tables["score"])

    def _add(self, story: I64, day: I64, order: int, text: list[str], key: list[bool]) -> None:
        self._story.append(story.astype(np.int64))
        self._day.append(day.astype(np.int64))
        self._order.append(np.full(len(story), order, dtype=np.int64))
        self._text += text
        self._key += key

    def _acts(self, acts: Table) -> None:
        policy = self.policy
        text, key = [], []
        for b in policy.behaviours:
            scored = policy.counts(b)
            text.append(
                f"Did {_what(b.code)}{'' if scored else ' (the policy does not score it)'}."
            )
            key.append(scored and b.points < 0)
        behaviour = acts.col("behaviour").tolist()
        self._add(
            acts.story,
            acts.col("day"),
            ACT,
            [text[b] for b in behaviour],
            [key[b] for b in behaviour],
        )

    def _records(self, records: Table, columns: dict[str, list[Any]]) -> None:
        """A sentence per record: records that differ only in the collector's number share one
        template (before and after the number), made once."""
        bad = np.array([b.points < 0 for b in self.policy.behaviours])
        behaviour = records.col("behaviour").astype(np.int64)
        source = records.col("source").astype(np.int64) + 1
        malicious = records.col("malicious").astype(np.int64)
        false = records.col("false").astype(np.int64)
        outcome = records.col("outcome").astype(np.int64)
        form = (
            ((behaviour * (int(source.max(initial=0)) + 1) + source) * 2 + malicious) * 2 + false
        ) * len(OUTCOME_WORDS) + outcome
        _, first, which = np.unique(form, return_index=True, return_inverse=True)
        names = columns["behaviour"], columns["source"], columns["outcome"]
        said = [
            self._record_sentence(
                names[0][j], names[1][j], bool(malicious[j]), bool(false[j]), names[2][j]
            )
            for j in first.tolist()
        ]
        text = [
            said[w][0] + said[w][1] if c is None else f"{said[w][0]}{c}{said[w][1]}"
            for w, c in zip(which.tolist(), columns["collector"], strict=True)
        ]
        key = (false.astype(bool) | bad[behaviour]).tolist()
        self._add(records.story, records.col("day"), RECORD, text, key)

    @staticmethod
    def _record_sentence(
        behaviour: str, source: str, malicious: bool, false: bool, outcome: str
    ) -> tuple[str, str]:
        """A record's sentence, before and after the collector's number (for a feed, all
        before)."""
        never = " — it never happened" if false else ""
        end = f"{_what(behaviour)}{never}; {OUTCOME_WORDS[outcome]}."
        if source == "collector":
            grudge = ", who holds a grudge," if malicious else ""
            return "Collector #", f"{grudge} reported {end}"
        return f"The {source.removeprefix('feed:')} feed recorded {end}", ""

    def _entries(self, entries: Table) -> None:
        policy, dates = self.policy, self.dates
        observed = entries.col("ledger") == 0
        behaviour = entries.col("behaviour")[observed].astype(np.int64)
        day = entries.col("day")[observed].astype(np.int64)
        false = entries.col("false")[observed].astype(bool)
        expires = entries.col("expires_day")[observed].astype(np.int64)
        prefix = [
            [
                f"Entry{' (false)' if f else ''}: {_what(b.code)}, {b.points:+d} points, "
                "counting until "
                for f in (False, True)
            ]
            for b in policy.behaviours
        ]
        against = [b.points < 0 for b in policy.behaviours]
        text = [
            prefix[b][f] + dates[d] + "."
            for b, f, d in zip(behaviour.tolist(), false.tolist(), expires.tolist(), strict=True)
        ]
        self._add(
            entries.story[observed], day, ENTRY, text, [against[b] for b in behaviour.tolist()]
        )

    def _uncounted(self, records: Table, entries: Table) -> None:
        """Accepted records that made no entry: the behaviour's cap was full that window, or
        the citizen has not consented and the behaviour is no legal violation (or a feed and a
        collector recorded the same act, which counts once)."""
        width, kinds = len(self.dates), len(self.policy.behaviours)

        def keys(t: Table, rows: npt.NDArray[np.bool_]) -> I64:
            day = t.col("day")[rows].astype(np.int64)
            behaviour = t.col("behaviour")[rows].astype(np.int64)
            key: I64 = (t.story[rows] * width + day) * kinds + behaviour
            return key

        landed = np.unique(keys(records, records.col("outcome") == 0))
        counted = keys(entries, entries.col("ledger") == 0)
        missing = landed[~np.isin(landed, counted)]
        behaviour = (missing % kinds).tolist()
        text = [
            f"No entry for {_what(self.policy.behaviours[b].code)}: its cap was full, or it does "
            "not count without consent."
            for b in behaviour
        ]
        self._add(
            missing // kinds // width, missing // kinds % width, ENTRY, text, [False] * len(text)
        )

    def _grades(self, scores: Table) -> None:
        policy = self.policy
        observed = scores.col("ledger") == 0
        story, day = scores.story[observed], scores.col("day")[observed]
        score = scores.col("score")[observed]
        grade = grade_index_many(policy, score)
        first = grade_index_many(policy, np.array([policy.base_score]))[0]
        before = np.r_[first, grade[:-1]]
        before[np.r_[True, story[1:] != story[:-1]]] = first
        moved = grade != before
        names = [g.name for g in policy.grades_descending]
        text = [
            f"Grade {names[g]} (score {s})."
            for g, s in zip(grade[moved].tolist(), score[moved].tolist(), strict=True)
        ]
        self._add(story[moved], day[moved], STATE, text, [True] * len(text))

    def episodes(self, i: int, story: Doc) -> None:
        """The lines of story i's listings, refusals, collateral, disputes and repairs."""
        out: list[tuple[int, int, str, bool]] = []
        for spell in story["listings"]:
            if spell["ledger"] == "observed":
                out += self._listing_lines(story, spell)
        for attempt in story["attempts"]:
            verb = "refused" if attempt["effect"] == "deny" else "admitted only on conditions"
            why = "; ".join(attempt["reasons"])
            wrong = " True conduct would have treated them better." if attempt["wrongful"] else ""
            text = f"Tried to use {attempt['service']}: {verb} ({why}).{wrong}"
            out.append((attempt["day"], SERVICE, text, True))
        for spell in story["collateral"]:
            service = spell["service"]
            text = f"{service.capitalize()} closed or restricted through a relative's listing."
            out.append((spell["from_day"], SERVICE, text, True))
            if spell["to_day"] is not None:
                text = f"No longer hurt at {service} through a relative."
                out.append((spell["to_day"], SERVICE, text, True))
        for d in story["disputes"]:
            what = _what(d["behaviour"])
            out.append((d["day"], DISPUTED, f"Disputed the {what} entry.", True))
            if d["decided_day"] is not None:
                verdict = {
                    "reversed": "Review reversed",
                    "upheld": "Review upheld",
                    "lapsed": "Undecided, the dispute lapsed over",
                }[d["outcome"]]
                text = (
                    f"{verdict} the {what} entry of {self.dates[d['day']]} after "
                    f"{d['decided_day'] - d['day']} days."
                )
                out.append((d["decided_day"], DECIDED, text, True))
        repair = self.policy.lists.black.repair
        what = repair.act.rstrip(".") if repair is not None else "The repair"
        out += [(day, REPAIRED, f"{what}.", True) for day in story["repairs"]]
        self._episodes += [(i, day, order, text, key) for day, order, text, key in out]

    def _listing_lines(self, story: Doc, spell: Doc) -> list[tuple[int, int, str, bool]]:
        rule = getattr(self.policy.lists, spell["name"])
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
            else f"Back on the {name}: the listing of {self.dates[spell['since_day']]} resumes"
        )
        if spell["in_force_day"] > spell["from_day"]:
            start += f"; consequences from {self.dates[spell['in_force_day']]}"
        start += "." if truth else " — true conduct would not put them there."
        out = [(spell["from_day"], STATE, start, True)]
        for day in spell["renewed"]:
            out.append((day, STATE, f"A new listing act starts a new term on the {name}.", True))
        if spell["to_day"] is not None:
            why = {
                "term": "the term ended",
                "appeal": "lifted on appeal",
                "repair": "after the repair",
                "run end": "",
            }[spell["ended_by"]]
            out.append((spell["to_day"], STATE, f"Off the {name} ({why}).", True))
        return out

    def timelines(self) -> list[dict[str, list[Any]]]:
        """Each story's timeline (the columns of `Timeline`), by day and, within a day, in the
        order of the constants above."""
        episodes = self._episodes
        story = np.concatenate([*self._story, np.array([e[0] for e in episodes], np.int64)])
        day = np.concatenate([*self._day, np.array([e[1] for e in episodes], np.int64)])
        order = np.concatenate([*self._order, np.array([e[2] for e in episodes], np.int64)])
        texts = self._text + [e[3] for e in episodes]
        keys = self._key + [e[4] for e in episodes]
        sort = np.lexsort((np.arange(len(story)), order, day, story))
        bounds = np.searchsorted(story[sort], np.arange(self.n + 1)).tolist()
        days = day[sort].tolist()
        text = [texts[j] for j in sort.tolist()]
        key = [keys[j] for j in sort.tolist()]
        dates = self.dates
        out = []
        for i in range(self.n):
            lo, hi = bounds[i], bounds[i + 1]
            mine = days[lo:hi]
            out.append(
                {
                    "day": mine,
                    "date": [dates[d] for d in mine],
                    "text": text[lo:hi],
                    "key": key[lo:hi],
                }
            )
        return out


def summary(story: Doc, days: int) -> str:
    """One sentence: who, what kind of story, and its figures."""
    kinds = ", ".join(KIND_WORDS[k] for k in story["kinds"])
    black = [s for s in story["listings"] if s["name"] == "black" and s["ledger"] == "observed"]
    on = sum((days if s["to_day"] is None else s["to_day"]) - s["from_day"] for s in black)
    refused = [a for a in story["attempts"] if a["effect"] == "deny"]
    who = f"Citizen #{story['citizen']} of group {story['group']}, district {story['district']}"
    parts = [f"{who} ({kinds})"]
    if black:
        parts.append(f"{on} days on the black list in {len(black)} spell(s)")
    entries = story["entries"]
    false = sum(
        1
        for ledger, f in zip(entries["ledger"], entries["false"], strict=True)
        if f and ledger == "observed"
    )
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
