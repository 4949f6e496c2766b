"""Telling the stories: the story log's events of a few citizens, made into `stories.json`.

The events name behaviours, feeds and services by their index in the run; here they get their
names from the policy, listings are joined into spells from the day-by-day list states, each
refused or restricted attempt gets the rule and reasons the policy gives for the citizen's
standing that day (`domain.decisions.decide`, the rules the engine applies), disputes are
joined to their decisions, and everything is told once more as a timeline of sentences.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from socialcredit.domain.decisions import Standing, decide
from socialcredit.domain.effects import EFFECTS, Effect
from socialcredit.domain.grades import grade_of
from socialcredit.domain.policy import Policy
from socialcredit.engine.probes import enabled_feeds
from socialcredit.engine.scenario import PopulationScenario
from socialcredit.engine.storylog import KINDS, Cut
from socialcredit.runs.stories import STORIES_VERSION, Ledger, Outcome
from socialcredit.runs.storylines import Doc, summary, timeline

Events = dict[str, list[dict[str, Any]]]
ENTRY_EVENTS: tuple[tuple[Ledger, str], ...] = (("observed", "entry"), ("true", "entry_true"))
SCORE_EVENTS: tuple[tuple[Ledger, str], ...] = (("observed", "score"), ("true", "score_true"))
OUTCOME_NAMES: tuple[Outcome, ...] = (  # the story log's `OUTCOMES`, typed (a test holds them)
    "landed",
    "rejected in review",
    "over the collector's daily limit",
    "not scored",
)


def _by_citizen(cut: Cut) -> dict[int, Events]:
    """Each chosen citizen's events, per kind, in the order they happened."""
    out: dict[int, Events] = defaultdict(lambda: defaultdict(list))
    for kind, columns in cut.events.items():
        names = list(columns)
        rows = zip(*(columns[n].tolist() for n in names), strict=True)
        for values in rows:
            event = dict(zip(names, values, strict=True))
            out[int(event["citizen"])][kind].append(event)
    return out


class _Teller:
    def __init__(self, policy: Policy, scenario: PopulationScenario) -> None:
        self.policy = policy
        self.start = scenario.population.start
        self.days = scenario.population.days
        self.codes = [b.code for b in policy.behaviours]
        self.feeds = enabled_feeds(policy)
        self.services = list(policy.services)
        longest = max(b.expires_after_days for b in policy.behaviours)
        self._dates = [
            (self.start + timedelta(days=d)).isoformat() for d in range(self.days + longest + 1)
        ]

    def date(self, day: int) -> str:
        return self._dates[day]

    def dated(self, day: int) -> dict[str, Any]:
        return {"day": day, "date": self._dates[day]}

    def story(self, citizen: int, events: Events, kinds: list[str], facts: Doc) -> Doc:
        policy = self.policy
        acts = [
            dict(
                **self.dated(e["day"]),
                behaviour=self.codes[e["behaviour"]],
                good=policy.behaviours[e["behaviour"]].points > 0,
                scored=policy.counts(policy.behaviours[e["behaviour"]]),
            )
            for e in events["act"]
        ]
        records = [
            dict(
                **self.dated(e["day"]),
                behaviour=self.codes[e["behaviour"]],
                source="collector" if e["source"] < 0 else f"feed:{self.feeds[e['source']]}",
                collector=None if e["collector"] < 0 else int(e["collector"]),
                malicious=bool(e["malicious"]),
                false=bool(e["false"]),
                outcome=OUTCOME_NAMES[e["outcome"]],
            )
            for e in events["record"]
        ]
        entries = [self._entry(e, ledger) for ledger, kind in ENTRY_EVENTS for e in events[kind]]
        entries.sort(key=lambda x: (x["day"], x["ledger"]))
        scores = [
            dict(
                **self.dated(e["day"]),
                ledger=ledger,
                score=int(e["value"]),
                grade=grade_of(policy, int(e["value"])),
            )
            for ledger, kind in SCORE_EVENTS
            for e in events[kind]
        ]
        scores.sort(key=lambda x: (x["day"], x["ledger"]))
        listings = self._listings(events)
        story: Doc = {
            "citizen": citizen,
            "kinds": kinds,
            **facts,
            "summary": "",
            "acts": acts,
            "records": records,
            "entries": entries,
            "scores": scores,
            "listings": listings,
            "attempts": self._attempts(events, scores, listings),
            "collateral": self._collateral(events),
            "disputes": self._disputes(events),
            "repairs": [self.dated(e["day"]) for e in events["repair"]],
            "restorations": [self.dated(e["day"]) for e in events["restoration"]],
        }
        story["timeline"] = timeline(story, self)
        story["summary"] = summary(story, self)
        return story

    def _entry(self, e: dict[str, Any], ledger: Ledger) -> dict[str, Any]:
        behaviour = self.policy.behaviours[e["behaviour"]]
        expires = e["day"] + behaviour.expires_after_days
        return dict(
            **self.dated(e["day"]),
            ledger=ledger,
            behaviour=behaviour.code,
            points=behaviour.points,
            expires_day=expires,
            expires=self.date(expires),
            false=bool(e.get("false", False)),
        )

    def _listings(self, events: Events) -> list[Doc]:
        """Spells on each list in each ledger, from the end-of-day list states; on the observed
        black list also from the lifts on appeal, which may fall between two states of a day
        (lifted in the morning and listed again by the day's finding, or listed and lifted
        the same day)."""
        repaired = {e["day"] for e in events["restoration"]}
        out: list[Doc] = []
        for name in ("black", "red"):
            notice = getattr(self.policy.lists, name).notice_days
            for ledger, kind in (("observed", name), ("true", f"{name}_true")):
                steps = [(int(e["day"]), 1, int(e["since"])) for e in events[kind]]
                if (ledger, name) == ("observed", "black"):
                    steps += [(int(e["day"]), 0, int(e["since"])) for e in events["lift"]]
                steps.sort(key=lambda x: (x[0], x[1]))
                spell: dict[str, Any] | None = None
                for day, what, since in steps:
                    if what == 0:  # lifted on appeal
                        if spell is None:
                            spell = {"from_day": day, "since_day": since, "renewed": []}
                        out.append(self._spell(name, ledger, spell, notice, day, "appeal"))
                        spell = None
                    elif since >= 0 and spell is None:
                        spell = {"from_day": day, "since_day": since, "renewed": []}
                    elif since >= 0 and spell is not None:
                        spell["renewed"].append(day)
                    elif spell is not None:
                        ended = "repair" if name == "black" and day in repaired else "term"
                        out.append(self._spell(name, ledger, spell, notice, day, ended))
                        spell = None
                if spell is not None:
                    out.append(self._spell(name, ledger, spell, notice, None, "run end"))
        out.sort(key=lambda x: (x["from_day"], x["name"], x["ledger"]))
        return out

    @staticmethod
    def _spell(
        name: str, ledger: str, spell: dict[str, Any], notice: int, to: int | None, ended: str
    ) -> Doc:
        first = spell["since_day"]
        return dict(
            name=name,
            ledger=ledger,
            from_day=spell["from_day"],
            since_day=spell["since_day"],
            in_force_day=first + notice,
            to_day=to,
            renewed=spell["renewed"],
            ended_by=ended,
        )

    def _attempts(
        self, events: Events, scores: list[dict[str, Any]], listings: list[Doc]
    ) -> list[Doc]:
        observed = [s for s in scores if s["ledger"] == "observed"]
        out: list[Doc] = []
        for e in events["attempt"]:
            day = int(e["day"])
            score = next(
                (s["score"] for s in reversed(observed) if s["day"] <= day),
                self.policy.base_score,
            )
            standing = Standing(
                score,
                black=_in_force(listings, "black", day, self.policy.lists.black.notice_days),
                red=_in_force(listings, "red", day, self.policy.lists.red.notice_days),
            )
            service = self.services[e["service"]]
            decision = decide(self.policy, service, standing)
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
                    wrongful=int(e["effect_true"]) < int(e["effect"]),
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

    def _collateral(self, events: Events) -> list[Doc]:
        """Spells per service from the day-by-day bits of detriment through relatives."""
        out: list[Doc] = []
        since: dict[int, int] = {}
        for e in events["collateral"]:
            day, bits = int(e["day"]), int(e["value"])
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

    def _disputes(self, events: Events) -> list[Doc]:
        closed: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
        for e in events["decision"]:
            outcome = "reversed" if e["reversed"] else "upheld"
            closed[e["behaviour"], e["added"]].append((int(e["day"]), outcome))
        for e in events["lapse"]:
            closed[e["behaviour"], e["added"]].append((int(e["day"]), "lapsed"))
        out: list[Doc] = []
        for e in events["dispute"]:
            key = (e["behaviour"], e["day"])
            day, outcome = closed[key].pop(0) if closed[key] else (None, "open")
            out.append(
                dict(
                    **self.dated(int(e["day"])),
                    behaviour=self.codes[e["behaviour"]],
                    entry_day=int(e["day"]),
                    false=bool(e["false"]),
                    outcome=outcome,
                    decided_day=day,
                )
            )
        return out


def _in_force(listings: list[Doc], name: str, day: int, notice: int) -> bool:
    """Whether the observed list is in force for the citizen on `day`, as the engine has it:
    listed, and `notice` days since the term in effect began (a renewal starts a new term)."""
    for s in listings:
        if s["name"] != name or s["ledger"] != "observed" or s["from_day"] > day:
            continue
        if s["to_day"] is not None and day >= s["to_day"]:
            continue
        term = max([s["since_day"], *(r for r in s["renewed"] if r <= day)])
        if day - term >= notice:
            return True
    return False


def tell(policy: Policy, scenario: PopulationScenario, seed: int, cut: Cut, per_kind: int) -> Doc:
    """The stories of a run's chosen citizens (`RunResult.stories`), as the fields of
    `runs.stories.StoriesDocument`: plain data, written as `stories.json` without building a
    model per event (a run keeps hundreds of stories of hundreds of events each); the tests
    validate it against the model and its schema."""
    teller = _Teller(policy, scenario)
    events = _by_citizen(cut)
    groups = [g.name for g in scenario.population.groups]
    kinds_of: dict[int, list[str]] = defaultdict(list)
    for kind in KINDS:
        for c in cut.kinds[kind].tolist():
            kinds_of[int(c)].append(kind)
    stories = []
    for i, citizen in enumerate(cut.citizens.tolist()):
        facts = {
            "group": groups[int(cut.group[i])],
            "district": int(cut.district[i]),
            "consent": bool(cut.consent[i]),
            "collector": bool(cut.collector[i]),
        }
        stories.append(teller.story(int(citizen), events[int(citizen)], kinds_of[citizen], facts))
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
        "per_kind": per_kind,
        "kinds": {k: [int(c) for c in cut.kinds[k].tolist()] for k in KINDS},
        "stories": stories,
    }
