"""Matplotlib figures turned into SVG elements that sit inline in an HTML page.

A figure is drawn with matplotlib's object API onto its SVG canvas under fixed settings
(`_RC`, applied only while it draws, so the caller's defaults never change), then the
standalone SVG file is rewritten into an element: no prolog, doctype or dated metadata, a
viewBox instead of a fixed size so CSS can scale it, ids prefixed so several plots share one
page, and an accessible name. Text stays real `<text>`, which matplotlib escapes itself.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from socialcredit.report.kit.text import esc

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# Applied only while a figure is drawn and saved (`rc_context`), so the reports never change
# the caller's matplotlib defaults. `svg.fonttype: none` keeps text as real <text> elements:
# selectable, searchable, read by screen readers, and far smaller than glyph outlines.
# `text.parse_math: False` because names from user-written policies may contain "$".
# A fixed hash salt makes the clip-path ids, and so the whole page, reproducible.
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "socialcredit-report",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.size": 11,
    "axes.titlesize": 11.5,
    "axes.titlelocation": "left",
    "axes.labelsize": 10.5,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.fontsize": 10.5,
    "errorbar.capsize": 3,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e2e2e8",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "lines.linewidth": 1.8,
}


def figure_svg(draw: Callable[[Figure], None], size: tuple[float, float]) -> str:
    # Imported here: the pages drawn as plain SVG (`report.kit.plot`) never load matplotlib.
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    # The object API (Figure + an explicit SVG canvas) rather than pyplot: no global figure
    # registry, no backend switch, nothing to close, safe in threads and in processes where
    # someone else has already imported pyplot with an interactive backend.
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # With extreme labels constrained layout gives up and says so; the plot is still
        # drawn, just less tidily, and a report must not fail (or nag) over a long name.
        warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
        # Text stays text (svg.fonttype none) and the browser draws it with its own fonts, so a
        # glyph DejaVu lacks (a name in Chinese, say) only makes matplotlib's measure rougher.
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        fig = Figure(figsize=size, layout="constrained")
        canvas = FigureCanvasSVG(fig)
        draw(fig)
        buf = io.StringIO()
        # Straight to the SVG canvas rather than through savefig, which draws the figure a
        # second time to size a layout that the canvas's own draw already lays out.
        print_svg = cast(Callable[..., None], canvas.print_svg)  # unannotated in matplotlib
        print_svg(buf, metadata={"Date": None})
    return buf.getvalue()


_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]*)"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'(\sid=")')
_HREF = re.compile(r'((?:xlink:)?href="#)')
_URL = re.compile(r"url\(#")


def inline_svg(svg: str, *, prefix: str, label: str, caption_id: str) -> str:
    """Matplotlib's standalone SVG file, turned into an element that can sit inside HTML.

    Drops the XML prolog, doctype and RDF metadata (they name remote URIs and a date), drops
    the fixed width/height so CSS can scale it by its viewBox, prefixes every id, and gives it
    an accessible name (role=img, aria-label and a <title>) and a description (the caption).
    """
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("matplotlib produced no <svg> element")
    view = _VIEWBOX.search(root.group(0))
    viewbox = view.group(1) if view else "0 0 400 300"
    inner = _METADATA.sub("", svg[root.end() :])

    def fix(tag: re.Match[str]) -> str:
        # Only inside tags: matplotlib escapes < and > in text, so a label such as
        # 'id="x"' is text content and is never rewritten.
        text = _ID.sub(lambda m: m.group(1) + prefix, tag.group(0))
        text = _HREF.sub(lambda m: m.group(1) + prefix, text)
        return _URL.sub("url(#" + prefix, text)

    inner = _TAG.sub(fix, inner)
    name = esc(label)
    return (
        f'<svg viewBox="{viewbox}" role="img" aria-label="{name}" '
        f'aria-describedby="{caption_id}" focusable="false" preserveAspectRatio="xMidYMid meet">'
        f"<title>{name}</title>{inner.strip()}"
    )
