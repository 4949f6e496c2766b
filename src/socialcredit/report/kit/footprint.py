"""The data footprint of a policy: what it may collect and publish, and its safeguards.

The run report shows the footprint as a table and as tiles (data categories scored, sensitive
ones hatched red; consent, review of collectors' reports and how the lists are published, green
where the safeguard is in place); a sensitive category is called out with the legal basis the
policy claims for it. The harm card shows the same table. The comparison sets the policies'
footprints side by side, a column per run, with their sizes as bars.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from socialcredit.domain.footprint import Footprint
from socialcredit.report.kit.charts import WIDE, BarSeries, bar_figure, bar_key, run_styles
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import svg_figure
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.scale import DPI, FONT, num
from socialcredit.report.kit.style import GREY
from socialcredit.report.kit.text import Stat, esc, short


def footprint_section(p: Page, run: Run) -> str:
    fp = run.record.policy.footprint
    table = footprint_table(p, fp)
    sensitive = fp.sensitive_categories_enabled
    published = {k: v.value for k, v in fp.published_lists.items()}
    collectors = fp.collectors
    review = fp.collector_review_required
    consent = fp.consent_required

    def pub(name: str) -> tuple[str, bool | None]:
        value = published.get(name)
        title = f"{name.capitalize()} list\npublished"
        if value is None:
            return (f"{title}: no", True)
        return (f"{title}: {short(value, 10)}", value != "full")

    safeguards: list[tuple[str, bool | None]] = [
        (f"Consent before\nscoring: {_plain_yes_no(consent)}", consent),
        (
            f"Collector reports\nreviewed: {_plain_yes_no(review)}",
            review if collectors else None,
        ),
        pub("black"),
        pub("red"),
    ]
    tiles = [("Data categories scored", [(c, c in sensitive) for c in fp.categories_enabled])]
    return table + _footprint_figure(p, tiles, safeguards, len(sensitive))


def footprint_table(p: Page, fp: Footprint, extra_rows: Sequence[Sequence[str]] = ()) -> str:
    """The callout on sensitive data and the table of what the policy may collect and publish;
    `extra_rows` (markup) go at the end of the table."""
    categories = fp.categories_enabled
    sensitive = fp.sensitive_categories_enabled
    bases = fp.legal_bases
    feeds = fp.feeds
    published = {k: v.value for k, v in fp.published_lists.items()}
    collectors = fp.collectors
    review = fp.collector_review_required
    consent = fp.consent_required

    flag = '<span class="flag">sensitive</span>'
    if sensitive:
        body = (
            '<p class="callout"><strong>Sensitive data in use.</strong> This policy scores '
            f"{len(sensitive)} sensitive categor{'y' if len(sensitive) == 1 else 'ies'}: "
            + ", ".join(f"<strong>{esc(c)}</strong> {flag}" for c in sensitive)
            + ". The legal basis it claims for each is listed below.</p>"
        )
    else:
        body = '<p class="callout ok">No sensitive category is scored.</p>'

    def cat(c: str) -> str:
        return f"<strong>{esc(c)}</strong> {flag}" if c in sensitive else esc(c)

    rows = [["Data categories scored", ", ".join(cat(c) for c in categories) or "none"]]
    rows += [
        [f"Legal basis for {esc(c)} {flag}", esc(bases.get(c) or "none given")] for c in sensitive
    ]
    lists = "; ".join(
        f"{esc(k)} list: " + (f'<span class="tag-bad">{esc(v)}</span>' if v == "full" else esc(v))
        for k, v in published.items()
    )
    rows += [
        ["Data feeds", f"{len(feeds)}: {esc(', '.join(feeds))}" if feeds else "none"],
        ["Citizen collectors may report", _yes_no(collectors, good=None)],
        [
            "Collectors' reports reviewed before they count",
            _yes_no(review, good=True) if collectors else "no collectors",
        ],
        ["Consent asked before scoring", _yes_no(consent, good=True)],
        ["Published lists", lists or "none"],
        *(list(r) for r in extra_rows),
    ]
    table = p.table(
        "What the policy may collect and publish",
        ["Aspect", "Setting"],
        rows,
        numeric=[False, False],
    )
    return body + table


def _plain_yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _yes_no(value: bool, *, good: bool | None) -> str:
    text = _plain_yes_no(value)
    if good is None:
        return text
    return f'<span class="{"tag-ok" if value == good else "tag-bad"}">{text}</span>'


def _footprint_figure(
    p: Page,
    tiles: list[tuple[str, list[tuple[str, bool]]]],
    safeguards: list[tuple[str, bool | None]],
    n_sensitive: int,
) -> str:
    cols = 3
    categories = tiles[0][1]
    cat_rows = max(1, math.ceil(len(categories) / cols))
    safe_rows = math.ceil(len(safeguards) / cols)
    # Layout in tile units: a heading line (0.55) above each block, tiles 0.8 high in 1.0 rows.
    total = 0.55 + cat_rows + 0.55 + safe_rows

    size = (WIDE[0], 0.62 * total + 0.1)
    # The tile grid fills the figure but for a 1% margin: units of tiles across and down.
    width, height = size[0] * DPI, size[1] * DPI
    unit_x, unit_y = 0.98 * width / cols, 0.98 * height / total

    def at(x: float, y: float) -> tuple[float, float]:
        return 0.01 * width + x * unit_x, 0.01 * height + y * unit_y

    def draw(ident: str) -> str:
        out = [f'<g font-family="sans-serif" font-size="{num(FONT)}" fill="#1c1c21">']
        y = 0.0
        heading = f"Data categories scored ({len(categories)})"
        out.append(_text(*at(0, y + 0.35), esc(heading), weight="bold"))
        y += 0.55
        if not categories:
            out.append(_text(*at(0.05, y + 0.45), "none recorded", colour=GREY))
        tiles = [
            (
                i % cols,
                y + i // cols,
                [short(name, 16)] + (["SENSITIVE"] if sensitive else []),
                False if sensitive else None,
            )
            for i, (name, sensitive) in enumerate(categories)
        ]
        y += cat_rows
        out.append(_text(*at(0, y + 0.35), "Safeguards", weight="bold"))
        y += 0.55
        tiles += [
            (i % cols, y + i // cols, [text], good) for i, (text, good) in enumerate(safeguards)
        ]
        for col, row, lines, good in tiles:
            out.append(_tile(ident, at, col, row, lines, good, (unit_x, unit_y)))
        out.append("</g>")
        pattern = (
            f'<defs><pattern id="{ident}-hatch" patternUnits="userSpaceOnUse" width="6" '
            'height="6"><rect width="6" height="6" fill="#fde9e5"/><path d="M-1 1l2-2M0 6l6-6'
            'M5 7l2-2" stroke="#a3210f" stroke-width="1"/></pattern></defs>'
        )
        return pattern + "".join(out)

    label = (
        f"Tiles: the {len(categories)} data categories the policy scores, "
        f"{n_sensitive} of them sensitive, and its safeguards: consent, review of collectors' "
        "reports, and how the lists are published."
    )
    caption = (
        "Hatched red tiles are sensitive categories or missing safeguards; green tiles are "
        "safeguards in place."
    )
    return svg_figure(p, size, draw, label=label, caption_html=caption)


def _text(x: float, y: float, text: str, *, weight: str = "", colour: str = "") -> str:
    """Trusted `text` with its baseline a third of a line below `y` (centred on it)."""
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' fill="{colour}"' if colour else ""
    return f'<text x="{num(x)}" y="{num(y + 0.35 * FONT)}"{extra}>{text}</text>'


def _tile(
    ident: str,
    at: Callable[[float, float], tuple[float, float]],
    col: int,
    row: float,
    lines: list[str],
    good: bool | None,
    unit: tuple[float, float],
) -> str:
    """A tile: neutral (None), a safeguard in place (True), or missing or sensitive (False,
    hatched, its text bold on a plain ground)."""
    if good is None:
        face, edge, colour = "#eef1f6", "#6d7f99", "#1c1c21"
    elif good:
        face, edge, colour = "#e4f3e9", "#17663a", "#17663a"
    else:
        face, edge, colour = f"url(#{ident}-hatch)", "#a3210f", "#8a1c0d"
    x, y = at(col + 0.04, row + 0.06)
    out = [
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(0.92 * unit[0])}" '
        f'height="{num(0.84 * unit[1])}" fill="{face}" stroke="{edge}" stroke-width="1.2"/>'
    ]
    room = 0.92 * unit[0] - 8
    if len(lines) == 1 and _wide(lines[0], _TILE_FONT) > room and " " in lines[0]:
        # Two lines, broken at the space nearest the middle.
        text = lines[0]
        spaces = [i for i, c in enumerate(text) if c == " "]
        cut = min(spaces, key=lambda i: abs(2 * i - len(text)))
        lines = [text[:cut], text[cut + 1 :]]
    size = min(_TILE_FONT, room / max(_wide(line, 1.0) for line in lines))
    cx, cy = at(col + 0.5, row + 0.48)
    step = 1.15 * size
    first = cy - step * (len(lines) - 1) / 2
    if good is False:
        # The text on a plain ground over the hatching, as a label.
        longest = max(_wide(line, size) for line in lines)
        out.append(
            f'<rect x="{num(cx - longest / 2 - 2)}" y="{num(first - 0.6 * size)}" '
            f'width="{num(longest + 4)}" height="{num(step * len(lines) + 0.2 * size)}" '
            'fill="#fde9e5"/>'
        )
    out.append(f'<g font-size="{num(size)}" text-anchor="middle" fill="{colour}"')
    out.append(' font-weight="bold">' if good is False else ">")
    out += [
        f'<text x="{num(cx)}" y="{num(first + k * step + 0.35 * size)}">{esc(line)}</text>'
        for k, line in enumerate(lines)
    ]
    out.append("</g>")
    return "".join(out)


_TILE_FONT = 10.0


def _wide(text: str, size: float) -> float:
    """The guessed width of `text` at `size` (bold, generously)."""
    return len(text) * 0.62 * size


def compare_footprint(p: Page, runs: Sequence[Run]) -> str:
    def describe(run: Run) -> list[str]:
        fp = run.record.policy.footprint
        flag = '<span class="flag">sensitive</span>'
        return [
            esc(", ".join(fp.categories_enabled)) or "none",
            ", ".join(f"<strong>{esc(c)}</strong> {flag}" for c in fp.sensitive_categories_enabled)
            or "none",
            str(len(fp.feeds)),
            _yes_no(fp.collector_review_required, good=True),
            _yes_no(fp.consent_required, good=True),
            esc("; ".join(f"{k}: {v.value}" for k, v in fp.published_lists.items())) or "none",
        ]

    aspects = [
        "Data categories scored",
        "Sensitive categories",
        "Data feeds",
        "Collectors' reports reviewed",
        "Consent asked before scoring",
        "Published lists",
    ]
    cols = [describe(r) for r in runs]
    rows = [[aspect, *(c[i] for c in cols)] for i, aspect in enumerate(aspects)]
    return p.table(
        "What each policy may collect and publish",
        ["Aspect", *(esc(r.tag) for r in runs)],
        rows,
        numeric=[False] * (len(runs) + 1),
    ) + _compare_safeguard_figure(p, runs)


def _compare_safeguard_figure(p: Page, runs: Sequence[Run]) -> str:
    def counts(run: Run) -> list[Stat]:
        fp = run.record.policy.footprint
        return [
            (float(len(fp.categories_enabled)), None, None),
            (float(len(fp.sensitive_categories_enabled)), None, None),
            (float(len(fp.feeds)), None, None),
        ]

    return bar_figure(
        p,
        ["categories", "sensitive categories", "data feeds"],
        [BarSeries(short(r.label), c, counts(r), h) for r, c, h in run_styles(runs)],
        horizontal=True,
        label="Horizontal bars: how many data categories, sensitive categories and data feeds "
        "each policy uses.",
        caption_html=f"Size of each policy's data footprint: {esc(bar_key(runs))}.",
        size=(WIDE[0], 2.0 + 0.3 * len(runs)),
        ylabel="Number",
    )
