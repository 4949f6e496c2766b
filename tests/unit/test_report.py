"""The offline HTML reports: complete, accessible, self-contained pages that survive odd runs.

The pages are built from small runs made up here (two seeds, ten days), not from a simulation,
so each test says exactly which figures the page was given. The HTML is walked with the
standard library's parser, as a browser would read it, rather than searched as a string.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pyarrow as pa
import pytest

from socialcredit.simulation.outputs import StoredRun
from socialcredit.simulation.report import (
    render_comparison,
    render_report,
    render_reputation_report,
)

GROUPS = ("majority", "minority")
SERVICES = ("school", "job", "housing", "loan", "internet", "train", "flight")
GRADES = ("AAA", "AA", "A", "B", "C", "D")
DASH = "\u2014"
MALICIOUS = "<script>alert(1)</script>"


# --------------------------------------------------------------------------------------------
# Sample runs
# --------------------------------------------------------------------------------------------


def make_series(
    seeds: Sequence[int] = (0, 1),
    days: int = 10,
    groups: Sequence[str] = GROUPS,
    services: Sequence[str] = SERVICES,
    grades: Sequence[str] = GRADES,
    citizens: int = 300,
) -> pa.Table:
    """A series table shaped like `outputs.series_table`: one row per (seed, day)."""
    rng = np.random.default_rng(7)
    rows = len(seeds) * days
    ramp = np.tile(np.arange(days, dtype=np.float64), len(seeds))

    def noisy(scale: float) -> pa.Array:
        return pa.array(np.round(scale * ramp + rng.integers(0, 3, rows)).astype(np.float64))

    cols: dict[str, Any] = {
        "seed": pa.array(np.repeat(np.asarray(seeds, dtype=np.int64), days)),
        "day": pa.array(np.tile(np.arange(days, dtype=np.int32), len(seeds))),
        "date": pa.array(
            [date(2026, 1, 1) + timedelta(days=d) for d in range(days)] * len(seeds),
            type=pa.date32(),
        ),
    }
    for i, g in enumerate(grades):
        share = 0.9 if g == "A" else 0.1 / max(1, len(grades) - 1)
        cols[f"grade:{g}"] = pa.array(np.full(rows, round(citizens * share) + i, np.float64))
        cols[f"grade_true:{g}"] = pa.array(np.full(rows, round(citizens * share), np.float64))
    for name, scale in [
        ("watch", 2.0),
        ("black", 1.0),
        ("black_in_force", 0.8),
        ("black_true", 1.2),
        ("black_wrongful", 0.2),
        ("black_missed", 0.3),
        ("red", 0.5),
        ("red_true", 0.6),
        ("red_wrongful", 0.1),
        ("acts_good", 3.0),
        ("acts_bad", 0.5),
        ("entries", 4.0),
        ("false_entries", 0.1),
    ]:
        cols[name] = noisy(scale)
    for g in groups:
        cols[f"black:{g}"] = noisy(0.5)
        cols[f"black_wrongful:{g}"] = noisy(0.1)
        cols[f"acts_good:{g}"] = noisy(1.5)
        cols[f"acts_bad:{g}"] = noisy(0.25)
        cols[f"citizens:{g}"] = pa.array(np.full(rows, citizens / len(groups)))
        cols[f"mean_score:{g}"] = pa.array(1000 - ramp)
        cols[f"mean_score_true:{g}"] = pa.array(1000 + ramp)
    for s in services:
        for prefix in ("deny", "conditional", "deny_true", "deny_wrongful", "restricted_wrongful"):
            cols[f"{prefix}:{s}"] = noisy(0.3)
        for g in groups:
            cols[f"deny:{s}:{g}"] = noisy(0.15)
            cols[f"deny_wrongful:{s}:{g}"] = noisy(0.05)
    return pa.table(cols)


def _interval(mean: float, n: int) -> dict[str, Any]:
    if n < 2:
        return {"mean": mean, "low": None, "high": None, "n": n}
    half = 0.1 * abs(mean) + 0.5
    return {"mean": mean, "low": mean - half, "high": mean + half, "n": n}


def make_metrics(
    seeds: Sequence[int] = (0, 1),
    *,
    policy: str = "test-policy",
    scenario: str = "test-town",
    groups: Sequence[str] = GROUPS,
    services: Sequence[str] = SERVICES,
    grades: Sequence[str] = GRADES,
    sensitive: Sequence[str] = (),
    values: dict[str, float] | None = None,
) -> dict[str, Any]:
    """A metrics document shaped like `summary.combine`, every figure given a distinct value."""
    names = [
        "black.final",
        "black_true.final",
        "black_wrongful.final",
        "black_missed.final",
        "black_wrongful_share.final",
        "black_wrongful.citizen_days",
        "red.final",
        "red_true.final",
        "ever_blacklisted_per_1000",
        "ever_wrongly_blacklisted_per_1000",
        "collectors.honest.upheld_share",
        "collectors.malicious.upheld_share",
        "disparity.blacklisted_ratio",
        "disparity.wrongly_blacklisted_ratio",
        "behaviour.bad_acts_per_1000_day.first",
        "behaviour.bad_acts_per_1000_day.last",
        "behaviour.bad_acts_change",
        "behaviour.good_acts_change",
    ]
    for g in grades:
        names += [f"grade.{g}.final", f"grade_true.{g}.final"]
    for s in services:
        names += [
            f"deny.{s}.final",
            f"deny_true.{s}.final",
            f"deny_wrongful.{s}.final",
            f"conditional.{s}.final",
            f"deny_wrongful.{s}.citizen_days",
            f"restricted_wrongful.{s}.citizen_days",
        ]
    for g in groups:
        names += [
            f"group.{g}.citizens",
            f"group.{g}.ever_blacklisted_per_1000",
            f"group.{g}.ever_wrongly_blacklisted_per_1000",
            f"group.{g}.mean_score.final",
            f"group.{g}.mean_score_true.final",
        ]
        names += [f"group.{g}.deny_wrongful.{s}.citizen_days_per_1000" for s in services]
    flat = {name: float(i + 1) for i, name in enumerate(names)}
    for name in flat:
        if name.endswith(("share.final", "upheld_share")):
            flat[name] = 0.25
        elif name.endswith("_change"):
            flat[name] = -0.05
    flat.update(values or {})
    categories = ["civic", "financial", *sensitive]
    return {
        "policy": {
            "name": policy,
            "hash": "0123456789abcdef" * 4,
            "footprint": {
                "categories_enabled": categories,
                "sensitive_categories_enabled": list(sensitive),
                "legal_bases": {c: f"Basis for {c}" for c in sensitive},
                "feeds": ["bank", "court_records"],
                "collectors": True,
                "collector_review_required": not sensitive,
                "consent_required": not sensitive,
                "published_lists": {"black": "masked", "red": "full"},
            },
        },
        "scenario": {
            "kind": "population",
            "name": scenario,
            "description": "A small made-up town.",
            "population": {
                "citizens": 300,
                "days": 10,
                "groups": [{"name": g, "share": 1 / len(groups)} for g in groups],
            },
        },
        "citizens": 300,
        "days": 10,
        "seeds": list(seeds),
        "metrics": {k: _interval(v, len(seeds)) for k, v in flat.items()},
        "runs": [{"seed": s, "metrics": dict(flat)} for s in seeds],
        "score_histogram": {"bins": list(range(0, 1501, 10)), "observed": [], "true": []},
    }


def reputation_result() -> dict[str, Any]:
    return {
        "kind": "reputation-game",
        "scenario": {
            "kind": "reputation-game",
            "name": "stern-judging",
            "norm": "L6",
            "citizens": 100,
            "replicates": 10,
            "execution_error": 0.05,
            "assessment_error": 0.02,
            "benefit": 3.0,
            "cost": 1.0,
        },
        "good_share": {"mean": 0.905, "low": 0.9, "high": 0.91},
        "cooperation_rate": {"mean": 0.86, "low": 0.855, "high": 0.865},
        "mean_payoff": {"mean": 1.7, "low": 1.68, "high": 1.72},
        "analytic_good_share": 0.9031,
        "analytic_cooperation_rate": 0.8712,
        "exact_good_share": 0.9064,
        "exact_cooperation_rate": 0.8614,
        "series": [1.0 - 0.1 * (1 - 0.8**i) for i in range(40)],
        "series_rounds": [100 * i for i in range(40)],
    }


# --------------------------------------------------------------------------------------------
# A small DOM, built with the standard library's HTML parser
# --------------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def all(self, tag: str) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and n is not self]

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"stray </{tag}>"
        assert node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> never closed"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def table_rows(doc: Node, caption: str) -> dict[str, list[str]]:
    """The table whose caption starts with `caption`, as row header text -> cell texts."""
    for table in doc.all("table"):
        cap = table.all("caption")
        if cap and cap[0].text().startswith(caption):
            rows = {}
            for tr in table.all("tr"):
                head = [c for c in tr.children if isinstance(c, Node) and c.tag == "th"]
                cells = [c.text() for c in tr.children if isinstance(c, Node) and c.tag == "td"]
                if head and cells:
                    rows[head[0].text()] = cells
            return rows
    raise AssertionError(f"no table captioned {caption!r}")


def row(rows: dict[str, list[str]], label: str) -> list[str]:
    """The row headed `label`, or else the one row whose header starts with it (the header
    may carry an explanation after the label)."""
    if label in rows:
        return rows[label]
    matches = [cells for head, cells in rows.items() if head.startswith(label)]
    assert len(matches) == 1, f"{label!r} matches {len(matches)} rows: {list(rows)}"
    return matches[0]


def svg_text(svg: Node) -> str:
    return " ".join(t.text() for t in svg.all("text"))


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> str:
    return render_report(make_metrics(), make_series())


@pytest.fixture(scope="module")
def doc(report: str) -> Node:
    return parse(report)


@pytest.fixture(scope="module")
def odd_doc() -> Node:
    """A run with gaps and edge cases: figures missing, an interval reaching below zero, and a
    disparity ratio that summary.py reports as 0 because one group has no case."""
    metrics = make_metrics()
    figures = metrics["metrics"]
    for name in (
        "black_wrongful.final",
        "collectors.malicious.upheld_share",
        "deny_wrongful.train.citizen_days",
    ):
        del figures[name]
    figures["black_missed.final"] = {"mean": 1.0, "low": -1.5, "high": 3.5, "n": 2}
    figures["disparity.wrongly_blacklisted_ratio"] = {"mean": 0.0, "low": 0.0, "high": 0.0}
    return parse(render_report(metrics, make_series()))


@pytest.fixture(scope="module")
def comparison() -> str:
    a = StoredRun(Path("runs/a"), make_metrics(policy="lenient-rules"), make_series())
    b = StoredRun(
        Path("runs/b"),
        make_metrics((0, 1, 2), policy="strict-rules", values={"black.final": 6.0}),
        make_series((0, 1, 2)),
    )
    return render_comparison(a, b)


# --------------------------------------------------------------------------------------------
# Pages in general
# --------------------------------------------------------------------------------------------


def assert_offline(doc: Node) -> None:
    for node in doc.walk():
        assert node.tag not in {"script", "link", "img", "iframe", "object", "embed"}, node.tag
        for name in ("src", "href", "xlink:href", "action", "srcset", "poster"):
            value = node.attrs.get(name, "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "data:", "javascript:")), (
                node.tag,
                name,
                value,
            )
        assert "url(http" not in node.attrs.get("style", "")


def assert_accessible_figures(doc: Node) -> None:
    figures = doc.all("figure")
    assert figures
    for fig in figures:
        assert len(fig.all("svg")) == 1, "one plot per figure"
        svg = fig.all("svg")[0]
        assert svg.attrs.get("role") == "img"
        assert svg.attrs.get("aria-label", "").strip()
        titles = [c for c in svg.children if isinstance(c, Node) and c.tag == "title"]
        assert titles
        assert titles[0].text() == svg.attrs["aria-label"]
        assert "viewbox" in svg.attrs
        assert "width" not in svg.attrs
        assert "height" not in svg.attrs
        caption = fig.all("figcaption")
        assert len(caption) == 1
        assert caption[0].text()
        assert svg.attrs.get("aria-describedby") == caption[0].attrs.get("id")


def assert_well_formed_page(doc: Node) -> None:
    html = doc.all("html")
    assert len(html) == 1
    assert html[0].attrs.get("lang") == "en"
    metas = {m.attrs.get("name"): m.attrs.get("content", "") for m in doc.all("meta")}
    assert "width=device-width" in metas.get("viewport", "")
    assert len(doc.all("h1")) == 1
    assert doc.all("title")[0].text()
    ids = [n.attrs["id"] for n in doc.walk() if "id" in n.attrs]
    duplicates = [i for i, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"duplicate ids (SVGs share the page's id space): {duplicates[:5]}"
    for th in doc.all("th"):
        assert th.attrs.get("scope") in {"col", "row"}
    for table in doc.all("table"):
        wrapper = table.parent
        assert wrapper is not None
        assert "table-wrap" in wrapper.classes()
        assert wrapper.attrs.get("tabindex") == "0"
        assert wrapper.attrs.get("role") == "region"
    assert_offline(doc)
    assert_accessible_figures(doc)


# --------------------------------------------------------------------------------------------
# The run report
# --------------------------------------------------------------------------------------------


class TestRunReport:
    def test_is_a_well_formed_self_contained_html5_page(self, doc: Node) -> None:
        assert_well_formed_page(doc)

    def test_every_section_has_a_heading_and_a_labelled_figure(self, doc: Node) -> None:
        sections = doc.all("section")
        assert [s.attrs["id"] for s in sections] == [
            "key-figures",
            "footprint",
            "grades",
            "lists",
            "wrongful",
            "denials",
            "disparity",
            "behaviour",
        ]
        for section in sections:
            assert len(section.all("h2")) == 1, section.attrs["id"]
            assert section.all("figure"), f"section {section.attrs['id']} has no figure"

    def test_includes_one_svg_per_figure(self, doc: Node) -> None:
        assert len(doc.all("svg")) == len(doc.all("figure")) >= 8

    def test_references_nothing_outside_the_page(self, report: str, doc: Node) -> None:
        assert_offline(doc)
        assert "http://" not in report
        assert "https://" not in report

    def test_skip_link_is_the_first_link_and_leads_to_main(self, doc: Node) -> None:
        first = doc.all("a")[0]
        assert first.attrs["href"] == "#main"
        main = [n for n in doc.walk() if n.attrs.get("id") == "main"]
        assert len(main) == 1
        assert main[0].tag == "main"

    def test_keeps_plot_text_as_real_text(self, doc: Node) -> None:
        # svg.fonttype "none": labels stay text a screen reader and a search can find.
        lists = next(s for s in doc.all("section") if s.attrs["id"] == "lists")
        assert "Day of the simulation" in svg_text(lists.all("svg")[0])

    def test_shows_key_figures_with_intervals_when_there_are_several_seeds(self, doc: Node) -> None:
        rows = table_rows(doc, "Key figures")
        assert row(rows, "Policy")[0].startswith("test-policy 0123456789ab")
        assert row(rows, "Seeds") == ["0, 1"]
        # black.final is the first figure, so 1.0 with a half-width of 0.6
        assert row(rows, "Blacklisted at end (observed)") == ["1 (0.4\u20131.6)"]
        assert row(rows, "Share of the black list that is wrong") == ["25.0% (0.0%\u201377.5%)"]
        assert "95% interval" in doc.text()

    def test_shows_no_interval_with_a_single_seed(self) -> None:
        doc = parse(render_report(make_metrics(seeds=(0,)), make_series(seeds=(0,))))
        rows = table_rows(doc, "Key figures")
        assert row(rows, "Blacklisted at end (observed)") == ["1"]
        for cells in rows.values():
            assert not any("\u2013" in c for c in cells), cells
        assert "One seed, so no interval" in doc.text()

    def test_intervals_never_leave_the_range_a_figure_can_take(self, odd_doc: Node) -> None:
        rows = table_rows(odd_doc, "Key figures")
        assert row(rows, "Missed at end") == ["1 (0\u20133.5)"]

    def test_escapes_names_and_descriptions_from_the_run(self) -> None:
        metrics = make_metrics(policy=MALICIOUS, scenario=MALICIOUS)
        metrics["scenario"]["description"] = '"><img src=x onerror=alert(1)>'
        metrics["policy"]["footprint"]["legal_bases"] = {"health": MALICIOUS}
        metrics["policy"]["footprint"]["sensitive_categories_enabled"] = ["health"]
        page = render_report(metrics, make_series())
        assert "<script" not in page
        assert "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        doc = parse(page)
        assert MALICIOUS in doc.all("h1")[0].text()
        assert_offline(doc)

    def test_flags_sensitive_categories_with_their_legal_basis(self) -> None:
        doc = parse(render_report(make_metrics(sensitive=["health"]), make_series()))
        footprint = next(s for s in doc.all("section") if s.attrs["id"] == "footprint")
        flags = [n for n in footprint.all("span") if "flag" in n.classes()]
        assert flags
        assert all(f.text() == "sensitive" for f in flags)
        assert "Sensitive data in use" in footprint.text()
        rows = table_rows(doc, "What the policy may collect")
        assert "health sensitive" in row(rows, "Data categories scored")[0]
        assert row(rows, "Legal basis for health") == ["Basis for health"]
        assert "SENSITIVE" in svg_text(footprint.all("svg")[0])

    def test_raises_no_flag_when_no_sensitive_category_is_scored(self, doc: Node) -> None:
        assert not [n for n in doc.walk() if "flag" in n.classes()]
        assert "No sensitive category is scored" in doc.text()

    def test_shows_a_dash_for_figures_the_run_lacks(self, odd_doc: Node) -> None:
        rows = table_rows(odd_doc, "Key figures")
        assert row(rows, "Wrongly blacklisted at end") == [DASH]
        assert row(rows, "Malicious collectors' reports upheld") == [DASH]
        assert row(table_rows(odd_doc, "Denials and wrongful denials"), "train")[3] == DASH

    def test_still_renders_every_section_from_an_empty_run(self) -> None:
        empty = pa.table({"seed": pa.array([], pa.int64()), "day": pa.array([], pa.int32())})
        doc = parse(render_report({}, empty))
        assert len(doc.all("section")) == 8
        assert_well_formed_page(doc)
        assert row(table_rows(doc, "Key figures"), "Blacklisted at end (observed)") == [DASH]

    def test_takes_grades_services_and_groups_from_the_data(self) -> None:
        metrics = make_metrics(groups=["north", "south", "east"], services=["bus"])
        series = make_series(groups=["north", "south", "east"], services=["bus"], grades=["X"])
        doc = parse(render_report(metrics, series))
        assert set(table_rows(doc, "Figures by group")) == {"north", "south", "east"}
        assert set(table_rows(doc, "Denials and wrongful denials")) == {"bus"}
        assert set(table_rows(doc, "Citizens per grade")) == {"X"}

    def test_copes_with_unusual_names(self) -> None:
        # "$" would start matplotlib mathtext, CJK is missing from its font, and a very long
        # name once squeezed the plot area to nothing: none may fail or warn.
        groups = ["$x^$", "\u540d\u524d", "g" * 80]
        metrics = make_metrics(policy="$a$ \\frac", groups=groups, services=["bus$"])
        doc = parse(render_report(metrics, make_series(groups=groups, services=["bus$"])))
        assert set(table_rows(doc, "Figures by group")) == set(groups)
        assert "$a$ \\frac" in doc.all("h1")[0].text()

    def test_reports_an_undefined_disparity_ratio_as_such(self, odd_doc: Node) -> None:
        rows = table_rows(odd_doc, "Disparity ratios")
        assert row(rows, "Wrongly blacklisted")[0].startswith("undefined")
        assert row(rows, "Blacklisted")[0] != DASH

    def test_leaves_matplotlib_settings_as_it_found_them(self) -> None:
        before = copy.deepcopy(dict(matplotlib.rcParams))
        render_report(make_metrics(), make_series())
        assert dict(matplotlib.rcParams) == before

    def test_is_reproducible(self, report: str) -> None:
        assert render_report(make_metrics(), make_series()) == report


# --------------------------------------------------------------------------------------------
# Two runs side by side
# --------------------------------------------------------------------------------------------


class TestComparison:
    def test_is_a_well_formed_self_contained_html5_page(self, comparison: str) -> None:
        assert_well_formed_page(parse(comparison))

    def test_names_both_policies_and_shows_b_minus_a(self, comparison: str) -> None:
        doc = parse(comparison)
        assert "lenient-rules" in doc.all("h1")[0].text()
        assert "strict-rules" in doc.all("h1")[0].text()
        table = next(t for t in doc.all("table") if t.all("caption")[0].text() == "Key figures")
        heads = [th.text() for th in table.all("thead")[0].all("th")]
        assert heads[0] == "Figure"
        assert heads[-1] == "B \u2212 A"
        assert "lenient-rules" in heads[1]
        assert "strict-rules" in heads[2]
        rows = table_rows(doc, "Key figures")
        assert row(rows, "Policy")[:2] == ["lenient-rules", "strict-rules"]
        # A has 2 seeds and black.final 1.0; B has 3 seeds and black.final 6.0.
        assert row(rows, "Blacklisted at end (observed)") == [
            "1 (0.4\u20131.6)",
            "6 (4.9\u20137.1)",
            "+5",
        ]
        assert row(rows, "Seeds") == ["2", "3", "+1"]

    def test_draws_both_runs_on_the_same_axes(self, comparison: str) -> None:
        doc = parse(comparison)
        lists = next(s for s in doc.all("section") if s.attrs["id"] == "lists")
        text = svg_text(lists.all("svg")[0])
        assert "A: lenient-rules \u00b7 test-town" in text
        assert "B: strict-rules \u00b7 test-town" in text
        assert "solid" in lists.all("figcaption")[0].text() or "A solid" in comparison

    def test_uses_the_union_of_groups_and_services(self) -> None:
        a = StoredRun(Path("a"), make_metrics(services=["train"]), make_series(services=["train"]))
        groups = ["north", "south"]
        b = StoredRun(
            Path("b"),
            make_metrics(groups=groups, services=["train", "ferry"]),
            make_series(groups=groups, services=["train", "ferry"]),
        )
        doc = parse(render_comparison(a, b))
        rows = table_rows(doc, "Key figures")
        assert row(rows, "Wrongful ferry-denial citizen-days")[0] == DASH
        assert row(rows, "Wrongful ferry-denial citizen-days")[2] == DASH
        assert row(rows, "north: ever blacklisted per 1,000")[0] == DASH
        assert row(rows, "majority: ever blacklisted per 1,000")[1] == DASH
        assert set(table_rows(doc, "Wrongful-denial citizen-days per service")) == {
            "train",
            "ferry",
        }

    def test_escapes_names_from_either_run(self) -> None:
        a = StoredRun(Path(MALICIOUS), make_metrics(policy=MALICIOUS), make_series())
        b = StoredRun(Path("b"), make_metrics(scenario=MALICIOUS), make_series())
        page = render_comparison(a, b)
        assert "<script" not in page
        assert_offline(parse(page))


# --------------------------------------------------------------------------------------------
# The reputation game
# --------------------------------------------------------------------------------------------


class TestReputationReport:
    def test_is_a_well_formed_self_contained_html5_page(self) -> None:
        assert_well_formed_page(parse(render_reputation_report(reputation_result())))

    def test_sets_simulation_against_the_analytic_and_exact_values(self) -> None:
        doc = parse(render_reputation_report(reputation_result()))
        rows = table_rows(doc, "Simulation against the analytic references")
        assert row(rows, "Good share") == [
            "0.905 (0.900\u20130.910)",
            "0.903",
            "yes",
            "0.906",
            "yes",
        ]
        assert row(rows, "Cooperation rate") == [
            "0.860 (0.855\u20130.865)",
            "0.871",
            "no",
            "0.861",
            "yes",
        ]
        assert row(rows, "Mean payoff")[1:] == [DASH, DASH, DASH, DASH]

    def test_plots_the_good_share_with_the_analytic_level(self) -> None:
        doc = parse(render_reputation_report(reputation_result()))
        series = next(s for s in doc.all("section") if s.attrs["id"] == "series")
        assert "mean-field 0.903" in svg_text(series.all("svg")[0])

    def test_shows_the_scenario_escaped(self) -> None:
        result = reputation_result()
        result["scenario"]["name"] = MALICIOUS
        page = render_reputation_report(result)
        assert "<script" not in page
        assert row(table_rows(parse(page), "Scenario"), "norm") == ["L6"]

    def test_tolerates_a_result_with_keys_missing(self) -> None:
        doc = parse(render_reputation_report({}))
        assert_well_formed_page(doc)
        rows = table_rows(doc, "Simulation against the analytic references")
        assert row(rows, "Good share") == [DASH] * 5
