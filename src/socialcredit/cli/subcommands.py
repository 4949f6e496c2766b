"""The subcommands of a command group, each imported the first time it is looked up.

A command module imports what its command runs on: `experiment` SALib and SciPy, `simulate`
the engine and Dask, the reports matplotlib. Importing them all costs seconds that
`socialcredit audit` has no use for. So the top-level group names each subcommand and where it
lives, and imports it only when click asks for it by name (click's "lazily loading
subcommands"). Usage errors and "did you mean" suggestions read the same mapping, so they see
every subcommand; `socialcredit --help` lists each by the help declared beside it (`listing`),
and imports none.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass

import typer
from typer._click import Command, Context  # typer vendors click; these have no public names
from typer.core import TyperCommand, TyperGroup, TyperOption


class Group(TyperGroup):
    """A command group whose help needs no pydantic: an absent `--help` is None to click, and
    typer coerces a value that is not a bool through a pydantic adapter, whose import costs a
    subcommand's help a third of its time. False is what the flag means when absent."""

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option


@dataclass(frozen=True)
class Subcommand:
    where: str
    """`module:attribute`: a Typer app (a group of commands) or a command function."""
    help: str
    """The help the app or function declares, word for word."""


class Subcommands(MutableMapping[str, Command]):
    """Commands by name, in the order given, each built from its `Subcommand` on first lookup
    exactly as `Typer.add_typer` or `Typer.command` would have built it."""

    def __init__(self, declared: Mapping[str, Subcommand]) -> None:
        self._declared = dict(declared)
        self._commands: dict[str, Command | Subcommand] = dict(declared)

    def __getitem__(self, name: str) -> Command:
        command = self._commands[name]
        if isinstance(command, Subcommand):
            command = self._commands[name] = load(name, command.where)
        return command

    def listing(self) -> dict[str, Command]:
        """A stand-in for each command that holds its name and declared help alone, for a
        help page that lists them."""
        return {name: TyperCommand(name, help=d.help) for name, d in self._declared.items()}

    def __setitem__(self, name: str, command: Command) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


def load(name: str, where: str) -> Command:
    """The command `name` built from the Typer app or command function at `module:attribute`."""
    module, _, attribute = where.partition(":")
    target = getattr(importlib.import_module(module), attribute)
    host = typer.Typer()
    if isinstance(target, typer.Typer):
        host.add_typer(target, name=name)
    else:
        host.command(name)(target)
    return typer.main.get_group(host).commands[name]
