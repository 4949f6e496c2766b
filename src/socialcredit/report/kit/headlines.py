"""The headline a run's report and a comparison open with: one to three sentences, made from the
page's own figures, that say what happened, to whom, and how sure the figures are.

A run's headline: how many in 1,000 citizens were ever blacklisted and how many of those
wrongly; what scoring did to true conduct against the same town with no scoring, where the run
measured it; and whether a group was blacklisted more often than the reference group beyond the
noise. A comparison's: for each run after the first, the same figures as differences with the
first, paired or not as the comparison takes them. "Beyond the noise" means the 95% interval
over seeds leaves out zero; with one seed there is no interval, and the sentence says so rather
than guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.domain.catalogue import STRATEGY_SPLIT, metrics
from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.text import fmt
from socialcredit.runs.differences import Differences
from socialcredit.stats import Interval

Triple = tuple[float | None, float | None, float | None]


def _rate(x: float | None) -> str:
    return fmt(x, "rate")


def _sure(low: float | None, high: float | None) -> str | None:
    """ "above", "below" or "within" the noise around zero; None without an interval."""
    if low is None or high is None:
        return None
    if low > 0:
        return "above"
    if high < 0:
        return "below"
    return "within"


def _bounds(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f" (95% interval {_rate(low)} to {_rate(high)})"


def _listing_sentence(run: Run) -> str | None:
    ever, _, _ = run.stat(metrics.EVER_BLACKLISTED_PER_1000)
    wrong, _, _ = run.stat(metrics.EVER_WRONGLY_BLACKLISTED_PER_1000)
    if ever is None:
        return None
    text = f"Under {run.policy}, {_rate(ever)} in 1,000 citizens were blacklisted at some time"
    if wrong is not None:
        text += f", {_rate(wrong)} of them wrongly"
    return text + (f" (means over {run.seed_count} seeds)." if run.seed_count > 1 else ".")


def _benefit_sentence(run: Run) -> str | None:
    mean, low, high = run.stat(metrics.BENEFIT)
    if mean is None:
        return None
    sure = _sure(low, high)
    if sure == "above":
        return (
            f"Against the same town with no scoring it cut true bad acts by {_rate(mean)} per "
            f"1,000 citizen-years{_bounds(low, high)}."
        )
    if sure == "below":
        return (
            f"Against the same town with no scoring it raised true bad acts by {_rate(-mean)} "
            f"per 1,000 citizen-years{_bounds(low, high)}."
        )
    way = "fewer" if mean >= 0 else "more"
    if sure == "within":
        return (
            "Against the same town with no scoring it did not change true bad acts beyond the "
            f"noise ({_rate(abs(mean))} {way} per 1,000 citizen-years{_bounds(low, high)})."
        )
    return (
        f"Against the same town with no scoring there were {_rate(abs(mean))} {way} true bad "
        "acts per 1,000 citizen-years (one seed: no interval)."
    )


def _group_sentence(run: Run) -> str | None:
    reference = run.record.scenario.population.reference
    parts = []
    for group in run.groups:
        if group == reference:
            continue
        name = metrics.DISPARITY_EVER_BLACKLISTED_DIFFERENCE.format(
            other=group, reference=reference
        )
        mean, low, high = run.stat(name)
        if mean is None:
            continue
        sure = _sure(low, high)
        if sure == "above":
            parts.append(
                f"the {group} group was blacklisted more often than the {reference} group, by "
                f"{_rate(mean)} per 1,000{_bounds(low, high)}"
            )
        elif sure == "below":
            parts.append(
                f"the {group} group was blacklisted less often than the {reference} group, by "
                f"{_rate(-mean)} per 1,000{_bounds(low, high)}"
            )
        elif sure == "within":
            parts.append(
                f"the {group} group was not blacklisted more often than the {reference} group "
                "beyond the noise"
            )
        else:
            parts.append(
                f"the {group} group was blacklisted {'more' if mean >= 0 else 'less'} often than "
                f"the {reference} group, by {_rate(abs(mean))} per 1,000 (one seed: no interval)"
            )
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _share(x: float) -> str:
    """A share as a whole percentage; a share that rounds to none is 0%, never -0%."""
    percent = round(100 * x)
    return f"{percent if percent else 0}%"


def _strategy_clause(run: Run) -> str | None:
    """What the score gain is made of, where the scenario's citizens spend effort on it."""
    points, _, _ = run.stat(metrics.STRATEGY_POINTS_PER_CITIZEN_YEAR)
    shares = [run.stat(name)[0] for name in STRATEGY_SPLIT]
    if points is None or any(x is None for x in shares):
        return None
    better, gaming, hiding, withdrawing = (float(x or 0.0) for x in shares)
    strategy = run.record.scenario.strategy
    central = (
        "at the scenario's central strategic assumptions, " if strategy and strategy.ranges else ""
    )
    return (
        f"{central}of the {fmt(points, 'score')} points a citizen-year its citizens gained "
        f"against no scoring, {_share(better)} came from better conduct, {_share(gaming)} from "
        f"gaming, {_share(hiding)} from hiding and {_share(withdrawing)} from withdrawing"
    )


def run_headline(run: Run) -> str:
    """One to three sentences: listings, the benefit where measured (with what the score gain is
    made of, where citizens spend effort on it), groups where there are."""
    benefit, strategy = _benefit_sentence(run), _strategy_clause(run)
    if strategy is not None:
        benefit = (
            f"{benefit[:-1]}; {strategy}." if benefit else strategy[0].upper() + strategy[1:] + "."
        )
    sentences = [_listing_sentence(run), benefit, _group_sentence(run)]
    return " ".join(s for s in sentences if s)


def _difference(what: str, d: Interval | None) -> str | None:
    """ "wrongly blacklisted per 1,000: 3.2 more (95% interval 1.1 to 5.3)"."""
    if d is None or d.mean is None:
        return None
    sure = _sure(d.low, d.high)
    if sure == "within":
        return f"{what}: no difference beyond the noise{_bounds(d.low, d.high)}"
    more = "more" if d.mean >= 0 else "fewer"
    tail = _bounds(d.low, d.high) if sure else " (one seed: no interval)"
    return f"{what}: {_rate(abs(d.mean))} {more}{tail}"


def comparison_headline(runs: Sequence[Run], diffs: Differences) -> str:
    """For each run after the first: blacklisted and wrongly blacklisted per 1,000, and the
    benefit where both runs measured it, as differences with the first run."""
    sentences = []
    for pair in diffs.pairs:
        b = next(r for r in runs if r.tag == pair.b_tag)
        a = next(r for r in runs if r.tag == pair.a_tag)
        label = f"{b.tag} ({b.policy} on {b.scenario}) against {a.tag} ({a.policy} on "
        label += f"{a.scenario})"
        parts = [
            _difference("blacklisted per 1,000", pair.of(metrics.EVER_BLACKLISTED_PER_1000)),
            _difference(
                "wrongly blacklisted per 1,000",
                pair.of(metrics.EVER_WRONGLY_BLACKLISTED_PER_1000),
            ),
            _difference(
                "true bad acts prevented per 1,000 citizen-years", pair.of(metrics.BENEFIT)
            ),
        ]
        said = [p for p in parts if p]
        if said:
            how = "paired over shared seeds" if pair.paired else "not paired"
            sentences.append(f"{label}, {how}: " + "; ".join(said) + ".")
    return " ".join(sentences)
