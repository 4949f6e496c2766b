"""What a calibration will do, resolved and checked before any run: the policy and the scenario
(with its free rates), the published targets it fits and those it is judged against, the dates
it predicts, how long each run must be, the seeds and the number of parameter sets.

Every problem is found here, before a directory is touched: a scenario without a calibration
section or with a prior range that makes it invalid (at the scenario's line), a target dated
before the scenario starts or counting something the policy cannot refuse (at the targets
file's line), a prediction date outside what a run can cover (naming `--predict`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from socialcredit import __version__
from socialcredit.calibration.quantities import READINGS, Days
from socialcredit.calibration.space import Space
from socialcredit.domain.calibration import value_at
from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.documents import Origin, parse_document
from socialcredit.domain.errors import LocatedError, ScenarioError, TargetError, UsageError
from socialcredit.domain.policy import Policy
from socialcredit.domain.published import PublishedRecord, Target, fit_targets
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.scenario_references import check_names, dimensions
from socialcredit.experiment.reading import validate_scenario
from socialcredit.experiment.variants import Base, Variant, document_hash
from socialcredit.inputs import SHIPPED_SCENARIOS, load_policy, load_published, read_document
from socialcredit.limits import MAX_DAYS

NOISE_SEEDS = 24
"""Extra seeds run at the scenario's own values to measure each count's sampling noise. Fewer
would do for the means, not for the variances: over 8 seeds a Poisson count's variance-to-mean
ratio came out at 1.9 (over 30 seeds, 0.92)."""
SAMPLER_SEED = 0
"""Seed of the Sobol' points (not of the runs)."""
GRID_DAYS = 91
"""The charts read every quantity every this many days as well as on the targets' dates."""


@dataclass(frozen=True)
class Plan:
    policy: Policy
    policy_ref: str
    base: Base
    scenario: PopulationScenario
    """The scenario as every run starts from it: its own values, the run's days and size."""
    size: dict[str, int]
    """The run's days (and citizens, if overridden) as scenario paths."""
    record: PublishedRecord
    targets_file: str
    targets_hash: str
    fit: list[Target]
    judge: list[Target]
    """Held-out targets the runs reach (dated after fit_until, within the run)."""
    predict: list[date]
    space: Space
    seeds: list[int]
    simulations: int
    rounds: int

    @property
    def start(self) -> date:
        return self.scenario.population.start

    @property
    def scale(self) -> float:
        """National figures per count of a run."""
        assert self.scenario.calibration is not None
        return self.scenario.calibration.national_population / self.scenario.population.citizens

    @property
    def noise_seeds(self) -> list[int]:
        first = max(self.seeds) + 1
        return list(range(first, first + NOISE_SEEDS))

    def day(self, when: date) -> int:
        return (when - self.start).days

    @cached_property
    def days(self) -> Days:
        """Per quantity, the days every run reads: its targets', the predictions', the grid."""
        last = self.scenario.population.days - 1
        grid = {*range(0, last + 1, GRID_DAYS), last}
        out: Days = {}
        for quantity in READINGS:
            wanted = {self.day(t.date) for t in [*self.fit, *self.judge] if t.quantity is quantity}
            wanted |= {self.day(d) for d in self.predict} | grid
            out[quantity.value] = tuple(sorted(wanted))
        return out

    def variant(self, ident: str, values: dict[str, Any]) -> Variant:
        scenario = validate_scenario(self.base, values, self.size)
        return Variant(ident, self.policy_ref, self.base.ref, self.policy, scenario, values, None)

    def document(self) -> dict[str, Any]:
        """Everything that decides the runs and the draws: a directory holding the same plan is
        resumed, one holding another is refused."""
        return {
            "generator": f"socialcredit {__version__}",
            "policy": {"ref": self.policy_ref, "hash": self.policy.hash},
            "scenario": {
                "ref": self.base.ref,
                "hash": document_hash(self.scenario.model_dump(mode="json")),
            },
            "targets": {"file": self.targets_file, "sha256": self.targets_hash},
            "fit": [t.id for t in self.fit],
            "judge": [t.id for t in self.judge],
            "predict": [d.isoformat() for d in self.predict],
            "days": self.scenario.population.days,
            "citizens": self.scenario.population.citizens,
            # What each run reads, and on which days: the journal's counts are in this order.
            "readings": {q.value: list(r.series) for q, r in READINGS.items()},
            "grid_days": GRID_DAYS,
            "free": [r.model_dump(mode="json") for r in self.space.rates],
            "seeds": self.seeds,
            "noise_seeds": self.noise_seeds,
            "simulations": self.simulations,
            "rounds": self.rounds,
            "sampler_seed": SAMPLER_SEED,
        }


def read_scenario_base(ref: str) -> Base:
    doc = read_document("scenario", ref)
    data, lines = parse_document(doc.text, file=doc.file, error=ScenarioError)
    stored = ref if ref in SHIPPED_SCENARIOS else str(Path(ref).resolve())
    return Base(stored, doc.file, data, lines)


def make_plan(
    *,
    scenario_ref: str,
    policy_ref: str,
    targets: Path,
    predict: list[date],
    simulations: int,
    rounds: int,
    seeds: int,
    citizens: int | None = None,
) -> Plan:
    """The calibration resolved and checked; the first problem is one located error."""
    if simulations < 2 * rounds:
        raise UsageError(
            f"{simulations} parameter sets cannot make {rounds} rounds of at least 2",
            argument="--simulations",
        )
    base = read_scenario_base(scenario_ref)
    own = validate_scenario(base, {}, {})
    origin = Origin(base.file, base.lines)
    if own.calibration is None:
        raise origin.locate(
            ScenarioError(
                "the scenario declares no calibration (which rates are free, and their priors)",
                field="calibration",
            )
        )
    policy = load_policy(policy_ref)
    record = load_published(targets)
    fit = fit_targets(record)
    start = own.population.start
    for i, target in enumerate(record.targets):
        if target in fit and target.date < start:
            raise _at(
                record, i, "date", f"{target.id} is dated before the scenario's start {start}"
            )
    last = max([t.date for t in fit] + predict)
    for when in predict:
        if when <= start:
            raise UsageError(
                f"{when} is not after the scenario's start {start}", argument="--predict"
            )
    run_days = (last - start).days + 1
    if run_days > MAX_DAYS:
        raise UsageError(
            f"{last} is {run_days} days from the scenario's start {start}; a run covers at most "
            f"{MAX_DAYS}",
            argument="--predict",
        )
    size = {"scenario.population.days": run_days}
    if citizens is not None:
        size["scenario.population.citizens"] = citizens
    try:
        scenario = validate_scenario(base, {}, size)
    except ScenarioError as exc:
        raise UsageError(exc.message, argument="--citizens") from None
    check_names(policy, scenario)
    _check_readable(policy, scenario, record)
    rates = own.calibration.free
    space = Space(tuple(rates), tuple(isinstance(value_at(own, r.path), int) for r in rates))
    for i, rate in enumerate(rates):
        for end, u in (("low", 0.0), ("high", 1.0)):
            value = space.value(i, u)
            try:
                validate_scenario(base, {rate.path: value}, size)
            except LocatedError as exc:
                raise origin.locate(
                    ScenarioError(
                        f"the prior's {end} end, {value:g}, makes the scenario invalid "
                        f"({exc.field}: {exc.message})",
                        field=f"calibration.free.{i}.{end}",
                    )
                ) from None
    judge = [
        t
        for t in record.targets
        if t.use == "judge" and start <= t.date <= last and t.quantity in READINGS
    ]
    return Plan(
        policy=policy,
        policy_ref=policy_ref,
        base=base,
        scenario=scenario,
        size=size,
        record=record,
        targets_file=str(targets),
        targets_hash=hashlib.sha256(targets.read_bytes()).hexdigest(),
        fit=fit,
        judge=judge,
        predict=sorted(set(predict)),
        space=space,
        seeds=list(range(seeds)),
        simulations=simulations,
        rounds=rounds,
    )


def _check_readable(policy: Policy, scenario: PopulationScenario, record: PublishedRecord) -> None:
    """Every quantity a target counts is a series the runs have (a policy without flights
    refuses none)."""
    have = set(CATALOGUE.series_names(dimensions(policy, scenario)))
    for i, target in enumerate(record.targets):
        reading = READINGS.get(target.quantity)
        if reading is None:
            if target.use == "judge":
                continue  # no run reads it: left unjudged, like a figure beyond the runs
            raise _at(record, i, "quantity", f"no run reads {target.quantity.value}")
        missing = [s for s in reading.series if s not in have]
        if missing:
            raise _at(
                record,
                i,
                "quantity",
                f"policy {policy.name!r} counts no {', '.join(missing)}, which "
                f"{target.quantity.value} needs",
            )


def _at(record: PublishedRecord, i: int, field: str, message: str) -> TargetError:
    error = TargetError(message, field=f"targets.{i}.{field}")
    return record.origin.locate(error) if record.origin else error
