"""The audit as one JSON document: the policy, the verdict, the findings with their evidence,
the fairness table and the data footprint. `audit.schema.json` is its published schema."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from socialcredit.audit.findings import Finding, worst
from socialcredit.audit.rules import RULES
from socialcredit.domain.policy import Policy


@dataclass(frozen=True)
class Source:
    """A document the audit read: its name, hash, file and text."""

    name: str
    hash: str
    file: str
    text: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "hash": self.hash, "file": self.file}


@dataclass(frozen=True)
class SimulationSummary:
    scenario: Source
    seeds: tuple[int, ...]
    citizens: int
    days: int
    reference: str
    observations_per_citizen_year: float
    strategy: dict[str, dict[str, float | None]] | None = None
    """Where the scenario's citizens spend effort on their scores: what the score gain is made
    of and what it costs, per figure its mean and 95% interval (`evidence.strategy_figures`)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scenario": self.scenario.to_json(),
            "seeds": list(self.seeds),
            "citizens": self.citizens,
            "days": self.days,
            "reference": self.reference,
        }
        if self.strategy is not None:
            out["strategy"] = self.strategy
        return out


def number(value: float | None) -> str:
    """A figure as people read it: whole above 100, three significant digits below."""
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def with_interval(figure: dict[str, Any]) -> str:
    text = number(figure["mean"])
    if figure["low"] is not None and figure["high"] is not None:
        text += f" ({number(figure['low'])}–{number(figure['high'])})"
    return text


def _quote(text: str, line: int | None) -> str | None:
    lines = text.splitlines()
    if line is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1].strip() or None


def finding_json(f: Finding, policy_text: str) -> dict[str, Any]:
    titles = {r.id: r.title for r in RULES}
    return {
        "rule": f.rule,
        "title": titles[f.rule],
        "verdict": f.verdict,
        "citation": f.citation,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "field": f.field,
        "quote": _quote(policy_text, f.line),
        "evidence": f.evidence,
    }


def footprint_json(policy: Policy, observations: float | None) -> dict[str, Any]:
    fp = policy.footprint()
    return {
        "categories": fp.categories_enabled,
        "sensitive": fp.sensitive_categories_enabled,
        "legal_bases": fp.legal_bases,
        "feeds": fp.feeds,
        "collectors": fp.collectors,
        "collector_review": fp.collector_review_required,
        "consent_required": fp.consent_required,
        "published_lists": {k: v.value for k, v in fp.published_lists.items()},
        "observations_per_citizen_year": observations,
    }


def audit_document(
    policy: Policy,
    source: Source,
    findings: Sequence[Finding],
    simulation: SimulationSummary | None = None,
    fairness: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "policy": source.to_json(),
        "verdict": worst(list(findings)),
        "findings": [finding_json(f, source.text) for f in findings],
        "simulation": None if simulation is None else simulation.to_json(),
        "fairness": list(fairness),
        "footprint": footprint_json(
            policy, None if simulation is None else simulation.observations_per_citizen_year
        ),
    }
