"""From an experiment file to its variants: every policy and scenario document with the design's
values set, validated before anything runs.

An unknown path, a value of the wrong type or a value that makes a document invalid is an
`ExperimentError` at the line of the experiment file that gave it, naming the path, the value
and the variant. The exception is a rulebook that the levers make contradict itself (an
`IncoherentPolicyError`: a black list entered above where it is left, say): that variant is kept
as an `InvalidVariant`, not run, and the rest run. A policy none of whose variants is valid is
still an error: there would be nothing of it to run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from socialcredit.domain.errors import ExperimentError, IncoherentPolicyError, LocatedError
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_checks import PolicyWarning, policy_warnings
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.scenario_references import check_names
from socialcredit.experiment.design import Design, build
from socialcredit.experiment.document import MAX_VARIANTS, Experiment, VariantSpec
from socialcredit.experiment.paths import (
    PathError,
    get_value,
    is_integer_field,
    split,
)
from socialcredit.experiment.reading import (
    Locator,
    invalid_because,
    read_base,
    validate_policy,
    validate_scenario,
)
from socialcredit.experiment.selection import chosen_outcomes, reference_index
from socialcredit.experiment.variants import (
    COUNTERFACTUAL,
    Base,
    InvalidVariant,
    Resolved,
    Variant,
    document_hash,
    short_names,
    show_value,
)


def resolve(
    experiment: Experiment, *, file: str, lines: dict[Any, int], base_dir: Path
) -> Resolved:
    """Every variant of the experiment, validated; the first problem is one `ExperimentError`."""
    where = Locator(file, lines)
    policies = [
        read_base("policy", ref, base_dir, where, f"policies.{i}")
        for i, ref in enumerate(experiment.policies)
    ]
    scenarios = [
        read_base("scenario", ref, base_dir, where, f"scenarios.{i}")
        for i, ref in enumerate(experiment.scenarios)
    ]
    for kind, bases in (("policies", policies), ("scenarios", scenarios)):
        names = [str(b.data.get("name")) for b in bases]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise where.error(
                    f"{kind}.{i}",
                    f"{kind} {names.index(name)} and {i} are both named {name!r}; variants, "
                    "tables and analyses tell them apart by name",
                )
    size: dict[str, Any] = {}
    if experiment.citizens is not None:
        size["scenario.population.citizens"] = experiment.citizens
    if experiment.days is not None:
        size["scenario.population.days"] = experiment.days
    resolver = _Resolver(experiment, where, policies, scenarios, size)
    if experiment.variants is not None:
        variants = resolver.spelt_out(experiment.variants)
        # The sampled design is a function of the factors and the sampler's seed alone.
        unit = build(experiment, [False] * len(experiment.factors)).unit
    else:
        design = resolver.design()
        runs = len(design.points) * len(policies) * len(scenarios)
        if runs > MAX_VARIANTS:
            raise Locator(file, lines).error(
                "sampling",
                f"{len(design.points):,} design points × {len(policies)} policies × "
                f"{len(scenarios)} scenarios make {runs:,} variants, more than {MAX_VARIANTS:,}",
            )
        variants, unit = resolver.variants(design), design.unit
    resolver.check_some_valid(variants)
    valid = [v for v in variants if isinstance(v, Variant)]
    invalid = [v for v in variants if isinstance(v, InvalidVariant)]
    outcomes = chosen_outcomes(experiment, valid, where)
    paths = [f.path for f in experiment.factors] or sorted({p for v in variants for p in v.values})
    return Resolved(
        experiment=experiment,
        file=file,
        variants=valid,
        seeds=experiment.seed_list,
        outcomes=outcomes,
        reference=reference_index(experiment, valid, where),
        unit=unit,
        short=short_names(paths),
        invalid=invalid,
        warnings=resolver.warnings(),
    )


class _Resolver:
    def __init__(
        self,
        experiment: Experiment,
        where: Locator,
        policies: list[Base],
        scenarios: list[Base],
        size: dict[str, Any],
    ) -> None:
        self.experiment = experiment
        self.where = where
        self.policies = policies
        self.scenarios = scenarios
        self.size = size
        self._policy_cache: dict[tuple[int, str], Policy | IncoherentPolicyError] = {}
        self._scenario_cache: dict[tuple[int, str], PopulationScenario] = {}
        self._checked: set[tuple[str, str]] = set()
        self._counterfactual = [self._name(i) == COUNTERFACTUAL for i in range(len(policies))]

    def _name(self, i: int) -> str:
        """The policy's name, from the policy as its file has it (which must validate, but
        for a contradiction its levers may resolve)."""
        own = self.policy(i, {})
        return own.name if isinstance(own, Policy) else str(self.policies[i].data.get("name"))

    def warnings(self) -> list[PolicyWarning]:
        """The warnings of each policy as its file has it, where it validates so."""
        own = [self.policy(i, {}) for i in range(len(self.policies))]
        return [w for p in own if isinstance(p, Policy) for w in policy_warnings(p)]

    # Validated documents, each once.
    def policy(
        self, i: int, values: dict[str, Any], variant: str = ""
    ) -> Policy | IncoherentPolicyError:
        """The policy with `values` set, or the contradiction in it that keeps it from running;
        any other problem is an `ExperimentError`."""
        key = (i, json.dumps(values, sort_keys=True))
        if key not in self._policy_cache:
            try:
                self._policy_cache[key] = validate_policy(self.policies[i], values)
            except IncoherentPolicyError as exc:
                self._policy_cache[key] = exc
            except (LocatedError, PathError) as exc:
                raise self._value_error(values, exc, variant, "policy", i) from None
        return self._policy_cache[key]

    def scenario(self, j: int, values: dict[str, Any], variant: str = "") -> PopulationScenario:
        key = (j, json.dumps(values, sort_keys=True))
        if key not in self._scenario_cache:
            try:
                self._scenario_cache[key] = validate_scenario(self.scenarios[j], values, self.size)
            except (LocatedError, PathError) as exc:
                raise self._value_error(values, exc, variant, "scenario", j) from None
        return self._scenario_cache[key]

    def _value_error(
        self, values: dict[str, Any], exc: Exception, variant: str, kind: str, index: int
    ) -> ExperimentError:
        factors = self.experiment.factors
        paths = [f.path for f in factors]
        culprit = next((p for p in values if p.startswith(kind + ".")), None)
        field = (
            self.experiment.factor_field(paths.index(culprit))
            if culprit in paths
            else (f"{kind}s.{index}" if not values else "variants")
        )
        shown = ", ".join(f"{p}={show_value(v)}" for p, v in values.items()) or "no value set"
        what = f"{shown}" + (f" (variant {variant})" if variant else "")
        if isinstance(exc, PathError):
            return self.where.error(field, f"{exc} ({what})")
        assert isinstance(exc, LocatedError)
        if not values and self.size:
            return self.where.error(
                "citizens" if self.experiment.citizens is not None else "days",
                invalid_because(exc, "the population size"),
            )
        return self.where.error(field, invalid_because(exc, what))

    def check_pair(self, policy: Policy, scenario: PopulationScenario, variant: str) -> None:
        key = (policy.hash, document_hash(scenario.model_dump(mode="json")))
        if key in self._checked:
            return
        try:
            check_names(policy, scenario)
        except LocatedError as exc:
            field = "scenarios"
            for i, factor in enumerate(self.experiment.factors):
                named = f"scenario.{exc.field}"
                if factor.path == named or factor.path.startswith(named + "."):
                    field = self.experiment.factor_field(i) + ".path"
                    break
            raise self.where.error(field, f"variant {variant}: {exc}") from None
        self._checked.add(key)

    def design(self) -> Design:
        experiment = self.experiment
        integer = []
        for i, factor in enumerate(experiment.factors):
            kind, bases = (
                ("policy", [b for k, b in enumerate(self.policies) if not self._counterfactual[k]])
                if factor.path.startswith("policy.")
                else ("scenario", self.scenarios)
            )
            field = experiment.factor_field(i)
            if kind == "policy" and not bases:
                raise self.where.error(field, "a lever needs a policy other than none to vary")
            for base in bases:
                try:
                    get_value(base.data, factor.path)
                except PathError as exc:
                    if not _may_create(exc):
                        raise self.where.error(f"{field}.path", f"{exc} in {base.file}") from None
            whole_ends = factor.range is not None and all(
                isinstance(x, int) and not isinstance(x, bool) for x in factor.range
            )
            integer.append(whole_ends and any(is_integer_field(b.data, factor.path) for b in bases))
            # Each value alone, in each document: an error names the value's own line.
            singles = factor.values if factor.values is not None else list(factor.range or ())
            for k, value in enumerate(singles):
                sub = f"{field}.values.{k}" if factor.values is not None else f"{field}.range"
                for index, base in enumerate(self.policies if kind == "policy" else self.scenarios):
                    if kind == "policy" and self._counterfactual[index]:
                        continue
                    values = {
                        factor.path: round(value)
                        if integer[-1] and isinstance(value, float)
                        else value
                    }
                    try:
                        if kind == "policy":
                            validate_policy(base, values)
                        else:
                            validate_scenario(base, values, self.size)
                    except IncoherentPolicyError:
                        # A contradiction may depend on the other values: the variants it
                        # reaches are not run, and say why.
                        continue
                    except (LocatedError, PathError) as exc:
                        if isinstance(exc, PathError):
                            raise self.where.error(sub, str(exc)) from None
                        message = invalid_because(exc, f"{factor.path}={show_value(value)}")
                        raise self.where.error(_inside(sub, factor.path, exc), message) from None
        try:
            return build(experiment, integer)
        except ValueError as exc:
            raise self.where.error("sampling", str(exc)) from None

    def variants(self, design: Design) -> list[Variant | InvalidVariant]:
        specs: list[tuple[int, int, dict[str, Any], int | None]] = []
        seen_counterfactual: set[tuple[int, str]] = set()
        sampled = design.unit is not None
        for i in range(len(self.policies)):
            for j in range(len(self.scenarios)):
                for k, point in enumerate(design.points):
                    if self._counterfactual[i]:
                        values = {p: v for p, v in point.items() if p.startswith("scenario.")}
                        key = (j, json.dumps(values, sort_keys=True))
                        if key in seen_counterfactual:
                            continue
                        seen_counterfactual.add(key)
                        specs.append((i, j, values, None))
                    else:
                        specs.append((i, j, dict(point), k if sampled else None))
        width = max(3, len(str(len(specs) - 1)))
        return [
            self._variant(f"v{n:0{width}d}", i, j, values, point)
            for n, (i, j, values, point) in enumerate(specs)
        ]

    def _variant(
        self, vid: str, i: int, j: int, values: dict[str, Any], point: int | None
    ) -> Variant | InvalidVariant:
        lever = {p: v for p, v in values.items() if p.startswith("policy.")}
        uncertain = {p: v for p, v in values.items() if p.startswith("scenario.")}
        policy = self.policy(i, lever, vid)
        scenario = self.scenario(j, uncertain, vid)
        base = self.policies[i]
        if isinstance(policy, IncoherentPolicyError):
            name = str(lever.get("policy.name", base.data.get("name")))
            return InvalidVariant(
                vid,
                base.ref,
                self.scenarios[j].ref,
                name,
                scenario,
                values,
                point,
                policy,
                document_hash(base.data),
            )
        self.check_pair(policy, scenario, vid)
        return Variant(vid, base.ref, self.scenarios[j].ref, policy, scenario, values, point)

    def check_some_valid(self, variants: list[Variant | InvalidVariant]) -> None:
        """Refuse a policy none of whose variants can run, naming the first one's reason."""
        for i, base in enumerate(self.policies):
            own = [v for v in variants if v.policy_ref == base.ref]
            if own and all(isinstance(v, InvalidVariant) for v in own):
                first = own[0]
                assert isinstance(first, InvalidVariant)
                lever = {p: v for p, v in first.values.items() if p.startswith("policy.")}
                field, why = f"policies.{i}", str(first.error)
                if lever:
                    exc = self._value_error(lever, first.error, first.id, "policy", i)
                    field, why = exc.field or field, f"{exc.message} [{first.rule}]"
                raise self.where.error(
                    field, f"no variant of policy {first.policy_name!r} is valid: {why}"
                )

    def spelt_out(self, specs: list[VariantSpec]) -> list[Variant | InvalidVariant]:
        prefs = [b.ref for b in self.policies]
        srefs = [b.ref for b in self.scenarios]
        out: list[Variant | InvalidVariant] = []
        for n, spec in enumerate(specs):
            field = f"variants.{n}"
            if spec.policy not in prefs or spec.scenario not in srefs:
                raise self.where.error(
                    field,
                    f"variant {spec.id} names a policy or scenario the experiment does not list",
                )
            variant = self._variant(
                spec.id,
                prefs.index(spec.policy),
                srefs.index(spec.scenario),
                spec.values,
                spec.point,
            )
            if isinstance(variant, InvalidVariant) and not spec.invalid:
                raise self.where.error(
                    field,
                    f"variant {spec.id}: its policy has changed since the experiment was "
                    f"resolved, and is now invalid ({variant.reason})",
                )
            if isinstance(variant, Variant) and spec.invalid:
                raise self.where.error(
                    field,
                    f"variant {spec.id}: its policy has changed since the experiment was "
                    "resolved, and is now valid: resolve the experiment again",
                )
            policy_hash = (
                variant.policy.hash if isinstance(variant, Variant) else variant.policy_hash
            )
            for what, want, have in (
                ("policy", spec.policy_hash, policy_hash),
                ("scenario", spec.scenario_hash, variant.scenario_hash),
            ):
                if want is not None and have is not None and want != have:
                    raise self.where.error(
                        field,
                        f"variant {spec.id}: its {what} has changed since the experiment "
                        f"was resolved (hash {have[:12]}…, not {want[:12]}…)",
                    )
            out.append(variant)
        return out


def _inside(field: str, path: str, exc: LocatedError) -> str:
    """The experiment's field of the part of a mapping value the document refused: for a value
    `{group: minority, facto: 1}` set at `…bias`, the error on `bias.facto` is at the value's
    `facto`, a line below the value's start."""
    _, parts = split(path)
    at = ".".join(parts)
    if exc.field and exc.field.startswith(at + ".") and ".values." in field:
        return f"{field}.{exc.field[len(at) + 1 :]}"
    return field


def _may_create(exc: PathError) -> bool:
    """A missing mapping field may be set (the model then says whether it exists)."""
    return "has no field" in str(exc)
