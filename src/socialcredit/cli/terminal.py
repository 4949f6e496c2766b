"""Tables on stdout that never cut a name or a number.

In a terminal a table takes the terminal's width: where it is wide enough every cell stands on
one line, and where it is not a cell wraps, and a word longer than its column folds onto the
next line, whole (never "ever_wrongly_b…"). Piped or redirected, a table is plain tab-separated
text: its title as a `# ` line, a header row, one line per row, a blank line after it, so that
`cut`, `awk` and spreadsheets read every figure as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Sheet:
    """A table to print: its columns, its rows of text cells, a title and a caption."""

    columns: Sequence[str]
    title: str | None = None
    caption: str | None = None
    rows: list[list[str]] = field(default_factory=list)

    def add_row(self, *cells: str) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(list(cells))


def _plain(cell: str) -> str:
    return " ".join(cell.split())  # a tab or a newline inside a cell would break the row


def tab_separated(sheet: Sheet) -> str:
    """The sheet as tab-separated text, ending with a blank line."""
    lines = [f"# {_plain(sheet.title)}"] if sheet.title else []
    lines.append("\t".join(_plain(c) for c in sheet.columns))
    lines += ["\t".join(_plain(c) for c in row) for row in sheet.rows]
    if sheet.caption:
        lines.append(f"# {_plain(sheet.caption)}")
    return "\n".join(lines) + "\n\n"


def show(*sheets: Sheet) -> None:
    """Print the sheets on stdout: boxed tables in a terminal, tab-separated text otherwise."""
    if not sys.stdout.isatty():
        sys.stdout.write("".join(tab_separated(s) for s in sheets))
        sys.stdout.flush()
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    for sheet in sheets:
        # Text, not markup: a name with square brackets in it is shown as it is.
        table = Table(
            title=Text(sheet.title) if sheet.title else None,
            caption=Text(sheet.caption) if sheet.caption else None,
        )
        for column in sheet.columns:
            table.add_column(Text(column), overflow="fold")
        for row in sheet.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
