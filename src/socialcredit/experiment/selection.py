"""What an experiment reports: its outcomes, checked against the catalogue's metrics of its runs,
and the reference variant the others are compared with."""

from __future__ import annotations

import difflib

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.scenario_references import dimensions
from socialcredit.experiment.document import Experiment
from socialcredit.experiment.outcomes import default_outcomes, strategic
from socialcredit.experiment.reading import Locator
from socialcredit.experiment.variants import Variant


def chosen_outcomes(experiment: Experiment, variants: list[Variant], where: Locator) -> list[str]:
    """The experiment's outcomes, each a metric of its scoring variants' runs (named at its
    line where not), or the frontier's benefit and prices when it names none."""
    scoring = [v for v in variants if not v.counterfactual] or variants
    names: dict[str, None] = {}
    for v in scoring:
        names.update(
            dict.fromkeys(
                CATALOGUE.metric_names(dimensions(v.policy, v.scenario), against_twin=False)
            )
        )
    if not experiment.outcomes:
        first = scoring[0]
        dims = dimensions(first.policy, first.scenario)
        return default_outcomes(dims, strategic(v.scenario for v in scoring))
    for i, name in enumerate(experiment.outcomes):
        if name not in names:
            close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
            raise where.error(
                f"outcomes.{i}",
                f"{name!r} is not a metric of these runs"
                + (f" (did you mean {close[0]!r}?)" if close else " (see `socialcredit metrics`)"),
            )
    return list(dict.fromkeys(experiment.outcomes))


def reference_index(experiment: Experiment, variants: list[Variant], where: Locator) -> int:
    """The number of the variant the others are compared with: the first that matches the
    experiment's `reference` (the first variant when it has none)."""
    ref = experiment.reference
    if ref is None:
        return 0
    for n, v in enumerate(variants):
        if (ref.policy is None or ref.policy in (v.policy.name, v.policy_ref)) and (
            ref.scenario is None or ref.scenario in (v.scenario.name, v.scenario_ref)
        ):
            return n
    raise where.error("reference", "no variant has this policy and scenario")
