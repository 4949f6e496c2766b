"""Tables on stdout: whole names and numbers in a narrow terminal, tab-separated text in a pipe."""

from __future__ import annotations

import io
import re

import pytest

from socialcredit.cli.terminal import Sheet, show, tab_separated

NAME = "ever_wrongly_blacklisted_per_1000"
NUMBER = "3,077.9 (3,001.2–3,798.4)"


def sheet() -> Sheet:
    table = Sheet(["name", "value"], title="Figures", caption="Means over 5 seeds.")
    table.add_row(NAME, NUMBER)
    table.add_row("a\tcell\nwith breaks", "1")
    return table


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_piped_tables_are_tab_separated_with_every_figure_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    show(sheet())
    assert capsys.readouterr().out == (
        "# Figures\n"
        "name\tvalue\n"
        f"{NAME}\t{NUMBER}\n"
        "a cell with breaks\t1\n"
        "# Means over 5 seeds.\n"
        "\n"
    )
    assert tab_separated(Sheet(["x"])) == "x\n\n"


def test_a_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="1 cells for 2 columns"):
        sheet().add_row("one")


@pytest.mark.parametrize("width", [20, 40, 200])
def test_a_terminal_wraps_and_folds_but_never_cuts(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setenv("COLUMNS", str(width))
    table = Sheet(["name"])
    table.add_row(NAME)
    show(table)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # the terminal's styles
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    cells = [line.strip("│┃ ") for line in text.splitlines() if line.startswith("│")]
    assert "".join(cells) == NAME  # folded onto as many lines as it takes, whole
    if width >= len(NAME) + 4:
        assert cells == [NAME]  # wide enough: on one line
