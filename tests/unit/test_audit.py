"""The audit's static checks: each rule fires on the pattern it concerns, at the line of the
field, and passes the rulebook that avoids it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from socialcredit.audit import RULES, Verdict, audit_policy, worst
from socialcredit.audit.fairness import compare
from socialcredit.audit.findings import Finding
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.inputs import SHIPPED_POLICIES, load_policy, shipped_text
from socialcredit.stats.rates import Counts


def edited(old: str, new: str, base: str = "default") -> Policy:
    text = shipped_text("policy", base)
    assert old in text, old
    return parse_policy(text.replace(old, new, 1))


def reshaped(base: str, change: Callable[[dict[str, Any]], None]) -> Policy:
    """A shipped policy with `change` applied to its document, for edits a text replacement
    cannot make in one step."""
    data = yaml.safe_load(shipped_text("policy", base))
    change(data)
    return parse_policy(yaml.safe_dump(data, sort_keys=False))


def of(policy: Policy, rule: str) -> list[Finding]:
    return [f for f in audit_policy(policy) if f.rule == rule]


def verdict(policy: Policy, rule: str) -> Verdict:
    """The rule's verdict on the whole policy: its worst finding."""
    return worst(of(policy, rule))


def line_of(policy_text: str, needle: str) -> int:
    return next(i for i, line in enumerate(policy_text.splitlines(), 1) if needle in line)


def test_every_rule_reports_on_every_shipped_policy() -> None:
    for name in SHIPPED_POLICIES:
        findings = audit_policy(load_policy(name))
        assert {f.rule for f in findings} == {r.id for r in RULES}
        assert all(f.citation and f.message for f in findings)


def test_classic_fails_and_the_counterfactual_passes() -> None:
    assert worst(audit_policy(load_policy("classic"))) == "fail"
    assert worst(audit_policy(load_policy("none"))) == "pass"


def test_notice_fails_without_notice_warns_on_a_short_one_and_passes_a_month() -> None:
    none_at_all = edited("    notice_days: 30\n", "    notice_days: 0\n")
    [finding] = of(none_at_all, "notice")
    assert finding.verdict == "fail"
    assert finding.field == "lists.black.notice_days"
    assert finding.line == line_of(shipped_text("policy", "default"), "notice_days: 30")
    short = edited("    notice_days: 30\n", "    notice_days: 7\n")
    assert [f.verdict for f in of(short, "notice")] == ["warn"]
    assert [f.verdict for f in of(load_policy("default"), "notice")] == ["pass"]


def test_dispute_window_fails_slow_appeals_warns_on_counting_disputes() -> None:
    slow = edited("  deadline_days: 30\n", "  deadline_days: 45\n")
    assert [(f.verdict, f.field) for f in of(slow, "dispute-window")] == [
        ("fail", "appeals.deadline_days")
    ]
    counting = edited("  disputed_entries_count: false\n", "  disputed_entries_count: true\n")
    assert [f.verdict for f in of(counting, "dispute-window")] == ["warn"]
    # The default decides within 30 days, and a disputed entry stops counting.
    assert verdict(load_policy("default"), "dispute-window") == "pass"


def test_retention_fails_entries_kept_past_seven_years_and_warns_on_endless_listing() -> None:
    old = edited(
        "{code: drunk_driving, category: misconduct, points: -160, expires_after_days: 1095",
        "{code: drunk_driving, category: misconduct, points: -160, expires_after_days: 3650",
    )
    [finding] = of(old, "retention")
    assert finding.verdict == "fail"
    assert "drunk_driving" in finding.message
    assert finding.line == line_of(shipped_text("policy", "default"), "code: drunk_driving")
    endless = edited("    max_days: 730\n", "")
    assert [(f.verdict, f.field) for f in of(endless, "retention")] == [("warn", "lists.black")]
    # The default keeps drunk driving three years and ends a listing after two.
    assert verdict(load_policy("default"), "retention") == "pass"


def test_public_shaming_fails_a_black_list_published_in_full_and_passes_masked_names() -> None:
    named = edited("    publish: masked\n", "    publish: full\n")
    assert [(f.verdict, f.field) for f in of(named, "public-shaming")] == [
        ("fail", "lists.black.publish")
    ]
    assert verdict(load_policy("default"), "public-shaming") == "pass"


def test_hearsay_fails_unreviewed_collectors_and_passes_reviewed_ones() -> None:
    unreviewed = edited("    review_required: true\n", "    review_required: false\n")
    assert [(f.verdict, f.field) for f in of(unreviewed, "hearsay")] == [
        ("fail", "sources.collectors.review_required")
    ]
    assert verdict(load_policy("default"), "hearsay") == "pass"


def test_a_basic_service_closed_on_a_score_alone_fails_and_on_a_listing_passes() -> None:
    on_the_list = "{when: {lists: [black]}, effect: restricted, conditions: {bandwidth_mbps: 100}}"
    on_a_grade = "{when: {grades: [D]}, effect: restricted, conditions: {bandwidth_mbps: 100}}"
    cut = edited(on_the_list, on_a_grade)
    [finding] = of(cut, "basic-service")
    assert finding.verdict == "fail"
    assert finding.field == "services.internet.rules.0"
    assert verdict(load_policy("default"), "basic-service") == "pass"


def test_special_categories_need_an_art_9_2_ground() -> None:
    vague = edited(
        '  health: {description: "Health records.", sensitive: true, enabled: false}',
        '  health: {description: "Health records.", sensitive: true, legal_basis: "a bylaw"}',
    )
    assert [f.verdict for f in of(vague, "gdpr-9")] == ["warn"]
    grounded = edited(
        '  health: {description: "Health records.", sensitive: true, enabled: false}',
        '  health: {description: "Health records.", sensitive: true, legal_basis: "Art. 9(2)(a) '
        'explicit consent"}',
    )
    assert [f.verdict for f in of(grounded, "gdpr-9")] == ["pass"]
    unmarked = edited(
        '  health: {description: "Health records.", sensitive: true, enabled: false}',
        '  health: {description: "Health records."}',
    )
    assert [f.verdict for f in of(unmarked, "gdpr-9")] == ["fail"]


class TestSpecialCategoryWithoutABasis:
    """Health data switched on with no legal basis loads and runs; the audit fails it, naming
    the file, the line and the field."""

    HEALTH_OFF = '  health: {description: "Health records.", sensitive: true, enabled: false}'

    def test_an_absent_basis_fails_at_the_categorys_line(self) -> None:
        text = shipped_text("policy", "default").replace(
            self.HEALTH_OFF, '  health: {description: "Health records.", sensitive: true}', 1
        )
        [finding] = of(parse_policy(text, file="town.yaml"), "gdpr-9")
        assert finding.verdict == "fail"
        assert finding.file == "town.yaml"
        assert finding.line == line_of(text, "  health: {")
        assert finding.field == "categories.health.legal_basis"
        assert finding.message.startswith("health data is used with no legal basis stated")
        assert finding.measure is not None
        assert finding.measure.categories == {"health"}

    def test_a_blank_basis_fails_at_its_own_line(self) -> None:
        block = (
            "  health:\n"
            "    description: Health records.\n"
            "    sensitive: true\n"
            '    legal_basis: "  "'
        )
        text = shipped_text("policy", "default").replace(self.HEALTH_OFF, block, 1)
        [finding] = of(parse_policy(text, file="town.yaml"), "gdpr-9")
        assert finding.verdict == "fail"
        assert finding.line == line_of(text, "    legal_basis:")
        assert finding.field == "categories.health.legal_basis"

    def test_significant_decisions_resting_on_it_fail_gdpr_22_too(self) -> None:
        policy = edited(
            self.HEALTH_OFF, '  health: {description: "Health records.", sensitive: true}'
        )
        resting = [f for f in of(policy, "gdpr-22") if f.field == "categories.health.legal_basis"]
        assert resting
        assert all(f.verdict == "fail" for f in resting)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A minor behaviour that lists at once.
        (
            "enter: {score_below: 850, behaviours: [court_defaulter]}",
            "enter: {score_below: 850, behaviours: [court_defaulter, jaywalking]}",
            "fail",
        ),
        # As shipped: uncapped, 31 entries of 5 points reach the threshold.
        (
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180}",
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180}",
            "warn",
        ),
        # Capped so that it can never reach the threshold: 1 per 365 days, 5 points.
        (
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180}",
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180, "
            "cap: {max: 1, period_days: 365}}",
            None,
        ),
        # Capped at 1 per 30 days but counting 450 days: a lifetime overlaps 16 calendar
        # windows, so 16 entries of 10 points stand at once (160 ≥ 151) and reach the list.
        (
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180}",
            "{code: jaywalking, category: misconduct, points: -10, expires_after_days: 450, "
            "cap: {max: 1, period_days: 30}}",
            "warn",
        ),
        # The same at 420 days: 15 windows, 150 points, one short of the threshold.
        (
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180}",
            "{code: jaywalking, category: misconduct, points: -10, expires_after_days: 420, "
            "cap: {max: 1, period_days: 30}}",
            None,
        ),
    ],
)
def test_disproportion_of_minor_behaviours(old: str, new: str, expected: str | None) -> None:
    policy = edited(old, new)
    jay = [f for f in of(policy, "ai-act-5-1-c-ii") if "jaywalking" in f.message]
    assert [f.verdict for f in jay] == ([expected] if expected else [])


@pytest.mark.parametrize(("points", "expected"), [(-10, "fail"), (-11, "pass"), (-50, "pass")])
def test_a_listing_behaviour_of_at_most_ten_points_is_disproportionate(
    points: int, expected: Verdict
) -> None:
    """The court list lists at once on a court finding; the finding is minor at 10 points."""
    shipped = "{code: court_defaulter, category: financial, points: -50,"
    policy = edited(shipped, shipped.replace("-50", str(points)), base="court-defaulters")
    behaviours = [f for f in of(policy, "ai-act-5-1-c-ii") if f.field != RELATIVES]
    assert worst(behaviours) == expected


RELATIVES = "services.school.rules.0.applies_to"
"""Where the court list closes high-fee private schools to the children of the listed."""


def test_a_detriment_for_a_relatives_listing_is_disproportionate_whatever_the_points() -> None:
    """Children pay for conduct that is not theirs: no points can make that proportionate."""
    court = load_policy("court-defaulters")
    [finding] = [f for f in of(court, "ai-act-5-1-c-ii") if f.field == RELATIVES]
    assert finding.verdict == "fail"
    assert finding.message.startswith("school is restricted for the children of a citizen on")
    text = shipped_text("policy", "court-defaulters")
    assert finding.line == line_of(text, "applies_to: [children]")
    for_the_listed = edited("applies_to: [children], ", "", base="court-defaulters")
    assert all(f.field != RELATIVES for f in audit_policy(for_the_listed))


def court_list_with_consequences_at(*services: str) -> Policy:
    """The court-defaulter list, with its consequences at the named services only."""

    def keep(data: dict[str, Any]) -> None:
        for name, service in data["services"].items():
            if name not in services:
                service.pop("rules", None)

    return reshaped("court-defaulters", keep)


def test_a_court_finding_may_close_a_loan_but_not_a_flight() -> None:
    """A finding of unpaid debt is financial data: related to lending, unrelated to flying."""
    assert verdict(court_list_with_consequences_at("loan"), "ai-act-5-1-c-i") == "pass"
    flight = court_list_with_consequences_at("loan", "flight")
    assert [(f.verdict, f.field) for f in of(flight, "ai-act-5-1-c-i")] == [
        ("fail", "services.flight.rules.0")
    ]
    assert "financial" in of(flight, "ai-act-5-1-c-i")[0].message


def test_unrelated_data_fails_and_a_stated_justification_is_quoted() -> None:
    default = load_policy("default")
    flight = [f for f in of(default, "ai-act-5-1-c-i") if f.field == "services.flight.rules.0"]
    assert [f.verdict for f in flight] == ["fail"]
    assert "misconduct" in flight[0].message
    justified = edited(
        "    description: Loans and mortgages.\n",
        "    description: Loans and mortgages.\n"
        "    related_data: {civic: Volunteering shows reliability., misconduct: Fraud matters.}\n",
    )
    loan = [f for f in of(justified, "ai-act-5-1-c-i") if f.field == "services.loan.rules.0"]
    assert [f.verdict for f in loan] == ["pass"]
    assert "'Volunteering shows reliability.'" in loan[0].message


def test_a_related_category_must_be_declared() -> None:
    from socialcredit.domain.errors import PolicyError

    with pytest.raises(PolicyError, match="relates category 'astrology'"):
        edited(
            "    description: Loans and mortgages.\n",
            "    description: Loans and mortgages.\n    related_data: {astrology: Stars.}\n",
        )


def test_significant_decisions_need_a_person_to_review_them() -> None:
    default = load_policy("default")
    loan = [f for f in of(default, "gdpr-22") if f.field == "services.loan.rules.0"]
    assert [f.verdict for f in loan] == ["fail"]
    reviewed = edited("appeals:\n", "appeals:\n  human_review: true\n")
    assert [f.verdict for f in of(reviewed, "gdpr-22")] == ["pass"]
    # A service marked not significant is not checked; one marked significant is.
    flight = edited(
        "    description: Flight tickets.\n",
        "    description: Flight tickets.\n    significant: true\n",
    )
    assert any(f.field == "services.flight.rules.0" for f in of(flight, "gdpr-22"))


def test_old_policy_files_stay_valid_and_keep_their_behaviour() -> None:
    """The audit's fields are optional: a policy that states none of them loads, with the
    defaults the audit documents."""
    policy = load_policy("default")
    assert policy.appeals.human_review is False
    assert all(s.significant is None and s.basic is None for s in policy.services.values())


def _closed_by_default(data: dict[str, Any]) -> None:
    """Internet and loans closed to everyone the rules do not open them to (grades A and up)."""
    for name in ("internet", "loan"):
        data["services"][name]["default"] = "deny"
        data["services"][name]["rules"] = [
            {"when": {"grades": ["AAA", "AA", "A"]}, "effect": "allow"}
        ]


def test_a_service_closed_by_default_is_a_detriment_on_what_its_rules_read() -> None:
    policy = reshaped("default", _closed_by_default)
    basic = [f for f in of(policy, "basic-service") if f.verdict == "fail"]
    assert [f.field for f in basic] == ["services.internet.default"]
    significant = [f.field for f in of(policy, "gdpr-22") if f.verdict == "fail"]
    assert "services.loan.default" in significant
    unrelated = [f.field for f in of(policy, "ai-act-5-1-c-i") if f.verdict == "fail"]
    assert {"services.internet.default", "services.loan.default"} <= set(unrelated)
    # Nearby: the same services closed by a rule on the black list, as shipped, pass the
    # basic-service rule.
    assert verdict(load_policy("default"), "basic-service") == "pass"


@pytest.mark.parametrize(
    ("group", "reference", "flag", "words"),
    [
        # (wrongly listed citizen-days, citizen-days the true ledger leaves alone), per seed
        (
            [(2000, 1e5), (2100, 1e5), (1900, 1e5)],
            [(1000, 1e5), (1050, 1e5), (950, 1e5)],
            True,
            "minority is wrongly listed 2.00× as often as majority (95% interval 1.66–2.42, "
            "outside the band)",
        ),
        ([(1000, 1e5), (1100, 1e5)], [(1000, 1e5), (1100, 1e5)], False, "1.00× as often as"),
        # Far outside on the pooled rates, but two seeds this far apart cannot tell.
        ([(300, 1e4), (10, 1e4)], [(100, 1e4), (100, 1e4)], False, "cannot tell"),
        # The reference is never hit: no ratio, but an interval with no upper bound.
        (
            [(400, 1e4), (380, 1e4), (410, 1e4)],
            [(0, 4e4), (0, 4e4), (0, 4e4)],
            True,
            "while majority never is (95% interval 266 and above, outside the band)",
        ),
        ([(40, 1e4), (30, 1e4)], [(0, 4e4), (0, 4e4)], False, "never is; the 95% interval"),
        ([(0, 1e4), (0, 1e4)], [(0, 4e4), (0, 4e4)], False, "both zero"),
        ([(0, 0), (0, 0)], [(10, 4e4), (20, 4e4)], None, "not defined: minority has no"),
        ([(10, 4e4), (20, 4e4)], [(0, 0), (0, 0)], None, "not defined: majority has no"),
        ([(30, 1e4)], [(10, 1e4)], False, "3.00× as often as majority; no interval"),
    ],
)
def test_fairness_compares_each_group_with_the_reference_in_words(
    group: list[tuple[float, float]],
    reference: list[tuple[float, float]],
    flag: bool | None,
    words: str,
) -> None:
    _, outside, said = compare(
        "false_positive_rate",
        "black list",
        "list",
        ("minority", "majority"),
        (Counts.of(group), Counts.of(reference)),
    )
    assert outside is flag
    assert words in said
