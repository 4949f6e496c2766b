"""The calibration report in a real browser: offline, every plot drawn, the tables read from
the fit, and no sideways scrolling on a phone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from socialcredit.calibration import calibrate, digest, make_plan
from socialcredit.calibration.store import check_directory, open_directory
from socialcredit.report.calibration.page import render_calibration
from tests.calibration_files import write_targets
from tests.e2e.test_report_browser import DESKTOP, PHONE, Visit, browser

__all__ = ["browser"]  # the fixture, shared with the run reports' browser tests


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calibration-report")
    plan = make_plan(
        scenario_ref="court-blacklist",
        policy_ref="court-defaulters",
        targets=write_targets(folder),
        predict=[date(2014, 6, 30)],
        simulations=6,
        rounds=2,
        seeds=1,
        citizens=500,
    )
    fit = calibrate(
        plan, open_directory(check_directory(folder / "out", plan.document(), force=False))
    )
    path = folder / "report.html"
    path.write_text(
        render_calibration(digest(fit), command="socialcredit calibrate …"), encoding="utf-8"
    )
    return path


@pytest.fixture
def visit(browser: Any, page_file: Path) -> Iterator[Visit]:
    v = Visit(browser, page_file, DESKTOP)
    yield v
    v.close()


def test_loads_offline_and_every_figure_draws(visit: Visit) -> None:
    assert visit.errors == []
    assert visit.requests == [visit.url]
    boxes = visit.page.evaluate(
        """() => Array.from(document.querySelectorAll('figure svg')).map(s => {
            const r = s.getBoundingClientRect(); return [r.width, r.height]; })"""
    )
    # A fit and a prediction plot per quantity with targets (five), and the posterior.
    assert len(boxes) == 11
    assert all(w > 0 and h > 0 for w, h in boxes)


def test_the_sections_read_from_the_fit(visit: Visit) -> None:
    headline = visit.page.inner_text("#headline")
    assert re.match(r"^\d of 5 fitted published figures and \d of 2 held-out ones lie ", headline)
    assert headline.endswith("6 parameter sets, effective sample size " + headline.split()[-1])
    fit_rows = visit.page.locator("#fit tbody tr").count()
    assert fit_rows == 5
    posterior = visit.page.inner_text("#posterior")
    assert "scenario.population.behaviours.court_defaulter.per_year" in posterior
    assert "log-uniform" in posterior
    predictions = visit.page.inner_text("#predictions")
    assert "2014-06-30" in predictions
    assert "listed-b" in predictions


def test_a_small_effective_sample_is_warned_of_at_the_top(visit: Visit) -> None:
    warning = visit.page.locator("#ess-warning")
    assert warning.is_visible()
    assert "under 50" in warning.inner_text()
    top = visit.page.evaluate(
        "() => document.querySelector('#ess-warning').getBoundingClientRect().top"
    )
    first = visit.page.evaluate(
        "() => document.querySelector('#skill').getBoundingClientRect().top"
    )
    assert top < first


def test_forecast_skill_opens_the_sections(visit: Visit) -> None:
    rows = visit.page.locator("#skill tbody tr")
    # Every held-out figure, listings with flights and rail, then each quantity judged.
    assert [rows.nth(i).locator("th").inner_text() for i in range(rows.count())] == [
        "every held-out figure (2)",
        "listings, flights and rail (2)",
        "listed cumulative (1)",
        "flights blocked cumulative (1)",
    ]
    assert "the straight line through the last two fitted figures" in visit.page.inner_text(
        "#skill-verdict"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_fits_the_screen(browser: Any, page_file: Path, viewport: dict[str, int]) -> None:
    """No sideways scrolling on a phone; on a desktop, also no table scrolled away from its
    names."""
    v = Visit(browser, page_file, viewport)
    try:
        if viewport is PHONE:
            v.assert_fits_width()
        else:
            v.assert_nothing_cut_off()
    finally:
        v.close()
