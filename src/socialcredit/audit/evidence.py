"""Evidence: what each finding's pattern did to the synthetic citizens of a simulation.

The policy runs over the scenario for K seeds (0 … K−1, the seeds `simulate` uses, so the
runs are the ones `simulate --seeds K` makes: common random numbers). The runs carry the
engine's attribution (`engine.attribution`): one probe per data measure of the findings, taken
away on its own. Each figure is a mean over the seeds with its 95% interval, at the simulated
population's size; the simulation block of the audit names the size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from socialcredit.audit.document import with_interval
from socialcredit.audit.findings import Finding, Measure
from socialcredit.audit.rule import NOTICE_DAYS
from socialcredit.domain.policy import Policy
from socialcredit.engine.attribution import AttributionPlan, Probe, probe_of
from socialcredit.engine.run import Progress, RunResult, run_population
from socialcredit.engine.scenario import PopulationScenario
from socialcredit.stats.intervals import interval

RunStarted = Callable[[int], Progress | None]
"""Called as the run of each seed starts; may return its progress callback."""


@dataclass(frozen=True)
class Simulation:
    """The runs an audit measures, one per seed, and the probe of each data measure."""

    policy: Policy
    scenario: PopulationScenario
    seeds: tuple[int, ...]
    runs: list[RunResult]
    probes: dict[Measure, str]


def _probes(policy: Policy, findings: Sequence[Finding]) -> dict[Measure, Probe]:
    out: dict[Measure, Probe] = {}
    for f in findings:
        m = f.measure
        if m is None or m.kind != "data" or f.verdict == "pass" or m in out:
            continue
        out[m] = probe_of(
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
    started: RunStarted | None = None,
) -> Simulation:
    """Run the policy over the scenario for each seed, with a probe per data measure."""
    probes = _probes(policy, findings)
    plan = AttributionPlan.of(policy, tuple(probes.values()), early_days=NOTICE_DAYS)
    runs = []
    for seed in seeds:
        progress = started(seed) if started is not None else None
        runs.append(
            run_population(policy, scenario, seed=seed, attribution=plan, progress=progress)
        )
    names = {m: p.name for m, p in probes.items()}
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
    key = f"attribution.{sim.probes[m]}"
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
            f"citizen-days of restriction or denial in a black listing's first {NOTICE_DAYS} "
            f"days, summed over {where}",
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


def observations_per_citizen_year(sim: Simulation) -> float:
    """What the sources observed, per citizen-year, averaged over the seeds."""
    pop = sim.scenario.population
    years = pop.citizens * pop.days / 365.0
    return float(np.mean([run.column("observations").sum() / years for run in sim.runs]))
