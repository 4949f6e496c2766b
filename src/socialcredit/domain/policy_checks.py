"""Whether a rulebook can mean what it says: checks of its score bounds taken together.

Each field of a policy may be valid while the parts contradict each other. Two kinds of check
live here, each declared once in `CHECKS` with its id (`docs/reference.md` lists them, and a
test holds the page to that):

- an **error** is a rulebook that cannot work: a list whose entry bound already holds at the base
  score (everyone starts on it), a list whose exit bound holds at scores where its entry bound
  holds too (a citizen there leaves after the minimum term and is listed again the next day), or
  grade bands that overlap. Checked when a policy is validated, after its references; the first
  one is an `IncoherentPolicyError` naming the field and the check's id.
- a **warning** is a rulebook that works but is suspicious: one act takes a citizen from the base
  score to within `NEAR_THRESHOLD` points of a list's entry bound, so whether that one act lists
  someone hinges on the exact threshold, and the list's reach is not monotone in it. The
  command line prints warnings and goes on (`policy_warnings`).

Grades are declared by where each band starts (`min_score`): a band runs up to where the band
listed before it starts, the best band takes every score above its start, and the lowest band
every score below the next one, down past its own `min_score` (`grades.grade_of`). So bands
cannot leave a gap; what can go wrong is a band that starts at or above the band listed before
it, which then overlaps that band and holds no score of its own.

Two list bounds are compared only where both the entry and the exit give a score: a list entered
on behaviours alone has no entry score. Equal bounds (a black list entered below 900 and left at
900 or more) are refused as well: with no score between leaving and entering, a score that
crosses the line and back takes the citizen off and on again with no margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from socialcredit.domain.errors import IncoherentPolicyError
from socialcredit.domain.list_rules import score_meets

if TYPE_CHECKING:
    from socialcredit.domain.rulebook import ListRule, Rulebook

NEAR_THRESHOLD = 10
"""Points: an act landing this close to a list's entry bound (either side) from the base score
is suspicious."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Check:
    """A check of the rulebook as a whole: its id, whether it refuses, and what it finds (the
    sentence that opens its row in `docs/reference.md`)."""

    id: str
    severity: Severity
    meaning: str


LIST_ENTERED_AT_BASE = Check(
    "list-entered-at-base",
    "error",
    "A list's entry score bound holds at the base score (a black list entered below a score "
    "above the base; a red list entered at a score at or below the base): every citizen who may "
    "be on it is listed on day 1.",
)
LIST_EXIT_OVERLAPS_ENTRY = Check(
    "list-exit-overlaps-entry",
    "error",
    "A list's exit score is at or past its entry score (a black list left at or below the score "
    "it is entered under, a red list left at or above the score it is entered at): where both "
    "hold, or with no score between them, a citizen leaves once the minimum term is served and "
    "is listed again at once, on and off.",
)
GRADE_BANDS_OVERLAP = Check(
    "grade-bands-overlap",
    "error",
    "A grade starts at or above the grade listed before it: the two bands overlap, and the "
    "later one holds no score.",
)
ACT_NEAR_LIST_THRESHOLD = Check(
    "act-near-list-threshold",
    "warning",
    f"One act takes a citizen from the base score to within {NEAR_THRESHOLD} points of a list's "
    "entry score bound, on either side: whether that act alone lists someone hinges on the exact "
    "threshold.",
)
CHECKS = (
    LIST_ENTERED_AT_BASE,
    LIST_EXIT_OVERLAPS_ENTRY,
    GRADE_BANDS_OVERLAP,
    ACT_NEAR_LIST_THRESHOLD,
)


@dataclass(frozen=True)
class PolicyWarning:
    """A rulebook that works but is suspicious: the check's id, what is wrong, and where."""

    rule: str
    message: str
    field: str
    file: str | None
    line: int | None

    def __str__(self) -> str:
        where = (self.file or "") + (f":{self.line}" if self.file and self.line else "")
        where = f"{where} ({self.field})" if where else self.field
        return f"{where}: {self.message} [{self.rule}]"

    def document(self) -> dict[str, str | int | None]:
        """As JSON output holds it."""
        return {
            "rule": self.rule,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
        }


def _entry(rule: ListRule) -> tuple[str, int] | None:
    """The entry score bound: (`score_below` or `score_at_least`, the score), or None."""
    if rule.enter.score_below is not None:
        return "score_below", rule.enter.score_below
    if rule.enter.score_at_least is not None:
        return "score_at_least", rule.enter.score_at_least
    return None


def _exit(rule: ListRule) -> tuple[str, int]:
    if rule.exit.score_at_least is not None:
        return "score_at_least", rule.exit.score_at_least
    assert rule.exit.score_below is not None  # the model holds an exit to exactly one bound
    return "score_below", rule.exit.score_below


def _bound(kind: str, score: int) -> str:
    return f"below {score}" if kind == "score_below" else f"at a score of at least {score}"


def check_coherence(policy: Rulebook) -> None:
    """Raise `IncoherentPolicyError` for the first part of the rulebook that contradicts
    another (the `error` checks of `CHECKS`)."""
    for name, rule in (("black", policy.lists.black), ("red", policy.lists.red)):
        entry = _entry(rule)
        if entry is None:
            continue
        kind, bound = entry
        if score_meets(rule.enter, policy.base_score):
            side = "above" if kind == "score_below" else "at or below"
            raise IncoherentPolicyError(
                f"the {name} list is entered {_bound(kind, bound)}, {side} the base score "
                f"{policy.base_score}: every citizen would be on it from day 1",
                rule=LIST_ENTERED_AT_BASE.id,
                field=f"lists.{name}.enter.{kind}",
            )
        out_kind, out = _exit(rule)
        overlap = _overlap(kind, bound, out_kind, out)
        if overlap is None and out == bound:
            raise IncoherentPolicyError(
                f"the {name} list is left {_bound(out_kind, out)} and entered "
                f"{_bound(kind, bound)}: no score lies between the two, so a citizen whose score "
                f"crosses {out} leaves once the minimum term is served and is listed again as "
                "soon as it crosses back (the exit must lie beyond the entry)",
                rule=LIST_EXIT_OVERLAPS_ENTRY.id,
                field=f"lists.{name}.exit.{out_kind}",
            )
        if overlap is not None:
            raise IncoherentPolicyError(
                f"the {name} list is left {_bound(out_kind, out)} and entered "
                f"{_bound(kind, bound)}: at {overlap} a citizen meets both, leaves once the "
                "minimum term is served and is listed again the next day",
                rule=LIST_EXIT_OVERLAPS_ENTRY.id,
                field=f"lists.{name}.exit.{out_kind}",
            )
    for i, band in enumerate(policy.grades[1:], start=1):
        before = policy.grades[i - 1]
        if band.min_score >= before.min_score:
            raise IncoherentPolicyError(
                f"grades are listed best first: {band.name!r} (from {band.min_score}) must "
                f"start below {before.name!r} (from {before.min_score}), or the two bands "
                f"overlap and {band.name!r} holds no score",
                rule=GRADE_BANDS_OVERLAP.id,
                field=f"grades.{i}.min_score",
            )


def _overlap(kind: str, bound: int, out_kind: str, out: int) -> str | None:
    """The scores where both the entry and the exit bound hold, in words; None if none."""
    if kind == "score_below" and out_kind == "score_at_least":
        if out < bound:
            return f"scores {out}–{bound - 1}" if bound - 1 > out else f"a score of {out}"
        return None
    if kind == "score_at_least" and out_kind == "score_below":
        if out > bound:
            return f"scores {bound}–{out - 1}" if out - 1 > bound else f"a score of {bound}"
        return None
    # Both bounds on the same side: every score beyond the nearer one meets both.
    if kind == "score_below":
        return f"every score below {min(bound, out)}"
    return f"every score of at least {max(bound, out)}"


def policy_warnings(policy: Rulebook) -> list[PolicyWarning]:
    """The `warning` checks of `CHECKS` that the rulebook trips, in the rulebook's order, each
    located in the file it was read from (when it was read from one)."""
    origin = policy.origin
    out = []
    for name, rule in (("black", policy.lists.black), ("red", policy.lists.red)):
        entry = _entry(rule)
        if entry is None:
            continue
        kind, bound = entry
        field = f"lists.{name}.enter.{kind}"
        listing = set(rule.enter.behaviours)
        for b in policy.behaviours:
            if b.code in listing or not policy.counts(b):
                continue
            landed = policy.base_score + b.points
            distance = landed - bound
            if abs(distance) > NEAR_THRESHOLD:
                continue
            side = (
                "exactly at"
                if distance == 0
                else f"{abs(distance)} point{'s' if abs(distance) != 1 else ''} "
                + ("below" if distance < 0 else "above")
            )
            lists = score_meets(rule.enter, landed)
            lower = (kind == "score_below") == lists
            flip = (
                f"a threshold of {landed} or lower would {'not' if lists else ''}"
                if lower
                else f"a threshold above {landed} would{' not' if lists else ''}"
            ).rstrip()
            out.append(
                PolicyWarning(
                    rule=ACT_NEAR_LIST_THRESHOLD.id,
                    message=(
                        f"one {b.code} ({b.points:+d}) takes a citizen from the base score "
                        f"{policy.base_score} to {landed}, {side} the {name} list's entry "
                        f"({_bound(kind, bound)}): that act alone "
                        f"{'lists' if lists else 'does not list'} them, {flip}"
                    ),
                    field=field,
                    file=origin.file if origin else None,
                    line=origin.line(field) if origin else None,
                )
            )
    return out
