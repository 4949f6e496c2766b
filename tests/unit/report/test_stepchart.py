"""The hand-written step chart of the life stories: markup, geometry and degenerate inputs.

The chart must read, to a browser and a screen reader, exactly like a matplotlib figure made by
`Page.figure`, and its lines must go where the data says. The SVG is parsed as XML with the
standard library, and positions are checked against the chart's own plot area (a span over the
whole x axis fills it), not against hard-coded margins.

Speed is the point of the module, but no test here is timed: on a small development machine
(two Xeon cores, timeit) a chart of two lines of 400 steps takes about 1.3 ms and a story's
usual chart about 0.25 ms, against about 120 ms for the same chart from matplotlib.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest
from matplotlib.figure import Figure

from socialcredit.report.kit.page import Page
from socialcredit.report.kit.stepchart import StepLine, step_chart
from socialcredit.report.kit.style import BLUE, ORANGE, VERMILION

X_MAX = 40.0


def chart(p: Page | None = None, **changes: Any) -> str:
    """A chart of one blue line with the defaults below, `changes` merged in."""
    args: dict[str, Any] = {
        "lines": [StepLine("score, observed", BLUE, [0, 10, 20], [1, 3, 2])],
        "spans": [(0, X_MAX)],
        "x_max": X_MAX,
        "x_label": "Day of the run",
        "y_label": "Score",
        "label": "Step chart: a score over the run",
        "caption_html": "A score, <em>shaded</em> where listed.",
    }
    args.update(changes)
    return step_chart(Page() if p is None else p, **args)


def figures(markup: str) -> list[ET.Element]:
    """The `<figure>` elements of `markup`, parsed as XML."""
    # S314 warns of entity expansion in untrusted XML; this markup is the module's own output.
    return list(ET.fromstring(f"<root>{markup}</root>"))  # noqa: S314


def xml(markup: str) -> ET.Element:
    """The one `<figure>` in `markup`."""
    (figure,) = figures(markup)
    return figure


def svg_of(figure: ET.Element) -> ET.Element:
    svg = figure.find("div/svg")
    assert svg is not None
    return svg


def line_path(svg: ET.Element, colour: str) -> str:
    """The `d` of the line drawn in `colour` (a direct child of the SVG; the legend's sample of
    the same colour sits in the text group)."""
    (path,) = [p for p in svg.findall("path") if p.get("stroke") == colour]
    return path.get("d", "")


def vertices(d: str) -> list[tuple[float, float]]:
    """The points a path of M, H and V commands passes through, in order."""
    points: list[tuple[float, float]] = []
    x = y = math.nan
    for command, a, b in re.findall(r"([MHV])([-\d.]+)(?: ([-\d.]+))?", d):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "H":
            x = float(a)
        else:
            y = float(a)
        points.append((x, y))
    return points


def plot_area(svg: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the plot: the rect of the first span, which covers it."""
    rect = svg.findall("rect")[0]
    left, top = float(rect.get("x", "")), float(rect.get("y", ""))
    return left, top, left + float(rect.get("width", "")), top + float(rect.get("height", ""))


def tick_values(svg: ET.Element, anchor: str, skip: Sequence[str] = ()) -> list[float]:
    texts = [t.text or "" for t in svg.findall(f".//g[@text-anchor='{anchor}']/text")]
    return [float(t.replace("\u2212", "-")) for t in texts if t not in skip]


def outer(markup: str) -> str:
    """The markup around a plot's drawing: the figure, the SVG root and title, the caption."""
    return re.sub(r"</title>.*</svg>", "</title></svg>", markup, flags=re.S)


class TestMarkup:
    def test_parses_as_xml_with_an_accessible_name_and_the_caption_as_description(self) -> None:
        figure = xml(chart())
        svg = svg_of(figure)
        caption = figure.find("figcaption")
        assert caption is not None
        assert svg.get("role") == "img"
        assert svg.get("aria-label") == "Step chart: a score over the run"
        assert svg.findtext("title") == "Step chart: a score over the run"
        assert svg.get("aria-describedby") == caption.get("id") == f"{figure.get('id')}-cap"
        assert svg.get("focusable") == "false"
        assert svg.get("preserveAspectRatio") == "xMidYMid meet"
        assert svg.get("width") is None
        assert svg.get("height") is None

    def test_viewbox_is_the_size_in_inches_at_72_per_inch(self) -> None:
        svg = svg_of(xml(chart(size=(5.0, 2.0))))
        assert svg.get("viewBox") == "0 0 360 144"

    def test_outer_markup_is_that_of_a_matplotlib_figure_from_page_figure(self) -> None:
        def draw(fig: Figure) -> None:
            fig.add_subplot().step([0, 10, 20, 40], [1, 3, 2, 2], where="post")

        theirs = Page().figure(
            draw,
            label="Step chart: a score over the run",
            caption_html="A score, <em>shaded</em> where listed.",
            size=(6.4, 2.4),
        )
        assert outer(chart()) == outer(theirs)

    def test_ids_are_unique_across_charts_on_one_page(self) -> None:
        p = Page()
        markup = chart(p) + chart(p)
        ids = [e.get("id") for f in figures(markup) for e in f.iter() if e.get("id") is not None]
        assert len(ids) == 4
        assert not [i for i, n in Counter(ids).items() if n > 1]
        for figure in figures(markup):
            ident = figure.get("id", "")
            inside = [e.get("id", "") for e in svg_of(figure).iter() if e.get("id")]
            assert all(i.startswith(f"{ident}-") for i in inside)
            assert svg_of(figure).get("aria-describedby") == f"{ident}-cap"

    def test_plain_text_is_escaped_everywhere_it_is_shown(self) -> None:
        odd = 'a <b> & "c"'
        markup = chart(lines=[StepLine(odd, BLUE, [0], [1])], x_label=odd, y_label=odd, label=odd)
        assert odd not in markup
        svg = svg_of(xml(markup))
        assert svg.get("aria-label") == odd
        assert svg.findtext("title") == odd
        texts = [t.text for t in svg.iter("text")]
        assert texts.count(odd) == 3  # the x label, the y label and the legend

    def test_caption_is_trusted_markup_kept_as_it_is(self) -> None:
        assert '<figcaption id="fig-1-cap">A score, <em>shaded</em> where listed.' in chart()

    def test_legend_names_each_line_beside_a_sample_of_its_colour(self) -> None:
        lines = [
            StepLine("score, observed", BLUE, [0, 10], [1, 2]),
            StepLine("score, true", ORANGE, [0, 20], [1, 3]),
        ]
        svg = svg_of(xml(chart(lines=lines)))
        group = svg.find("g")
        assert group is not None
        samples = [p.get("stroke") for p in group.iter("path")]
        assert samples == [BLUE, ORANGE]
        texts = [t.text for t in group.iter("text")]
        assert "score, observed" in texts
        assert "score, true" in texts


class TestLines:
    def test_a_line_passes_through_each_step_in_order(self) -> None:
        svg = svg_of(xml(chart()))
        left, top, right, bottom = plot_area(svg)
        points = vertices(line_path(svg, BLUE))
        assert len(points) == 2 * 3

        def px(x: float) -> float:
            return left + x / X_MAX * (right - left)

        expected_x = [px(0), px(10), px(10), px(20), px(20), px(X_MAX)]
        assert [x for x, _ in points] == pytest.approx(expected_x, abs=0.02)
        at_1, at_3, at_2 = points[0][1], points[2][1], points[4][1]
        assert [y for _, y in points] == [at_1, at_1, at_3, at_3, at_2, at_2]
        assert at_3 < at_2 < at_1  # up the page is up the scale
        assert at_1 - at_3 == pytest.approx(2 * (at_1 - at_2), abs=0.03)  # linear
        assert all(top <= y <= bottom for _, y in points)

    def test_a_long_line_has_two_vertices_a_step_and_never_goes_back(self) -> None:
        xs = [i * 0.9 for i in range(400)]
        ys = [600 + (i * 37 % 101) - 50 for i in range(400)]
        svg = svg_of(xml(chart(lines=[StepLine("s", BLUE, xs, ys)], spans=[(0, 365)], x_max=365)))
        left, top, right, bottom = plot_area(svg)
        points = vertices(line_path(svg, BLUE))
        assert len(points) == 2 * 400
        along = [x for x, _ in points]
        assert along == sorted(along)
        assert along[-1] == pytest.approx(right, abs=0.01)
        inside = [left - 0.02 <= x <= right + 0.02 and top <= y <= bottom for x, y in points]
        assert all(inside)  # to the rounding of the rect's corner and size

    def test_steps_past_the_end_of_the_axis_are_cut_at_it(self) -> None:
        line = StepLine("s", BLUE, [0, 30, 50], [1, 2, 3])
        svg = svg_of(xml(chart(lines=[line])))
        _, _, right, _ = plot_area(svg)
        points = vertices(line_path(svg, BLUE))
        assert len(points) == 4  # the step at 50 starts past x_max = 40
        assert points[-1][0] == pytest.approx(right, abs=0.01)

    def test_a_value_that_is_not_a_number_breaks_the_line(self) -> None:
        line = StepLine("s", BLUE, [0, 10, 20, 30], [1, math.nan, 2, math.inf])
        d = line_path(svg_of(xml(chart(lines=[line]))), BLUE)
        assert d.count("M") == 2  # the steps at 0 and at 20, each on its own
        assert len(vertices(d)) == 4

    def test_lengths_of_xs_and_ys_must_agree(self) -> None:
        with pytest.raises(ValueError, match="2 step starts but 3 values"):
            StepLine("s", BLUE, [0, 1], [1, 2, 3])


class TestSpans:
    def test_spans_are_shaded_inside_the_plot_area(self) -> None:
        spans = [(0, X_MAX), (5, 15), (-10, 8), (30, 100), (20, 12)]
        svg = svg_of(xml(chart(spans=spans)))
        left, top, right, bottom = plot_area(svg)
        rects = svg.findall("rect")
        assert len(rects) == len(spans)
        for rect in rects:
            x, y = float(rect.get("x", "")), float(rect.get("y", ""))
            w, h = float(rect.get("width", "")), float(rect.get("height", ""))
            assert left - 0.01 <= x < x + w <= right + 0.01
            assert (y, y + h) == pytest.approx((top, bottom), abs=0.01)
            assert rect.get("fill") == VERMILION
            assert rect.get("opacity") == "0.15"

    def test_a_span_outside_the_axis_is_not_drawn(self) -> None:
        svg = svg_of(xml(chart(spans=[(50, 60), (-5, 0), (7, 7)])))
        assert svg.findall("rect") == []

    def test_span_colour_is_the_callers(self) -> None:
        svg = svg_of(xml(chart(span_colour="#123456")))
        assert svg.findall("rect")[0].get("fill") == "#123456"


class TestAxes:
    def test_ticks_are_round_numbers_in_1_2_5_steps(self) -> None:
        lines = [StepLine("s", BLUE, [0, 50, 100, 200], [600, 580, 520, 610])]
        markup = chart(lines=lines, x_max=365)
        svg = svg_of(xml(markup))
        xs = tick_values(svg, "middle", skip=("Day of the run", "Score"))
        ys = tick_values(svg, "end")
        assert xs == [0, 100, 200, 300]
        assert 4 <= len(ys) <= 6
        steps = {b - a for a, b in itertools.pairwise(ys)}
        assert len(steps) == 1
        (step,) = steps
        assert step / 10 ** math.floor(math.log10(step)) in (1, 2, 5)
        assert 520 - step < min(ys) <= max(ys) < 610 + step
        assert ">600<" in markup  # whole numbers have no decimals

    def test_axis_labels_are_text(self) -> None:
        texts = [t.text for t in svg_of(xml(chart())).iter("text")]
        assert "Day of the run" in texts
        assert "Score" in texts

    def test_numbers_have_at_most_two_decimals(self) -> None:
        line = StepLine("s", BLUE, [0, 1 / 3, 2 / 3], [1 / 7, 2 / 7, 3 / 7])
        markup = chart(lines=[line], x_max=1)
        assert not re.search(r"\d\.\d{3}", markup)


DEGENERATE: dict[str, dict[str, Any]] = {
    "a constant line": {"lines": [StepLine("s", BLUE, [0, 10], [600, 600])]},
    "no lines": {"lines": []},
    "a line of no steps": {"lines": [StepLine("s", BLUE, [], [])]},
    "no spans": {"spans": []},
    "x_max 0": {"x_max": 0},
    "x_max 1": {"x_max": 1},
    "x_max negative": {"x_max": -5},
    "x_max not a number": {"x_max": math.nan},
    "every step past x_max": {"lines": [StepLine("s", BLUE, [50, 60], [1, 2])]},
    "huge values": {"lines": [StepLine("s", BLUE, [0, 10], [1e308, -1e308])]},
    "infinite values": {"lines": [StepLine("s", BLUE, [0, 10], [math.inf, -math.inf])]},
    "a tiny range": {"lines": [StepLine("s", BLUE, [0, 10], [1.0, 1.0 + 1e-12])]},
    "a span of NaN": {"spans": [(math.nan, 5)]},
    "long labels": {
        "lines": [StepLine("a long label " * 8, BLUE, [0], [1])] * 3,
        "x_label": "x " * 100,
    },
}


class TestDegenerateInputs:
    @pytest.mark.parametrize("changes", DEGENERATE.values(), ids=DEGENERATE.keys())
    def test_draws_a_chart_with_finite_numbers(self, changes: dict[str, Any]) -> None:
        markup = chart(**changes)
        svg = svg_of(xml(markup))
        numbers = " ".join(
            value for e in svg.iter() for key, value in e.attrib.items() if key != "aria-label"
        )
        assert "nan" not in numbers.lower()
        assert "inf" not in numbers.lower()
        assert tick_values(svg, "end")  # the y axis always has ticks

    def test_a_constant_line_sits_inside_the_plot_with_ticks_around_it(self) -> None:
        line = StepLine("s", BLUE, [0, 10], [600, 600])
        svg = svg_of(xml(chart(lines=[line])))
        _, top, _, bottom = plot_area(svg)
        ys = {y for _, y in vertices(line_path(svg, BLUE))}
        assert len(ys) == 1
        assert top < ys.pop() < bottom
        ticks = tick_values(svg, "end")
        assert min(ticks) < 600 < max(ticks)
