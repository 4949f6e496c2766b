"""Scenarios: the errors a broken one gets, located to the line, and how they meet a policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialcredit.domain.errors import PolicyError, ScenarioError
from socialcredit.domain.scenario_references import check_names
from socialcredit.inputs import (
    SHIPPED_POLICIES,
    SHIPPED_SCENARIOS,
    load_policy,
    load_population_scenario,
    load_scenario,
    shipped_text,
)
from tests.support import edited_scenario, line_of

DEFAULT = load_policy("default")


def write(tmp_path: Path, edit_from: str, edit_to: str) -> tuple[Path, str]:
    return edited_scenario(tmp_path, "baseline", edit_from, edit_to)


class TestBrokenScenario:
    def test_an_impossible_date_is_a_field_error_at_its_line(self, tmp_path: Path) -> None:
        path, text = write(tmp_path, "start: 2026-01-01", "start: 2026-02-30")
        with pytest.raises(ScenarioError, match="valid date") as err:
            load_scenario(path)
        assert err.value.file == str(path)
        assert err.value.field == "population.start"
        assert err.value.line == line_of(text, "start: 2026-02-30")

    def test_collector_bias_naming_an_undeclared_group_is_located_at_its_line(
        self, tmp_path: Path
    ) -> None:
        path, text = write(
            tmp_path,
            "    false_report_rate: 0.02\n",
            "    false_report_rate: 0.02\n    bias: {group: martians, factor: 2.0}\n",
        )
        with pytest.raises(ScenarioError, match="'martians'") as err:
            load_scenario(path)
        assert err.value.field == "observation.collectors.bias.group"
        assert err.value.line == line_of(text, "group: martians")

    def test_a_feed_category_the_policy_lacks_is_refused_at_its_line(self, tmp_path: Path) -> None:
        path, text = write(
            tmp_path,
            "    dating: {coverage: 0.5, false_positive_rate: 0.00005}",
            "    tarot: {coverage: 0.5, false_positive_rate: 0.00005}",
        )
        scenario = load_population_scenario(path)
        with pytest.raises(ScenarioError, match="tarot") as err:
            check_names(DEFAULT, scenario)
        assert err.value.file == str(path)
        assert err.value.field == "observation.feeds.tarot"
        assert err.value.line == line_of(text, "tarot")

    @pytest.mark.parametrize(
        ("edit_to", "field", "needle"),
        [
            (
                "    heroic_actt: {category: civic, kind: good, per_year: 0.005}",
                "behaviours.2.code",
                "'heroic_act' is not one that scenario 'baseline' declares",
            ),
            (
                "    heroic_act: {category: astrology, kind: good, per_year: 0.005}",
                "behaviours.2.category",
                "declares it in category 'astrology'",
            ),
        ],
        ids=["missing", "other-category"],
    )
    def test_a_policy_behaviour_the_world_lacks_is_refused_at_the_policys_line(
        self, tmp_path: Path, edit_to: str, field: str, needle: str
    ) -> None:
        path, _ = write(
            tmp_path, "    heroic_act: {category: civic, kind: good, per_year: 0.005}", edit_to
        )
        policy_path = tmp_path / "rules.yaml"
        policy_text = shipped_text("policy", "default")
        policy_path.write_text(policy_text, encoding="utf-8")
        with pytest.raises(PolicyError, match=needle) as err:
            check_names(load_policy(policy_path), load_population_scenario(path))
        assert err.value.file == str(policy_path)
        assert err.value.field == field
        assert err.value.line == line_of(policy_text, "{code: heroic_act,")

    def test_a_behaviour_the_policy_does_not_name_is_allowed(self, tmp_path: Path) -> None:
        path, _ = write(
            tmp_path,
            "    # civic\n",
            "    # civic\n    astrology: {category: occult, kind: harmful, per_year: 2.0}\n",
        )
        check_names(DEFAULT, load_population_scenario(path))

    def test_a_behaviour_multiplier_for_an_unknown_group_is_located(self, tmp_path: Path) -> None:
        old = "    littering: {category: misconduct, kind: harmful, per_year: 0.1765}"
        path, text = write(tmp_path, old, old[:-1] + ", by_group: {martians: 2.0}}")
        with pytest.raises(ScenarioError, match="'martians'") as err:
            load_scenario(path)
        assert err.value.field == "population.behaviours.littering.by_group.martians"
        assert err.value.line == line_of(text, "martians")

    def test_a_group_named_twice_is_located(self, tmp_path: Path) -> None:
        path, text = write(
            tmp_path, "    - {name: minority, share: 0.2}", "    - {name: majority, share: 0.2}"
        )
        with pytest.raises(ScenarioError, match="named twice") as err:
            load_scenario(path)
        assert err.value.field == "population.groups.1.name"
        assert err.value.line == line_of(text, "{name: majority, share: 0.2}")

    def test_a_group_must_have_a_share(self, tmp_path: Path) -> None:
        path, text = write(
            tmp_path, "    - {name: minority, share: 0.2}", "    - {name: minority, share: 0}"
        )
        with pytest.raises(ScenarioError, match="greater than 0") as err:
            load_scenario(path)
        assert err.value.field == "population.groups.1.share"
        assert err.value.line == line_of(text, "{name: minority, share: 0}")

    def test_a_numeric_mapping_key_keeps_its_own_line(self, tmp_path: Path) -> None:
        path, text = write(tmp_path, "    heroic_act: {", "    '1': {")
        with pytest.raises(ScenarioError) as err:
            load_scenario(path)
        assert (err.value.field or "").startswith("population.behaviours.1")
        assert err.value.line == line_of(text, "'1': {")

    def test_a_reputation_game_is_not_a_population(self) -> None:
        with pytest.raises(ScenarioError, match="reputation-game"):
            load_population_scenario("reputation-game")


class TestReferenceGroup:
    def test_defaults_to_the_largest_group(self) -> None:
        assert load_population_scenario("baseline").population.reference == "majority"

    def test_may_be_named_and_must_exist(self, tmp_path: Path) -> None:
        path, _ = write(tmp_path, "  consent_share: 0.85\n", "  reference_group: minority\n")
        assert load_population_scenario(path).population.reference == "minority"
        path, text = write(tmp_path, "  consent_share: 0.85\n", "  reference_group: nobody\n")
        with pytest.raises(ScenarioError, match="nobody") as err:
            load_scenario(path)
        assert err.value.line == line_of(text, "reference_group")


TOWNS = [n for n in SHIPPED_SCENARIOS if n not in ("reputation-game", "court-blacklist")]


@pytest.mark.parametrize("name", TOWNS)
def test_every_shipped_town_fits_every_shipped_policy(name: str) -> None:
    scenario = load_population_scenario(name)
    for policy in SHIPPED_POLICIES:
        check_names(load_policy(policy), scenario)


def test_the_court_blacklist_world_has_one_behaviour_and_fits_the_court_list_alone() -> None:
    # Nobody there does anything but default on court judgments: a rulebook that names other
    # behaviours does not fit it, and says so.
    scenario = load_population_scenario("court-blacklist")
    assert list(scenario.population.behaviours) == ["court_defaulter"]
    check_names(load_policy("court-defaulters"), scenario)
    with pytest.raises(PolicyError, match="not one that scenario 'court-blacklist' declares"):
        check_names(DEFAULT, scenario)


class TestHouseholds:
    """Households are optional; their sizes are shares that add up to 1."""

    def test_absent_households_keep_every_shipped_scenario_as_it_was(self) -> None:
        for name in SHIPPED_SCENARIOS:
            loaded = load_scenario(name)
            if loaded.kind == "population":
                assert "households" not in loaded.model_dump()["population"]

    @pytest.mark.parametrize(
        ("households", "field", "message"),
        [
            ("{sizes: [0.5, 0.6]}", "population.households.sizes", "add up to 1"),
            ("{sizes: []}", "population.households.sizes", "at least 1"),
            ("{sizes: [1.5, -0.5]}", "population.households.sizes.0", "less than or equal"),
            ("{spouse_share: 2}", "population.households.spouse_share", "less than or equal"),
            ("{size: [1.0]}", "population.households.size", "did you mean 'sizes'"),
        ],
    )
    def test_bad_households_are_refused_at_their_line(
        self, tmp_path: Path, households: str, field: str, message: str
    ) -> None:
        path, text = write(
            tmp_path,
            "  consent_share: 0.85\n",
            f"  consent_share: 0.85\n  households: {households}\n",
        )
        with pytest.raises(ScenarioError, match=message) as err:
            load_scenario(path)
        assert err.value.file == str(path)
        assert err.value.field == field
        assert err.value.line == line_of(text, "households:")


class TestCollectorAllocation:
    """Collectors fixed where their residents are unless the scenario moves them."""

    def test_fixed_collectors_leave_the_document_as_it_was(self) -> None:
        for name in SHIPPED_SCENARIOS:
            loaded = load_scenario(name)
            if loaded.kind == "population" and not name.startswith("runaway-"):
                assert "allocation" not in loaded.model_dump()["observation"]["collectors"]

    def test_the_corrected_town_differs_from_the_runaway_one_by_the_correction_alone(
        self,
    ) -> None:
        runaway = load_population_scenario("runaway-collectors").model_dump()
        corrected = load_population_scenario("runaway-collectors-corrected").model_dump()
        for doc in (runaway, corrected):
            doc.pop("name")
            doc.pop("description")
        assert runaway["observation"]["collectors"]["allocation"]["correction"] is False
        runaway["observation"]["collectors"]["allocation"]["correction"] = True
        assert runaway == corrected

    def test_a_correction_of_fixed_collectors_is_refused_at_its_line(self, tmp_path: Path) -> None:
        edit = "    false_report_rate: 0.02\n"
        path, text = write(tmp_path, edit, edit + "    allocation: {correction: true}\n")
        with pytest.raises(ScenarioError, match="correction needs collectors that move") as err:
            load_scenario(path)
        assert err.value.field == "observation.collectors.allocation.correction"
        assert err.value.line == line_of(text, "allocation:")

    def test_moving_collectors_over_too_many_districts_are_refused(self, tmp_path: Path) -> None:
        edit = "    false_report_rate: 0.02\n"
        path, _ = write(tmp_path, edit, edit + "    allocation: {rule: max}\n")
        text = path.read_text(encoding="utf-8").replace("districts: 20", "districts: 65", 1)
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError, match="at most 64 districts") as err:
            load_scenario(path)
        assert err.value.field == "observation.collectors.allocation.rule"
