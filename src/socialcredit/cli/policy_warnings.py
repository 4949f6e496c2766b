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
from socialcredit.domain.policy_checks import PolicyWarning, policy_warnings


def echo_warnings(policies: Iterable[Policy]) -> None:
    """Print the warnings of every policy, each once."""
    echo_each(w for p in policies for w in policy_warnings(p))


def echo_each(warnings: Iterable[PolicyWarning]) -> None:
    """Print each warning once."""
    seen: set[str] = set()
    for warning in warnings:
        line = f"warning: {warning}"
        if line not in seen:
            seen.add(line)
            typer.echo(line, err=True)
