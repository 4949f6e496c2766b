"""The published JSON Schema (draft 2020-12) of the audit document that `socialcredit audit
--format json` prints, shipped with the package as `audit.schema.json` beside this module.

The schema is strict (no field it does not name, enums for verdicts, kinds and metrics), so a
consumer can validate a document before it reads one; the tests validate the audit's own output
against it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "audit.schema.json"


def audit_schema() -> dict[str, Any]:
    """The audit document's JSON Schema, read afresh from the package (callers may change it)."""
    text = files("socialcredit.audit").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
