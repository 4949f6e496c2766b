"""The catalogue's formulas: spelt out for a run, evaluated over what a run counted, and said in
words, by one module; a formula may add terms."""

from __future__ import annotations

import numpy as np

from socialcredit.domain.catalogue import (
    CATALOGUE,
    Difference,
    Fall,
    Last,
    Of,
    Plus,
    Quotient,
    RunCounts,
    Sum,
    Total,
    WaitQuantile,
    Window,
    describe,
    evaluate_formula,
    matching,
    spell,
    wait_quantile,
)


def counted(**series: list[float]) -> RunCounts:
    """A run of as many days as each series has values, over 100 citizens."""
    days = len(next(iter(series.values())))
    return RunCounts(
        series={name: np.array(values) for name, values in series.items()},
        totals={"citizens": 100.0},
        days=days,
        citizens=100,
        decision_waits=np.zeros(3, dtype=np.int64),
    )


def _named(term: object) -> list[tuple[str, str]]:
    """(kind, name) of every series, total and metric a formula reads."""
    match term:
        case Quotient(a, b, _, _) | Difference(a, b):
            return _named(a) + _named(b)
        case Plus(terms):
            return [n for t in terms for n in _named(t)]
        case Total(name):
            return [("total", name)]
        case Of(name):
            return [("metric", name)]
        case Fall(metric, _):
            return [("metric", metric)]
        case WaitQuantile():
            return []
    series = getattr(term, "series", None)
    assert isinstance(series, str), term
    return [("series", series)]


class TestEvaluate:
    def test_a_sum_of_terms_adds_them(self) -> None:
        counts = counted(**{"denied.train": [1.0, 2.0], "denied.flight": [3.0, 4.0]})
        formula = Plus(Sum("denied.train"), Sum("denied.flight"))
        assert evaluate_formula(formula, counts, {}) == 10.0

    def test_a_sum_is_undefined_where_a_term_is(self) -> None:
        counts = counted(black=[0.0, 0.0], red=[1.0, 1.0])
        formula = Plus(Last("red"), Quotient(Last("red"), Last("black"), when_empty=None))
        assert evaluate_formula(formula, counts, {}) is None

    def test_a_series_the_run_does_not_count_leaves_the_figure_undefined(self) -> None:
        """A policy without a service counts no series for it: a figure over that service has
        no value in its runs, rather than stopping the run."""
        counts = counted(**{"denied.train": [1.0, 2.0]})
        formula = Plus(Sum("denied.train"), Sum("denied.flight"))
        assert evaluate_formula(formula, counts, {}) is None
        assert evaluate_formula(Total("ever_wrongly_harmed.flight"), counts, {}) is None

    def test_a_metric_reads_the_figures_declared_before_it(self) -> None:
        counts = counted(black=[1.0])
        assert evaluate_formula(Difference(Of("a"), Of("b")), counts, {"a": 5.0, "b": 2.0}) == 3.0
        assert evaluate_formula(Difference(Of("a"), Of("b")), counts, {"a": 5.0, "b": None}) is None

    def test_a_figure_that_is_not_finite_is_undefined(self) -> None:
        counts = counted(black=[1.0])
        assert (
            evaluate_formula(Quotient(Of("a"), Of("b")), counts, {"a": 1.0, "b": float("inf")}) == 0
        )
        assert evaluate_formula(Of("a"), counts, {"a": float("nan")}) is None

    def test_a_window_is_per_1000_citizens_over_the_first_or_last_days(self) -> None:
        counts = counted(acts_bad=[1.0] * 4 + [3.0] * 4)
        assert evaluate_formula(Window("acts_bad", "first"), counts, {}) == 10.0
        assert evaluate_formula(Window("acts_bad", "last"), counts, {}) == 30.0

    def test_wait_quantiles_count_whole_days(self) -> None:
        waits = np.zeros(10, dtype=np.int64)
        waits[[1, 2, 9]] = [5, 4, 1]
        assert wait_quantile(waits, 0.5) == 1.0
        assert wait_quantile(waits, 0.9) == 2.0
        assert wait_quantile(waits, 1.0) == 9.0
        assert wait_quantile(np.zeros(3, dtype=np.int64), 0.5) is None


class TestSpell:
    def test_fills_a_runs_names_into_every_term_of_a_sum(self) -> None:
        formula = Plus(Sum("denied.{service}"), Total("ever_wrongly_harmed.{service}"))
        assert spell(formula, {"service": "train"}) == Plus(
            Sum("denied.train"), Total("ever_wrongly_harmed.train")
        )


class TestDescribe:
    def test_says_a_sum_of_terms_term_by_term(self) -> None:
        formula = Plus(Sum("denied.train"), Sum("denied.flight"))
        assert describe(formula) == (
            "(`denied.train` summed over the days) + (`denied.flight` summed over the days)"
        )

    def test_says_a_quotient_with_its_scale_and_its_empty_case(self) -> None:
        formula = Quotient(Total("ever_blacklisted"), Total("citizens"), 1000.0, when_empty=None)
        assert describe(formula) == (
            "1,000 × (total `ever_blacklisted`) / (total `citizens`); undefined when the "
            "divisor is 0"
        )


class TestEveryFormula:
    def test_reads_only_declared_series_totals_and_earlier_metrics(self) -> None:
        """A figure over a series the run does not count is undefined, so a misspelt name
        would pass unnoticed: every name a formula reads is declared (a template, or a template
        with a placeholder filled in, such as one named service)."""
        for at, metric in enumerate(CATALOGUE.metrics):
            declared = {
                "series": CATALOGUE.series,
                "total": CATALOGUE.totals,
                "metric": CATALOGUE.metrics[:at],
            }
            for kind, name in _named(metric.formula):
                assert matching(declared[kind], name), (metric.name, name)
