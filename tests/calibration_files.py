"""A small published record for tests of `socialcredit calibrate`: invented round figures about
the first nine months of the court list, so that a calibration of a few hundred citizens runs
in seconds. Not evidence of anything; the real record is data/published/court-blacklist.yaml."""

from __future__ import annotations

from pathlib import Path

_SOURCE = """    source: {publisher: Test, title: A test record, date: 2016-12-31}
    reading: Invented for the tests.
"""


def _target(ident: str, when: str, value: int, quantity: str, sd: float, use: str) -> str:
    return (
        f"  - id: {ident}\n    date: {when}\n    value: {value}\n    quantity: {quantity}\n"
        f"    counts: A test figure.\n{_SOURCE}"
        f"    uncertainty: {{relative_sd: {sd}, reason: Invented.}}\n    use: {use}\n"
    )


TARGETS = (
    "name: test-record\ndescription: Invented figures for tests.\nfit_until: 2014-03-31\n"
    "targets:\n"
    + _target("listed-a", "2013-11-05", 30_000, "listed_cumulative", 0.05, "fit")
    + _target("paid-a", "2014-01-31", 5_000, "paid_after_listing_cumulative", 0.2, "fit")
    + _target("current-a", "2014-03-04", 80_000, "listed_current", 0.1, "fit")
    + _target("flights-a", "2014-03-31", 20_000, "flights_blocked_cumulative", 0.1, "fit")
    + _target("rail-a", "2014-03-31", 8_000, "rail_blocked_cumulative", 0.1, "fit")
    + _target("listed-b", "2014-06-30", 200_000, "listed_cumulative", 0.05, "judge")
    + _target("flights-b", "2014-06-30", 60_000, "flights_blocked_cumulative", 0.1, "judge")
    + _target("listed-c", "2016-06-30", 5_000_000, "listed_cumulative", 0.05, "judge")
)
"""Five fit targets up to 2014-03-31, two held out within a run to 2014-06-30, one beyond."""


def write_targets(folder: Path) -> Path:
    path = folder / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    return path


TINY = ["--citizens", "500", "--simulations", "6", "--rounds", "2", "--predict", "2014-06-30"]
"""Options of a calibration of 500 citizens over 273 days: 24 noise runs and 6 parameter sets."""
