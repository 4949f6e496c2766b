"""Life stories: told from the run's own events, so that when every citizen's story is kept,
the stories replay the run's figures day by day; chosen by a key of their own, so that keeping
them changes no draw; and the same on any number of shards."""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from socialcredit.domain.grades import grade_index_many
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario, WorldBehaviour
from socialcredit.engine import RunResult, run_population
from socialcredit.inputs import load_policy
from socialcredit.stories import StoriesDocument, stories_bytes, stories_schema, tell
from tests.support import scenario

CASES = [
    ("classic", "malicious-collectors", {}),
    # Appeals set entries aside and lift listings; repairs end them.
    (
        "court-defaulters",
        "baseline",
        {
            "observation__feeds": {
                "public_records": {"coverage": 1.0, "false_positive_rate": 0.002}
            },
            "redress": {
                "disputes": {"false_entry": 0.9, "true_entry": 0.3, "aware_unnotified": 0.5},
                "review": {"reviewers_per_1000": 1.0},
                "restoration": {"per_year": 3.0},
            },
        },
    ),
    # Disputed entries set aside: listings lifted on the day they began, and resumed.
    (
        "court-defaulters",
        "baseline",
        {
            "observation__feeds": {
                "public_records": {"coverage": 1.0, "false_positive_rate": 0.002}
            },
            "redress": {
                "disputes": {"false_entry": 0.9, "true_entry": 0.5},
                "review": {"reviewers_per_1000": 0.5, "wrong_reversal_rate": 0.1},
                "restoration": {"per_year": 1.0},
            },
        },
    ),
    # Households: the children of the listed are hurt at school through them.
    (
        "court-defaulters",
        "baseline",
        {
            "population__households": {"sizes": [0.2, 0.3, 0.3, 0.2]},
            "population__behaviours__court_defaulter__per_year": 0.05,
        },
    ),
    # Entries expire within the run after being set aside, reversed, reinstated or cleared.
    (
        "court-defaulters",
        "baseline",
        {
            "expiry": 40,
            "observation__feeds": {
                "public_records": {"coverage": 1.0, "false_positive_rate": 0.004}
            },
            "population__behaviours__court_defaulter__per_year": 0.5,
            # Listings in force are short here: frequent travel, so that some attempt meets one.
            "population__demand": {"flight": {"per_year": 20.0}, "train": {"per_year": 20.0}},
            "redress": {
                "disputes": {"false_entry": 0.9, "true_entry": 0.5},
                "review": {"reviewers_per_1000": 0.5, "wrong_reversal_rate": 0.1},
                "restoration": {"per_year": 4.0},
            },
        },
    ),
]


def _everyone(
    policy_name: str, scenario_name: str, changes: dict[str, object]
) -> tuple[Policy, PopulationScenario, RunResult, StoriesDocument]:
    policy = load_policy(policy_name)
    changes = dict(changes)
    expiry = changes.pop("expiry", None)
    data = policy.model_dump()
    if "review" in changes.get("redress", {}) and "wrong_reversal_rate" in str(changes):
        data["appeals"].update(disputed_entries_count=False)
    if expiry is not None:
        for behaviour in data["behaviours"]:
            behaviour["expires_after_days"] = min(behaviour["expires_after_days"], expiry)
    policy = Policy.model_validate(data)
    sc = scenario(scenario_name, citizens=600, days=150, **changes)
    run = run_population(policy, sc, seed=5, stories=600)
    assert run.stories is not None
    return policy, sc, run, StoriesDocument.model_validate(tell(policy, sc, 5, run.stories, 600))


def _daily(
    policy: Policy, doc: StoriesDocument, days: int, world: dict[str, WorldBehaviour]
) -> dict[str, np.ndarray]:
    """The run's series as the stories tell them (stories tell the acts of the behaviours the
    policy names, so the good and bad totals only where it names the whole world's)."""
    out: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(days))
    for code in doc.behaviours:
        out[f"acts.{code}"] = np.zeros(days)
    for story in doc.stories:
        for spell in story.listings:
            name = spell.name if spell.ledger == "observed" else f"{spell.name}_true"
            out[name][spell.from_day : days if spell.to_day is None else spell.to_day] += 1
            if spell.name == "black" and spell.ledger == "observed":
                if spell.since_day == spell.from_day:
                    out["black_listings"][spell.from_day] += 1
                for day in spell.renewed:
                    out["black_listings"][day] += 1
                if spell.ended_by == "appeal" and spell.to_day is not None:
                    out["listings_lifted"][spell.to_day] += 1
        entries = story.entries
        for day, ledger, false in zip(entries.day, entries.ledger, entries.false, strict=True):
            out["entries" if ledger == "observed" else "entries_true"][day] += 1
            if false:
                out["false_entries"][day] += 1
        for day, behaviour in zip(story.acts.day, story.acts.behaviour, strict=True):
            out[f"acts.{behaviour}"][day] += 1
            if len(doc.behaviours) == len(world):  # every act is told: the totals too
                good = world[behaviour].good
                out["acts_good" if good else "acts_bad"][day] += 1
        for d in story.disputes:
            out["disputes"][d.day] += 1
            if d.false:
                out["disputes_false"][d.day] += 1
            if d.decided_day is not None:
                if d.outcome == "lapsed":
                    out["disputes_lapsed"][d.decided_day] += 1
                else:
                    out["appeal_decisions"][d.decided_day] += 1
                if d.outcome == "reversed":
                    out["reversals"][d.decided_day] += 1
        for day in story.restorations:
            out["restorations"][day] += 1
        for c in story.collateral:
            out[f"collateral.{c.service}"][c.from_day : days if c.to_day is None else c.to_day] += 1
        for a in story.attempts:
            kind = "refused" if a.effect == "deny" else "restricted"
            out[f"attempts_{kind}.{a.service}"][a.day] += 1
            if a.wrongful:
                out[f"attempts_wrongly_{kind}.{a.service}"][a.day] += 1
        score = {ledger: np.full(days, doc.base_score) for ledger in ("observed", "true")}
        scores = story.scores
        for day, ledger, value in zip(scores.day, scores.ledger, scores.score, strict=True):
            score[ledger][day:] = value
        out[f"score_sum.{story.group}"] += score["observed"]
        out[f"score_sum_true.{story.group}"] += score["true"]
        for ledger, prefix in (("observed", "grade"), ("true", "grade_true")):
            grade = grade_index_many(policy, score[ledger])
            for i, band in enumerate(policy.grades_descending):
                out[f"{prefix}.{band.name}"] += grade == i
    return out


@pytest.mark.parametrize(("policy_name", "scenario_name", "changes"), CASES)
def test_the_stories_of_everyone_replay_the_run(
    policy_name: str, scenario_name: str, changes: dict[str, object]
) -> None:
    policy, sc, run, doc = _everyone(policy_name, scenario_name, changes)
    assert len(doc.stories) == sc.population.citizens
    told = _daily(policy, doc, sc.population.days, sc.population.behaviours)
    checked = [name for name in told if name in run.columns]
    named = {f"acts.{b.code}" for b in policy.behaviours}
    expected = {"black", "black_true", "entries", "score_sum.majority", *named}
    if len(policy.behaviours) == len(sc.population.behaviours):
        expected.add("acts_bad")
    lowest = policy.grades_descending[-1].name
    expected |= {"score_sum_true.majority", f"grade.{lowest}", f"grade_true.{lowest}"}
    assert expected <= set(checked)
    for name in checked:
        np.testing.assert_array_equal(told[name], run.column(name), err_msg=name)
    # Whatever the run counted and no story told is zero in the run too.
    for name in ("restorations", "disputes", "black", "false_entries"):
        assert run.column(name).sum() == told[name].sum(), name
    if "redress" in changes:
        assert run.column("restorations").sum() > 0
        assert run.column("listings_lifted").sum() > 0
        for name in ("black_listings", "listings_lifted", "reversals", "appeal_decisions"):
            assert name in checked, name
    if "population__households" in changes:
        assert run.column("collateral.school").sum() > 0
        assert "collateral.school" in checked
        assert doc.kinds["collateral"]
        stories = {s.citizen: s for s in doc.stories}
        assert all(stories[c].collateral for c in doc.kinds["collateral"])
    hurt = [
        f"attempts_{kind}.{s}"
        for s in policy.services
        for kind in ("refused", "restricted")
        if run.column(f"attempts_{kind}.{s}").sum() > 0
    ]
    assert hurt, "some attempt was refused or restricted"
    assert set(hurt) <= set(checked)


@pytest.mark.parametrize(
    ("policy_name", "citizens", "districts", "per_kind"),
    [
        ("none", 500, 5, 2),  # no feed at all: no record but collectors'
        ("default", 200, 4, 1),  # some story with true entries and no observed one
    ],
)
def test_stories_are_told_of_runs_with_little_to_tell(
    policy_name: str, citizens: int, districts: int, per_kind: int
) -> None:
    policy = load_policy(policy_name)
    sc = scenario("baseline", citizens=citizens, days=40, population__districts=districts)
    for seed in range(4):
        run = run_population(policy, sc, seed=seed, stories=per_kind, shard_target=60)
        assert run.stories is not None
        document = json.loads(stories_bytes(tell(policy, sc, seed, run.stories, per_kind)))
        Draft202012Validator(stories_schema()).validate(document)
        doc = StoriesDocument.model_validate(document)
        assert doc.stories
        for story in doc.stories:
            assert len(story.entries.false) == len(story.entries.day)


def test_the_kinds_are_what_they_say() -> None:
    policy = load_policy("classic")
    sc = scenario("malicious-collectors", citizens=3000, days=365)
    run = run_population(policy, sc, seed=1, stories=10)
    assert run.stories is not None
    doc = StoriesDocument.model_validate(tell(policy, sc, 1, run.stories, 10))
    stories = {s.citizen: s for s in doc.stories}
    assert doc.kinds["wrongly_listed"]
    assert doc.kinds["rightly_listed"]

    def black_days(citizen: int, ledger: str) -> set[int]:
        spells = [s for s in stories[citizen].listings if s.name == "black" and s.ledger == ledger]
        return {d for s in spells for d in range(s.from_day, s.to_day or doc.days)}

    for citizen in doc.kinds["wrongly_listed"]:
        assert black_days(citizen, "observed") - black_days(citizen, "true"), citizen
    for citizen in doc.kinds["rightly_listed"]:
        assert any(s.name == "black" and s.ledger == "true" for s in stories[citizen].listings)
    for citizen in doc.kinds["missed"]:
        assert black_days(citizen, "true") - black_days(citizen, "observed"), citizen
    for citizen in doc.kinds["honour_roll"]:
        assert any(s.name == "red" and s.ledger == "observed" for s in stories[citizen].listings)
    assert len(doc.kinds["random"]) == 10


def test_keeping_stories_changes_no_draw_and_the_choice_is_reproducible() -> None:
    policy = load_policy("classic")
    sc = scenario("malicious-collectors", citizens=3000, days=120)
    plain = run_population(policy, sc, seed=2, shard_target=500)
    told = run_population(policy, sc, seed=2, stories=4, shard_target=500)
    again = run_population(policy, sc, seed=2, stories=4, shard_target=500)
    np.testing.assert_array_equal(plain.series, told.series)
    assert told.stories is not None
    assert again.stories is not None
    a = tell(policy, sc, 2, told.stories, 4)
    b = tell(policy, sc, 2, again.stories, 4)
    assert stories_bytes(a) == stories_bytes(b)
    assert all(len(v) <= 4 for v in a["kinds"].values())
    assert len(a["kinds"]["random"]) == 4


def test_stories_json_meets_its_published_schema() -> None:
    policy, sc, run, doc = _everyone(*CASES[1])
    assert run.stories is not None
    document = json.loads(stories_bytes(tell(policy, sc, 5, run.stories, 600)))
    Draft202012Validator(stories_schema()).validate(document)
    assert StoriesDocument.model_validate(document) == doc
    lines = [line for story in doc.stories for line in story.timeline.text]
    assert any("Disputed" in line for line in lines)
    assert any("Off the black list (after the repair)" in line for line in lines)


def test_the_documents_outcome_names_are_the_logs() -> None:
    from socialcredit.engine import OUTCOMES
    from socialcredit.stories.telling import OUTCOME_NAMES

    assert OUTCOME_NAMES == OUTCOMES


def test_a_table_of_columns_of_unequal_length_is_refused() -> None:
    from pydantic import ValidationError

    from socialcredit.stories.document import Acts

    assert len(Acts(day=[0, 3], behaviour=["a", "b"])) == 2
    with pytest.raises(ValidationError, match="differ in length"):
        Acts(day=[0, 3], behaviour=["a"])
