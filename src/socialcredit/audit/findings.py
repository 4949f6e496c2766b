"""A finding: one rule's verdict on one place of a rulebook, with its citation and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy

Verdict = Literal["fail", "warn", "pass"]
SEVERITY: dict[Verdict, int] = {"pass": 0, "warn": 1, "fail": 2}


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

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "verdict": self.verdict,
            "citation": self.citation,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "evidence": self.evidence,
        }


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
