"""The audit as SARIF 2.1.0, the format code-scanning tools read: a rulebook kept in git gets
its findings shown on the lines they concern, like a linter's."""

from __future__ import annotations

from typing import Any

from socialcredit import __version__
from socialcredit.audit.findings import Finding
from socialcredit.audit.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"fail": "error", "warn": "warning", "pass": "none"}
KIND = {"fail": "fail", "warn": "review", "pass": "pass"}


def sarif(findings: list[Finding], file: str) -> dict[str, Any]:
    """One SARIF log with one run: the rules as the tool's rules, each finding a result."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for f in findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": f.file or file}}
        if f.line:
            location["region"] = {"startLine": f.line}
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "kind": KIND[f.verdict],
            "level": LEVEL[f.verdict],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
        }
        if f.field:
            result["properties"] = {"field": f.field, "citation": f.citation}
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "socialcredit audit",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule.id,
                                "name": rule.title,
                                "shortDescription": {"text": rule.title},
                                "properties": {"citation": rule.citation},
                            }
                            for rule in RULES
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
