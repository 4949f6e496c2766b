"""The marks of the plain-SVG plots in viewBox units: lines, bands, stacks, bars, dots and
points with their whiskers, legend swatches, and the hatch patterns fills refer to. `drawing`
lays a chart out and hands each panel's plot area (`Box`) and marks to `Marks`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from socialcredit.report.kit.chart import Bar, Dot, Hatch, Key, Panel, Point
from socialcredit.report.kit.scale import LIMIT, LINE_WIDTH, num, text_width
from socialcredit.report.kit.text import esc


@dataclass(frozen=True)
class Box:
    """A panel's plot area in viewBox units, and its data ranges."""

    left: float
    top: float
    width: float
    height: float
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float

    def x(self, v: float) -> float:
        span = self.x_hi - self.x_lo
        return self.left + (min(max(v, -LIMIT), LIMIT) - self.x_lo) / span * self.width

    def y(self, v: float) -> float:
        span = self.y_hi - self.y_lo
        return self.top + (self.y_hi - min(max(v, -LIMIT), LIMIT)) / span * self.height

    def x_in(self, v: float) -> float:
        """`x`, cut to the plot area."""
        return self.x(min(max(v, self.x_lo), self.x_hi))

    def y_in(self, v: float) -> float:
        """`y`, cut to the plot area."""
        return self.y(min(max(v, self.y_lo), self.y_hi))


_PATTERNS: dict[str, str] = {
    "///": '<path d="M-1 1l2-2M0 6l6-6M5 7l2-2"/>',
    "\\\\\\": '<path d="M-1 5l2 2M0 0l6 6M5 -1l2 2"/>',
    "xxx": '<path d="M-1 1l2-2M0 6l6-6M5 7l2-2M-1 5l2 2M0 0l6 6M5 -1l2 2"/>',
    "---": '<path d="M0 3h6"/>',
    "...": '<circle cx="3" cy="3" r="1"/>',
}


class Marks:
    """Writes marks to `out`; hatched fills become patterns whose ids start with `ident`."""

    def __init__(self, out: list[str], ident: str) -> None:
        self.out = out
        self.ident = ident
        self._defs: dict[tuple[str, str], str] = {}

    def defs(self) -> str:
        """The `<defs>` of the patterns used, if any."""
        return f"<defs>{''.join(self._defs.values())}</defs>" if self._defs else ""

    def line(
        self, box: Box, xs: Sequence[float], ys: Sequence[float], colour: str, dash: str | None
    ) -> None:
        d = _polyline(box, xs, ys)
        if not d:
            return
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.out.append(
            f'<path d="{d}" fill="none" stroke="{esc(colour)}" stroke-width="{LINE_WIDTH}" '
            f'stroke-linejoin="round"{dashed}/>'
        )

    def band(
        self,
        box: Box,
        xs: Sequence[float],
        low: Sequence[float],
        high: Sequence[float],
        colour: str,
    ) -> None:
        points = [
            (x, lo, hi)
            for x, lo, hi in zip(xs, low, high, strict=True)
            if math.isfinite(x) and math.isfinite(lo) and math.isfinite(hi)
        ]
        if not points:
            return
        upper = [f"{box.x(x):.2f} {box.y(hi):.2f}" for x, _, hi in points]
        lower = [f"{box.x(x):.2f} {box.y(lo):.2f}" for x, lo, _ in reversed(points)]
        self.out.append(
            f'<path d="M{"L".join(upper)}L{"L".join(lower)}Z" fill="{esc(colour)}" '
            'fill-opacity="0.2" stroke="none"/>'
        )

    def stack(
        self, box: Box, xs: Sequence[float], layers: list[Sequence[float]], colours: list[str]
    ) -> None:
        base = [0.0] * len(xs)
        for layer, colour in zip(layers, colours, strict=True):
            top = [b + (v if math.isfinite(v) else 0.0) for b, v in zip(base, layer, strict=True)]
            upper = [f"{box.x(x):.2f} {box.y(y):.2f}" for x, y in zip(xs, top, strict=True)]
            lower = [
                f"{box.x(x):.2f} {box.y(y):.2f}"
                for x, y in zip(reversed(xs), reversed(base), strict=True)
            ]
            self.out.append(
                f'<path d="M{"L".join(upper)}L{"L".join(lower)}Z" fill="{esc(colour)}" '
                'stroke="#ffffff" stroke-width="0.3"/>'
            )
            base = top

    def _fill(self, colour: str, hatch: Hatch | None) -> str:
        """A fill: the colour, or a pattern of white hatching over it."""
        if hatch is None:
            return esc(colour)
        key = (colour, hatch)
        if key not in self._defs:
            pid = f"{self.ident}-hatch-{len(self._defs) + 1}"
            self._defs[key] = (
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="{esc(colour)}"/>'
                f'<g stroke="#ffffff" fill="#ffffff" stroke-width="1.1">{_PATTERNS[hatch]}</g>'
                "</pattern>"
            )
        index = list(self._defs).index(key) + 1
        return f"url(#{self.ident}-hatch-{index})"

    def bar_v(self, box: Box, bar: Bar) -> None:
        if not math.isfinite(bar.value):
            return
        centre = bar.at + bar.offset
        x0, x1 = box.x(centre - bar.width / 2), box.x(centre + bar.width / 2)
        y0, y1 = box.y(max(bar.value, 0.0)), box.y(min(bar.value, 0.0))
        self.out.append(
            f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" '
            f'height="{num(max(y1 - y0, 0.0))}" fill="{self._fill(bar.colour, bar.hatch)}"/>'
        )
        mid = box.x(centre)
        ends = _whisker(bar)
        if ends is not None:
            lo, hi = box.y_in(min(ends[0], bar.value)), box.y_in(max(ends[1], bar.value))
            self.out.append(
                f'<path d="M{num(mid)} {num(lo)}V{num(hi)}M{num(mid - 3)} {num(lo)}h6'
                f'M{num(mid - 3)} {num(hi)}h6" stroke="#333333" stroke-width="1"/>'
            )
        if bar.text is not None:
            top = max(ends[1], bar.value) if ends is not None else bar.value
            self.out.append(
                f'<text x="{num(mid)}" y="{num(box.y_in(max(top, 0.0)) - 3)}" '
                f'text-anchor="middle" font-size="9.5">{esc(bar.text)}</text>'
            )

    def bars_h(self, p: Panel, box: Box) -> None:
        """Bars along x; `box`'s x reads values, its y range is that of the categories."""
        count = len(p.categories or ())
        slot = box.height / max(count, 1)
        for bar in p.bars:
            if not math.isfinite(bar.value):
                continue
            centre = box.top + (bar.at + 0.5 + bar.offset) * slot
            y0, y1 = centre - bar.width / 2 * slot, centre + bar.width / 2 * slot
            x0, x1 = box.x(min(bar.value, 0.0)), box.x(max(bar.value, 0.0))
            self.out.append(
                f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(max(x1 - x0, 0.0))}" '
                f'height="{num(y1 - y0)}" fill="{self._fill(bar.colour, bar.hatch)}"/>'
            )
            end = bar.value
            ends = _whisker(bar)
            if ends is not None:
                lo, hi = box.x_in(min(ends[0], bar.value)), box.x_in(max(ends[1], bar.value))
                self.out.append(
                    f'<path d="M{num(lo)} {num(centre)}H{num(hi)}M{num(lo)} {num(centre - 3)}v6'
                    f'M{num(hi)} {num(centre - 3)}v6" stroke="#333333" stroke-width="1"/>'
                )
                end = max(ends[1], bar.value)
            if bar.text is not None:
                self.out.append(
                    f'<text x="{num(box.x(max(end, 0.0)) + 3)}" y="{num(centre + 0.35 * 9.5)}" '
                    f'font-size="9.5">{esc(bar.text)}</text>'
                )

    def dot(self, box: Box, dot: Dot) -> None:
        if not math.isfinite(dot.value):
            return
        x, y = box.x(dot.at + dot.offset), box.y(dot.value)
        ends = _whisker(dot)
        if ends is not None:
            lo, hi = box.y_in(ends[0]), box.y_in(ends[1])
            self.out.append(
                f'<path d="M{num(x)} {num(lo)}V{num(hi)}M{num(x - 3)} {num(lo)}h6'
                f'M{num(x - 3)} {num(hi)}h6" stroke="{esc(dot.colour)}" stroke-width="1.5"/>'
            )
        self.out.append(_marker(x, y, dot.colour, dot.marker))

    def points(self, box: Box, points: Sequence[Point]) -> None:
        """A scatter, in the order given (later points on top): first every point's pale span,
        then each point's whiskers and marker, then the labels over them all."""
        shown = [p for p in points if math.isfinite(p.x) and math.isfinite(p.y)]
        for p in shown:
            if p.span is not None and all(math.isfinite(v) for v in p.span):
                lo, hi = box.y_in(min(p.span)), box.y_in(max(p.span))
                self.out.append(
                    f'<path d="M{num(box.x(p.x))} {num(lo)}V{num(hi)}" stroke="{esc(p.colour)}" '
                    'stroke-width="7" stroke-opacity="0.3"/>'
                )
        for p in shown:
            x, y = box.x(p.x), box.y(p.y)
            opacity = _opacity(p.opacity)
            whiskers = ""
            if _finite(p.x_low, p.x_high):
                lo, hi = box.x_in(p.x_low or 0.0), box.x_in(p.x_high or 0.0)
                whiskers += f"M{num(lo)} {num(y)}H{num(hi)}"
            if _finite(p.y_low, p.y_high):
                lo, hi = box.y_in(p.y_low or 0.0), box.y_in(p.y_high or 0.0)
                whiskers += f"M{num(x)} {num(lo)}V{num(hi)}"
            if whiskers:
                self.out.append(
                    f'<path d="{whiskers}" stroke="{esc(p.colour)}" stroke-width="1"{opacity}/>'
                )
            self.out.append(_marker(x, y, p.colour, p.marker, p.radius, opacity))
        for p in shown:
            if not p.label:
                continue
            x, y = box.x(p.x), box.y(p.y)
            # Up and to the right of the point, or to its left where the frame ends first.
            if x + 4 + text_width(p.label, 8.5) <= box.left + box.width:
                at = f'x="{num(x + 4)}"'
            else:
                at = f'x="{num(x - 4)}" text-anchor="end"'
            self.out.append(
                f'<text {at} y="{num(y - 4)}" font-size="8.5" fill="{esc(p.colour)}">'
                f"{esc(p.label)}</text>"
            )

    def swatch(self, key: Key, x: float, mid: float) -> str:
        if key.kind == "patch":
            opacity = f' fill-opacity="{key.opacity:g}"' if key.opacity != 1.0 else ""
            return (
                f'<rect x="{num(x)}" y="{num(mid - 5)}" width="22" height="10" '
                f'fill="{self._fill(key.colour, key.hatch)}"{opacity}/>'
            )
        if key.kind == "marker":
            return _marker(x + 11, mid, key.colour, key.marker, 3.5, _opacity(key.opacity))
        dash = f' stroke-dasharray="{key.dash}"' if key.dash else ""
        return (
            f'<path d="M{num(x)} {num(mid)}h22" stroke="{esc(key.colour)}" '
            f'stroke-width="{LINE_WIDTH}"{dash}/>'
        )


def _polyline(box: Box, xs: Sequence[float], ys: Sequence[float]) -> str:
    """The points as one path, broken where a value is not a number."""
    parts: list[str] = []
    pen_down = False
    for x, y in zip(xs, ys, strict=True):
        if not (math.isfinite(x) and math.isfinite(y)):
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{box.x(x):.2f} {box.y(y):.2f}")
        pen_down = True
    return "".join(parts)


def _whisker(mark: Bar | Dot) -> tuple[float, float] | None:
    """The ends of the mark's interval, when it has one to draw (both ends, numbers)."""
    low, high = mark.low, mark.high
    if low is None or high is None or not _finite(low, high):
        return None
    return low, high


def _finite(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def _opacity(value: float) -> str:
    """An opacity attribute, or nothing for an opaque mark."""
    return f' opacity="{value:g}"' if value != 1.0 else ""


def _marker(
    x: float,
    y: float,
    colour: str,
    marker: Literal["o", "s"],
    radius: float = 3.5,
    extra: str = "",
) -> str:
    if marker == "s":
        corner = f'x="{num(x - radius)}" y="{num(y - radius)}"'
        side = num(2 * radius)
        return f'<rect {corner} width="{side}" height="{side}" fill="{esc(colour)}"{extra}/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(radius)}" fill="{esc(colour)}"{extra}/>'
