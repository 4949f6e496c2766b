"""The rulebook: shipped policies and the errors a broken one gets."""

from __future__ import annotations

import pytest

from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.policies import SHIPPED, load_policy, shipped_text

SERVICES = {"school", "job", "housing", "loan", "internet", "train", "flight"}
DATA_CATEGORIES = {"social_media", "financial", "insurance", "health", "shopping", "dating"}


def broken(edit_from: str, edit_to: str) -> str:
    text = shipped_text("default")
    assert edit_from in text
    return text.replace(edit_from, edit_to, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


class TestShippedPolicies:
    @pytest.mark.parametrize("name", SHIPPED)
    def test_carries_a_realistic_catalogue_over_every_data_category(self, name: str) -> None:
        policy = load_policy(name)
        categories = {b.category for b in policy.behaviours}
        assert len(policy.behaviours) >= 40
        assert {"civic", "misconduct"} | DATA_CATEGORIES <= categories
        assert policy.base_score == 1000
        assert [g.name for g in policy.grades_descending] == ["AAA", "AA", "A", "B", "C", "D"]
        assert policy.watch.below == 1000
        assert set(policy.services) == SERVICES

    def test_default_keeps_sensitive_categories_off_and_asks_consent(self) -> None:
        footprint = load_policy("default").footprint()
        assert footprint["sensitive_categories_enabled"] == []
        assert footprint["consent_required"] is True
        assert footprint["collector_review_required"] is True
        assert "full" not in footprint["published_lists"].values()

    def test_classic_switches_every_source_on_and_publishes_in_full(self) -> None:
        policy = load_policy("classic")
        footprint = policy.footprint()
        assert set(footprint["sensitive_categories_enabled"]) == {"health", "dating"}
        assert all(footprint["legal_bases"].values())
        assert footprint["published_lists"] == {"black": "full", "red": "full"}
        assert all(policy.counts(b) for b in policy.behaviours)

    def test_hash_ignores_formatting_but_not_content(self) -> None:
        text = shipped_text("default")
        same = parse_policy("# a comment\n" + text)
        different = parse_policy(text.replace("daily_limit: 10", "daily_limit: 11"))
        assert same.hash == load_policy("default").hash
        assert different.hash != same.hash


class TestBrokenPolicy:
    def test_unknown_key_names_file_line_and_field(self) -> None:
        text = broken("base_score: 1000", "base_score: 1000\nbase_scroe: 5")
        with pytest.raises(PolicyError) as err:
            parse_policy(text, file="town.yaml")
        assert err.value.file == "town.yaml"
        assert err.value.line == line_of(text, "base_scroe")
        assert "unknown field 'base_scroe'" in str(err.value)

    def test_bad_number_names_the_field(self) -> None:
        text = broken(
            "points: -10, expires_after_days: 365}", "points: lots, expires_after_days: 365}"
        )
        with pytest.raises(PolicyError) as err:
            parse_policy(text, file="town.yaml")
        assert err.value.field == "behaviours.10.points"
        assert err.value.line == line_of(text, "points: lots")

    def test_service_rule_naming_a_missing_grade_is_refused(self) -> None:
        text = broken(
            "grades: [C, D]}, effect: conditional", "grades: [C, E]}, effect: conditional"
        )
        with pytest.raises(PolicyError) as err:
            parse_policy(text, file="town.yaml")
        assert "grade 'E', which does not exist" in str(err.value)
        assert err.value.field == "services.loan.rules.1.when.grades.1"
        assert err.value.line == line_of(text, "grades: [C, E]")

    def test_behaviour_no_source_may_report_is_refused(self) -> None:
        text = broken("community_mediation, reporting_a_hazard,", "reporting_a_hazard,")
        with pytest.raises(
            PolicyError, match="'community_mediation' cannot be reported by any source"
        ):
            parse_policy(text)

    def test_sensitive_category_needs_a_legal_basis_to_be_on(self) -> None:
        text = broken("sensitive: true, enabled: false}", "sensitive: true}")
        with pytest.raises(PolicyError, match="legal_basis") as err:
            parse_policy(text)
        assert err.value.field == "categories.health"

    def test_duplicate_key_is_refused_with_its_line(self) -> None:
        text = broken("base_score: 1000", "base_score: 1000\nbase_score: 900")
        with pytest.raises(PolicyError, match="duplicate key 'base_score'") as err:
            parse_policy(text)
        assert err.value.line == line_of(text, "base_score: 900")

    def test_malformed_yaml_names_the_line(self) -> None:
        with pytest.raises(PolicyError, match="not valid YAML") as err:
            parse_policy("name: x\nbehaviours: [\n", file="x.yaml")
        assert err.value.line is not None

    def test_missing_file_is_a_policy_error(self, tmp_path: object) -> None:
        with pytest.raises(PolicyError, match="no such policy file"):
            load_policy("/nonexistent/town.yaml")

    def test_conditional_rule_without_conditions_is_refused(self) -> None:
        text = broken(
            "effect: conditional, conditions: {rate_premium_pct: 2.0}}", "effect: conditional}"
        )
        with pytest.raises(PolicyError, match="must state its conditions"):
            parse_policy(text)
