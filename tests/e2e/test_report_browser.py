"""The reports as people open them: in a real browser, offline, on a desktop and on a phone.

Drives Debian's Chromium through Playwright (Playwright's own browser download is not used).
Without Chromium or Playwright the tests skip, except in CI (CI=true), where a missing browser
is a broken setup and fails loudly instead of passing quietly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from socialcredit.engine import run_batch
from socialcredit.inputs import load_policy, load_scenario
from socialcredit.report import (
    render_report,
    render_reputation_report,
)
from socialcredit.reputation import ReputationScenario, run_reputation_game
from socialcredit.runs.document import population_record, series_table
from socialcredit.runs.reputation import reputation_record
from socialcredit.runs.schema import PopulationRecord
from socialcredit.stories import tell
from tests.support import compare_page, scenario, small_run

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
    pytest.skip(reason)


def _report() -> str:
    stored = small_run("classic", "biased-collectors", (0, 1))
    assert isinstance(stored.record, PopulationRecord)
    return render_report(stored.record, stored.series)


def _stories() -> str:
    """A report with life stories: the longest page a run writes, with folded timelines."""
    policy = load_policy("classic")
    sc = scenario("malicious-collectors", citizens=1500, days=200)
    runs = run_batch([policy], [sc], [0], stories=3)[0, 0]
    assert runs[0].stories is not None
    told = tell(policy, sc, 0, runs[0].stories, 3)
    return render_report(population_record(runs), series_table(runs), told)


def _comparison() -> str:
    """Three runs: the widest tables and the longest legends of a comparison page here."""
    a = small_run("default", "biased-collectors", (0, 1))
    b = small_run("classic", "biased-collectors", (0, 1))
    c = small_run("default", "baseline", (0, 1))
    return compare_page(a, b, c)


def _reputation() -> str:
    game = load_scenario("reputation-game")
    assert isinstance(game, ReputationScenario)
    small = game.model_copy(update={"citizens": 60, "replicates": 6, "rounds_per_citizen": 60})
    return render_reputation_report(reputation_record(run_reputation_game(small, 1), 1))


PAGES: dict[str, Callable[[], str]] = {
    "report": _report,
    "stories": _stories,
    "comparison": _comparison,
    "reputation": _reputation,
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, render in PAGES.items():
        out[name] = folder / f"{name}.html"
        out[name].write_text(render(), encoding="utf-8")
    return out


class Visit:
    """One page opened in a fresh browser context, with everything it asked for recorded."""

    def __init__(self, browser: Any, path: Path, viewport: dict[str, int]) -> None:
        self.url = path.as_uri()
        self.context = browser.new_context(viewport=viewport)
        self.requests: list[str] = []
        self.errors: list[str] = []
        # Anything but the page itself is refused as well as recorded, so a regression cannot
        # reach the network even on a machine that has one.
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.url, wait_until="load")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def close(self) -> None:
        self.context.close()

    def assert_fits_width(self) -> None:
        """No sideways scrolling: the page is no wider than the screen, and nothing sticks out
        of it except inside a table's own scrolling wrapper."""
        width, inner = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= inner + 1, f"{self.url}: {width}px wide on a {inner}px screen"
        overflowing = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                .filter(e => !e.closest('.table-wrap'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + '.' + e.className)"""
        )
        assert overflowing == []

    def assert_nothing_cut_off(self) -> None:
        """Nothing sticks out of the screen, and a table too wide for it scrolls in its wrapper
        with its first column held in place, so every row stays named while the figures
        scroll (a table that fits needs no such column)."""
        self.assert_fits_width()
        loose = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('.table-wrap'))
                .filter(w => w.scrollWidth > w.clientWidth + 1)
                .flatMap(w => Array.from(w.querySelectorAll('tr')))
                .filter(r => r.cells.length &&
                        getComputedStyle(r.cells[0]).position !== 'sticky')
                .map(r => r.textContent.slice(0, 40))"""
        )
        assert loose == [], f"{self.url}: rows that scroll away from their names: {loose[:5]}"


@pytest.fixture(params=list(PAGES))
def visit(request: pytest.FixtureRequest, browser: Any, pages: dict[str, Path]) -> Iterator[Visit]:
    v = Visit(browser, pages[request.param], DESKTOP)
    yield v
    v.close()


@pytest.fixture(params=list(PAGES))
def phone_visit(
    request: pytest.FixtureRequest, browser: Any, pages: dict[str, Path]
) -> Iterator[Visit]:
    v = Visit(browser, pages[request.param], PHONE)
    yield v
    v.close()


class TestReportInBrowser:
    def test_loads_offline_without_errors(self, visit: Visit) -> None:
        assert visit.errors == []
        assert visit.requests == [visit.url]

    def test_every_figure_shows_a_plot(self, visit: Visit) -> None:
        boxes = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('figure')).map(f => {
                const svg = f.querySelector('svg');
                if (!svg) return null;
                const r = svg.getBoundingClientRect();
                return [r.width, r.height];
            })"""
        )
        assert boxes, "no figures"
        assert all(b is not None and b[0] > 0 and b[1] > 0 for b in boxes), boxes

    def test_fits_a_phone_screen_without_scrolling_sideways(self, phone_visit: Visit) -> None:
        phone_visit.assert_fits_width()

    def test_nothing_is_cut_off_on_a_desktop_screen(self, visit: Visit) -> None:
        visit.assert_nothing_cut_off()

    def test_opens_with_a_headline(self, visit: Visit) -> None:
        text = visit.page.evaluate(
            "() => { const h = document.getElementById('headline'); "
            "return h && h.closest('header') ? h.textContent : null; }"
        )
        assert text, "no headline in the page's header"
        assert 1 <= text.count(". ") + 1 <= 6  # one to three sentences (and a few per run)
        assert ("good standing" if "reputation" in visit.url else "blacklisted") in text

    def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(self, visit: Visit) -> None:
        visit.page.keyboard.press("Tab")
        focused = visit.page.evaluate(
            "() => [document.activeElement.className, document.activeElement.getAttribute('href'),"
            " getComputedStyle(document.activeElement).top]"
        )
        assert focused[:2] == ["skip", "#main"]
        assert not focused[2].startswith("-"), "the focused skip link must be on screen"
        visit.page.keyboard.press("Enter")
        assert visit.page.evaluate("() => document.activeElement.id") == "main"

    @pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
    def test_takes_a_full_page_screenshot(
        self,
        browser: Any,
        pages: dict[str, Path],
        viewport: dict[str, int],
        tmp_path: Path,
    ) -> None:
        v = Visit(browser, pages["report"], viewport)
        try:
            shot = tmp_path / f"report-{viewport['width']}.png"
            v.page.screenshot(path=str(shot), full_page=True)
        finally:
            v.close()
        assert shot.stat().st_size > 10_000
