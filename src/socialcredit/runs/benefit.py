"""A run's benefit: its fall in true bad acts against the same town with no scoring, at the
central values of the responses and at both ends of their plausible range.

How strongly people respond to being scored is an assumption, so a run whose scenario gives its
responses plausible ranges (`behaviour.ranges`) is measured three times more, on the same seeds:
the no-scoring twin (policy `none` over the same scenario) and the run's policy at the weakest
and at the strongest end of the range (`domain.response_range`). Under `none` no one is scored,
so the twin does not depend on the responses and one twin serves all three; the figures are
taken seed by seed (common random numbers), so each is a paired difference.

`benefit_plan` says which runs a run needs, `benefit_figures` takes one seed's figures as the
catalogue declares them (`benefit`, `benefit.weakest`, `benefit.strongest`), and
`benefit_reading` says what a stored record holds: the three figures, or why it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from socialcredit.domain.catalogue import CATALOGUE, Fall, Figures, evaluate_fall, metrics
from socialcredit.domain.policy import Policy
from socialcredit.domain.response_range import response_ends
from socialcredit.domain.responses import Plausible
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.runs.schema import Estimate, PopulationRecord

NO_SCORING = "none"
"""The policy name of the no-scoring counterfactual the benefit is measured against."""

Pair = tuple[Policy, PopulationScenario]


@dataclass(frozen=True)
class BenefitPlan:
    """The runs that measure a run's benefit, besides the run itself, each over its seeds."""

    twin: Pair
    """Policy `none` over the run's own scenario."""
    weakest: Pair
    """The run's policy with every ranged response at the end that gives the smaller benefit."""
    strongest: Pair
    """The run's policy with every ranged response at the end that gives the larger benefit."""

    @property
    def pairs(self) -> list[Pair]:
        return [self.twin, self.weakest, self.strongest]


def benefit_plan(
    policy: Policy, scenario: PopulationScenario, no_scoring: Policy
) -> BenefitPlan | None:
    """The runs that measure the benefit of `policy` over `scenario`; None when there is no
    benefit to measure (the policy is `none` itself) or no range to measure it over (the
    scenario's responses carry no ranges)."""
    if policy.name == NO_SCORING:
        return None
    ends = response_ends(scenario)
    if ends is None:
        return None
    return BenefitPlan((no_scoring, scenario), (policy, ends.weakest), (policy, ends.strongest))


def benefit_figures(
    central: Figures, twin: Figures, weakest: Figures, strongest: Figures
) -> Figures:
    """One seed's benefit figures, by the catalogue's names, from that seed's figures of the
    run, its twin and the run at both ends."""
    at = {"central": central, "weakest": weakest, "strongest": strongest}
    out: Figures = {}
    for declared in CATALOGUE.against_twin:
        assert isinstance(declared.formula, Fall)
        out[declared.name] = evaluate_fall(declared.formula, at[declared.formula.end], twin)
    return out


def unmeasured() -> Figures:
    """The benefit figures of a run whose benefit was not measured: all undefined."""
    return {declared.name: None for declared in CATALOGUE.against_twin}


Absence = Literal["no-scoring", "no-ranges", "not-measured", "not-recorded"]
"""Why a record shows no benefit: its policy is `none` (the benefit is measured against it),
its scenario gives the responses no ranges, the run was made with `--no-response-range`, or
the record was written before the benefit was declared."""


@dataclass(frozen=True)
class BenefitReading:
    """What a stored run says of its benefit."""

    central: Estimate | None
    weakest: Estimate | None
    strongest: Estimate | None
    ranges: dict[str, Plausible]
    """The scenario's ranged responses, keyed by their path under `behaviour`."""
    absent: Absence | None
    """Why the run shows no benefit; None when it does."""


def benefit_reading(record: PopulationRecord) -> BenefitReading:
    """The benefit of a stored run and its range, or why it has none."""
    ranges = dict(record.scenario.behaviour.ranges)
    found = [
        record.metrics.get(name)
        for name in (metrics.BENEFIT, metrics.BENEFIT_WEAKEST, metrics.BENEFIT_STRONGEST)
    ]
    central, weakest, strongest = found
    absent: Absence | None = None
    if record.policy.name == NO_SCORING:
        absent = "no-scoring"
    elif not ranges:
        absent = "no-ranges"
    elif any(e is None for e in found):
        absent = "not-recorded"
    elif any(e is None or e.mean is None for e in found):
        absent = "not-measured"
    if absent is not None:
        return BenefitReading(None, None, None, ranges, absent)
    return BenefitReading(central, weakest, strongest, ranges, None)
