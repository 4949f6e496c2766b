"""The page shell and its building blocks: sections, captioned tables and captioned figures.

Every page is one self-contained HTML5 file: the CSS is inline, the plots are inline SVG (drawn
by hand in `plot`, or by matplotlib's SVG backend through `Page.figure`), and there is no
script, web font or remote image, so a report opens the same from a USB stick as from a web
server and can be archived with the run. `Page` hands out the ids of one document and builds
its tables and figures; `page` wraps the sections in the document with its header, table of
contents, skip link and footer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from socialcredit import __version__
from socialcredit.report.kit.style import CSS
from socialcredit.report.kit.svg import figure_svg, inline_svg
from socialcredit.report.kit.text import esc

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Section:
    """One `<section>` of a page; `body_html` is trusted markup made by the renderers."""

    ident: str
    heading: str
    body_html: str


@dataclass
class Page:
    """Hands out ids that are unique within one page (tables, captions, SVG internals).

    Several SVGs inline in one document share a single id space, and matplotlib numbers its
    elements the same way in every figure ("axes_1", "patch_1", clip paths hashed from their
    geometry): without a per-figure prefix a `url(#...)` could resolve into another plot.
    """

    _next: int = field(default=0)

    def new_id(self, kind: str) -> str:
        self._next += 1
        return f"{kind}-{self._next}"

    def figure(
        self,
        draw: Callable[[Figure], None],
        *,
        label: str,
        caption_html: str,
        size: tuple[float, float] = (5.4, 3.4),
    ) -> str:
        """`draw` fills a fresh figure; the result is a captioned `<figure>` with inline SVG.

        `label` is plain text (it is escaped here): the SVG's accessible name, so it should say
        what the plot shows, not merely its title.
        """
        ident = self.new_id("fig")
        svg = figure_svg(draw, size)
        svg = inline_svg(svg, prefix=f"{ident}-", label=label, caption_id=f"{ident}-cap")
        return captioned(ident, svg, caption_html)

    def table(
        self,
        caption_html: str,
        head_html: Sequence[str],
        rows_html: Sequence[Sequence[str]],
        *,
        numeric: Sequence[bool] | None = None,
        note_html: str = "",
    ) -> str:
        """A captioned table in a horizontally scrolling, keyboard-focusable wrapper.

        The first cell of each row is its header (`<th scope="row">`). `numeric[i]` right-aligns
        column i; by default every column but the first is numeric. `note_html` goes in a
        paragraph above the table, not in the caption: a caption is as wide as its table, so
        on a phone a long one would scroll out of sight with the columns.
        """
        ident = self.new_id("tbl")
        width = len(head_html)
        nums = list(numeric) if numeric is not None else [False] + [True] * (width - 1)
        head = "".join(
            f'<th scope="col"{_num_class(nums, i)}>{cell}</th>' for i, cell in enumerate(head_html)
        )
        body = []
        for row in rows_html:
            cells = [f'<th scope="row">{row[0]}</th>'] if row else []
            cells += [
                f"<td{_num_class(nums, i)}>{_unbroken(cell) if i < len(nums) and nums[i] else cell}"
                "</td>"
                for i, cell in enumerate(row)
                if i
            ]
            body.append(f"<tr>{''.join(cells)}</tr>")
        note = f'<p class="table-note" id="{ident}-note">{note_html}</p>' if note_html else ""
        described = f' aria-describedby="{ident}-note"' if note_html else ""
        # role=region + a label + tabindex: a table wider than a phone can be scrolled from the
        # keyboard, and a screen reader announces what the scrollable region is.
        return (
            f"{note}"
            f'<div class="table-wrap" role="region" aria-labelledby="{ident}-cap" tabindex="0">'
            f'<table id="{ident}"{described}><caption id="{ident}-cap">{caption_html}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


def captioned(ident: str, svg: str, caption_html: str) -> str:
    """The `<figure>` of every plot: the inline SVG (described by the caption `ident`-cap)
    and its caption."""
    return (
        f'<figure id="{ident}"><div class="plot">{svg}</div>'
        f'<figcaption id="{ident}-cap">{caption_html}</figcaption></figure>'
    )


_INTERVAL = re.compile(r"(\S+) (\([^()<>]*\))$")


def _unbroken(cell: str) -> str:
    """A figure with its interval, "3,077.9 (3,001.2–3,798.4)", may wrap between the two but
    never inside either: a narrow column shows the interval on the line under the figure."""
    return _INTERVAL.sub(r'<span class="ci">\1</span> <span class="ci">\2</span>', cell)


def _num_class(numeric: Sequence[bool], i: int) -> str:
    return ' class="num"' if i < len(numeric) and numeric[i] else ""


def with_note(label_html: str, note_html: str) -> str:
    """A row label with an explanation in smaller type under it (`th .note` in the CSS)."""
    return f'{label_html} <span class="note">{note_html}</span>' if note_html else label_html


def page(*, title: str, kicker: str, heading: str, lead_html: str, sections: list[Section]) -> str:
    """The whole document. `title`, `kicker` and `heading` are plain text and escaped here."""
    toc = "".join(f'<li><a href="#{s.ident}">{esc(s.heading)}</a></li>' for s in sections)
    body = "".join(
        f'<section id="{s.ident}" aria-labelledby="{s.ident}-h">'
        f'<h2 id="{s.ident}-h">{esc(s.heading)}</h2>{s.body_html}</section>'
        for s in sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f'<meta name="generator" content="socialcredit {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to main content</a>\n'
        f'<header><p class="kicker">{esc(kicker)}</p><h1>{esc(heading)}</h1>{lead_html}\n'
        '<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2>'
        f"<ol>{toc}</ol></nav></header>\n"
        # tabindex=-1 lets the skip link move keyboard focus, not just the scroll position.
        f'<main id="main" tabindex="-1">\n{body}\n</main>\n'
        "<footer><p>Made by socialcredit, a policy lab over synthetic citizens: every number on "
        "this page is about simulated people. The page is self-contained and works offline; "
        "it runs no scripts.</p></footer>\n</body>\n</html>\n"
    )
