"""The engine's attribution: it changes nothing in a run, its bookkeeping adds up, its confusion
counts agree with the tally's series, and all data together causes every listing and every day
of detriment, while no data causes none."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit.domain.policy import Policy
from socialcredit.engine import (
    AttributionPlan,
    Probe,
    compile_model,
    enabled_feeds,
    probe_of,
    run_population,
)
from socialcredit.engine.attribution import Attribution
from socialcredit.engine.shard import ShardSimulation
from socialcredit.engine.streams import shard_seed
from socialcredit.inputs import load_policy
from tests.support import scenario

CASES = [
    ("classic", "malicious-collectors"),
    ("default", "biased-collectors"),
    ("court-defaulters", "baseline"),
]


def _everything(policy: Policy) -> Probe:
    return probe_of(policy, "all", categories=frozenset(policy.categories), collectors=True)


def _nothing(policy: Policy) -> Probe:
    return probe_of(policy, "none")


def _plan(policy: Policy) -> AttributionPlan:
    by_category = tuple(
        probe_of(policy, f"c.{c}", categories=frozenset({c})) for c in policy.categories
    )
    probes = (*by_category, probe_of(policy, "collectors", collectors=True))
    return AttributionPlan.of(
        policy, (*probes, _everything(policy), _nothing(policy)), early_days=30
    )


@pytest.mark.parametrize(("policy_name", "scenario_name"), CASES)
def test_attribution_changes_nothing_and_adds_up(policy_name: str, scenario_name: str) -> None:
    policy = load_policy(policy_name)
    sc = scenario(scenario_name, citizens=3000, days=200)
    bare = run_population(policy, sc, seed=4)
    run = run_population(policy, sc, seed=4, attribution=_plan(policy))
    assert np.array_equal(bare.series, run.series)
    assert {k: v for k, v in run.totals.items() if k in bare.totals} == bare.totals
    t = run.totals
    groups = [g.name for g in sc.population.groups]
    # The confusion counts are the tally's series, cell by cell.
    for g in groups:
        cells = {c: t[f"confusion.black.{c}.{g}"] for c in ("tp", "fp", "fn", "tn")}
        assert cells["tp"] + cells["fp"] == run.column(f"black.{g}").sum()
        assert cells["fp"] == run.column(f"black_wrongful.{g}").sum()
        assert sum(cells.values()) == run.column(f"citizens.{g}").sum()
        for s in policy.services:
            harmed = t[f"confusion.{s}.tp.{g}"] + t[f"confusion.{s}.fp.{g}"]
            assert harmed == run.column(f"harmed.{s}.{g}").sum()
    # All data together caused every listing and every day of detriment; no data caused none.
    assert t["attribution.all.citizens_listed"] == t["ever_blacklisted"]
    assert t["attribution.all.listings"] > 0
    for s in policy.services:
        harmed = sum(run.column(f"harmed.{s}.{g}").sum() for g in groups)
        assert t[f"attribution.all.days.{s}"] == harmed
        wrongly = sum(run.column(f"wrongly_harmed.{s}.{g}").sum() for g in groups)
        assert t[f"attribution.all.days_wrongful.{s}"] == wrongly
        assert t[f"attribution.none.days.{s}"] == 0
        for c in policy.categories:
            assert t[f"attribution.c.{c}.days.{s}"] <= harmed
    assert t["attribution.none.listings"] == 0
    assert t["attribution.none.citizens.any"] == 0
    # A category turned off, or with no acts in the scenario, causes nothing.
    off = [c for c, cat in policy.categories.items() if not cat.enabled]
    for c in off:
        assert t[f"attribution.c.{c}.listings"] == 0
        assert t[f"attribution.c.{c}.citizens.any"] == 0


def test_held_deductions_add_up_day_by_day() -> None:
    """Probes by behaviour category split every deduction once: their holdings add up, every
    day, to the holding of all behaviours, which is exactly what lifts the score back to the
    base plus the good deeds; entries leave on the day they expire."""
    policy = load_policy("classic")
    sc = scenario("malicious-collectors", citizens=1500, days=150)
    categories = list(policy.categories)
    probes = tuple(
        probe_of(
            policy,
            c,
            behaviours=frozenset(b.code for b in policy.behaviours if b.category == c),
        )
        for c in categories
    )
    everything = probe_of(policy, "all", behaviours=frozenset(b.code for b in policy.behaviours))
    plan = AttributionPlan.of(policy, (*probes, everything), early_days=30)
    model = compile_model(policy, sc)
    pop = sc.population
    sim = ShardSimulation(model, (0, pop.districts), shard_seed(0, 0), plan)
    attribution = sim.attribution
    assert attribution is not None
    positive = np.zeros(sim.population.n, dtype=np.int64)
    for day in range(pop.days):
        sim.step(day)
        held = attribution.held
        assert (held >= 0).all()
        assert np.array_equal(held[: len(categories)].sum(axis=0), held[-1])
        positive = sim.observed.score.astype(np.int64) + held[-1] - policy.base_score
        assert (positive >= 0).all()
    assert positive.sum() > 0
    assert held[-1].sum() > 0


@pytest.mark.parametrize("count_while_disputed", [True, False])
def test_holdings_follow_reversals_and_repairs_exactly(count_while_disputed: bool) -> None:
    """The court list counts no good deed, so the deductions all data holds are exactly what
    lifts each score back to the base, every day, through entries reversed, set aside while
    disputed, reinstated, and cleared by repairs."""
    data = load_policy("court-defaulters").model_dump()
    data["appeals"].update(notify_entries=True, disputed_entries_count=count_while_disputed)
    policy = Policy.model_validate(data)
    sc = scenario(
        "baseline",
        citizens=3000,
        days=200,
        observation__feeds={"public_records": {"coverage": 1.0, "false_positive_rate": 0.0005}},
        redress={
            "disputes": {"false_entry": 0.9, "true_entry": 0.3},
            "review": {"wrong_reversal_rate": 0.2},
            "restoration": {"per_year": 2.0},
        },
    )
    everything = probe_of(policy, "all", behaviours=frozenset(b.code for b in policy.behaviours))
    plan = AttributionPlan.of(policy, (everything,), early_days=30)
    sim = ShardSimulation(compile_model(policy, sc), (0, 20), shard_seed(0, 0), plan)
    attribution = sim.attribution
    assert attribution is not None
    totals = dict.fromkeys(("reversals", "restorations", "disputes"), 0.0)
    for day in range(sc.population.days):
        sim.step(day)
        row = dict(zip(sim.columns, sim.series[day], strict=True))
        for name in totals:
            totals[name] += row[name]
        np.testing.assert_array_equal(
            sim.observed.score + attribution.held[0], np.full(sim.population.n, 1000)
        )
    assert min(totals.values()) > 5


def test_a_renewed_term_keeps_its_listing_attribution() -> None:
    """Only fresh listings are attributed: a new listing entry while listed renews the term,
    and the listing keeps the probes that caused it. With all data as one probe, every fresh
    listing is caused by it, and renewals add none."""
    policy = load_policy("classic")
    sc = scenario("malicious-collectors", citizens=6000, days=400)
    plan = AttributionPlan.of(policy, (_everything(policy),), early_days=30)
    model = compile_model(policy, sc)
    sim = ShardSimulation(model, (0, sc.population.districts), shard_seed(0, 0), plan)
    attribution = sim.attribution
    assert attribution is not None
    fresh = renewed = 0
    for day in range(sc.population.days):
        before = sim.lists.black.copy()
        bits_before = attribution.listing.copy()
        sim.step(day)
        after = sim.lists.black
        fresh += int(((after == day) & (before < 0)).sum())
        renewals = (after == day) & (before >= 0)
        renewed += int(renewals.sum())
        assert np.array_equal(attribution.listing[renewals], bits_before[renewals])
    assert renewed > 0
    assert int(attribution.listings[0]) == fresh


def test_a_list_entered_on_a_high_score_is_caused_by_no_deduction() -> None:
    """Taking deductions away only raises a score: no probe causes a listing on
    `score_at_least`."""
    policy = Policy.model_validate(
        {
            **load_policy("classic").model_dump(),
            "lists": {
                **load_policy("classic").lists.model_dump(),
                "black": {"enter": {"score_at_least": 1001}, "exit": {"score_below": 990}},
                "red": {"enter": {"score_at_least": 2000}, "exit": {"score_below": 1990}},
            },
        }
    )
    run = run_population(
        policy, scenario("baseline", citizens=1500, days=90), seed=1, attribution=_plan(policy)
    )
    assert run.totals["ever_blacklisted"] > 0
    assert run.totals["attribution.all.listings"] == 0
    assert run.totals["attribution.none.listings"] == 0


def test_an_act_two_feeds_recorded_belongs_to_a_probe_only_if_both_are_its() -> None:
    """Taking the public records away leaves a loan default the bank also recorded."""
    policy = load_policy("classic")
    public = probe_of(policy, "public", categories=frozenset({"public_records"}))
    plan = AttributionPlan.of(policy, (public,), early_days=30)
    model = compile_model(policy, scenario("baseline", citizens=100, days=10))
    attribution = Attribution(plan, model.tally, np.zeros(100, dtype=np.int8))
    feeds = enabled_feeds(policy)
    court, bank = feeds.index("court_records"), feeds.index("bank")
    default = np.int32(policy.behaviour_index["loan_default"])
    recorded = np.array([1 << court, 1 << bank, (1 << court) | (1 << bank), 0], dtype=np.uint64)
    bits = attribution._entry_bits(
        np.full(4, default, np.int32), recorded, np.zeros(4, dtype=np.bool_)
    )
    assert bits.tolist() == [1, 0, 0, 0]
