"""The one progress display of the commands that run simulations (`simulate`, `experiment run`,
`sweep`, `calibrate`, `audit --scenario`): a bar on stderr of the runs (or rounds) done out of
all, with the time taken and the time left."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    # The engine's name alone: looking it up at run time would load the engine with numpy.
    from socialcredit.engine import RunsDone

    Advance = RunsDone
    """advance(done, in all): the bar's new position; `done` may count a run under way in part."""

console = Console(stderr=True)


@contextmanager
def progress_bar(
    description: str, *, unit: str = "runs", terminal_only: bool = False
) -> Iterator[Advance]:
    """A bar named `description` for as long as the block runs; the block moves it. With
    `terminal_only`, the bar shows only on a terminal and goes when the block ends, so that a
    command whose output is a document leaves stderr clean on a pipe or in a file."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=terminal_only,
        disable=terminal_only and not console.is_terminal,
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: float, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
