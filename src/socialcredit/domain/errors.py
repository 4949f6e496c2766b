"""The one error tree. Errors carry where the problem is, never how a way in should show it.

SocialCreditError
 ├── LocatedError       a document that does not validate (file, line, field)
 │    ├── PolicyError   a rulebook
 │    │    └── IncoherentPolicyError  one whose parts contradict each other (a check's `rule`)
 │    ├── ScenarioError a simulation scenario
 │    ├── ExperimentError an experiment (a field path, a value or a variant that fails)
 │    └── TargetError   a published record of targets (figures with date, source, uncertainty)
 ├── ClusterError       a Dask cluster that cannot be reached or started
 └── UsageError         a bad argument or input to a use case (names the argument)
"""

from __future__ import annotations

from typing import Self


class SocialCreditError(Exception):
    """Base of every error this package raises on purpose."""


class LocatedError(SocialCreditError):
    """An error in a document: names the file, the line and the dotted field path when known."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.file = file
        self.line = line

    def located(self, *, file: str, line: int | None) -> Self:
        """A copy of this error that also names the file and line."""
        return type(self)(self.message, field=self.field, file=file, line=line)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where = f"{where} ({self.field})" if where else self.field
        return f"{where}: {self.message}" if where else self.message


class PolicyError(LocatedError):
    """The policy file does not parse or does not validate."""


class IncoherentPolicyError(PolicyError):
    """A rulebook valid field by field whose parts contradict each other, so that it cannot
    mean what it says: a list entered at the base score, an exit bound that holds where the
    entry bound does, overlapping grade bands. `rule` is the id of the check that refused it
    (`domain.policy_checks`). An experiment does not run a variant whose levers make its
    rulebook so, and runs the rest."""

    def __init__(
        self,
        message: str,
        *,
        rule: str,
        field: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, field=field, file=file, line=line)
        self.rule = rule

    def located(self, *, file: str, line: int | None) -> Self:
        return type(self)(self.message, rule=self.rule, field=self.field, file=file, line=line)

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.rule}]"


class ScenarioError(LocatedError):
    """The scenario file does not parse or does not validate."""


class ExperimentError(LocatedError):
    """The experiment file does not parse or validate, or one of its variants is invalid."""


class TargetError(LocatedError):
    """The published record of targets does not parse or does not validate."""


class ClusterError(SocialCreditError):
    """The Dask scheduler cannot be reached, or a local cluster cannot be started."""


class UsageError(SocialCreditError):
    """An argument is out of range or names something that does not exist."""

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(f"{argument}: {message}" if argument else message)
        self.argument = argument
