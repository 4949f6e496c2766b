"""One shard of a simulation, day by day: conduct, evidence, scores, lists and the day's tally.

Two ledgers run side by side: the observed one (what the sources report and review lets through)
and the true one (every act the policy counts, seen perfectly, nothing false). Everything a shard
returns is a sum over its citizens, so shards add up to the whole population exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socialcredit.domain.lists import ListBook
from socialcredit.simulation.conduct import Acts, respond, sample_acts
from socialcredit.simulation.model import Model
from socialcredit.simulation.observation import Evidence, Observer
from socialcredit.simulation.population import build_shard
from socialcredit.simulation.scorebook import ScoreBook
from socialcredit.simulation.tally import DENY, Tally, build_tally

SCORE_BINS = np.arange(0, 1501, 10)
COUNTERS = (
    "reports_feed",
    "reports_collector",
    "reports_over_limit",
    "reports_rejected",
    "false_reports",
    "false_rejected",
)


def extra_metrics(groups: list[str]) -> list[str]:
    out = ["acts_good", "acts_bad", "entries", "entries_true", "false_entries", *COUNTERS]
    for g in groups:
        out += [f"citizens:{g}", f"score_sum:{g}", f"score_sum_true:{g}"]
        out += [f"acts_good:{g}", f"acts_bad:{g}"]
    return out


def metric_names(tally: Tally) -> list[str]:
    return [*tally.metrics, *extra_metrics(tally.groups)]


@dataclass
class ShardResult:
    metrics: list[str]
    series: npt.NDArray[np.float64]
    """(day, metric) sums over the shard's citizens."""
    totals: dict[str, float]
    score_hist: npt.NDArray[np.int64]
    score_hist_true: npt.NDArray[np.int64]
    entries: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], int]] = field(
        default_factory=list
    )
    final: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)


def _list_state(book: ListBook, day: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    black = (book.black >= 0).astype(np.int8) + book.black_in_force(day).astype(np.int8)
    red = (book.red >= 0).astype(np.int8) + book.red_in_force(day).astype(np.int8)
    return black, red


def run_shard(
    model: Model,
    districts: tuple[int, int],
    seed: np.random.SeedSequence,
    *,
    record: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ShardResult:
    """Simulate the citizens of `districts` for the scenario's days; `progress(days_done)`."""
    rng = np.random.Generator(np.random.PCG64(seed))
    shard = build_shard(model, districts, rng)
    policy, pop = model.policy, model.scenario.population
    tally = build_tally(policy, model.group_names)
    names = metric_names(tally)
    col = {name: i for i, name in enumerate(names)}
    days = pop.days
    series = np.zeros((days, len(names)), dtype=np.float64)

    observed = ScoreBook(policy, shard.n, pop.start, shard.consent, record=record)
    true = ScoreBook(policy, shard.n, pop.start, shard.consent)
    lists, lists_true = (
        ListBook(policy, shard.n, shard.consent),
        ListBook(policy, shard.n, shard.consent),
    )
    observer = Observer(model, shard)
    groups = shard.group.astype(np.int64)
    n_groups = len(model.group_names)
    citizens_per_group = np.bincount(groups, minlength=n_groups).astype(np.float64)
    ever_black = np.zeros(shard.n, dtype=np.bool_)
    ever_wrong = np.zeros(shard.n, dtype=np.bool_)
    ever_wrong_train = np.zeros(shard.n, dtype=np.bool_)
    train = tally.effects.get("train")
    train_deny = np.zeros(tally.states, np.bool_) if train is None else train == DENY

    for day in range(days):
        observed.begin_day(day)
        true.begin_day(day)
        responses = respond(model, shard, observed.score, lists.black >= 0)
        acts = sample_acts(model, shard, responses, rng)
        evidence = observer.observe(acts, rng)

        counted = model.counts[acts.behaviour]
        true_ok = true.add(day, acts.citizen[counted], acts.behaviour[counted])
        obs_ok = observed.add(day, evidence.citizen, evidence.behaviour)
        _step_lists(
            lists, model, day, observed.score, evidence.citizen[obs_ok], evidence.behaviour[obs_ok]
        )
        _step_lists(
            lists_true,
            model,
            day,
            true.score,
            acts.citizen[counted][true_ok],
            acts.behaviour[counted][true_ok],
        )

        black, red = _list_state(lists, day)
        black_t, red_t = _list_state(lists_true, day)
        obs_standing = tally.standing(observed.score, black, red)
        true_standing = tally.standing(true.score, black_t, red_t)
        row = series[day]
        row[: len(tally.metrics)] = tally.count(shard.group, obs_standing, true_standing)
        _count_extras(
            row,
            col,
            model.group_names,
            acts,
            evidence,
            groups,
            citizens_per_group,
            observed.score,
            true.score,
            obs_ok,
            true_ok,
        )
        ever_black |= black > 0
        ever_wrong |= (black > 0) & (black_t == 0)
        ever_wrong_train |= train_deny[obs_standing] & ~train_deny[true_standing]
        if progress is not None:
            progress(day + 1)

    rec = observer.record
    malicious = shard.malicious
    totals: dict[str, float] = {
        "citizens": float(shard.n),
        "collectors": float(len(malicious)),
        "collectors_malicious": float(malicious.sum()),
        "ever_blacklisted": float(ever_black.sum()),
        "ever_wrongly_blacklisted": float(ever_wrong.sum()),
        "ever_wrongly_denied_train": float(ever_wrong_train.sum()),
    }
    for label, sel in (("honest", ~malicious), ("malicious", malicious)):
        totals[f"collector_{label}_filed"] = float(rec.filed[sel].sum())
        totals[f"collector_{label}_upheld"] = float(rec.upheld[sel].sum())
        totals[f"collector_{label}_false_filed"] = float(rec.false_filed[sel].sum())
        totals[f"collector_{label}_false_upheld"] = float(rec.false_upheld[sel].sum())
    for gi, g in enumerate(model.group_names):
        in_group = shard.group == gi
        totals[f"ever_blacklisted:{g}"] = float((ever_black & in_group).sum())
        totals[f"ever_wrongly_blacklisted:{g}"] = float((ever_wrong & in_group).sum())
    result = ShardResult(
        metrics=names,
        series=series,
        totals=totals,
        score_hist=np.histogram(observed.score, bins=SCORE_BINS)[0].astype(np.int64),
        score_hist_true=np.histogram(true.score, bins=SCORE_BINS)[0].astype(np.int64),
    )
    if record:
        result.entries = observed.entries
        result.final = {
            "score": observed.score.astype(np.int64),
            "score_true": true.score.astype(np.int64),
            "consent": shard.consent.astype(np.int64),
            "black_since": lists.black.astype(np.int64),
        }
    return result


def _step_lists(
    book: ListBook,
    model: Model,
    day: int,
    score: npt.NDArray[np.int32],
    citizens: npt.NDArray[np.int64],
    behaviours: npt.NDArray[np.int32],
) -> None:
    """Advance both lists by a day, given the end-of-day scores and the entries that counted."""
    n = len(score)
    book.step(
        day,
        score,
        black_triggered=_triggered(n, citizens, behaviours, model.listing_black),
        red_triggered=_triggered(n, citizens, behaviours, model.listing_red),
    )


def _triggered(
    n: int,
    citizens: npt.NDArray[np.int64],
    behaviours: npt.NDArray[np.int32],
    listing: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    out = np.zeros(n, dtype=np.bool_)
    out[citizens[listing[behaviours]]] = True
    return out


def _count_extras(
    row: npt.NDArray[np.float64],
    col: dict[str, int],
    group_names: list[str],
    acts: Acts,
    evidence: Evidence,
    groups: npt.NDArray[np.int64],
    citizens_per_group: npt.NDArray[np.float64],
    score: npt.NDArray[np.int32],
    score_true: npt.NDArray[np.int32],
    obs_ok: npt.NDArray[np.bool_],
    true_ok: npt.NDArray[np.bool_],
) -> None:
    n_groups = len(group_names)
    row[col["acts_good"]] = float(acts.good.sum())
    row[col["acts_bad"]] = float((~acts.good).sum())
    row[col["entries"]] = float(obs_ok.sum())
    row[col["entries_true"]] = float(true_ok.sum())
    row[col["false_entries"]] = float((evidence.false & obs_ok).sum())
    for name, value in evidence.counters.items():
        row[col[name]] = value
    sums = np.bincount(groups, weights=score, minlength=n_groups)
    sums_true = np.bincount(groups, weights=score_true, minlength=n_groups)
    act_group = groups[acts.citizen]
    good = np.bincount(act_group[acts.good], minlength=n_groups)
    bad = np.bincount(act_group[~acts.good], minlength=n_groups)
    for gi, g in enumerate(group_names):
        row[col[f"citizens:{g}"]] = citizens_per_group[gi]
        row[col[f"score_sum:{g}"]] = sums[gi]
        row[col[f"score_sum_true:{g}"]] = sums_true[gi]
        row[col[f"acts_good:{g}"]] = good[gi]
        row[col[f"acts_bad:{g}"]] = bad[gi]
