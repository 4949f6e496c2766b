"""`socialcredit policy init FILE --from NAME`: a starter policy to edit.

The starter is the chosen policy's own text, its comments kept (the shipped policies say where
each point value and rule comes from), under a header that says how to check and run it, and
renamed after FILE so that runs of it are told apart from runs of the original. It is checked
before it is written: a starter that `policy check` refused would be no start.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from socialcredit.domain.documents import validate_document
from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy
from socialcredit.inputs import read_document

HEADER = """\
# A starter policy, written by `socialcredit policy init {file} --from {source}`.
# It is {source!r} as it stands, comments and all, renamed {name!r}. Edit what you like, then
#   socialcredit policy check {file}         # every error names the line and the field
#   socialcredit policy show --policy {file} # the rulebook in words
#   socialcredit audit {file}                # against legal criteria and safeguards
#   socialcredit simulate --policy {file} --out runs/{name}
#
"""


def policy_name(stem: str) -> str:
    """A valid policy name (`[a-z][a-z0-9_-]*`, at most 64 characters) made from a file name."""
    name = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")
    if not name or not name[0].isalpha():
        name = "policy-" + name
    return name[:64].rstrip("-_")


def starter_policy(source: str, file: Path) -> tuple[str, str]:
    """The starter's text and its policy name."""
    doc = read_document("policy", source)
    name = policy_name(file.stem)
    body, found = re.subn(r"(?m)^name:[^\n]*$", f"name: {name}", doc.text, count=1)
    if not found:
        body = f"name: {name}\n{body}"
    text = HEADER.format(file=shlex.quote(str(file)), source=source, name=name) + body
    validate_document(Policy, text, file=str(file), error=PolicyError)
    return text, name
