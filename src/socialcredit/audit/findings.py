"""A finding: one rule's verdict on one place of a rulebook, with its citation and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy

Verdict = Literal["fail", "warn", "pass"]
SEVERITY: dict[Verdict, int] = {"pass": 0, "warn": 1, "fail": 2}


@dataclass(frozen=True)
class Measure:
    """What a simulation measures of a finding's consequence (see `audit.evidence`).

    - `data`: the listings and detriment that some data caused (categories, behaviours by
      code, collectors' reports), at `services`;
    - `service`: the detriment a service gives, and how much of it is wrongful;
    - `early`: the detriment a black listing causes in its first days, which a notice period
      would have deferred, at `services`;
    - `published`: the days citizens spend on the published black list.
    """

    kind: Literal["data", "service", "early", "published"]
    label: str = ""
    """What the data is, in words (`health data`), for `data`."""
    categories: frozenset[str] = frozenset()
    behaviours: frozenset[str] = frozenset()
    collectors: bool = False
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    verdict: Verdict
    citation: str
    message: str
    file: str | None
    line: int | None
    field: str | None
    evidence: dict[str, Any] | None = None
    measure: Measure | None = None
    """What a simulation can measure of the finding's consequence; None where nothing can."""


def located(policy: Policy, field: str | None) -> tuple[str | None, int | None]:
    """The file and line of a dotted field of the policy, where it was read from a file."""
    if policy.origin is None:
        return None, None
    error = policy.origin.locate(PolicyError("", field=field))
    return error.file, error.line


def worst(findings: list[Finding]) -> Verdict:
    verdict: Verdict = "pass"
    for f in findings:
        if SEVERITY[f.verdict] > SEVERITY[verdict]:
            verdict = f.verdict
    return verdict
