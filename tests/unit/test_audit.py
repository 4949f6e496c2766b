"""The audit's static checks: each rule fires on the pattern it concerns, at the line of the
field, and passes the rulebook that avoids it."""

from __future__ import annotations

import pytest

from socialcredit.audit import RULES, audit_policy, worst
from socialcredit.audit.findings import Finding
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.inputs import load_policy, shipped_text


def edited(old: str, new: str, base: str = "default") -> Policy:
    text = shipped_text("policy", base)
    assert old in text, old
    return parse_policy(text.replace(old, new, 1))


def of(policy: Policy, rule: str) -> list[Finding]:
    return [f for f in audit_policy(policy) if f.rule == rule]


def line_of(policy_text: str, needle: str) -> int:
    return next(i for i, line in enumerate(policy_text.splitlines(), 1) if needle in line)


def test_every_rule_reports_on_every_shipped_policy() -> None:
    for name in ("default", "classic", "none"):
        findings = audit_policy(load_policy(name))
        assert {f.rule for f in findings} == {r.id for r in RULES}
        assert all(f.citation and f.message for f in findings)


def test_classic_fails_and_the_counterfactual_passes() -> None:
    assert worst(audit_policy(load_policy("classic"))) == "fail"
    assert worst(audit_policy(load_policy("none"))) == "pass"


def test_notice_fails_without_notice_and_warns_on_a_short_one() -> None:
    none_at_all = edited("    notice_days: 30\n", "    notice_days: 0\n")
    [finding] = of(none_at_all, "notice")
    assert finding.verdict == "fail"
    assert finding.field == "lists.black.notice_days"
    assert finding.line == line_of(shipped_text("policy", "default"), "notice_days: 30")
    short = edited("    notice_days: 30\n", "    notice_days: 7\n")
    assert [f.verdict for f in of(short, "notice")] == ["warn"]
    assert [f.verdict for f in of(load_policy("default"), "notice")] == ["pass"]


def test_dispute_window_and_disputed_entries() -> None:
    slow = edited("  deadline_days: 30\n", "  deadline_days: 45\n")
    assert [(f.verdict, f.field) for f in of(slow, "dispute-window")] == [
        ("fail", "appeals.deadline_days")
    ]
    counting = edited("  disputed_entries_count: false\n", "  disputed_entries_count: true\n")
    assert [f.verdict for f in of(counting, "dispute-window")] == ["warn"]


def test_retention_past_seven_years() -> None:
    old = edited(
        "{code: drunk_driving, category: misconduct, points: -160, expires_after_days: 1095",
        "{code: drunk_driving, category: misconduct, points: -160, expires_after_days: 3650",
    )
    [finding] = of(old, "retention")
    assert finding.verdict == "fail"
    assert "drunk_driving" in finding.message
    assert finding.line == line_of(shipped_text("policy", "default"), "code: drunk_driving")


def test_public_shaming_and_hearsay() -> None:
    named = edited("    publish: masked\n", "    publish: full\n")
    assert [(f.verdict, f.field) for f in of(named, "public-shaming")] == [
        ("fail", "lists.black.publish")
    ]
    unreviewed = edited("    review_required: true\n", "    review_required: false\n")
    assert [f.verdict for f in of(unreviewed, "hearsay")] == ["fail"]


def test_a_basic_service_closed_on_a_score_alone_fails() -> None:
    cut = edited(
        "      - {when: {lists: [black]}, effect: restricted, conditions: {bandwidth_mbps: 100}}",
        "      - {when: {grades: [D]}, effect: deny}",
    )
    [finding] = of(cut, "basic-service")
    assert finding.verdict == "fail"
    assert finding.field == "services.internet.rules.0"


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


@pytest.mark.parametrize(
    ("old", "new", "verdict"),
    [
        # A minor behaviour that lists at once.
        (
            "enter: {score_below: 850, behaviours: [court_defaulter]}",
            "enter: {score_below: 850, behaviours: [court_defaulter, jaywalking]}",
            "fail",
        ),
        # Capped so that it can never reach the threshold: 1 per 365 days, 5 points.
        (
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180}",
            "{code: jaywalking, category: misconduct, points: -5, expires_after_days: 180, "
            "cap: {max: 1, period_days: 365}}",
            None,
        ),
    ],
)
def test_disproportion_of_minor_behaviours(old: str, new: str, verdict: str | None) -> None:
    policy = edited(old, new)
    jay = [f for f in of(policy, "ai-act-5-1-c-ii") if "jaywalking" in f.message]
    assert [f.verdict for f in jay] == ([verdict] if verdict else [])


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
