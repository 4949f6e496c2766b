"""Naive forecasts and forecast skill on held-out figures, against values worked by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from socialcredit.calibration.naive import (
    TREND_DAYS,
    Naive,
    last,
    line,
    log_trend,
    naive_forecasts,
)
from socialcredit.calibration.skill import (
    EVERY_LABEL,
    HEADLINE_LABEL,
    Judged,
    Skill,
    skill,
    skill_over,
    verdict,
)
from socialcredit.domain.published import Quantity, Source, Target, Uncertainty

D0 = date(2017, 1, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def target(ident: str, when: date, value: int, quantity: Quantity, use: str = "fit") -> Target:
    return Target(
        id=ident,
        date=when,
        value=value,
        quantity=quantity,
        counts="A test figure.",
        source=Source(publisher="Test", title="Test", date=date(2030, 1, 1)),
        reading="Invented.",
        uncertainty=Uncertainty(relative_sd=0.05, reason="Invented."),
        use=use,  # type: ignore[arg-type]
    )


class TestStraightLine:
    def test_extends_the_last_two_figures_to_the_date(self) -> None:
        figures = [(day(0), 100.0), (day(10), 200.0)]
        assert line(figures, day(20)) == pytest.approx(300.0)
        assert line(figures, day(5)) == pytest.approx(150.0)

    def test_uses_only_the_last_two_by_date_in_any_order(self) -> None:
        figures = [(day(10), 200.0), (day(-365), 10.0), (day(0), 100.0)]
        assert line(figures, day(20)) == pytest.approx(300.0)

    def test_needs_two_dates(self) -> None:
        assert line([(day(0), 100.0)], day(20)) is None
        assert line([(day(0), 100.0), (day(0), 120.0)], day(20)) is None


class TestLastFigure:
    def test_is_the_latest_figure_whatever_the_date(self) -> None:
        figures = [(day(10), 200.0), (day(0), 100.0)]
        assert last(figures, day(400)) == 200.0

    def test_none_without_figures(self) -> None:
        assert last([], day(0)) is None


class TestLogLinearTrend:
    def test_an_exact_exponential_is_extended_exactly(self) -> None:
        figures = [(day(0), 100.0), (day(10), 1000.0)]
        assert log_trend(figures, day(20)) == pytest.approx(10_000.0)

    def test_is_the_least_squares_line_of_the_logs(self) -> None:
        # log values 0, 1, 4 on days 0, 1, 2: slope 2 through the means (1, 5/3), so day 3
        # gives 5/3 + 2·2 = 17/3 (a line through the last two logs would give 7).
        figures = [(day(0), 1.0), (day(1), math.e), (day(2), math.e**4)]
        assert log_trend(figures, day(3)) == pytest.approx(math.exp(17 / 3))

    def test_leaves_out_figures_older_than_its_window(self) -> None:
        figures = [(day(0), 100.0), (day(10), 1000.0)]
        old = (day(10 - TREND_DAYS - 1), 1e9)
        assert log_trend([old, *figures], day(20)) == pytest.approx(10_000.0)

    def test_needs_two_dates_within_its_window(self) -> None:
        assert log_trend([(day(0), 100.0)], day(20)) is None
        assert log_trend([(day(-TREND_DAYS - 1), 50.0), (day(0), 100.0)], day(20)) is None


class TestNaiveForecastsOfATarget:
    def test_read_only_the_fitted_figures_of_the_same_quantity(self) -> None:
        fitted = [
            target("l1", day(0), 100, Quantity.LISTED_CUMULATIVE),
            target("l2", day(10), 200, Quantity.LISTED_CUMULATIVE),
            target("f1", day(10), 7, Quantity.FLIGHTS_BLOCKED_CUMULATIVE),
        ]
        held = target("l3", day(20), 290, Quantity.LISTED_CUMULATIVE, use="judge")
        got = naive_forecasts(fitted, held)
        assert got[Naive.LINE] == pytest.approx(300.0)
        assert got[Naive.LAST] == 200.0
        assert got[Naive.LOG_TREND] == pytest.approx(400.0)

    def test_a_quantity_never_fitted_has_none(self) -> None:
        fitted = [target("l1", day(0), 100, Quantity.LISTED_CUMULATIVE)]
        held = target("n1", day(20), 50, Quantity.LISTED_NEW_ANNUAL, use="judge")
        assert naive_forecasts(fitted, held) == dict.fromkeys(Naive)


def judged(
    quantity: str,
    published: float,
    mean: float,
    low: float,
    high: float,
    naive: tuple[float | None, float | None, float | None],
) -> Judged:
    return Judged(quantity, published, mean, low, high, dict(zip(Naive, naive, strict=True)))


LISTED = Quantity.LISTED_CUMULATIVE.value
PAID = Quantity.PAID_AFTER_LISTING_CUMULATIVE.value


TWO = [
    judged(LISTED, 100, 110, 50, 150, (90, 80, 130)),
    judged(LISTED, 200, 180, 210, 400, (220, 160, None)),
]


class TestSkill:
    two = TWO

    def test_errors_are_mean_absolute_relative_errors(self) -> None:
        s = skill_over("x", self.two)
        assert s.error == pytest.approx(0.10)  # |110-100|/100 and |180-200|/200
        assert s.naive_error[Naive.LINE] == pytest.approx(0.10)
        assert s.naive_error[Naive.LAST] == pytest.approx(0.20)

    def test_a_naive_forecast_missing_for_one_figure_has_no_error(self) -> None:
        assert skill_over("x", self.two).naive_error[Naive.LOG_TREND] is None

    def test_the_model_beats_only_what_it_is_strictly_below(self) -> None:
        s = skill_over("x", self.two)
        assert s.beaten == [Naive.LAST]
        assert s.not_beaten == [Naive.LINE]

    def test_coverage_and_median_width_against_their_targets(self) -> None:
        s = skill_over("x", self.two)
        assert s.coverage == pytest.approx(0.5)  # 200 lies below 210
        assert s.width == pytest.approx((1.0 + 0.95) / 2)
        assert not s.coverage_met
        assert not s.width_met

    def test_is_given_over_every_figure_the_headline_and_each_quantity(self) -> None:
        paid = judged(PAID, 100, 100, 90, 110, (None, None, None))
        labels = [s.label for s in skill([*self.two, paid])]
        assert labels == [EVERY_LABEL, HEADLINE_LABEL, LISTED, PAID]
        assert skill([]) == []

    def test_a_quantity_never_fitted_says_it_has_no_naive_forecast(self) -> None:
        paid = skill_over(PAID, [judged(PAID, 100, 100, 90, 110, (None, None, None))])
        assert "no naive forecast" in verdict(paid)

    def test_says_which_it_beats_and_which_not(self) -> None:
        words = verdict(skill_over(LISTED, self.two))
        assert "beats the last fitted figure (20.0%, by 10.0 points)" in words
        assert "does not beat the straight line through the last two fitted figures" in words

    def test_survives_the_record(self) -> None:
        s = skill_over("x", self.two)
        assert Skill.from_record(s.as_record()) == s
