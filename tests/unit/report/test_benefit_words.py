"""The benefit over the response range, in the words the run report and comparison page use."""

from __future__ import annotations

from socialcredit.domain.responses import Plausible
from socialcredit.report.kit.benefit import benefit_callout, benefit_sentence, span
from socialcredit.runs.benefit import BenefitReading
from socialcredit.runs.schema import Estimate

RANGE = {"certainty": Plausible(low=0.1, high=0.6, source="a study")}


def est(mean: float, low: float | None = None, high: float | None = None) -> Estimate:
    return Estimate(mean=mean, low=low, high=high, n=1 if low is None else 3)


class TestSpan:
    def test_both_ends_fewer(self) -> None:
        assert span(120.0, 410.0) == "between 120.0 and 410.0 fewer"

    def test_ends_in_either_order(self) -> None:
        assert span(410.0, 120.0) == "between 120.0 and 410.0 fewer"

    def test_an_end_where_scoring_makes_conduct_worse(self) -> None:
        assert span(-40.0, 300.0) == "from 40.0 more to 300.0 fewer"

    def test_both_ends_worse(self) -> None:
        assert span(-300.0, -40.0) == "between 40.0 and 300.0 more"


class TestBenefitSentence:
    def test_names_the_range_and_the_central_value_with_its_interval(self) -> None:
        reading = BenefitReading(est(250.0, 200.0, 300.0), est(120.0), est(410.0), RANGE, None)
        assert benefit_sentence(reading) == (
            "Between 120.0 and 410.0 fewer true bad acts per 1,000 citizen-years than the same "
            "town with no scoring across the response range; 250.0 fewer at the central values "
            "(95% interval over seeds 200.0 to 300.0)."
        )

    def test_says_when_the_ends_do_not_bound_the_central_benefit(self) -> None:
        reading = BenefitReading(est(450.0), est(120.0), est(410.0), RANGE, None)
        assert "the ends do not bound it" in benefit_sentence(reading)
        inside = BenefitReading(est(250.0), est(120.0), est(410.0), RANGE, None)
        assert "do not bound" not in benefit_sentence(inside)

    def test_links_to_the_ranges_and_their_sources(self) -> None:
        reading = BenefitReading(est(250.0), est(120.0), est(410.0), RANGE, None)
        html = benefit_callout(reading, link=True)
        assert 'href="#response-ranges"' in html
        assert "behaviour.certainty" in html

    def test_the_no_scoring_policy_has_no_benefit_of_its_own(self) -> None:
        reading = BenefitReading(None, None, None, RANGE, "no-scoring")
        assert "scores no one" in benefit_sentence(reading)
        assert "href" not in benefit_callout(reading, link=True)

    def test_a_scenario_without_ranges_says_so(self) -> None:
        reading = BenefitReading(None, None, None, {}, "no-ranges")
        assert "no plausible ranges" in benefit_sentence(reading)
