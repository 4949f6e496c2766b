"""Plots written as plain SVG (`report.kit.plot`): well-formed, self-contained markup that says
what the data say (gaps stay gaps, a missing bar is no bar, bars start at zero) and keeps its
ids to itself when several plots share a page."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from socialcredit.report.kit.charts import BarSeries, bar_figure
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import (
    Bar,
    Chart,
    Dot,
    Grid,
    Key,
    Panel,
    Point,
    figure,
    grid_figure,
)
from socialcredit.report.kit.scale import DPI, padded_range, text_width

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> ET.Element:
    """The `<svg>` element of a captioned figure, parsed (so the markup must be well formed)."""
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    markup = html[start:end].replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
    return ET.fromstring(markup)  # noqa: S314 (markup this test made)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def one_line(xs: list[float], ys: list[float]) -> Chart:
    panel = Panel(title="T", y_label="Citizens")
    panel.line(xs, ys, "#0072B2")
    return Chart((4.8, 3.2), [panel], [Key("observed", "#0072B2")], x_label="Day")


class TestMarkup:
    def test_a_figure_is_well_formed_with_its_name_and_caption(self) -> None:
        html = figure(Page(), one_line([0, 1, 2], [1, 2, 3]), label="A <line>", caption_html="Cap")
        root = svg_of(html)
        assert root.get("role") == "img"
        assert root.get("aria-label") == "A <line>"
        assert root.get("viewBox") == f"0 0 {4.8 * DPI:g} {3.2 * DPI:g}"
        assert root.get("aria-describedby") == "fig-1-cap"
        assert '<figcaption id="fig-1-cap">Cap</figcaption>' in html
        assert {"T", "Citizens", "Day", "observed"} <= set(texts(root))

    def test_names_from_a_rulebook_are_text_never_markup(self) -> None:
        panel = Panel(title="<script>x</script>", categories=['a"b', "c&d"])
        panel.bars.append(Bar(0, 0.0, 0.8, 3.0, None, None, "#0072B2"))
        chart = Chart((4.0, 3.0), [panel], [Key("<b>k</b>", "#0072B2", kind="patch")])
        html = figure(Page(), chart, label="x", caption_html="y")
        assert "<script>" not in html
        assert "<b>" not in html
        assert {"<script>x</script>", 'a"b', "c&d", "<b>k</b>"} <= set(texts(svg_of(html)))

    def test_hatch_patterns_belong_to_their_own_figure(self) -> None:
        page = Page()
        series = [
            BarSeries("observed", "#0072B2", [(1.0, None, None), (2.0, None, None)]),
            BarSeries("true", "#E69F00", [(2.0, None, None), (1.0, None, None)], "///"),
        ]
        first = bar_figure(page, ["a", "b"], series, label="one", caption_html="")
        second = bar_figure(page, ["a", "b"], series, label="two", caption_html="")
        ids = []
        for html, ident in ((first, "fig-1"), (second, "fig-2")):
            root = svg_of(html)
            defined = {e.get("id", "") for e in root.iter()} - {""}
            used = set(re.findall(r"url\(#([^)]+)\)", html))
            assert used
            assert used <= defined
            assert all(i.startswith(f"{ident}-") for i in defined)
            ids += sorted(defined)
        assert len(ids) == len(set(ids))


class TestWhatIsDrawn:
    def test_a_gap_in_the_values_breaks_the_line(self) -> None:
        html = figure(
            Page(), one_line([0, 1, 2, 3, 4], [1, 2, math.nan, 3, 4]), label="x", caption_html=""
        )
        paths = [p.get("d") or "" for p in svg_of(html).iter(f"{SVG}path")]
        line = next(d for d in paths if d.count("L") == 2)
        assert line.count("M") == 2

    def test_a_missing_bar_is_no_bar_and_bars_start_at_zero(self) -> None:
        series = [
            BarSeries("s", "#0072B2", [(5.0, 4.0, 6.0), (None, None, None), (2.0, None, None)])
        ]
        html = bar_figure(Page(), ["a", "b", "c"], series, label="x", caption_html="")
        root = svg_of(html)
        rects = [r for r in root.iter(f"{SVG}rect")]
        assert len(rects) == 2
        labels = texts(root)
        assert "0" in labels
        assert "b" in labels
        # The bars stand on the same baseline: the zero tick's line.
        bottoms = {round(float(r.get("y", 0)) + float(r.get("height", 0)), 1) for r in rects}
        assert len(bottoms) == 1

    def test_horizontal_bars_put_the_first_category_on_top(self) -> None:
        series = [BarSeries("s", "#0072B2", [(1.0, None, None), (2.0, None, None)])]
        html = bar_figure(
            Page(), ["first", "second"], series, label="x", caption_html="", horizontal=True
        )
        root = svg_of(html)
        where = {"".join(t.itertext()): float(t.get("y", 0)) for t in root.iter(f"{SVG}text")}
        assert where["first"] < where["second"]
        widths = [float(r.get("width", 0)) for r in root.iter(f"{SVG}rect")]
        assert widths[1] == 2 * widths[0] or math.isclose(widths[1], 2 * widths[0], abs_tol=0.02)

    def test_a_dot_plot_axis_need_not_start_at_zero(self) -> None:
        panel = Panel(categories=["a", "b"], from_zero=False)
        panel.dots += [
            Dot(0, 0.0, 980.0, 975.0, 985.0, "#0072B2", "o"),
            Dot(1, 0.0, 1010.0, None, None, "#E69F00", "s"),
        ]
        root = svg_of(figure(Page(), Chart((4.0, 3.0), [panel]), label="x", caption_html=""))
        numbers = [float(t.replace(",", "")) for t in texts(root) if t[:1].isdigit()]
        assert min(numbers) > 900
        assert len(list(root.iter(f"{SVG}circle"))) == 1

    def test_an_empty_panel_says_so(self) -> None:
        chart = Chart((4.0, 3.0), [Panel(title="Nothing", empty="Only one grade")])
        root = svg_of(figure(Page(), chart, label="x", caption_html=""))
        assert "Only one grade" in texts(root)
        assert not list(root.iter(f"{SVG}rect"))

    def test_the_legend_wraps_inside_the_figure(self) -> None:
        keys = [Key(f"a rather long legend entry {i}", "#0072B2") for i in range(6)]
        chart = Chart((4.0, 3.0), [Panel()], keys)
        root = svg_of(figure(Page(), chart, label="x", caption_html=""))
        width = 4.0 * DPI
        entries = [t for t in root.iter(f"{SVG}text") if "legend entry" in "".join(t.itertext())]
        assert len(entries) == 6
        assert len({t.get("y") for t in entries}) > 1
        for t in entries:
            assert float(t.get("x", 0)) + text_width("".join(t.itertext())) <= width


class TestAwkwardValues:
    def test_values_written_at_the_ends_of_horizontal_bars_fit_the_figure(self) -> None:
        series = [BarSeries("s", "#0072B2", [(12345.0, None, None), (20.0, None, None)])]
        html = bar_figure(Page(), ["a", "b"], series, label="x", caption_html="", horizontal=True)
        root = svg_of(html)
        width = float((root.get("viewBox") or "").split()[2])
        labels = [t for t in root.iter(f"{SVG}text") if t.get("font-size") == "9.5"]
        assert {"".join(t.itertext()) for t in labels} == {"12,345", "20"}
        for t in labels:
            assert float(t.get("x", 0)) + text_width("".join(t.itertext()), 9.5) <= width

    def test_negative_bars_hang_from_zero_inside_the_frame(self) -> None:
        series = [BarSeries("s", "#0072B2", [(-5.0, None, None), (-3.0, None, None)])]
        root = svg_of(bar_figure(Page(), ["a", "b"], series, label="x", caption_html=""))
        assert "0" in texts(root)
        height = float((root.get("viewBox") or "").split()[3])
        for rect in root.iter(f"{SVG}rect"):
            assert 0 <= float(rect.get("y", -1)) <= height

    def test_a_count_whisker_below_zero_is_cut_at_the_axis(self) -> None:
        series = [BarSeries("s", "#0072B2", [(2.0, -1.0, 5.0)])]
        root = svg_of(bar_figure(Page(), ["a"], series, label="x", caption_html=""))
        assert not [t for t in texts(root) if t.startswith("\u2212")]  # no negative tick
        rect = next(root.iter(f"{SVG}rect"))
        baseline = float(rect.get("y", 0)) + float(rect.get("height", 0))
        whisker = next(
            p.get("d", "") for p in root.iter(f"{SVG}path") if p.get("stroke") == "#333333"
        )
        # "M{x} {bottom}V{top}…": the whisker's bottom end is the first point.
        bottom = float(whisker.split("V")[0].split()[1])
        assert bottom <= baseline + 0.01

    def test_a_value_that_is_not_a_number_draws_nothing(self) -> None:
        series = [BarSeries("s", "#0072B2", [(math.nan, None, None), (2.0, None, None)])]
        html = bar_figure(Page(), ["a", "b"], series, label="x", caption_html="")
        assert "nan" not in html
        assert len(list(svg_of(html).iter(f"{SVG}rect"))) == 1


class TestRanges:
    def test_counts_start_at_zero_with_a_margin_above(self) -> None:
        assert padded_range([3.0, 10.0], zero=True) == (0.0, 10.5)

    def test_a_flat_series_gets_a_band_around_it(self) -> None:
        lo, hi = padded_range([5.0, 5.0], zero=False)
        assert lo < 5.0 < hi

    def test_a_range_of_tiny_values_is_not_flattened(self) -> None:
        lo, hi = padded_range([1e-12, 2e-12], zero=False)
        assert lo < 1e-12 < 2e-12 < hi < 1e-11

    def test_values_that_are_not_numbers_are_left_out(self) -> None:
        assert padded_range([math.nan, math.inf, 2.0, 4.0], zero=False) == (1.9, 4.1)


def circles(root: ET.Element) -> list[tuple[float, float, float]]:
    return [
        (float(c.get("cx", 0)), float(c.get("cy", 0)), float(c.get("r", 0)))
        for c in root.iter(f"{SVG}circle")
    ]


class TestScatter:
    def test_points_sit_where_their_values_say_with_whiskers_both_ways(self) -> None:
        panel = Panel(from_zero=False)
        panel.points += [
            Point(1.0, 10.0, "#0072B2", x_low=0.5, x_high=1.5, y_low=8.0, y_high=12.0),
            Point(3.0, 30.0, "#0072B2", radius=2.0),
        ]
        root = svg_of(figure(Page(), Chart((4.0, 3.0), [panel]), label="x", caption_html=""))
        (x1, y1, r1), (x2, y2, r2) = circles(root)
        assert x1 < x2
        assert y1 > y2
        assert (r1, r2) == (3.5, 2.0)
        whisker = next(
            p.get("d", "") for p in root.iter(f"{SVG}path") if p.get("stroke-width") == "1"
        )
        assert whisker.count("H") == 1
        assert whisker.count("V") == 1
        # The scatter keeps its points off the frame: the lowest whisker's end is inside it.
        frame = next(
            p.get("d", "")
            for p in root.iter(f"{SVG}path")
            if re.fullmatch(r"M[\d.]+ [\d.]+V[\d.]+H[\d.]+", p.get("d", ""))
        )
        left = float(frame[1:].split(" ")[0])
        lowest = float(whisker[1:].split(" ")[0])  # "M{x of x_low} {y}H…"
        assert lowest > left + 2

    def test_a_label_stays_inside_the_plot_and_a_span_is_drawn_behind(self) -> None:
        panel = Panel(from_zero=False)
        panel.points += [
            Point(0.0, 1.0, "#0072B2", label="v001", span=(0.5, 1.5)),
            Point(10.0, 2.0, "#0072B2", label="a long label at the right edge"),
        ]
        html = figure(Page(), Chart((4.0, 3.0), [panel]), label="x", caption_html="")
        root = svg_of(html)
        labels = {"".join(t.itertext()): t for t in root.iter(f"{SVG}text") if t.get("font-size")}
        assert labels["v001"].get("text-anchor") is None  # to the right of its point
        assert labels["a long label at the right edge"].get("text-anchor") == "end"
        assert any(p.get("stroke-opacity") == "0.3" for p in root.iter(f"{SVG}path"))
        assert html.index('stroke-width="7"') < html.index("<circle")

    def test_a_value_that_is_not_a_number_draws_no_point(self) -> None:
        panel = Panel(from_zero=False)
        panel.points += [Point(math.nan, 1.0, "#0072B2"), Point(1.0, 2.0, "#0072B2")]
        root = svg_of(figure(Page(), Chart((4.0, 3.0), [panel]), label="x", caption_html=""))
        assert len(circles(root)) == 1

    def test_rules_are_in_range_and_ticks_take_the_panels_formats(self) -> None:
        panel = Panel(
            from_zero=False,
            rules=[0.0],
            x_format=lambda v: f"{100 * v:.0f}%",
            value_format=lambda v: f"<{v:g}>",
        )
        panel.points.append(Point(0.5, 10.0, "#0072B2"))
        root = svg_of(figure(Page(), Chart((4.0, 3.0), [panel]), label="x", caption_html=""))
        labels = texts(root)
        assert "<0>" in labels  # the rule's value is on the axis, written by the format
        assert any(t.endswith("%") for t in labels)

    def test_a_two_line_axis_label_gets_two_lines(self) -> None:
        panel = Panel(y_label="first line\nsecond line")
        panel.line([0.0, 1.0], [1.0, 2.0], "#0072B2")
        root = svg_of(figure(Page(), Chart((4.0, 3.0), [panel]), label="x", caption_html=""))
        assert {"first line", "second line"} <= set(texts(root))


class TestGrid:
    def _grid(self, n: int) -> Grid:
        charts = []
        for i in range(n):
            panel = Panel(title=f"outcome {i} with a title far too long for a narrow cell")
            panel.line([0.0, 1.0], [float(i), float(i + 1)], "#0072B2")
            charts.append(Chart((1.0, 1.0), [panel]))
        return Grid((7.2, 6.0), charts, 2, [Key("a × b", "#0072B2")], x_label="the input")

    def test_charts_sit_in_their_cells_under_one_legend(self) -> None:
        html = grid_figure(Page(), self._grid(3), label="g", caption_html="")
        root = svg_of(html)
        moves = [g.get("transform") for g in root.iter(f"{SVG}g") if g.get("transform")]
        assert moves == ["translate(0 0)", "translate(259.2 0)", "translate(0 195.75)"]
        labels = texts(root)
        assert labels.count("a × b") == 1
        assert labels.count("the input") == 1

    def test_titles_are_cut_to_their_cell(self) -> None:
        root = svg_of(grid_figure(Page(), self._grid(2), label="g", caption_html=""))
        titles = [t for t in texts(root) if t.startswith("outcome")]
        assert len(titles) == 2
        assert all(t.endswith("\u2026") for t in titles)
        assert all(text_width(t, 11.5) <= 7.2 * DPI / 2 for t in titles)
