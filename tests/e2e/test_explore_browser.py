"""The explorer as a person uses it, in Debian's Chromium through Playwright: it starts, every
kind of control moves the figures, a rulebook is saved, and nothing leaves the loopback
address."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socialcredit.explore import Explorer, Server, Town
from socialcredit.inputs import load_policy
from tests.e2e.test_report_browser import DESKTOP, browser

__all__ = ["browser"]

TOWN = Town(citizens=400, days=40, seeds=(0, 1))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(Explorer("default", "baseline", TOWN), tmp_path_factory.mktemp("saved"))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


class Session:
    """The page opened in a fresh context; every request is recorded, and any that leaves the
    server is refused."""

    def __init__(self, browser: Any, server: Server) -> None:
        self.url = server.url
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(self.url, wait_until="load")
        self.wait(1)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def updates(self) -> int:
        return int(self.page.evaluate("() => Number(document.body.dataset.updates || 0)"))

    def wait(self, count: int) -> None:
        self.page.wait_for_function(
            f"() => Number(document.body.dataset.updates || 0) >= {count}", timeout=120_000
        )

    def row(self, name: str) -> list[str]:
        return list(
            self.page.evaluate(
                """(name) => Array.from(document.querySelectorAll('#key tbody tr'))
                    .find(r => r.cells[0].textContent.startsWith(name))
                    .textContent.split('\\n')""",
                name,
            )
        )

    def cells(self, label: str) -> list[str]:
        return list(
            self.page.evaluate(
                """(label) => Array.from(Array.from(document.querySelectorAll('#key tbody tr'))
                    .find(r => r.cells[0].textContent.startsWith(label)).cells)
                    .map(c => c.textContent)""",
                label,
            )
        )


@pytest.fixture
def session(browser: Any, server: Server) -> Iterator[Session]:
    s = Session(browser, server)
    yield s
    s.context.close()


def test_starts_with_the_starting_rulebooks_figures(session: Session) -> None:
    page = session.page
    assert page.inner_text("#headline").startswith("This rulebook blacklists ")
    assert "Audit:" in page.inner_text("#audit")
    assert page.locator("#key tbody tr").count() >= 4
    start = session.cells("Ever blacklisted per 1,000")
    assert start[3] == "0 (0 to 0)"  # the start against itself
    for svg in ("#histogram", "#lists", "#frontier"):
        assert page.locator(f"{svg} path, {svg} circle").count() > 0
    assert page.locator("#rulebook input, #rulebook select").count() >= 8
    assert page.locator("#world input").count() >= 5
    assert session.errors == []
    assert session.outside == []


def test_each_kind_of_control_moves_the_figures(session: Session) -> None:
    page = session.page
    before = session.cells("Observations per citizen-year")
    seen = session.updates()
    # A slider (a keyboard user's arrows set it the same way): ten times the collectors.
    page.evaluate(
        """() => { const s = document.getElementById(
                'lever-scenario-observation-collectors-per_1000');
            s.value = 20; s.dispatchEvent(new Event('input')); }"""
    )
    session.wait(seen + 1)
    after = session.cells("Observations per citizen-year")
    assert after[1] != before[1]
    # The starting rulebook is run again in the moved world: the same rulebook, no difference.
    assert after[3] == "0 (0 to 0)", after
    seen = session.updates()
    page.check("#lever-policy-categories-health-enabled")
    session.wait(seen + 1)
    assert "gdpr-9" in page.inner_text("#audit")  # health data on: the audit says so
    seen = session.updates()
    page.select_option("#lever-policy-lists-black-publish", "full")
    session.wait(seen + 1)
    assert "public-shaming" in page.inner_text("#audit")
    # A slider let go asks at once: the `change` that letting go fires (after the drag's
    # `input`s, or with a key's) moves the figures by itself.
    seen = session.updates()
    page.evaluate(
        """() => { const s = document.getElementById('lever-policy-lists-black-notice_days');
            s.value = 30; s.dispatchEvent(new Event('change')); }"""
    )
    session.wait(seen + 1)
    assert page.inner_text("#status").startswith("400 citizens × 40 days")
    assert session.errors == []
    assert session.outside == []


def test_a_setting_that_cannot_run_says_why(session: Session) -> None:
    seen = session.updates()
    session.page.evaluate(
        """() => { const s = document.getElementById('lever-policy-lists-black-enter-score_below');
            s.value = 990; s.dispatchEvent(new Event('input')); }"""
    )
    session.wait(seen + 1)
    assert "list-exit-overlaps-entry" in session.page.inner_text("#status")


def test_a_kind_of_citizen_opens_one_life_story(session: Session) -> None:
    page = session.page
    page.click("#kinds button[data-kind=random]")
    page.wait_for_function(
        "() => document.querySelector('#story .summary') !== null", timeout=120_000
    )
    assert page.inner_text("#story .summary").startswith("Citizen #")
    assert page.locator("#story .timeline li").count() > 0
    assert session.errors == []
    assert session.outside == []


def test_save_this_rulebook_writes_a_policy_that_loads(session: Session, server: Server) -> None:
    page = session.page
    seen = session.updates()
    page.evaluate(
        """() => { const s = document.getElementById('lever-policy-lists-black-notice_days');
            s.value = 60; s.dispatchEvent(new Event('input')); }"""
    )
    session.wait(seen + 1)
    page.fill("#save-name", "sixty-days-notice")
    page.click("#save button")
    page.wait_for_function("() => document.getElementById('saved').textContent !== ''")
    assert page.inner_text("#saved").startswith("Written: ")
    saved = Path(server.save_to) / "sixty-days-notice.yaml"
    policy = load_policy(str(saved))
    assert policy.lists.black.notice_days == 60
    assert session.outside == []


def test_nothing_is_cut_off_on_a_desktop_screen(session: Session) -> None:
    width, inner = session.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= inner + 1


def test_in_a_strategic_town_the_split_reads_as_percentages_and_its_levers_move_it(
    browser: Any, tmp_path: Path
) -> None:
    """Where citizens spend effort on their scores, the key figures say what the score gain
    is made of (shares as percentages, undefined against no scoring, which books nothing),
    and the world's controls include the effort budget and costs."""
    running = Server(Explorer("classic", "strategic", TOWN), tmp_path)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    s = Session(browser, running)
    try:
        better = s.cells("Score gain from better conduct")
        value, vs_none, vs_start = better[1], better[2], better[3]
        assert re.fullmatch(r"\d+\.\d% \(\d+\.\d% to \d+\.\d%\)", value), value
        assert vs_none == "—"
        assert vs_start == "0% (0% to 0%)"
        assert s.page.locator('#world input[data-path="scenario.strategy.budget"]').count() == 1
        assert s.errors == []
        assert s.outside == []
    finally:
        s.context.close()
        running.shutdown()
        running.server_close()
