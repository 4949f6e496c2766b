"""What two runs of a seed share is read from their scenarios: citizens, collectors, conduct
draws and acts, each exactly when everything its streams read is the same."""

from __future__ import annotations

import pytest

from socialcredit.engine import common, shared
from tests.support import scenario

OFF = {"certainty": 0.0, "give_up": {"hazard": 0.0}}


class TestShared:
    def test_the_same_scenario_shares_everything_but_the_acts_while_responses_are_on(
        self,
    ) -> None:
        s = shared(scenario("baseline"), scenario("baseline"))
        assert (s.citizens, s.collectors, s.conduct, s.responses) == (True, True, True, True)
        assert not s.acts  # responses on: the acts follow each run's standing
        assert s.paired
        assert s.describe() == (
            "the same citizens, collectors and conduct draws; the acts differ only for citizens "
            "whose standing differs between the runs"
        )

    def test_with_responses_off_in_both_the_acts_are_the_same(self) -> None:
        s = shared(
            scenario("baseline", behaviour=OFF), scenario("biased-collectors", behaviour=OFF)
        )
        assert s.acts
        assert s.describe() == ("the same citizens, collectors and acts; responses are off in both")

    def test_other_collectors_leave_citizens_and_acts_shared(self) -> None:
        a = scenario("baseline", behaviour=OFF)
        b = scenario("heavy-surveillance", behaviour=OFF)
        s = shared(a, b)
        assert (s.paired, s.acts, s.collectors) == (True, True, False)
        assert "other collectors" in s.describe()

    def test_other_response_settings_share_the_draws_not_the_acts(self) -> None:
        s = shared(scenario("baseline"), scenario("baseline", behaviour=OFF))
        assert (s.paired, s.conduct, s.acts, s.responses) == (True, True, False, False)
        assert "whom the other response settings touch" in s.describe()

    def test_other_rates_share_the_citizens_but_draw_the_acts_anew(self) -> None:
        a = scenario("baseline")
        b = scenario("baseline", population__behaviours__littering__per_year=1.0)
        s = shared(a, b)
        assert (s.paired, s.conduct) == (True, False)
        assert "drawn anew" in s.describe()

    @pytest.mark.parametrize(
        "change",
        [
            {"citizens": 5000},
            {"population__consent_share": 0.5},
            {"population__propensity": {"alpha": 1.0, "beta": 3.0}},
        ],
        ids=["size", "consent", "propensity"],
    )
    def test_other_citizens_are_not_paired(self, change: dict[str, object]) -> None:
        s = shared(scenario("baseline"), scenario("baseline", **change))  # type: ignore[arg-type]
        assert (s.paired, s.conduct, s.acts) == (False, False, False)
        assert s.describe() == "different citizens"

    def test_what_many_share_is_what_every_one_shares_with_every_other(self) -> None:
        together = common(
            [
                scenario("baseline", behaviour=OFF),
                scenario("biased-collectors", behaviour=OFF),
                scenario("heavy-surveillance", behaviour=OFF),
            ]
        )
        assert (together.acts, together.collectors) == (True, False)

    def test_the_same_behaviours_in_another_order_are_other_draws(self) -> None:
        # The world's order numbers the behaviours and orders the streams: the same draws
        # would name other behaviours.
        world = scenario("baseline").population.model_dump()["behaviours"]
        flipped = dict(reversed(list(world.items())))
        a = scenario("baseline", behaviour=OFF)
        b = scenario("baseline", behaviour=OFF, population__behaviours=flipped)
        s = shared(a, b)
        assert (s.paired, s.conduct, s.acts) == (True, False, False)
