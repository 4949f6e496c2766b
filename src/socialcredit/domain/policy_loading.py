"""Turning policy text into a validated `Policy`. The caller reads the file; no I/O here."""

from __future__ import annotations

from socialcredit.domain.documents import validate_document
from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy


def parse_policy(text: str, *, file: str = "<policy>") -> Policy:
    """Validate a policy document; errors name `file`, the line and the field."""
    return validate_document(Policy, text, file=file, error=PolicyError)
