"""A loaded policy's warnings on stderr, one line each:
`warning: FILE:LINE (FIELD): MESSAGE [RULE]`.

A command prints them once its input has passed every check and before it does its work, so that
bad input still gets its one error line and nothing else; the command then goes on (warnings
never change the exit status).
"""

from __future__ import annotations

from collections.abc import Iterable

import typer

from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_checks import policy_warnings


def echo_warnings(policies: Iterable[Policy]) -> None:
    """Print the warnings of every policy, each once."""
    seen: set[str] = set()
    for policy in policies:
        for warning in policy_warnings(policy):
            line = f"warning: {warning}"
            if line not in seen:
                seen.add(line)
                typer.echo(line, err=True)
