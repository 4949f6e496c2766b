"""Telling the stories: the story log's events of a few citizens, made into `stories.json`.

The events name behaviours, feeds and services by their index in the run; here they get their
names from the policy. The long tables (acts, records, entries, scores) are built for all the
chosen citizens at once, as arrays ordered by citizen and day, and each story takes its slice:
the cost grows with the events told, not with Python work per event. A score is the base plus
each entry's points from its day until it expires, plus the changes of points the entries do
not imply (withdrawals, reinstatements, clears: `engine.scorebook.ScoreBook.on_change`);
listings are joined into spells (`stories.listings`); each refused or restricted attempt gets
the rule and reasons the policy gives for the citizen's standing that day
(`domain.decisions.decide`, the rules the engine applies); disputes are joined to their
decisions; and `stories.timeline` tells everything once more as a timeline of sentences.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections import defaultdict
from datetime import timedelta
from typing import Any

import numpy as np

from socialcredit.domain.decisions import Standing, decide
from socialcredit.domain.effects import EFFECTS, Effect
from socialcredit.domain.grades import grade_index_many
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import KINDS, Cut, enabled_feeds
from socialcredit.stories.document import STORIES_VERSION, Doc, Outcome
from socialcredit.stories.listings import in_force_on, listings
from socialcredit.stories.tables import Table, concat, score_changes
from socialcredit.stories.timeline import Lines, summary

LEDGERS = ("observed", "true")
OUTCOME_NAMES: tuple[Outcome, ...] = (  # the story log's `OUTCOMES`, typed (a test holds them)
    "landed",
    "rejected in review",
    "over the collector's daily limit",
    "not scored",
)


class _Teller:
    def __init__(self, policy: Policy, scenario: PopulationScenario, cut: Cut) -> None:
        self.policy = policy
        self.cut = cut
        self.n = len(cut.citizens)
        self.start = scenario.population.start
        self.days = scenario.population.days
        self.codes = [b.code for b in policy.behaviours]
        self.feeds = enabled_feeds(policy)
        self.services = list(policy.services)
        self.points = np.array([b.points for b in policy.behaviours], dtype=np.int64)
        self.expiry = np.array([b.expires_after_days for b in policy.behaviours], dtype=np.int64)
        # Dates as far as any event can name one: an entry's expiry, a listing's first day in
        # force.
        lists = policy.lists
        longest = max(int(self.expiry.max()), lists.black.notice_days, lists.red.notice_days)
        self.dates = [
            (self.start + timedelta(days=d)).isoformat() for d in range(self.days + longest + 1)
        ]

    def dated(self, day: int) -> dict[str, Any]:
        return {"day": day, "date": self.dates[day]}

    def tables(self) -> dict[str, Table]:
        cut, n = self.cut, self.n
        acts, observed = Table.of(cut, "act"), Table.of(cut, "entry")
        true = acts.where(acts.col("entered").astype(bool), n)
        del true.columns["entered"]
        entries, ledger = concat((observed, 0), (true, 1), n=n)
        entries.columns["ledger"] = ledger
        behaviour = entries.col("behaviour").astype(np.int64)
        entries.columns["expires_day"] = entries.col("day") + self.expiry[behaviour]
        policy, points, expiry = self.policy, self.points, self.expiry
        scores, ledger = concat(
            *(
                (score_changes(cut, e, c, policy.base_score, points, expiry, self.days), k)
                for k, (e, c) in enumerate(((observed, "points"), (true, "points_true")))
            ),
            n=n,
        )
        scores.columns["ledger"] = ledger
        out = {"act": acts, "record": Table.of(cut, "record")}
        out |= {"entry": entries, "score": scores}
        for kind in ("black", "black_true", "red", "red_true", "lift", "restoration", "repair"):
            out[kind] = Table.of(cut, kind)
        for kind in ("attempt", "collateral", "dispute", "decision", "lapse"):
            out[kind] = Table.of(cut, kind)
        return out

    def columns(self, t: dict[str, Table]) -> dict[str, Any]:
        """The long tables' columns as lists, for all stories at once (sliced per story)."""
        policy = self.policy
        codes = np.array(self.codes, dtype=object)
        sources = np.array(["collector", *(f"feed:{f}" for f in self.feeds)], dtype=object)
        ledgers = np.array(LEDGERS, dtype=object)
        grades = np.array([g.name for g in policy.grades_descending], dtype=object)
        act, rec, ent, sc = t["act"], t["record"], t["entry"], t["score"]
        eb = ent.col("behaviour").astype(np.int64)
        collector = rec.col("collector").astype(np.int64)
        return {
            "repairs": t["repair"].col("day").tolist(),
            "restorations": t["restoration"].col("day").tolist(),
            "acts": {
                "day": act.col("day").tolist(),
                "behaviour": codes[act.col("behaviour").astype(np.int64)].tolist(),
            },
            "records": {
                "day": rec.col("day").tolist(),
                "behaviour": codes[rec.col("behaviour").astype(np.int64)].tolist(),
                "source": sources[rec.col("source").astype(np.int64) + 1].tolist(),
                "collector": [None if c < 0 else c for c in collector.tolist()],
                "malicious": rec.col("malicious").astype(bool).tolist(),
                "false": rec.col("false").astype(bool).tolist(),
                "outcome": np.array(OUTCOME_NAMES, dtype=object)[
                    rec.col("outcome").astype(np.int64)
                ].tolist(),
            },
            "entries": {
                "day": ent.col("day").tolist(),
                "ledger": ledgers[ent.col("ledger").astype(np.int64)].tolist(),
                "behaviour": codes[eb].tolist(),
                "points": self.points[eb].tolist(),
                "expires_day": ent.col("expires_day").tolist(),
                "false": ent.col("false").astype(bool).tolist(),
            },
            "scores": {
                "day": sc.col("day").tolist(),
                "ledger": ledgers[sc.col("ledger").astype(np.int64)].tolist(),
                "score": sc.col("score").tolist(),
                "grade": grades[grade_index_many(policy, sc.col("score"))].tolist(),
            },
        }

    def attempts(
        self, t: dict[str, Table], i: int, changes: dict[str, list[Any]], spells: list[Doc]
    ) -> list[Doc]:
        """Each refused or restricted attempt with the rule and reasons the policy gives for
        the citizen's standing that day (`changes`: the story's score changes, `Scores`)."""
        out: list[Doc] = []
        rows = t["attempt"].rows(i)
        if not rows:
            return out
        days, scores = [], []
        for day, ledger, score in zip(
            changes["day"], changes["ledger"], changes["score"], strict=True
        ):
            if ledger == "observed":
                days.append(day)
                scores.append(score)
        lists = self.policy.lists
        for e in rows:
            day = e["day"]
            at = bisect_right(days, day)
            standing = Standing(
                scores[at - 1] if at else self.policy.base_score,
                black=in_force_on(spells, "black", lists.black, day),
                red=in_force_on(spells, "red", lists.red, day),
            )
            service = self.services[e["service"]]
            decision = decide(self.policy, service, standing, hints=False)
            effect = EFFECTS[e["effect"]]
            rule, reasons = decision.rule, decision.reasons
            through = EFFECTS.index(effect) > EFFECTS.index(decision.effect)
            if through:
                rule, reasons = self._through_relative(service, effect)
            out.append(
                dict(
                    **self.dated(day),
                    service=service,
                    effect=effect.value,
                    rule=rule,
                    reasons=reasons,
                    wrongful=e["effect_true"] < e["effect"],
                    through_relative=through,
                )
            )
        return out

    def _through_relative(self, service: str, effect: Effect) -> tuple[int | None, list[str]]:
        """The rule that reaches relatives with this effect, and its reasons: the citizen's own
        standing would have treated them better, so the detriment came through a relative."""
        for i, rule in enumerate(self.policy.services[service].rules):
            if rule.relatives and rule.effect is effect:
                who = " or ".join(
                    "a parent" if r == "children" else "the spouse" for r in rule.relatives
                )
                reasons = [f"{who} is on the {', '.join(rule.when.lists)} list"]
                return i, reasons + ([rule.reason] if rule.reason else [])
        return None, ["through a relative's listing"]

    def collateral(self, t: dict[str, Table], i: int) -> list[Doc]:
        """Spells per service from the day-by-day bits of detriment through relatives."""
        out: list[Doc] = []
        since: dict[int, int] = {}
        for e in t["collateral"].rows(i):
            day, bits = e["day"], e["value"]
            for bit, service in enumerate(self.services):
                on = (bits >> bit) & 1 == 1
                if on and bit not in since:
                    since[bit] = day
                elif not on and bit in since:
                    out.append({"service": service, "from_day": since.pop(bit), "to_day": day})
        for bit, start in since.items():
            out.append({"service": self.services[bit], "from_day": start, "to_day": None})
        out.sort(key=lambda x: (x["from_day"], x["service"]))
        return out

    def disputes(self, t: dict[str, Table], i: int) -> list[Doc]:
        closed: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
        for e in t["decision"].rows(i):
            outcome = "reversed" if e["reversed"] else "upheld"
            closed[e["behaviour"], e["added"]].append((e["day"], outcome))
        for e in t["lapse"].rows(i):
            closed[e["behaviour"], e["added"]].append((e["day"], "lapsed"))
        out: list[Doc] = []
        for e in t["dispute"].rows(i):
            key = (e["behaviour"], e["day"])
            day, outcome = closed[key].pop(0) if closed[key] else (None, "open")
            out.append(
                dict(
                    **self.dated(e["day"]),
                    behaviour=self.codes[e["behaviour"]],
                    entry_day=e["day"],
                    false=bool(e["false"]),
                    outcome=outcome,
                    decided_day=day,
                )
            )
        return out


def tell(policy: Policy, scenario: PopulationScenario, seed: int, cut: Cut, per_kind: int) -> Doc:
    """The stories of a run's chosen citizens (`RunResult.stories`), as the fields of
    `stories.document.StoriesDocument`: plain data, written as `stories.json` without building a
    model per story (a run keeps hundreds of stories of hundreds of events each); the tests
    validate it against the model and its schema."""
    # Hundreds of thousands of small lists and strings, none in a cycle: the cyclic
    # collector's passes over them would only cost time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _tell(policy, scenario, seed, cut, per_kind)
    finally:
        if collecting:
            gc.enable()


def _tell(policy: Policy, scenario: PopulationScenario, seed: int, cut: Cut, per_kind: int) -> Doc:
    teller = _Teller(policy, scenario, cut)
    tables = teller.tables()
    columns = teller.columns(tables)
    groups = [g.name for g in scenario.population.groups]
    kinds_of: dict[int, list[str]] = defaultdict(list)
    for kind in KINDS:
        for c in cut.kinds[kind].tolist():
            kinds_of[c].append(kind)
    lines = Lines(policy, teller.dates, len(cut.citizens), tables, columns)
    stories: list[Doc] = []
    for i, citizen in enumerate(cut.citizens.tolist()):
        story: Doc = {
            "citizen": citizen,
            "kinds": kinds_of[citizen],
            "group": groups[int(cut.group[i])],
            "district": int(cut.district[i]),
            "consent": bool(cut.consent[i]),
            "collector": bool(cut.collector[i]),
            "summary": "",
        }
        for name, table in (
            ("acts", "act"),
            ("records", "record"),
            ("entries", "entry"),
            ("scores", "score"),
        ):
            mine = tables[table].span(i)
            story[name] = {k: v[mine] for k, v in columns[name].items()}
        spells = listings(policy, tables, i)
        story["listings"] = spells
        story["attempts"] = teller.attempts(tables, i, story["scores"], spells)
        story["collateral"] = teller.collateral(tables, i)
        story["disputes"] = teller.disputes(tables, i)
        story["repairs"] = columns["repairs"][tables["repair"].span(i)]
        story["restorations"] = columns["restorations"][tables["restoration"].span(i)]
        lines.episodes(i, story)
        stories.append(story)
    for i, timeline in enumerate(lines.timelines()):
        stories[i]["timeline"] = timeline
        stories[i]["summary"] = summary(stories[i], scenario.population.days)
    return {
        "stories_version": STORIES_VERSION,
        "policy": policy.name,
        "policy_hash": policy.hash,
        "scenario": scenario.name,
        "seed": seed,
        "citizens": scenario.population.citizens,
        "days": scenario.population.days,
        "start": scenario.population.start.isoformat(),
        "base_score": policy.base_score,
        "behaviours": {
            b.code: {
                "points": b.points,
                "expires_after_days": b.expires_after_days,
                "scored": policy.counts(b),
            }
            for b in policy.behaviours
        },
        "per_kind": per_kind,
        "kinds": {k: cut.kinds[k].tolist() for k in KINDS},
        "stories": stories,
    }
