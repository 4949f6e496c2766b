"""Experiments that run: tidy rows, common random numbers against the counterfactual, paired
summaries, resuming from the journal, and a Dask worker killed mid-experiment."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socialcredit.engine import local_cluster
from socialcredit.experiment import load_experiment, resolve, run_experiment
from socialcredit.experiment.journal import Journal
from socialcredit.experiment.results import table_csv
from socialcredit.experiment.store import JOURNAL, dump, open_directory
from socialcredit.experiment.variants import Resolved

EXPERIMENT = """kind: experiment
name: small
policies: [none, default, classic]
scenarios: [{scenario}]
levers:
  - {{path: policy.lists.black.enter.score_below, values: [850, 890]}}
uncertainties:
  - {{path: scenario.observation.collectors.per_1000, values: [2, 6]}}
citizens: 300
days: 40
seeds: 3
response_range: false
"""


def make(tmp_path: Path, scenario: str = "biased-collectors") -> Resolved:
    path = tmp_path / "small.yaml"
    path.write_text(EXPERIMENT.format(scenario=scenario), encoding="utf-8")
    experiment, file, lines = load_experiment(path)
    return resolve(experiment, file=file, lines=lines, base_dir=tmp_path)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Resolved, Path, bytes]:
    tmp = tmp_path_factory.mktemp("experiment")
    resolved = make(tmp)
    out = tmp / "out"
    results = run_experiment(
        resolved, open_directory(out, resolved.document(), force=False, option="--out")
    )
    return resolved, out, table_csv(results.table())


def test_rows_are_tidy_one_per_variant_and_seed(finished: tuple[Resolved, Path, bytes]) -> None:
    resolved, _, csv = finished
    lines = csv.decode().splitlines()
    header = lines[0].split(",")
    assert header[:8] == [
        "variant",
        "seed",
        "policy",
        "scenario",
        "status",
        "reason",
        "policy.lists.black.enter.score_below",
        "scenario.observation.collectors.per_1000",
    ]
    assert "ever_wrongly_blacklisted_per_1000" in header
    assert "surveillance.observations_per_citizen_year" in header
    # none: 2 scenario points; default and classic: 2 × 2 points each.
    assert len(resolved.variants) == 2 + 4 + 4
    assert len(lines) - 1 == len(resolved.variants) * 3
    keys = [tuple(line.split(",")[:2]) for line in lines[1:]]
    assert keys == [(v.id, str(s)) for v in resolved.variants for s in (0, 1, 2)]
    rows = [line.split(",") for line in lines[1:]]
    assert {(row[4], row[5]) for row in rows} == {("ok", "")}, "every variant is valid and ran"
    none_rows = [row for row in rows if row[2] == "none"]
    assert all(row[6] == "" for row in none_rows), "the counterfactual sets no lever"


def test_the_counterfactual_shares_the_population_and_acts(tmp_path: Path) -> None:
    """With responses off, every policy sees exactly the acts of the no-scoring world."""
    scenario = tmp_path / "quiet.yaml"
    from socialcredit.inputs import shipped_text

    text = shipped_text("scenario", "baseline")
    head, _, _ = text.partition("behaviour:\n")
    scenario.write_text(
        head + "behaviour:\n  certainty: 0\n  give_up: {hazard: 0}\n",
        encoding="utf-8",
    )
    resolved = make(tmp_path, str(scenario))
    results = run_experiment(resolved, Journal(tmp_path / JOURNAL))
    acts = "behaviour.bad_acts_per_1000_citizen_years"
    for v in resolved.variants:
        twin = next(
            t
            for t in resolved.variants
            if t.counterfactual
            and t.values == {p: x for p, x in v.values.items() if p.startswith("scenario.")}
        )
        assert results.values(v, acts) == results.values(twin, acts)
        assert results.values(v, "group.minority.citizens") == results.values(
            twin, "group.minority.citizens"
        )
        # No system: nothing observed, nobody listed.
        assert set(results.values(twin, "surveillance.observations_per_citizen_year").values()) == {
            0.0
        }
        assert set(results.values(twin, "ever_blacklisted_per_1000").values()) == {0.0}


def test_summary_differences_are_paired_over_seeds(finished: tuple[Resolved, Path, bytes]) -> None:
    resolved, out, _ = finished
    from socialcredit.experiment.results import Results

    results = Results(resolved, Journal(out / JOURNAL).read())
    summary = results.summary()
    assert {row["paired"] for row in summary} == {True}
    assert len(summary) == len(resolved.variants) * len(resolved.outcomes)
    a, b = resolved.variants[0], resolved.variants[5]
    diff, paired = results.difference(a, b, "ever_blacklisted_per_1000")
    x, y = (
        results.values(a, "ever_blacklisted_per_1000"),
        results.values(b, "ever_blacklisted_per_1000"),
    )
    assert paired
    assert diff.mean == pytest.approx(sum(y[s] - x[s] for s in x) / 3)


def test_a_torn_journal_resumes_to_the_same_table(
    tmp_path: Path, finished: tuple[Resolved, Path, bytes]
) -> None:
    resolved, out, csv = finished
    lines = (out / JOURNAL).read_bytes().splitlines(keepends=True)
    target = tmp_path / "resumed"
    journal = open_directory(target, resolved.document(), force=False, option="--out")
    # Half the runs done, in another order, then a line cut off by a kill.
    kept = lines[::2]
    (target / JOURNAL).write_bytes(b"".join(reversed(kept)) + lines[1][:25])
    ran = []
    results = run_experiment(resolved, journal, done=lambda n, total: ran.append(n))
    assert ran[0] == len(kept)
    assert ran[-1] == len(lines)
    assert table_csv(results.table()) == csv
    keys = [line.split(b",")[:2] for line in (target / JOURNAL).read_bytes().splitlines()]
    assert len(keys) == len(set(map(tuple, keys))) == len(lines), "no run twice"


def test_a_changed_experiment_is_refused_and_named(
    tmp_path: Path, finished: tuple[Resolved, Path, bytes]
) -> None:
    resolved, out, _ = finished
    from socialcredit.domain.errors import UsageError

    other = resolved.document()
    other["seeds"] = [0, 1, 2, 3]
    with pytest.raises(UsageError, match=r"changed: seeds \(\[0, 1, 2\] → \[0, 1, 2, 3\]\)"):
        open_directory(out, other, force=False, option="--out")
    assert dump(resolved.document()) == (out / "experiment.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_cluster(2) as c:
        yield c


@pytest.mark.slow
def test_a_worker_killed_mid_experiment_changes_nothing(
    tmp_path: Path, client: Any, finished: tuple[Resolved, Path, bytes]
) -> None:
    resolved, _, csv = finished
    pids = client.run(os.getpid)
    killed: list[int] = []

    def done(n: float, total: int) -> None:
        if n == 2 and not killed:  # runs are in flight on both workers
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    journal = open_directory(tmp_path / "dask", resolved.document(), force=False, option="--out")
    results = run_experiment(resolved, journal, client=client, done=done)
    assert killed, "a worker was killed"
    assert killed[0] not in client.run(os.getpid).values(), "the nanny started a new worker"
    assert table_csv(results.table()) == csv, "byte for byte the single-process table"


def test_the_frontier_holds_its_definition(finished: tuple[Resolved, Path, bytes]) -> None:
    """On every price's plane, a variant is on the frontier exactly when nothing (no other
    variant of its world, and no scoring at all) has at least its benefit at no more of that
    price."""
    from socialcredit.experiment import frontier
    from socialcredit.experiment.results import Results

    resolved, out, _ = finished
    front = frontier(Results(resolved, Journal(out / JOURNAL).read()))
    assert front is not None
    assert {p.variant.id for p in front.points} == {
        v.id for v in resolved.variants if not v.counterfactual
    }
    for price in front.prices:

        def cost(p: Any, price: Any = price) -> float:
            m = p.prices[price.metric].mean
            return abs(m) if price.absolute else m

        pts = [(p.benefit.mean, cost(p), p) for p in front.points]
        for b, c, p in pts:
            same_world = [
                (b2, c2)
                for b2, c2, q in pts
                if q is not p and q.twin is p.twin  # the same scenario and uncertainty values
            ]
            rivals = [*same_world, (0.0, 0.0)]
            beaten = any(b2 >= b and c2 <= c and (b2 > b or c2 < c) for b2, c2 in rivals)
            assert p.efficient_on[price.metric] is (not beaten), (price.metric, p.variant.id)
        # The benefit is the paired fall in bad acts against the no-scoring twin.
        for p in front.points:
            assert p.twin.counterfactual
            assert p.twin.scenario.population == p.variant.scenario.population


def test_the_variants_say_what_a_seed_shares_and_pair_only_that(tmp_path: Path) -> None:
    """Collector density is an uncertainty here: the variants are the same citizens doing
    the same draws of conduct, watched by other collectors; the page says so."""
    from socialcredit.report.experiment.page import _sharing

    resolved = make(tmp_path)
    together = resolved.sharing()["biased-collectors"]
    assert (together.paired, together.conduct, together.collectors) == (True, True, False)
    assert _sharing(resolved.sharing()) == (
        "Every variant runs the same seeds (common random numbers). On a seed, the variants "
        "over biased-collectors share the same citizens and conduct draws, other collectors; "
        "the acts differ only for citizens whose standing differs between the runs, so their "
        "differences are taken seed by seed."
    )
