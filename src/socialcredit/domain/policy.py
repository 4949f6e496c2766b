"""The policy: one declarative rulebook, as typed and validated objects.

A policy names everything a scoring scheme decides: the base score, the catalogue of behaviours and
their points, which sources may report what, the grades, the watch state, the red and black list
rules, the services and what each grade or list means there, and the due-process settings.
Cross-references (a service rule naming a grade, a list rule naming a behaviour) are checked as the
policy is validated (`policy_references`), and then whether its score bounds can mean what they say
together (`policy_checks`), so that a broken rulebook never reaches a run. Parsing the YAML text
lives in `policy_loading`.
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from socialcredit.domain.effects import read_legacy_effects
from socialcredit.domain.policy_checks import check_coherence
from socialcredit.domain.policy_references import check_references
from socialcredit.domain.rulebook import (
    MAX_SERVICES,
    Appeals,
    Behaviour,
    Cap,
    Category,
    Code,
    Collectors,
    ConditionValue,
    Consent,
    Feed,
    Grade,
    ListEnter,
    ListExit,
    ListRule,
    Lists,
    PolicyName,
    Relation,
    Repair,
    Rulebook,
    Score,
    Service,
    ServiceRule,
    Sources,
    Watch,
    When,
)

__all__ = [
    "MAX_SERVICES",
    "Appeals",
    "Behaviour",
    "Cap",
    "Category",
    "Code",
    "Collectors",
    "ConditionValue",
    "Consent",
    "Feed",
    "Grade",
    "ListEnter",
    "ListExit",
    "ListRule",
    "Lists",
    "Policy",
    "PolicyName",
    "Relation",
    "Repair",
    "Score",
    "Service",
    "ServiceRule",
    "Sources",
    "Watch",
    "When",
]


class Policy(Rulebook):
    """A rulebook whose cross-references hold and whose score bounds can mean what they say."""

    @model_validator(mode="before")
    @classmethod
    def _legacy_effects(cls, data: Any) -> Any:
        return read_legacy_effects(data)

    @model_validator(mode="after")
    def _references(self) -> Policy:
        check_references(self)
        check_coherence(self)
        return self
