"""The rulebook: shipped policies and the errors a broken one gets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from socialcredit.domain.effects import Effect
from socialcredit.domain.errors import IncoherentPolicyError, PolicyError
from socialcredit.domain.policy_checks import CHECKS, policy_warnings
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.inputs import SHIPPED_POLICIES, load_policy, shipped_text

SERVICES = {"school", "job", "housing", "loan", "internet", "train", "flight"}
DATA_CATEGORIES = {"social_media", "financial", "insurance", "health", "shopping", "dating"}
POINT_SCHEMES = [p for p in SHIPPED_POLICIES if p not in ("none", "court-defaulters")]
"""The shipped policies that grade citizens on points; the counterfactual and the court list
grade nobody."""


def broken(edit_from: str, edit_to: str) -> str:
    text = shipped_text("policy", "default")
    assert edit_from in text
    return text.replace(edit_from, edit_to, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


class TestShippedPolicies:
    @pytest.mark.parametrize("name", POINT_SCHEMES)
    def test_carries_a_realistic_catalogue_over_every_data_category(self, name: str) -> None:
        policy = load_policy(name)
        categories = {b.category for b in policy.behaviours}
        assert len(policy.behaviours) >= 40
        assert {"civic", "misconduct"} | DATA_CATEGORIES <= categories
        assert policy.base_score == 1000
        assert [g.name for g in policy.grades_descending] == ["AAA", "AA", "A", "B", "C", "D"]
        assert policy.watch.below == 1000
        assert set(policy.services) == SERVICES

    def test_none_is_default_with_nothing_counted_listed_or_refused(self) -> None:
        """The counterfactual names exactly the default's behaviours (so a lever that turns a
        category on means the same in both) and turns every way they could count or matter
        off."""
        none, default = load_policy("none"), load_policy("default")
        assert [(b.code, b.category, b.points) for b in none.behaviours] == [
            (b.code, b.category, b.points) for b in default.behaviours
        ]
        assert not any(none.counts(b) for b in none.behaviours)
        assert none.footprint().categories_enabled == []
        assert none.footprint().collectors is False
        assert set(none.services) == set(default.services)
        assert all(not s.rules and s.default.value == "allow" for s in none.services.values())
        assert none.lists.black.enter.score_below == -1_000_000
        assert none.lists.red.enter.score_at_least == 1_000_000

    def test_court_defaulters_counts_court_findings_alone_and_lists_on_them(self) -> None:
        """The court list names a court's finding of default alone (whatever else people do
        still happens in their world), lets it count, and closes only the reported services."""
        court, default = load_policy("court-defaulters"), load_policy("default")
        finding = default.behaviour("court_defaulter")
        assert [(b.code, b.category, b.points) for b in court.behaviours] == [
            (finding.code, finding.category, finding.points)
        ]
        assert [b.code for b in court.behaviours if court.counts(b)] == ["court_defaulter"]
        assert court.reporting_sources["court_defaulter"] == ["court_records"]
        footprint = court.footprint()
        assert footprint.feeds == ["court_records"]
        assert footprint.collectors is False
        assert footprint.sensitive_categories_enabled == []
        black = court.lists.black
        assert black.enter.behaviours == ["court_defaulter"]
        assert black.enter.score_below is None
        assert 30 <= black.notice_days <= 90  # the reformed list's one to three months
        assert court.lists.red.enter.score_at_least == 1_000_000  # never entered
        assert set(court.services) == set(default.services)
        assert not court.services["internet"].rules
        for name, service in court.services.items():
            assert all(r.when.lists == ["black"] for r in service.rules), name

    def test_default_keeps_sensitive_categories_off_and_asks_consent(self) -> None:
        footprint = load_policy("default").footprint()
        assert footprint.sensitive_categories_enabled == []
        assert footprint.consent_required is True
        assert footprint.collector_review_required is True
        assert "full" not in footprint.published_lists.values()

    def test_classic_switches_every_source_on_and_publishes_in_full(self) -> None:
        policy = load_policy("classic")
        footprint = policy.footprint()
        assert set(footprint.sensitive_categories_enabled) == {"health", "dating"}
        assert all(footprint.legal_bases.values())
        assert footprint.published_lists == {"black": "full", "red": "full"}
        assert all(policy.counts(b) for b in policy.behaviours)

    def test_hash_ignores_formatting_but_not_content(self) -> None:
        text = shipped_text("policy", "default")
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
        text = broken("grades: [C, D]}, effect: restricted", "grades: [C, E]}, effect: restricted")
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

    def test_sensitive_category_on_without_a_legal_basis_loads(self) -> None:
        # Unlawful but runnable: the audit reports it (gdpr-9), loading does not refuse it.
        text = broken("sensitive: true, enabled: false}", "sensitive: true}")
        policy = parse_policy(text)
        assert policy.categories["health"].enabled
        assert policy.footprint().legal_bases == {"health": None}
        assert any(policy.counts(b) for b in policy.behaviours if b.category == "health")

    def test_duplicate_key_is_refused_with_its_line(self) -> None:
        text = broken("base_score: 1000", "base_score: 1000\nbase_score: 900")
        with pytest.raises(PolicyError, match="duplicate key 'base_score'") as err:
            parse_policy(text)
        assert err.value.line == line_of(text, "base_score: 900")

    def test_a_yaml_bomb_is_refused_within_a_second(self) -> None:
        # "Billion laughs": 10 levels of 9 aliases each, 9^10 (3.5 billion) strings in 500
        # bytes. Walking it after parsing would never end; it is refused before.
        levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
        start = time.perf_counter()
        with pytest.raises(PolicyError, match="expands to more than 1,000,000 values") as err:
            parse_policy("name: bomb\n" + "\n".join(levels) + "\n", file="bomb.yaml")
        assert time.perf_counter() - start < 1.0
        assert (err.value.file, err.value.line) == ("bomb.yaml", 1)

    @pytest.mark.parametrize("text", ["a: &x [*x]", "k: &m {x: *m}", "a: &x [1, [2, *x]]"])
    def test_a_document_that_contains_itself_is_refused(self, text: str) -> None:
        with pytest.raises(PolicyError, match="contains itself through an alias") as err:
            parse_policy(f"name: loop\n{text}\n", file="loop.yaml")
        assert (err.value.file, err.value.line) == ("loop.yaml", 1)

    def test_aliases_within_the_limit_are_read(self) -> None:
        text = broken("grades:", "x-shared: &shared {max: 1, period_days: 30}\ngrades:")
        with pytest.raises(PolicyError, match="x-shared"):  # read, then refused as unknown
            parse_policy(text)

    def test_malformed_yaml_names_the_line(self) -> None:
        with pytest.raises(PolicyError, match="not valid YAML") as err:
            parse_policy("name: x\nbehaviours: [\n", file="x.yaml")
        assert err.value.line is not None

    def test_missing_file_is_a_policy_error(self, tmp_path: object) -> None:
        with pytest.raises(PolicyError, match="no such policy file"):
            load_policy("/nonexistent/town.yaml")

    def test_restricted_rule_without_conditions_is_refused(self) -> None:
        text = broken(
            "effect: restricted, conditions: {rate_premium_pct: 2.0}}", "effect: restricted}"
        )
        with pytest.raises(PolicyError, match="must state its conditions"):
            parse_policy(text)

    def test_a_misspelt_field_is_named_with_a_suggestion(self) -> None:
        text = broken(
            "{code: littering, category: misconduct, points: -10,",
            "{code: littering, category: misconduct, pointz: -10,",
        )
        with pytest.raises(PolicyError) as err:
            parse_policy(text, file="town.yaml")
        assert "unknown field 'pointz' (did you mean 'points'?)" in str(err.value)
        assert err.value.field == "behaviours.10.pointz"
        assert err.value.line == line_of(text, "pointz")

    @pytest.mark.parametrize("value", ["true", '"90"', "90.5", "[90]"])
    def test_a_number_of_days_must_be_a_whole_number(self, value: str) -> None:
        text = broken(
            "    min_days: 90\n    max_days: 730", f"    min_days: {value}\n    max_days: 730"
        )
        with pytest.raises(PolicyError, match="valid integer") as err:
            parse_policy(text, file="town.yaml")
        assert err.value.field == "lists.black.min_days"
        assert err.value.line == line_of(text, f"min_days: {value}")

    def test_grades_out_of_order_are_refused_at_the_grade_that_breaks_the_order(self) -> None:
        text = broken("  - {name: A, min_score: 960}", "  - {name: A, min_score: 1060}")
        with pytest.raises(PolicyError, match="listed best first") as err:
            parse_policy(text, file="town.yaml")
        assert err.value.field == "grades.2.min_score"
        assert err.value.line == line_of(text, "{name: A, min_score: 1060}")

    def test_a_file_that_is_not_text_is_refused_by_name(self, tmp_path: Path) -> None:
        path = tmp_path / "town.yaml"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
        with pytest.raises(PolicyError, match="not a text file") as err:
            load_policy(path)
        assert err.value.file == str(path)
        assert "codec" not in str(err.value)

    @pytest.mark.parametrize("name", SHIPPED_POLICIES)
    def test_a_shipped_name_loads_the_shipped_policy(self, name: str) -> None:
        policy = load_policy(name)
        assert policy.name == name
        assert policy.origin is not None
        assert policy.origin.file == f"{name}.yaml"


class TestEffects:
    def test_restriction_and_privilege_are_told_apart(self) -> None:
        housing = load_policy("default").services["housing"]
        assert [r.effect for r in housing.rules] == [Effect.RESTRICTED, Effect.PRIVILEGED]

    @pytest.mark.parametrize(
        ("when", "read_as"),
        [
            ("{lists: [red]}", Effect.PRIVILEGED),
            ("{grades: [AAA]}", Effect.PRIVILEGED),  # classic's discount for the top grade
            ("{grades: [AAA, AA]}", Effect.PRIVILEGED),
            ("{lists: [red], grades: [AAA]}", Effect.PRIVILEGED),
            ("{watch: false}", Effect.PRIVILEGED),
            ("{lists: [black]}", Effect.RESTRICTED),
            ("{grades: [C, D]}", Effect.RESTRICTED),
            ("{grades: [AAA, A]}", Effect.RESTRICTED),  # A starts below the base score
            ("{lists: [red, black]}", Effect.RESTRICTED),
            ("{lists: [red], score_below: 1100}", Effect.RESTRICTED),
        ],
    )
    def test_an_old_conditional_rule_still_loads_with_its_reading(
        self, when: str, read_as: Effect
    ) -> None:
        text = broken(
            "      - {when: {lists: [black]}, effect: restricted, conditions: {deposit_months: 3}}",
            f"      - {{when: {when}, effect: conditional, conditions: {{deposit_months: 3}}}}",
        )
        assert parse_policy(text).services["housing"].rules[0].effect is read_as

    def test_an_old_conditional_default_still_loads_as_a_restriction(self) -> None:
        text = broken(
            "  flight:\n    description: Flight tickets.\n",
            "  flight:\n    description: Flight tickets.\n    default: conditional\n",
        )
        assert parse_policy(text).services["flight"].default is Effect.RESTRICTED


class TestScores:
    @pytest.mark.parametrize(
        ("old", "new", "field"),
        [
            ("base_score: 1000", "base_score: 10000000000", "base_score"),
            ("watch:\n  below: 1000", "watch:\n  below: -1500000000", "watch.below"),
            ("{name: D, min_score: 0}", "{name: D, min_score: -2000000}", "grades.5.min_score"),
        ],
    )
    def test_scores_out_of_any_sensible_range_are_refused(
        self, old: str, new: str, field: str
    ) -> None:
        with pytest.raises(PolicyError, match=r"(less|greater) than or equal") as err:
            parse_policy(broken(old, new))
        assert err.value.field == field


SCHOOL = "{when: {lists: [black]}, effect: restricted, conditions: {high_fee_private_school"


class TestRulesReachingRelatives:
    """`applies_to` names whom a rule reaches; a rule reaching relatives looks at lists alone
    and restricts or denies, or the policy is refused at the field."""

    def reaching(self, applies_to: str, when: str = "{lists: [black]}") -> str:
        old = SCHOOL
        new = SCHOOL.replace(
            "{when: {lists: [black]},", f"{{when: {when}, applies_to: {applies_to},"
        )
        return broken(old, new)

    def test_a_rule_for_the_citizen_alone_is_the_default_and_keeps_the_hash(self) -> None:
        default = load_policy("default")
        assert default.services["school"].rules[0].applies_to == ["self"]
        explicit = parse_policy(self.reaching("[self]"))
        assert explicit.hash == default.hash

    def test_the_court_list_closes_high_fee_schools_to_the_children(self) -> None:
        [rule] = load_policy("court-defaulters").services["school"].rules
        assert rule.applies_to == ["children"]
        assert rule.relatives == ("children",)

    def test_an_unknown_relation_is_refused_at_its_line(self) -> None:
        text = self.reaching("[self, cousins]")
        with pytest.raises(PolicyError, match="'self', 'spouse' or 'children'") as err:
            parse_policy(text)
        assert err.value.field == "services.school.rules.0.applies_to.1"
        assert err.value.line == line_of(text, "cousins")

    def test_a_relation_named_twice_is_refused(self) -> None:
        with pytest.raises(PolicyError, match="'children' twice") as err:
            parse_policy(self.reaching("[children, children]"))
        assert err.value.field == "services.school.rules.0.applies_to.1"

    def test_no_one_at_all_is_refused(self) -> None:
        with pytest.raises(PolicyError) as err:
            parse_policy(self.reaching("[]"))
        assert err.value.field == "services.school.rules.0.applies_to"

    @pytest.mark.parametrize(
        ("when", "condition"),
        [
            ("{lists: [black], grades: [D]}", "grades"),
            ("{watch: true}", "watch"),
            ("{lists: [black], score_below: 600}", "score_below"),
        ],
    )
    def test_a_rule_reaching_relatives_looks_at_lists_only(self, when: str, condition: str) -> None:
        text = self.reaching("[children]", when)
        with pytest.raises(PolicyError, match="may look at lists only") as err:
            parse_policy(text)
        assert err.value.field == f"services.school.rules.0.when.{condition}"
        assert err.value.line == line_of(text, "applies_to: [children]")

    def test_only_a_detriment_reaches_relatives(self) -> None:
        text = broken(
            "{when: {lists: [red]}, effect: privileged",
            "{when: {lists: [red]}, applies_to: [spouse], effect: privileged",
        )
        with pytest.raises(PolicyError, match="must restrict or deny, not privileged") as err:
            parse_policy(text)
        assert err.value.field is not None
        assert err.value.field.endswith(".applies_to")
        assert err.value.line == line_of(text, "applies_to: [spouse]")


BLACK_BOUNDS = (
    "    enter: {score_below: 850, behaviours: [court_defaulter]}\n    exit: {score_at_least: 900}"
)
RED_BOUNDS = "    enter: {score_at_least: 1050}\n    exit: {score_below: 1030}"


def with_bounds(black: tuple[str, str] | None = None, red: tuple[str, str] | None = None) -> str:
    """The default policy with the black or red list's `enter` and `exit` given."""
    text = shipped_text("policy", "default")
    for old, new in ((BLACK_BOUNDS, black), (RED_BOUNDS, red)):
        assert old in text
        if new is not None:
            text = text.replace(old, f"    enter: {new[0]}\n    exit: {new[1]}", 1)
    return text


def refused(text: str) -> IncoherentPolicyError:
    with pytest.raises(IncoherentPolicyError) as err:
        parse_policy(text, file="town.yaml")
    return err.value


class TestRulebooksThatCannotMeanWhatTheySay:
    """A rulebook valid field by field whose score bounds contradict each other is refused at
    the field, with the check's id."""

    def test_a_black_list_entered_above_the_base_score_is_refused_at_its_entry(self) -> None:
        text = with_bounds(black=("{score_below: 1001}", "{score_at_least: 1050}"))
        err = refused(text)
        assert err.rule == "list-entered-at-base"
        assert err.field == "lists.black.enter.score_below"
        assert err.line == line_of(text, "score_below: 1001")
        assert "every citizen would be on it from day 1" in str(err)
        assert str(err).endswith("[list-entered-at-base]")

    def test_a_black_list_entered_below_the_base_score_itself_loads(self) -> None:
        policy = parse_policy(with_bounds(black=("{score_below: 1000}", "{score_at_least: 1001}")))
        assert policy.lists.black.enter.score_below == policy.base_score

    @pytest.mark.parametrize("entry", [1000, 990])
    def test_a_red_list_entered_at_or_below_the_base_score_is_refused(self, entry: int) -> None:
        text = with_bounds(red=(f"{{score_at_least: {entry}}}", f"{{score_below: {entry - 10}}}"))
        err = refused(text)
        assert err.rule == "list-entered-at-base"
        assert err.field == "lists.red.enter.score_at_least"

    def test_a_black_list_left_below_where_it_is_entered_is_refused_at_its_exit(self) -> None:
        """The shipped experiment's default with entry at 950 over its exit at 900: citizens at
        900–949 left the list and were listed again the next day."""
        text = with_bounds(black=("{score_below: 950}", "{score_at_least: 900}"))
        err = refused(text)
        assert err.rule == "list-exit-overlaps-entry"
        assert err.field == "lists.black.exit.score_at_least"
        assert err.line == line_of(text, "exit: {score_at_least: 900}")
        assert "900–949" in err.message

    def test_a_red_list_left_above_where_it_is_entered_is_refused_at_its_exit(self) -> None:
        err = refused(with_bounds(red=("{score_at_least: 1050}", "{score_below: 1060}")))
        assert err.rule == "list-exit-overlaps-entry"
        assert err.field == "lists.red.exit.score_below"
        assert "1050–1059" in err.message

    @pytest.mark.parametrize(
        ("enter", "exit_"),
        [("{score_below: 850}", "{score_below: 900}"), ("{score_below: 850}", "{score_below: 10}")],
    )
    def test_a_black_list_left_on_the_side_it_is_entered_is_refused(
        self, enter: str, exit_: str
    ) -> None:
        err = refused(with_bounds(black=(enter, exit_)))
        assert err.rule == "list-exit-overlaps-entry"
        assert err.field == "lists.black.exit.score_below"

    @pytest.mark.parametrize(
        ("black", "red", "field"),
        [
            (("{score_below: 900}", "{score_at_least: 900}"), None, "black.exit.score_at_least"),
            (None, ("{score_at_least: 1050}", "{score_below: 1050}"), "red.exit.score_below"),
        ],
        ids=["black", "red"],
    )
    def test_a_list_left_exactly_where_it_is_entered_is_refused(
        self, black: tuple[str, str] | None, red: tuple[str, str] | None, field: str
    ) -> None:
        """No score lies between leaving and entering: a score that crosses the line and back
        takes the citizen off and on again, with no margin."""
        err = refused(with_bounds(black=black, red=red))
        assert err.rule == "list-exit-overlaps-entry"
        assert err.field == f"lists.{field}"
        assert "no score lies between the two" in err.message

    def test_an_exit_one_point_beyond_the_entry_loads(self) -> None:
        policy = parse_policy(
            with_bounds(
                black=("{score_below: 900}", "{score_at_least: 901}"),
                red=("{score_at_least: 1050}", "{score_below: 1049}"),
            )
        )
        assert policy.lists.black.exit.score_at_least == 901

    def test_a_list_entered_on_behaviours_alone_has_no_scores_to_compare(self) -> None:
        policy = parse_policy(
            with_bounds(black=("{behaviours: [court_defaulter]}", "{score_at_least: 100}"))
        )
        assert policy.lists.black.enter.score_below is None

    def test_grades_from_the_same_score_overlap(self) -> None:
        text = broken("  - {name: C, min_score: 600}", "  - {name: C, min_score: 850}")
        err = refused(text)
        assert err.rule == "grade-bands-overlap"
        assert err.field == "grades.4.min_score"
        assert err.line == line_of(text, "{name: C, min_score: 850}")
        assert "'C' holds no score" in err.message

    def test_grades_out_of_order_overlap_too(self) -> None:
        err = refused(broken("  - {name: A, min_score: 960}", "  - {name: A, min_score: 1060}"))
        assert err.rule == "grade-bands-overlap"

    def test_the_checks_are_declared_once_each(self) -> None:
        ids = [c.id for c in CHECKS]
        assert len(set(ids)) == len(ids)
        assert {c.severity for c in CHECKS} == {"error", "warning"}


class TestPolicyWarnings:
    """A rulebook that works but is suspicious loads, and says why."""

    def test_default_warns_that_one_drunk_driving_lands_ten_points_under_its_black_list(
        self,
    ) -> None:
        [warning] = policy_warnings(load_policy("default"))
        assert warning.rule == "act-near-list-threshold"
        assert warning.field == "lists.black.enter.score_below"
        assert (warning.file, warning.line) == (
            "default.yaml",
            line_of(shipped_text("policy", "default"), "enter: {score_below: 850"),
        )
        assert "drunk_driving (-160)" in warning.message
        assert "to 840, 10 points below" in warning.message
        assert str(warning).startswith("default.yaml:")

    @pytest.mark.parametrize(
        ("threshold", "warned"),
        [(829, False), (830, True), (840, True), (841, True), (850, True), (851, False)],
    )
    def test_an_act_within_ten_points_of_the_entry_either_side_is_warned_about(
        self, threshold: int, warned: bool
    ) -> None:
        text = with_bounds(black=(f"{{score_below: {threshold}}}", "{score_at_least: 900}"))
        warnings = policy_warnings(parse_policy(text))
        assert [w.rule for w in warnings] == (["act-near-list-threshold"] if warned else [])

    def test_an_act_that_lists_by_itself_is_not_warned_about(self) -> None:
        """classic lists drunk driving on the act, whatever the score."""
        assert policy_warnings(load_policy("classic")) == []

    def test_an_act_that_cannot_produce_entries_is_not_warned_about(self) -> None:
        text = broken(
            'misconduct: {description: "Breaches of public order."}',
            'misconduct: {description: "Breaches of public order.", enabled: false}',
        )
        assert policy_warnings(parse_policy(text)) == []

    @pytest.mark.parametrize("name", [p for p in SHIPPED_POLICIES if p != "default"])
    def test_the_other_shipped_policies_have_no_warnings(self, name: str) -> None:
        assert policy_warnings(load_policy(name)) == []
