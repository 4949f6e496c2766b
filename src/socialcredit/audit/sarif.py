"""The audit as SARIF 2.1.0, the format code-scanning tools read: a rulebook kept in git gets
its findings shown on the lines they concern, like a linter's.

A warn is a result of kind `fail` at level `warning`, not of kind `review`: SARIF allows a
level other than `none` only on kind `fail` (§3.27.10), and a warn is a problem the audit has
found, of lesser weight, not a question it could not decide.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from socialcredit import __version__
from socialcredit.audit.findings import Finding
from socialcredit.audit.rules import RULES

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"fail": "error", "warn": "warning", "pass": "none"}
KIND = {"fail": "fail", "warn": "fail", "pass": "pass"}


def artifact_uri(file: str) -> str:
    """A policy's path as the URI reference SARIF asks for: a relative path stays relative
    (code scanning resolves it against the repository), with spaces and other characters a
    URI cannot hold percent-encoded; an absolute path becomes a `file:` URI."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def sarif(findings: list[Finding], file: str) -> dict[str, Any]:
    """One SARIF log with one run: the rules as the tool's rules, each finding a result."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for f in findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.file or file)}}
        if f.line:
            location["region"] = {"startLine": f.line}
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "kind": KIND[f.verdict],
            "level": LEVEL[f.verdict],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
            "properties": {"citation": f.citation},
        }
        if f.field:
            result["properties"]["field"] = f.field
        if f.evidence is not None:
            # With a scenario: the evidence's summary joins the message, its figures the bag.
            result["message"]["text"] += f" Evidence: {f.evidence['summary']}."
            result["properties"]["evidence"] = f.evidence
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
