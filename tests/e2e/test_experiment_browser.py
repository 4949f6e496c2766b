"""The experiment report in a real browser: the frontier, the effects, the analysis, offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socialcredit.experiment import frontier
from socialcredit.experiment.analysis import discover, parse_condition, sensitivity
from socialcredit.experiment.digest import digest
from socialcredit.experiment.results import metric_columns
from socialcredit.report import render_experiment
from tests.e2e.test_report_browser import DESKTOP, PHONE, Visit, browser
from tests.support import SMALL_GRID, SMALL_MORRIS, small_experiment

__all__ = ["browser"]  # the fixture, shared with the run reports' browser tests


def _grid() -> str:
    results = small_experiment(SMALL_GRID)
    columns = metric_columns(results.resolved)
    means = [
        results.estimate(v, "ever_blacklisted_per_1000").mean
        for v in results.resolved.variants
        if not v.counterfactual
    ]
    middle = (min(means) + max(means)) / 2  # some variants above, some below
    found = discover(results, parse_condition(f"ever_blacklisted_per_1000 > {middle}", columns))
    return render_experiment(digest(results, frontier(results), discovery=found))


def _morris() -> str:
    results = small_experiment(SMALL_MORRIS)
    return render_experiment(
        digest(results, frontier(results), sensitivity=sensitivity(results, "morris"))
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("experiment-reports")
    out = {}
    for name, render in (("grid", _grid), ("morris", _morris)):
        out[name] = folder / f"{name}.html"
        out[name].write_text(render(), encoding="utf-8")
    return out


@pytest.fixture(params=["grid", "morris"])
def visit(request: pytest.FixtureRequest, browser: Any, pages: dict[str, Path]) -> Iterator[Visit]:
    v = Visit(browser, pages[request.param], DESKTOP)
    yield v
    v.close()


def test_loads_offline_and_every_figure_draws(visit: Visit) -> None:
    assert visit.errors == []
    assert visit.requests == [visit.url]
    boxes = visit.page.evaluate(
        """() => Array.from(document.querySelectorAll('figure svg')).map(s => {
            const r = s.getBoundingClientRect(); return [r.width, r.height]; })"""
    )
    assert boxes
    assert all(w > 0 and h > 0 for w, h in boxes)


def test_the_headline_and_the_frontier_read_from_the_results(visit: Visit) -> None:
    headline = visit.page.inner_text("#headline")
    # Both small experiments vary an uncertainty, so they have several worlds: the headline
    # counts the worlds, and the paragraph after it says variants are compared only within one.
    assert headline.startswith("In ")
    assert "beyond the noise of 2 seeds" in headline
    assert 1 <= headline.count(". ") + 1 <= 3  # one to three sentences
    note = visit.page.evaluate(
        "() => document.getElementById('headline').nextElementSibling.textContent"
    )
    assert note.startswith("Variants are compared only within their world")
    frontier_text = visit.page.inner_text("#frontier")
    assert "scoring variants are efficient on every count" in frontier_text
    assert "on its frontier" in frontier_text
    marks = visit.page.evaluate(
        """() => Array.from(document.querySelectorAll('#frontier tbody tr'))
            .map(r => r.cells[1].innerText)"""
    )
    assert set(marks) <= {"efficient", "dominated", "undefined"}
    assert "efficient" in marks
    # Dominated rows are shown, greyed.
    grey = visit.page.evaluate(
        """() => Array.from(document.querySelectorAll('#frontier tbody .dominated'))
            .map(e => getComputedStyle(e).color)"""
    )
    if "dominated" in marks:
        assert grey, "dominated rows are greyed"
    assert all(c == "rgb(138, 138, 148)" for c in grey)


def test_the_analysis_sections_are_there(browser: Any, pages: dict[str, Path]) -> None:
    grid = Visit(browser, pages["grid"], DESKTOP)
    morris = Visit(browser, pages["morris"], DESKTOP)
    try:
        assert "Box 1: coverage" in grid.page.inner_text("#discovery")
        assert grid.page.locator("#effects figure").count() == 2, "one figure per varied input"
        text = morris.page.inner_text("#sensitivity")
        assert "μ*" in text
        assert "policy.lists.black.enter.score_below" in text
    finally:
        grid.close()
        morris.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_fits_the_screen(browser: Any, pages: dict[str, Path], viewport: dict[str, int]) -> None:
    """No sideways scrolling on a phone; on a desktop, also no table scrolled away from its
    names."""
    for name in pages:
        v = Visit(browser, pages[name], viewport)
        try:
            if viewport is PHONE:
                v.assert_fits_width()
            else:
                v.assert_nothing_cut_off()
        finally:
            v.close()


def test_the_plots_draw_each_variant_outcome_and_index(
    browser: Any, pages: dict[str, Path]
) -> None:
    """The frontier has a point per scoring variant besides no scoring's square at the origin;
    the effects have a panel per outcome and a line per policy; the Morris bars are two per
    input at most (an undefined index draws none)."""
    grid = Visit(browser, pages["grid"], DESKTOP)
    morris = Visit(browser, pages["morris"], DESKTOP)
    try:
        # The points (radius 3 on the frontier, 2 off it; the legend's markers are 3.5) and
        # no scoring's black square at the origin.
        frontier = grid.page.evaluate(
            """() => Array.from(document.querySelectorAll('#frontier figure svg')).map(s => [
                s.querySelectorAll('circle:not([r="3.5"])').length,
                s.querySelectorAll('rect[fill="black"]').length])"""
        )
        # small-grid: 2 scoring policies × 2 thresholds × 2 bias factors = 8 scoring variants
        assert frontier
        assert all(points == 8 and origin == 1 for points, origin in frontier), frontier
        effects = grid.page.evaluate(
            """() => Array.from(document.querySelectorAll('#effects figure svg')).map(s => [
                s.querySelectorAll(':scope > g[transform]').length,
                s.querySelectorAll('path[stroke-linejoin="round"]').length])"""
        )
        assert len(effects) == 2
        cells = {c for c, _ in effects}
        assert len(cells) == 1
        assert cells.pop() >= 4, "a panel for each of the experiment's outcomes"
        assert all(lines == 2 * c for c, lines in effects), effects  # default and classic
        bars = morris.page.evaluate(
            """() => Array.from(document.querySelectorAll('#sensitivity figure svg')).map(s =>
                s.querySelectorAll('rect:not([width="22"])').length)"""
        )
        assert bars
        assert all(1 <= n <= 2 * 2 for n in bars), bars
    finally:
        grid.close()
        morris.close()
