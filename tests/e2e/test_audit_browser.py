"""The harm card in a real browser: offline, on a desktop and on a phone, with the verdict in
sight as the page opens.

Cards are rendered from the audit documents of `tests/audit_documents.py` (the static audits of
`classic` and `none`, and `classic` with simulation evidence and fairness), each validated
against the published schema first, and one card is written by the command itself from a real
(small) simulation: `socialcredit audit classic --scenario biased-collectors --format html`.
Like the reports' browser tests, these skip without Chromium or Playwright, except in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from socialcredit.audit import audit_schema
from socialcredit.report import render_harm_card
from tests.audit_documents import DOCUMENTS
from tests.e2e.test_cli import cli
from tests.e2e.test_report_browser import DESKTOP, PHONE, Visit, browser

__all__ = ["browser"]  # the fixture, shared with the run reports' browser tests

VERDICTS = {
    "classic-static": "FAIL",
    "classic-simulated": "FAIL",
    "none-static": "PASS",
    "classic-run": "FAIL",
}
CARDS = [*DOCUMENTS, "classic-run"]
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("harm-cards")
    validator = Draft202012Validator(audit_schema())
    out = {}
    for name, make in DOCUMENTS.items():
        document = make()
        validator.validate(document)
        out[name] = folder / f"{name}.html"
        out[name].write_text(render_harm_card(document), encoding="utf-8")
    out["classic-run"] = folder / "classic-run.html"
    done = cli(
        "audit", "classic", "--scenario", "biased-collectors", "--citizens", "1500",
        "--days", "120", "--seeds", "2", "--format", "html", "--out", str(out["classic-run"]),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    return out


@pytest.fixture(params=[(c, v) for c in CARDS for v in VIEWPORTS], ids="-".join)
def opened(
    request: pytest.FixtureRequest, browser: Any, cards: dict[str, Path]
) -> Iterator[tuple[str, Visit]]:
    """(the card's name, the card opened at one of the widths)."""
    name, viewport = request.param
    v = Visit(browser, cards[name], VIEWPORTS[viewport])
    yield name, v
    v.close()


class TestHarmCardInBrowser:
    def test_loads_offline_without_errors(self, opened: tuple[str, Visit]) -> None:
        _, visit = opened
        assert visit.errors == []
        assert visit.requests == [visit.url]

    def test_shows_the_verdict_in_words_on_the_first_screen(
        self, opened: tuple[str, Visit]
    ) -> None:
        name, visit = opened
        word, box, inner, background, hidden = visit.page.evaluate(
            """() => {
                const v = document.querySelector('.verdict');
                const r = v.getBoundingClientRect();
                const s = getComputedStyle(v);
                return [v.querySelector('strong').innerText, [r.top, r.bottom, r.width],
                        window.innerHeight, s.backgroundColor,
                        s.visibility === 'hidden' || s.display === 'none'];
            }"""
        )
        assert word == VERDICTS[name]
        top, bottom, width = box
        assert top >= 0, box
        assert bottom <= inner, box  # on the first screen, without scrolling
        assert width > 0, box
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        assert not hidden

    def test_fits_the_screen_without_scrolling_sideways(self, opened: tuple[str, Visit]) -> None:
        _, visit = opened
        visit.assert_fits_width()

    @pytest.mark.parametrize("card", CARDS)
    def test_nothing_is_cut_off_on_a_desktop(
        self, browser: Any, cards: dict[str, Path], card: str
    ) -> None:
        v = Visit(browser, cards[card], DESKTOP)
        try:
            v.assert_nothing_cut_off()
        finally:
            v.close()

    def test_quoted_lines_wrap_instead_of_scrolling(self, opened: tuple[str, Visit]) -> None:
        _, visit = opened
        scrolling = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('pre'))
                .filter(p => p.scrollWidth > p.clientWidth + 1)
                .map(p => p.innerText)"""
        )
        assert visit.page.evaluate("() => document.querySelectorAll('pre').length") > 0
        assert scrolling == []

    @pytest.mark.parametrize("viewport", list(VIEWPORTS))
    def test_takes_a_full_page_screenshot(
        self, browser: Any, cards: dict[str, Path], viewport: str, tmp_path: Path
    ) -> None:
        v = Visit(browser, cards["classic-simulated"], VIEWPORTS[viewport])
        try:
            shot = tmp_path / f"harm-card-{viewport}.png"
            v.page.screenshot(path=str(shot), full_page=True)
        finally:
            v.close()
        assert shot.stat().st_size > 10_000
