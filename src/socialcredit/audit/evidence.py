"""Evidence: what each finding's pattern did to the synthetic citizens of a simulation.

The policy runs over the scenario for K seeds (0 … K−1, the seeds `simulate` uses, so the
runs are the ones `simulate --seeds K` makes: common random numbers). The runs carry the
engine's attribution (`engine.attribution`): one probe per data measure of the findings, taken
away on its own. Each figure is a mean over the seeds with its 95% interval, at the simulated
population's size; the simulation block of the audit names the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from socialcredit.audit.document import with_interval
from socialcredit.audit.findings import Finding, Measure
from socialcredit.audit.rule import NOTICE_DAYS
from socialcredit.domain.catalogue import CATALOGUE, STRATEGY, metrics
from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import (
    MAX_FEEDS,
    MAX_PROBES,
    AttributionPlan,
    Probe,
    RunJob,
    RunResult,
    RunsDone,
    enabled_feeds,
    evaluate,
    probe_of,
    summarise,
    whole_run,
)
from socialcredit.stats.intervals import interval

Data = tuple[frozenset[str], frozenset[str], bool]
"""What a data measure takes away: categories, behaviours, collectors' reports."""


def _data_of(m: Measure) -> Data:
    return (m.categories, m.behaviours, m.collectors)


@dataclass(frozen=True)
class Simulation:
    """The runs an audit measures, one per seed, and the probe of each data measure."""

    policy: Policy
    scenario: PopulationScenario
    seeds: tuple[int, ...]
    runs: list[RunResult]
    probes: dict[Data, str]

    def probe(self, m: Measure) -> str:
        return self.probes[_data_of(m)]


def _probes(policy: Policy, findings: Sequence[Finding]) -> dict[Data, Probe]:
    """One probe per distinct data that a finding (not a pass) measures."""
    out: dict[Data, Probe] = {}
    for f in findings:
        m = f.measure
        if m is None or m.kind != "data" or f.verdict == "pass" or _data_of(m) in out:
            continue
        out[_data_of(m)] = probe_of(
            policy,
            f"p{len(out)}",
            categories=m.categories,
            behaviours=m.behaviours,
            collectors=m.collectors,
        )
    return out


def simulate(
    policy: Policy,
    scenario: PopulationScenario,
    findings: Sequence[Finding],
    seeds: Sequence[int],
    *,
    progress: RunsDone | None = None,
) -> Simulation:
    """Run the policy over the scenario for each seed, with a probe per data measure. A run
    follows at most `MAX_PROBES` probes; more are followed by running the same seed again
    (the same draws, so the same run) with the next ones."""
    feeds = len(enabled_feeds(policy))
    if feeds > MAX_FEEDS:
        error = PolicyError(
            f"the audit's attribution follows at most {MAX_FEEDS} enabled feeds; this policy "
            f"enables {feeds}",
            field="sources.feeds",
        )
        raise policy.origin.locate(error) if policy.origin else error
    probes = _probes(policy, findings)
    chunks = [
        tuple(probes.values())[i : i + MAX_PROBES] for i in range(0, len(probes), MAX_PROBES)
    ] or [()]
    plans = [AttributionPlan.of(policy, chunk, early_days=NOTICE_DAYS) for chunk in chunks]
    jobs = [
        RunJob((seed, i), policy, scenario, seed, attribution=plan)
        for seed in seeds
        for i, plan in enumerate(plans)
    ]
    by_seed: dict[int, RunResult] = {}
    for job, run in evaluate(jobs, whole_run, progress=progress):
        seed, _ = job.key
        if seed in by_seed:
            by_seed[seed].totals.update(run.totals)
        else:
            by_seed[seed] = run
    runs = [by_seed[seed] for seed in seeds]
    names = {data: p.name for data, p in probes.items()}
    return Simulation(policy, scenario, tuple(seeds), runs, names)


def _figure(label: str, unit: str, values: list[float]) -> dict[str, Any]:
    iv = interval(values, bounds=(0.0, None))
    return {"label": label, "unit": unit, "mean": iv.mean, "low": iv.low, "high": iv.high}


def _total(sim: Simulation, key: str) -> list[float]:
    return [run.totals[key] for run in sim.runs]


def _summed(sim: Simulation, keys: Sequence[str]) -> list[float]:
    return [sum(run.totals[k] for k in keys) for run in sim.runs]


def _series(sim: Simulation, columns: Sequence[str]) -> list[float]:
    return [float(sum(run.column(c).sum() for c in columns)) for run in sim.runs]


def _data(sim: Simulation, m: Measure) -> list[dict[str, Any]]:
    key = f"attribution.{sim.probe(m)}"
    what = m.label
    out = [
        _figure(f"black listings that {what} caused", "listings", _total(sim, f"{key}.listings")),
        _figure(
            "of them wrongful (the true ledger did not list the citizen)",
            "listings",
            _total(sim, f"{key}.listings_wrongful"),
        ),
        _figure(
            f"citizens listed because of {what}", "citizens", _total(sim, f"{key}.citizens_listed")
        ),
    ]
    if len(m.services) == 1:
        [s] = m.services
        out += [
            _figure(
                f"citizen-days of {s} restricted or denied that {what} caused",
                "citizen-days",
                _total(sim, f"{key}.days.{s}"),
            ),
            _figure("of them wrongful", "citizen-days", _total(sim, f"{key}.days_wrongful.{s}")),
            _figure(
                f"citizens restricted or denied {s} because of {what}",
                "citizens",
                _total(sim, f"{key}.citizens.{s}"),
            ),
        ]
    elif m.services:
        where = ", ".join(m.services)
        out += [
            _figure(
                f"citizen-days of restriction or denial that {what} caused, summed over {where}",
                "citizen-days",
                _summed(sim, [f"{key}.days.{s}" for s in m.services]),
            ),
            _figure(
                "of them wrongful",
                "citizen-days",
                _summed(sim, [f"{key}.days_wrongful.{s}" for s in m.services]),
            ),
            _figure(
                f"citizens restricted or denied some service because of {what}",
                "citizens",
                _total(sim, f"{key}.citizens.any"),
            ),
        ]
    return out


def _service(sim: Simulation, m: Measure) -> list[dict[str, Any]]:
    [s] = m.services
    groups = [g.name for g in sim.scenario.population.groups]
    return [
        _figure(
            f"citizen-days of {s} restricted or denied",
            "citizen-days",
            _series(sim, [f"harmed.{s}.{g}" for g in groups]),
        ),
        _figure(
            "of them wrongful (the true ledger treats the citizen better)",
            "citizen-days",
            _series(sim, [f"wrongly_harmed.{s}.{g}" for g in groups]),
        ),
        _figure(
            f"citizens ever wrongly restricted or denied {s}",
            "citizens",
            _total(sim, f"ever_wrongly_harmed.{s}"),
        ),
    ]


def _early(sim: Simulation, m: Measure) -> list[dict[str, Any]]:
    where = ", ".join(m.services)
    return [
        _figure(
            f"citizen-days of restriction or denial that a black listing caused in its first "
            f"{NOTICE_DAYS} days, summed over {where}",
            "citizen-days",
            _summed(sim, [f"early.days.{s}" for s in m.services]),
        ),
        _figure(
            "of them wrongful",
            "citizen-days",
            _summed(sim, [f"early.days_wrongful.{s}" for s in m.services]),
        ),
        _figure(
            f"citizens restricted or denied some service in their first {NOTICE_DAYS} days on "
            "the list",
            "citizens",
            _total(sim, "early.citizens.any"),
        ),
    ]


def _published(sim: Simulation) -> list[dict[str, Any]]:
    return [
        _figure(
            "citizen-days on the published black list", "citizen-days", _series(sim, ["black"])
        ),
        _figure(
            "of them wrongful (the true ledger did not list the citizen)",
            "citizen-days",
            _series(sim, ["black_wrongful"]),
        ),
        _figure("citizens ever published", "citizens", _total(sim, "ever_blacklisted")),
        _figure(
            "citizens ever published wrongly", "citizens", _total(sim, "ever_wrongly_blacklisted")
        ),
    ]


def evidence_of(sim: Simulation, m: Measure) -> dict[str, Any]:
    """The figures of a measure, and a one-line summary: its main figure and how much of it
    was wrongful."""
    if m.kind == "data":
        figures = _data(sim, m)
        main = 3 if m.services else 0
    elif m.kind == "service":
        figures, main = _service(sim, m), 0
    elif m.kind == "early":
        figures, main = _early(sim, m), 0
    else:
        figures, main = _published(sim), 0
    head, wrong = figures[main], figures[main + 1]
    summary = (
        f"{with_interval(head)} {head['label']}; {with_interval(wrong)} of them wrongful "
        f"(mean and 95% interval over {len(sim.seeds)} seeds)"
    )
    return {"summary": summary, "figures": figures, "note": None}


def with_evidence(findings: Sequence[Finding], sim: Simulation) -> list[Finding]:
    """The findings, each that is not a pass and has a measure carrying its evidence."""
    return [
        replace(f, evidence=evidence_of(sim, f.measure))
        if f.measure is not None and f.verdict != "pass"
        else f
        for f in findings
    ]


def strategy_figures(sim: Simulation) -> dict[str, dict[str, float | None]] | None:
    """Each strategic figure's mean and 95% interval over the seeds; None where the scenario's
    citizens spend no effort on their scores or it booked nothing (the split is undefined)."""
    figures = [summarise(run) for run in sim.runs]
    out: dict[str, dict[str, float | None]] = {}
    for name in STRATEGY:
        est = interval([f.get(name) for f in figures], CATALOGUE.metric(name).range)
        out[name] = {"mean": est.mean, "low": est.low, "high": est.high}
    return None if out[metrics.STRATEGY_IMPROVEMENT_SHARE]["mean"] is None else out


def observations_per_citizen_year(sim: Simulation) -> float:
    """What the sources observed, per citizen-year, averaged over the seeds."""
    pop = sim.scenario.population
    years = pop.citizens * pop.days / 365.0
    return float(np.mean([run.column("observations").sum() / years for run in sim.runs]))
