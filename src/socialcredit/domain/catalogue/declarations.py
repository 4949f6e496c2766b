"""Declarations of the catalogue (series, totals, metrics) and spelling them out for a run.

Names and labels are templates over a run's dimensions; `expand` gives every declaration of a
run with its name, label and formula filled in, and `matching` finds the declaration behind a
spelt-out name.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

from socialcredit.domain.catalogue.formulas import spell
from socialcredit.domain.catalogue.terms import (
    COLLECTOR_KINDS,
    LISTS,
    STRATEGY_PARTS,
    STRATEGY_WAYS,
    Fall,
    Harmful,
    Kind,
    Term,
    kind_range,
)


@dataclass(frozen=True)
class Series:
    name: str
    label: str
    unit: str
    description: str
    harmful: Harmful = "neither"
    kind: Kind = "count"


@dataclass(frozen=True)
class RunTotal:
    name: str
    label: str
    description: str
    harmful: Harmful = "neither"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str
    kind: Kind
    harmful: Harmful
    description: str
    formula: Term
    headline: bool = False
    """Shown among the key figures of a run report and in the command line's table."""
    column: str = ""
    """For a metric per service: its column header in a table with a row per service."""
    bounds: tuple[float | None, float | None] | None = None
    """The range the figure can take, where its kind's default range does not fit."""
    undefined: str = ""
    """When the formula can be undefined: in which case, in words."""

    @property
    def range(self) -> tuple[float | None, float | None]:
        return self.bounds if self.bounds is not None else kind_range(self.kind)

    @property
    def against_twin(self) -> bool:
        """A figure of the run against its no-scoring twin (`terms.Fall`): the run store takes
        it from several runs; one run's summary leaves it out."""
        return isinstance(self.formula, Fall)


@dataclass(frozen=True)
class Dimensions:
    """The names a run's templates are spelt out over."""

    grades: Sequence[str]
    services: Sequence[str]
    groups: Sequence[str]
    reference: str
    behaviours: Sequence[str] = ()
    """The codes of the behaviours of the scenario's world."""
    districts: Sequence[str] = ()
    """The districts, named only when collectors move between them (`d1`, `d2`, …)."""

    @property
    def values(self) -> dict[str, Sequence[str]]:
        return {
            "grade": self.grades,
            "list": LISTS,
            "service": self.services,
            "group": self.groups,
            "other": [g for g in self.groups if g != self.reference],
            "reference": [self.reference],
            "collector": COLLECTOR_KINDS,
            "way": STRATEGY_WAYS,
            "part": STRATEGY_PARTS,
            "behaviour": self.behaviours,
            "district": self.districts,
        }


def placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _spell(template: str, bound: Mapping[str, str]) -> str:
    return template.format(**bound) if bound else template


def bindings(template: str, dims: Dimensions) -> Iterator[dict[str, str]]:
    """Every assignment of the template's placeholders to the run's names."""
    names = list(dict.fromkeys(placeholders(template)))
    values = dims.values
    for combo in product(*(values[n] for n in names)):
        yield dict(zip(names, combo, strict=True))


@dataclass(frozen=True)
class Bound:
    """A declaration spelt out for one run: its name, label and formula with names filled in."""

    name: str
    label: str
    description: str
    declared: Metric | Series | RunTotal
    formula: Term | None = None


def expand(items: Sequence[Metric | Series | RunTotal], dims: Dimensions) -> list[Bound]:
    out: list[Bound] = []
    for item in items:
        for bound in bindings(item.name, dims):
            formula = spell(item.formula, bound) if isinstance(item, Metric) else None
            out.append(
                Bound(
                    _spell(item.name, bound),
                    _spell(item.label, bound),
                    _spell(item.description, bound),
                    item,
                    formula,
                )
            )
    return out


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = [
        re.escape(text) + ("[^.]+" if name else "")
        for text, name, _, _ in string.Formatter().parse(template)
    ]
    return re.compile("".join(parts))


def spelt(template: str, name: str, text: str) -> str:
    """`text` (a label or description of the declaration named `template`) with the
    placeholders filled in as they are in `name`."""
    groups = []
    names = []
    for literal, field_name, _, _ in string.Formatter().parse(template):
        groups.append(re.escape(literal))
        if field_name:
            names.append(field_name)
            groups.append("([^.]+)")
    found = re.fullmatch("".join(groups), name)
    if found is None:
        raise KeyError(name)
    return _spell(text, dict(zip(names, found.groups(), strict=True)))


def matching(items: Sequence[Metric | Series | RunTotal], name: str) -> Metric | Series | RunTotal:
    """The declaration whose template spells `name` (a placeholder stands for one dotted part:
    the names of groups, grades and services hold no dots)."""
    for item in items:
        if _pattern(item.name).fullmatch(name):
            return item
    raise KeyError(name)
