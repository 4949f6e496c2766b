"""Shared helpers of the tests: small real runs, resized scenarios, a catalogue that declares
metrics of a later version, and a small HTML DOM.

Runs are made by the engine and written through the run store's own record and table, so every
page a test renders comes from a real simulation, not from hand-typed figures.
"""

from __future__ import annotations

import functools
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialcredit.domain.catalogue import CATALOGUE, Metric, Peak
from socialcredit.domain.catalogue.series import CITIZENS
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_batch
from socialcredit.inputs import load_policy, load_population_scenario, shipped_text
from socialcredit.report import render_comparison
from socialcredit.runs.differences import differences
from socialcredit.runs.document import population_record, series_table
from socialcredit.runs.schema import PopulationRecord
from socialcredit.runs.store import (
    METRICS,
    SERIES,
    StoredRun,
    parquet_bytes,
    read_run,
    record_bytes,
    write_run_directory,
)


def scenario(
    shipped: str, /, *, citizens: int = 4000, days: int = 180, **changes: Any
) -> PopulationScenario:
    """A shipped scenario, resized, with `changes` merged in by path (`observation__review=...`)."""
    data = load_population_scenario(shipped).model_dump()
    data["population"].update(citizens=citizens, days=days)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = data
        for p in parents:
            node = node[p]
        node[leaf] = value
    return PopulationScenario.model_validate(data)


def edited_scenario(tmp_path: Path, shipped: str, edit_from: str, edit_to: str) -> tuple[Path, str]:
    """A shipped scenario's file with one edit, written to `tmp_path`: its path and text."""
    text = shipped_text("scenario", shipped)
    assert edit_from in text
    text = text.replace(edit_from, edit_to, 1)
    path = tmp_path / "town.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str) -> int:
    """The first line of `text` (from 1) that holds `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def stored_run(
    policy: Policy, scenario: PopulationScenario, seeds: Sequence[int], name: str = "run"
) -> StoredRun:
    """A real run, written by the run store into a fresh folder and read back from it."""
    runs = run_batch([policy], [scenario], list(seeds))[0, 0]
    folder = Path(tempfile.mkdtemp(prefix="socialcredit-test-")) / name
    files = {
        METRICS: record_bytes(population_record(runs)),
        SERIES: parquet_bytes(series_table(runs)),
    }
    write_run_directory(folder, files)
    return read_run(folder)


def compare_page(*stored: StoredRun) -> str:
    """The comparison page of `stored`, with the differences computed first as the command line
    does."""
    records = [s.record for s in stored if isinstance(s.record, PopulationRecord)]
    return render_comparison(*stored, differences=differences(records))


@functools.cache
def small_run(
    policy: str = "classic",
    scenario_name: str = "biased-collectors",
    seeds: tuple[int, ...] = (0, 1),
    citizens: int = 2000,
    days: int = 120,
    **changes: Any,
) -> StoredRun:
    """A real run of a small town (cached: runs are reused across tests, never changed)."""
    sc = scenario(scenario_name, citizens=citizens, days=days, **changes)
    return stored_run(load_policy(policy), sc, seeds, f"{policy}-{scenario_name}")


LATER_METRICS = (
    Metric(
        name="black_wrongful.peak",
        label="Most wrongly blacklisted on one day",
        unit=CITIZENS,
        kind="count",
        harmful="higher",
        description="The most citizens wrongly on the black list on any one day.",
        formula=Peak("black_wrongful"),
        headline=True,
    ),
    Metric(
        name="denied.{service}.peak",
        label="Most denied {service} on one day",
        unit=CITIZENS,
        kind="count",
        harmful="higher",
        description="The most citizens refused {service} on any one day.",
        formula=Peak("denied.{service}"),
        headline=True,
        column="most denied on one day",
    ),
)
"""Metrics a later catalogue might declare: a headline figure, and one per service."""


def declare(monkeypatch: pytest.MonkeyPatch, *metrics: Metric) -> None:
    """For the rest of the test, the catalogue declares `metrics` after its own, as a later
    version of the lab would."""
    monkeypatch.setitem(vars(CATALOGUE), "metrics", (*CATALOGUE.metrics, *metrics))
    monkeypatch.setitem(vars(CATALOGUE), "_index", {})


def retire(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """For the rest of the test, the catalogue no longer declares the metric `name`."""
    kept = tuple(m for m in CATALOGUE.metrics if m.name != name)
    assert len(kept) == len(CATALOGUE.metrics) - 1, name
    monkeypatch.setitem(vars(CATALOGUE), "metrics", kept)
    monkeypatch.setitem(vars(CATALOGUE), "_index", {})


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
    matches = [cells for head, cells in rows.items() if head.startswith(label + " ")]
    assert len(matches) == 1, f"{label!r} matches {len(matches)} rows: {list(rows)}"
    return matches[0]


def svg_text(svg: Node) -> str:
    return " ".join(t.text() for t in svg.all("text"))


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


def assert_well_formed_page(doc: Node, *, figures: bool = True) -> None:
    """A complete, offline HTML5 page whose tables scroll in their own wrapper; with `figures`,
    it has plots and each is labelled and captioned."""
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
    if figures:
        assert_accessible_figures(doc)
    else:
        assert doc.all("figure") == []


SMALL_GRID = """kind: experiment
name: small-grid
description: A small grid for the tests.
policies: [none, default, classic]
scenarios: [biased-collectors]
levers:
  - {path: policy.lists.black.enter.score_below, values: [850, 890]}
uncertainties:
  - {path: scenario.observation.collectors.bias.factor, values: [1, 4]}
citizens: 300
days: 40
seeds: 2
response_range: false
"""

# The black list is entered below at most 950, under where `classic` lets a citizen leave it
# (960); over 120 days enough scores fall that far for the threshold to matter.
SMALL_MORRIS = """kind: experiment
name: small-morris
policies: [none, classic]
scenarios: [biased-collectors]
levers:
  - {path: policy.lists.black.enter.score_below, range: [850, 950]}
uncertainties:
  - {path: scenario.observation.collectors.false_report_rate, range: [0.0, 0.5]}
sampling: {method: morris, samples: 2}
citizens: 300
days: 120
seeds: 2
outcomes: [ever_blacklisted_per_1000, ever_wrongly_blacklisted_per_1000]
response_range: false
"""


@functools.cache
def small_experiment(text: str) -> Any:
    """A small experiment, really run (in this process) into a fresh directory: its `Results`."""
    from socialcredit.experiment import load_experiment, resolve, run_experiment
    from socialcredit.experiment.store import open_directory

    folder = Path(tempfile.mkdtemp(prefix="socialcredit-experiment-"))
    file = folder / "experiment.yaml"
    file.write_text(text, encoding="utf-8")
    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=folder)
    journal = open_directory(folder / "out", resolved.document(), force=False, option="--out")
    return run_experiment(resolved, journal)


def with_ranges(town: PopulationScenario, ranges: dict[str, Any]) -> PopulationScenario:
    """`town` with its responses' plausible ranges replaced by `ranges` (none: no ranges)."""
    data = town.model_dump(mode="json")
    data["behaviour"]["ranges"] = ranges
    return PopulationScenario.model_validate(data)


def write_scenario(town: PopulationScenario, path: Path) -> Path:
    """`town` as a scenario file at `path`."""
    path.write_text(yaml.safe_dump(town.model_dump(mode="json"), sort_keys=False), "utf-8")
    return path
