"""Regenerate docs/findings.md from a finished run of the shipped experiment.

Run (about a quarter of an hour on 2 cores, then a few seconds):

    .venv/bin/socialcredit experiment run experiments/price-of-surveillance.yaml \\
        --out runs/price --workers 2
    .venv/bin/python docs/findings.py runs/price

Every number in the page is computed here from the run's journal with the lab's own functions
(the frontier, the headline, SALib's Morris analysis, PRIM), so the page says only what the run
shows. The page records the SHA-256 of the experiment file it was made from; a test checks that
it is still the shipped file's. The last section is the shipped calibration's, from
docs/calibration/ (`docs/calibration.py` rewrites that section alone, without the experiment's
run).
"""

from __future__ import annotations

import hashlib
import statistics
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from calibration import findings_section  # docs/calibration.py, beside this script

from socialcredit.domain.catalogue import CATALOGUE, metrics
from socialcredit.experiment import Resolved, Results, frontier, load_experiment, pending, resolve
from socialcredit.experiment.analysis import (
    Discovery,
    Sensitivity,
    discover,
    parse_condition,
    sensitivity,
)
from socialcredit.experiment.digest import digest
from socialcredit.experiment.discovery import Box
from socialcredit.experiment.frontier import Frontier, Point
from socialcredit.experiment.journal import Journal
from socialcredit.experiment.outcomes import BENEFIT, strategic
from socialcredit.experiment.results import metric_columns
from socialcredit.experiment.store import EXPERIMENT, JOURNAL
from socialcredit.experiment.variants import Variant, show_value
from socialcredit.experiment.worlds import World, worlds
from socialcredit.report.experiment.headline import headline
from socialcredit.report.experiment.ranges import ordering_words
from socialcredit.report.kit.text import fmt, fmt_difference, fmt_stat
from socialcredit.stats import Interval

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "experiments" / "price-of-surveillance.yaml"
RUN = (
    "socialcredit experiment run experiments/price-of-surveillance.yaml --out runs/price "
    "--workers 2"
)
COMMAND = ".venv/bin/python docs/findings.py runs/price"
BOUND = 2.0
"""The stated bound for discovery: citizens ever wrongly blacklisted per 1,000."""
WRONGFUL = metrics.EVER_WRONGLY_BLACKLISTED_PER_1000
BENEFIT_RANGE = metrics.BENEFIT
"""The catalogue's benefit, for its kind and words when a benefit at one end is written."""


SOBOL_N = 256
"""The base sample a Sobol' design with usable intervals takes (Saltelli's scheme)."""
SOBOL_RUNS_PER_SECOND = 3.62
"""The experiment throughput at that size that `bench/RESULTS.md` records (`python -m bench
sobol`: the median of 3 rounds on 2 workers, runs of 10,000 citizens × 365 days, at commit
`6527204`, the later of two sittings there)."""


def _why_morris(resolved: Resolved) -> str:
    """Why the design is Morris: what Sobol' indices would cost here, in runs and hours."""
    inputs = len(resolved.experiment.levers) + len(resolved.experiment.uncertainties)
    points = SOBOL_N * (inputs + 2)
    second = SOBOL_N * (2 * inputs + 2)
    seeds = len(resolved.seeds)
    hours = points * seeds / SOBOL_RUNS_PER_SECOND / 3600
    pairs = len(resolved.experiment.policies) * len(resolved.experiment.scenarios)
    return (
        f"Morris, not Sobol': the lab's Sobol' design (first-order and total indices, "
        f"Saltelli's scheme) at N = {SOBOL_N} over these {inputs} inputs takes {SOBOL_N} × "
        f"({inputs} + 2) = {points:,} points for each policy and scenario, {points * seeds:,} "
        f"runs over the seeds before the response range (which triples a scoring variant's "
        f"runs), about {hours:.1f} hours a pair and {hours * pairs:.0f} hours for the {pairs} "
        f"pairs at the throughput `python -m bench sobol` measured "
        f"({SOBOL_RUNS_PER_SECOND:.2f} runs a second on 2 workers, `bench/RESULTS.md`); "
        f"second-order indices would take "
        f"{second:,} points and {second * seeds:,} runs a pair. Morris ranks the inputs at a "
        "small part of that; what it cannot say is under *What this cannot say*."
    )


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def end_runs(resolved: Resolved, finished: int) -> str:
    """The runs at the ends of the response range, beside the central ones, in words."""
    central = len(resolved.variants) * len(resolved.seeds)
    if finished <= central:
        return ""
    return (
        f", and {finished - central:,} more with each scoring variant at both ends of the "
        f"response range on the same seeds, {finished:,} in all,"
    )


def commit() -> str:
    git = ["git", "rev-parse", "--short", "HEAD"]
    return subprocess.run(git, capture_output=True, text=True, check=False, cwd=ROOT).stdout.strip()


def stat(est: Interval, metric: str) -> str:
    declared = CATALOGUE.metric(metric)
    return fmt_stat((est.mean, est.low, est.high), declared.kind, declared.undefined)


def levers(resolved: Resolved, variant: Variant) -> str:
    """A variant within its world: its policy and lever values."""
    values = [
        f"{resolved.short.get(path, path)}={show_value(value)}"
        for path, value in variant.values.items()
        if path.startswith("policy.")
    ]
    return ", ".join([variant.policy.name, *values])


def within_worlds_table(results: Results, found: Sequence[World]) -> list[str]:
    """Per world: its frontier of the benefit against wrongful listings, from the cheapest
    variant to the one with the largest benefit, and whether the seeds tell them apart (the
    second's benefit and wrongful listings minus the first's, paired over the seeds)."""
    resolved = results.resolved
    benefit_kind = CATALOGUE.metric(BENEFIT).kind
    wrongful_kind = CATALOGUE.metric(WRONGFUL).kind
    head = [
        "world",
        "variants",
        "on the frontier",
        "cheapest in wrongful listings",
        "largest benefit",
        "more benefit",
        "more wrongful listings",
        "any two variants apart beyond the noise",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for world in found:
        cheapest, largest = world.cheapest, world.largest
        cells = [world.label(resolved), str(len(world.points)), str(len(world.frontier))]
        if cheapest is None or largest is None:
            cells += ["none", "none", "", ""]
        elif cheapest is largest:
            name = f"`{cheapest.variant.id}` {levers(resolved, cheapest.variant)}"
            cells += [name, "the same variant", "", ""]
        else:
            gap = world.gap(cheapest, largest)
            cells += [
                f"`{cheapest.variant.id}` {levers(resolved, cheapest.variant)}",
                f"`{largest.variant.id}` {levers(resolved, largest.variant)}",
                fmt_difference(gap.benefit, benefit_kind),
                fmt_difference(gap.price, wrongful_kind),
            ]
        cells.append(("yes" if world.differs else "no") if len(world.points) > 1 else "")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def worlds_table(front: Frontier) -> list[str]:
    """Per price: in how many worlds each policy, or several, is on the frontier."""
    policies = sorted({p.variant.policy.name for p in front.points})
    head = ["frontier of the benefit against", *(f"{name} alone" for name in policies), "several"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for price in front.prices:
        worlds: dict[str, set[str]] = {}
        for p in front.points:
            world = worlds.setdefault(p.twin.id, set())
            if p.efficient_on.get(price.metric):
                world.add(p.variant.policy.name)
        alone = [sum(1 for w in worlds.values() if w == {name}) for name in policies]
        several = sum(1 for w in worlds.values() if len(w) > 1)
        cells = [CATALOGUE.metric_label(price.metric), *map(str, alone), str(several)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def shares(points: Sequence[Point], path: str) -> str:
    values = [p.variant.values.get(path) for p in points]
    if all(isinstance(v, bool) for v in values):
        on = sum(1 for v in values if v)
        return f"on in {on} of {len(values)}"
    if all(isinstance(v, int | float) for v in values):
        nums = [float(v) for v in values if isinstance(v, int | float)]
        return f"mean {sum(nums) / len(nums):g} (from {min(nums):g} to {max(nums):g})"
    counts: dict[str, int] = {}
    for v in values:
        key = show_value(v)
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {n}" for k, n in sorted(counts.items()))


def movers(results: Results, front: Frontier) -> list[str]:
    efficient = [p for p in front.points if p.efficient_on.get(WRONGFUL)]
    dominated = [p for p in front.points if p.efficient_on.get(WRONGFUL) is False]
    lines = [
        f"| input | on the frontier ({len(efficient)} variants) | off it ({len(dominated)}) |",
        "| --- | --- | --- |",
        f"| policy | {policy_counts(efficient)} | {policy_counts(dominated)} |",
        f"| scenario | {scenario_counts(efficient)} | {scenario_counts(dominated)} |",
    ]
    for path in results.resolved.paths:
        lines.append(f"| `{path}` | {shares(efficient, path)} | {shares(dominated, path)} |")
    return lines


def policy_counts(points: Sequence[Point]) -> str:
    names: dict[str, int] = {}
    for p in points:
        names[p.variant.policy.name] = names.get(p.variant.policy.name, 0) + 1
    return ", ".join(f"{k}: {n}" for k, n in sorted(names.items())) or "none"


def scenario_counts(points: Sequence[Point]) -> str:
    names: dict[str, int] = {}
    for p in points:
        names[p.variant.scenario.name] = names.get(p.variant.scenario.name, 0) + 1
    return ", ".join(f"{k}: {n}" for k, n in sorted(names.items())) or "none"


def uncertainty_sentence(items: Sequence[Sensitivity], outcome: str) -> str:
    """Which uncertainty (a scenario field: the world, not the rulebook) has the largest μ*
    for `outcome` in each block."""
    declared = CATALOGUE.metric(outcome)
    tops = []
    for item in items:
        if item.outcome != outcome or item.note:
            continue
        world = [f for f in item.first if f.factor.startswith("scenario.") and f.value is not None]
        if world:
            top = max(world, key=lambda f: f.value or 0.0)
            tops.append((item, top))
    if not tops:
        return "No uncertainty was analysed."
    names = [top.factor for _, top in tops]
    # Ties go to the input met first, so the page is the same under any hash seed.
    leader = max(dict.fromkeys(names), key=names.count)
    values = ", ".join(
        f"{fmt(top.value, declared.kind)} under {item.policy} × {item.scenario}"
        for item, top in tops
        if top.factor == leader
    )
    return (
        f"Of the uncertainties (the world, not the rulebook), `{leader}` has the largest μ* in "
        f"{names.count(leader)} of {len(tops)} policy-and-scenario blocks ({values}); in every "
        "block some lever has a larger μ* than every uncertainty, as the tables show."
        if all((top.value or 0.0) < max((f.value or 0.0) for f in item.first) for item, top in tops)
        else f"Of the uncertainties (the world, not the rulebook), `{leader}` has the largest "
        f"μ* in {names.count(leader)} of {len(tops)} policy-and-scenario blocks ({values})."
    )


def sensitivity_tables(items: Sequence[Sensitivity], outcome: str) -> list[str]:
    declared = CATALOGUE.metric(outcome)
    lines: list[str] = []
    for item in items:
        if item.outcome != outcome:
            continue
        lines += [f"**{item.policy} × {item.scenario}**", ""]
        ranked_first = sorted(item.first, key=lambda f: -(f.value or 0.0))
        if ranked_first and ranked_first[0].value is not None and len(ranked_first) > 1:
            top, second = ranked_first[0], ranked_first[1]
            separated = top.low is not None and second.high is not None and top.low > second.high
            lines += [
                f"The largest μ* is `{top.factor}`'s, {fmt(top.value, declared.kind)} per step "
                f"against {fmt(second.value, declared.kind)} for the next, `{second.factor}`"
                + (
                    "; their intervals do not overlap."
                    if separated
                    else "; their intervals overlap, so the order of the two is not settled."
                ),
                "",
            ]
        if item.note:
            lines += [f"No indices: {item.note}.", ""]
            continue
        lines += ["| input | μ* (95% interval) | σ |", "| --- | --- | --- |"]
        ranked = sorted(
            zip(item.first, item.total, strict=True), key=lambda ft: -(ft[0].value or 0)
        )
        for first, total in ranked:
            interval = (
                f" ({fmt(first.low, declared.kind)} to {fmt(first.high, declared.kind)})"
                if first.low is not None and first.high is not None
                else ""
            )
            lines.append(
                f"| `{first.factor}` | {fmt(first.value, declared.kind)}{interval} | "
                f"{fmt(total.value, declared.kind)} |"
            )
        lines.append("")
    return lines


def not_run(resolved: Resolved) -> str:
    """What the counts leave out: variants whose rulebooks are invalid are not run."""
    if not resolved.invalid:
        return "; every variant's rulebook is valid, and every variant ran"
    why = ", ".join(f"`{rule}` × {len(vs)}" for rule, vs in resolved.invalid_by_rule().items())
    return (
        f"; {len(resolved.invalid)} more variants were not run, their rulebooks being invalid "
        f"({why}; `results.csv` gives each one's reason), and every figure below leaves them out"
    )


def range_section(results: Results, found: Sequence[World]) -> list[str]:
    """Which conclusions hold across the whole plausible range of the responses and which
    depend on where in it the truth lies: per world, whether the frontier's order by benefit
    holds at both ends, and each frontier variant's benefit at both ends."""
    resolved = results.resolved
    ordered = [(w, w.ordering) for w in found]
    known = [(w, o) for w, o in ordered if o is not None]
    if not known:
        return [
            "The scenarios give their responses no plausible ranges (or the experiment turns "
            "them off), so no conclusion here is tested against the range of the responses.",
            "",
        ]
    holding = [w for w, o in known if o.holds]
    lines = [
        "How strongly people respond to being scored is an assumption, so each scoring "
        "variant was also run with every ranged response at the weakest and at the strongest "
        "end of its plausible range (the scenarios' `behaviour.ranges`, with their sources), "
        "on the same seeds and against the same no-scoring twin. A conclusion **holds across "
        "the range** when the frontier's order by benefit is the same at both ends as at the "
        "central values; otherwise it **depends on where in the range the truth lies**. "
        f"The order holds in {len(holding)} of {len(known)} worlds.",
        "",
        "| world | frontier, largest benefit first | across the range | benefit at the weakest "
        "end | benefit at the strongest end |",
        "| --- | --- | --- | --- | --- |",
    ]
    for world, order in known:
        first = order.central[0]
        weakest, strongest = first.ends or (None, None)
        cells = [
            world.label(resolved),
            ", ".join(f"`{p.variant.id}` {levers(resolved, p.variant)}" for p in order.central),
            "holds" if order.holds else "depends on it: " + ordering_words(order),
            "" if weakest is None else stat(weakest, BENEFIT_RANGE),
            "" if strongest is None else stat(strongest, BENEFIT_RANGE),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "The benefit columns are the first frontier variant's (largest benefit at the central "
        "values), mean over the seeds with its paired 95% interval.",
        "",
    ]
    return lines


GAIN_PARTS = (
    (metrics.STRATEGY_IMPROVEMENT_SHARE, "better conduct"),
    (metrics.STRATEGY_GAMING_SHARE, "gaming"),
    (metrics.STRATEGY_HIDING_SHARE, "hiding"),
    (metrics.STRATEGY_WITHDRAWAL_SHARE, "withdrawing"),
)
MOSTLY_SCORING = f"{metrics.STRATEGY_IMPROVEMENT_SHARE} < 0.5"
"""Where the score gain is mostly gaming, hiding and withdrawing: better conduct under half."""
MUCH_GAMING = f"{metrics.STRATEGY_GAMING_SHARE} > 0.2"
"""Where more than a fifth of the score gain is gamed deeds."""


def _shown(value: float, form: str) -> str:
    """`value` in `form`; a value that rounds to nothing is shown as 0, never as -0."""
    text, zero = form.format(value), form.format(0.0)
    return zero if text == "-" + zero else text


def _spread(values: Sequence[float], form: str) -> str:
    """The median of the values, and their range."""
    ordered = sorted(values)
    middle = statistics.median(ordered)
    return (
        f"{_shown(middle, form)} (from {_shown(ordered[0], form)} to {_shown(ordered[-1], form)})"
    )


def _means(results: Results, points: Sequence[Variant], metric: str) -> list[float]:
    out = [results.estimate(v, metric).mean for v in points]
    return [x for x in out if x is not None]


def box_region(box: Box) -> str:
    """Where a PRIM box lies, in words: each limit on an input."""
    return "; ".join(
        f"`{lim.factor}` "
        + (
            "is one of " + ", ".join(lim.among)
            if lim.among is not None
            else f"from {lim.low:g} to {lim.high:g}"
        )
        for lim in box.limits
    )


def _first_box(found: Discovery) -> list[str]:
    """PRIM's first box in a sentence, or why there is none."""
    if not found.boxes:
        return [f"No box: {found.note}.", ""] if found.note else []
    box = found.boxes[0]
    return [
        f"PRIM's first box: where {box_region(box)}, {box.density:.0%} of the variants meet "
        f"the condition, and the box holds {box.coverage:.0%} of all the variants that do.",
        "",
    ]


def strategy_section(results: Results, items: Sequence[Sensitivity]) -> list[str]:
    """What the score gain is made of, across the design, per policy; where it is mostly
    gaming, hiding and withdrawing (PRIM); what the chilling effect costs; on whom the burden
    of being scored falls, and what drives each (Morris)."""
    resolved = results.resolved
    scoring = [v for v in resolved.variants if not v.counterfactual]
    policies = sorted({v.policy.name for v in scoring})
    head = ["figure (median over the variants, and its range)", *policies]
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    figures = [
        *((m, f"share of the score gain from {w}", "{:.0%}") for m, w in GAIN_PARTS),
        (metrics.STRATEGY_POINTS_PER_CITIZEN_YEAR, "points gained a citizen-year", "{:.1f}"),
        (
            metrics.STRATEGY_WITHDRAWN_PER_1000,
            "legitimate acts withdrawn per 1,000 citizen-years",
            "{:,.0f}",
        ),
        (metrics.STRATEGY_BURDEN, "effort on being scored, a citizen-year", "{:.3f}"),
        (metrics.GROUP_STRATEGY_BURDEN.format(group="majority"), "the same, majority", "{:.3f}"),
        (metrics.GROUP_STRATEGY_BURDEN.format(group="minority"), "the same, minority", "{:.3f}"),
        (metrics.STRATEGY_EFFORT_PER_100_POINTS, "effort for 100 points gained", "{:.2f}"),
        *(
            (
                metrics.GROUP_STRATEGY_EFFORT_PER_100_POINTS.format(group=g),
                f"the same, {g}",
                "{:.2f}",
            )
            for g in ("majority", "minority")
        ),
    ]
    by_policy: dict[tuple[str, str], list[float]] = {}
    for metric, label, form in figures:
        cells = []
        for name in policies:
            values = _means(results, [v for v in scoring if v.policy.name == name], metric)
            by_policy[metric, name] = values
            cells.append(_spread(values, form) if values else "undefined")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    found = [
        (text, discover(results, parse_condition(text, metric_columns(resolved))))
        for text in (MOSTLY_SCORING, MUCH_GAMING)
    ]
    gap = metrics.DISPARITY_STRATEGY_BURDEN_DIFFERENCE.format(
        other="minority", reference="majority"
    )
    per_point = metrics.DISPARITY_STRATEGY_EFFORT_PER_100_POINTS_DIFFERENCE.format(
        other="minority", reference="majority"
    )
    counts: dict[str, tuple[int, int, int]] = {}
    for name in (gap, per_point):
        estimates = [results.estimate(v, name) for v in scoring]
        above = sum(1 for g in estimates if g.low is not None and g.low > 0)
        below = sum(1 for g in estimates if g.high is not None and g.high < 0)
        counts[name] = (above, below, len(estimates))
    mostly, much = found[0][1], found[1][1]

    def medians(metric: str, form: str) -> str:
        return ", ".join(
            f"{_shown(statistics.median(by_policy[metric, p]), form)} under {p}"
            for p in policies
            if by_policy[metric, p]
        )

    def largest(metric: str, form: str) -> str:
        return ", ".join(
            f"{_shown(max(by_policy[metric, p]), form)} under {p}"
            for p in policies
            if by_policy[metric, p]
        )

    above, below, total = counts[per_point]

    def surely(metric: str, above: float) -> int:
        """Variants whose 95% interval over the seeds lies wholly above `above`."""
        estimates = [results.estimate(v, metric) for v in scoring]
        return sum(1 for e in estimates if e.low is not None and e.low > above)

    answer = [
        f"**In short.** In {mostly.total - mostly.cases} of the {mostly.total} scoring variants "
        "most of the score gain is better conduct (the median share: "
        f"{medians(metrics.STRATEGY_IMPROVEMENT_SHARE, '{:.0%}')}; in "
        f"{surely(metrics.STRATEGY_IMPROVEMENT_SHARE, 0.5)} the share's 95% interval over the "
        f"seeds lies wholly above a half); in {mostly.cases} it is "
        f"mostly gaming, hiding and withdrawing. Gaming brings more than a fifth of it in "
        f"{much.cases} ({surely(metrics.STRATEGY_GAMING_SHARE, 0.2)} beyond the noise; the "
        "largest gaming share: "
        f"{largest(metrics.STRATEGY_GAMING_SHARE, '{:.0%}')}; PRIM's box below says where); "
        f"hiding brings at most {largest(metrics.STRATEGY_HIDING_SHARE, '{:.0%}')}. The "
        "chilling effect, legitimate acts withdrawn per 1,000 citizen-years: a median of "
        f"{medians(metrics.STRATEGY_WITHDRAWN_PER_1000, '{:,.0f}')}, and up to "
        f"{largest(metrics.STRATEGY_WITHDRAWN_PER_1000, '{:,.0f}')} (the Morris table below "
        "says what drives it). The burden: a point costs the minority more effort than the "
        f"majority beyond the noise in {above} of {total} variants and less in {below}.",
        "",
    ]
    lines = [
        *answer,
        "Every scoring variant's citizens spend effort on their scores (the strategic town; "
        "docs/strategy.md). Of the points they gain against the same town with no scoring, "
        "each act that differs from the twin's counted at its chance of being recorded, the "
        "shares that better conduct (by responses and by effort), gaming, hiding and "
        "withdrawing bring, and what being scored costs, over the design's variants (each "
        "variant's mean over the seeds):",
        "",
        *rows,
        "",
    ]
    for (text, where_found), title in zip(
        found,
        ("Where the gain is mostly not better conduct", "Where gaming brings more than a fifth"),
        strict=True,
    ):
        lines += [
            f"**{title}** (`{text}`): in {where_found.cases} of {where_found.total} scoring "
            "variants.",
            "",
            *_first_box(where_found),
        ]
    above, below, total = counts[per_point]
    more, less, _ = counts[gap]
    lines += [
        f"**On whom the burden falls.** A point gained costs the minority more effort than the "
        f"majority (`{per_point}` above zero beyond the noise of the seeds) in {above} of "
        f"{total} scoring variants, and less in {below}. The minority puts more of its effort "
        f"into being scored rather than into conduct (`{gap}` above zero) in {more} of them, "
        f"and less in {less}.",
        "",
    ]
    for outcome in (metrics.STRATEGY_GAMING_SHARE, metrics.STRATEGY_WITHDRAWN_PER_1000, per_point):
        lines += [
            f"What drives {CATALOGUE.metric_label(outcome).lower()} (`{outcome}`), Morris μ*:",
            "",
            uncertainty_sentence(items, outcome),
            "",
            *sensitivity_tables(items, outcome),
        ]
    return lines


def main(directory: Path) -> None:
    experiment, name, lines_ = load_experiment(directory / EXPERIMENT)
    resolved = resolve(experiment, file=name, lines=lines_, base_dir=directory)
    results, todo = pending(resolved, Journal(directory / JOURNAL))
    if todo:
        sys.exit(f"{len(todo)} runs of {directory} are not finished; run `{RUN}` to the end")
    front = frontier(results)
    assert front is not None
    items = sensitivity(results, "morris")
    condition = parse_condition(f"{WRONGFUL} > {BOUND:g}", metric_columns(resolved))
    found = discover(results, condition)
    pop = resolved.variants[0].scenario.population
    each_world = worlds(results, front, WRONGFUL)
    compared = [w for w in each_world if len(w.points) > 1]
    differing = [w for w in compared if w.differs]
    wrongful = CATALOGUE.metric_label(WRONGFUL).lower()
    out = [
        "# What the shipped experiment finds: the price of surveillance",
        "",
        f"Generated by `{COMMAND}` on {datetime.now(UTC):%Y-%m-%d} at commit `{commit()}`, "
        f"from a run of `{RUN}`; experiment file SHA-256 `{file_hash(SHIPPED)}`. Findings made "
        "before the scenarios' world owned the behaviours people do (commits up to "
        "`4c9b9f4`, when a policy's points set how often each act was done and a response "
        "setting redrew every act) are not comparable with these, nor are findings made "
        "before the responses followed the evidence (commits up to `ddecaa3`, when "
        "deterrence acted on listed citizens alone and no response had a range). "
        f"{len(resolved.variants)} variants × {len(resolved.seeds)} seeds = "
        f"{len(resolved.variants) * len(resolved.seeds):,} runs"
        f"{end_runs(resolved, len(results.finished))} of {pop.citizens:,} synthetic citizens "
        f"over {pop.days} days{not_run(resolved)}. Every number below is computed from that "
        "run; intervals are 95% intervals over the seeds, paired where they compare variants. "
        "The run's own page is "
        "`runs/price/report.html`; `socialcredit experiment analyse runs/price --sensitivity "
        f'morris --discover "{condition}"` adds the analysis below to it.',
        "",
        "## The design",
        "",
        resolved.experiment.description.strip(),
        "",
        "Levers (set in `default` and `classic`): "
        + ", ".join(f"`{f.path}`" for f in resolved.experiment.levers)
        + ". Uncertainties (set in every scenario): "
        + ", ".join(f"`{f.path}`" for f in resolved.experiment.uncertainties)
        + f". A Morris design of {resolved.experiment.sampling.samples} trajectories "
        f"({len(resolved.unit) if resolved.unit is not None else 0} points per policy and "
        "scenario); `none` runs once per scenario and set of uncertainty values, so each "
        "scoring variant has its no-scoring twin on the same population and seeds. "
        + _why_morris(resolved),
        "",
        "## Headline",
        "",
        headline(digest(results, front, sensitivity=items)),
        "",
        "## The frontier",
        "",
        "The benefit is the fall in true bad acts per 1,000 citizen-years against the same "
        f"town with no scoring, paired seed by seed. Judged against all {len(front.prices)} "
        "prices at once (wrongful listings, days of wrongful denial or restriction, the gap "
        "between groups in wrongful listings, three measures of watching"
        + (
            ", and the activity citizens withdraw, the effort they spend on being scored and "
            "its gap between groups"
            if strategic(v.scenario for v in resolved.variants)
            else ""
        )
        + f"), {len(front.efficient)} of "
        f"{len(front.points)} scoring variants are efficient: with that many prices almost "
        "any variant is best at something. The sharper trade-off is the benefit against one "
        "price. Variants are compared only within their world (the same scenario and values "
        f"of the uncertainties; {front.worlds} worlds here), because the levers are choices "
        "and the uncertainties are not. In how many worlds each policy alone, or both, lies "
        "on the frontier of the benefit against each price:",
        "",
        *worlds_table(front),
        "",
        f"Within each world, the frontier of the benefit against {wrongful}: its cheapest "
        "variant in wrongful listings and the one with the largest benefit, and what the second "
        "brings over the first (its benefit and its wrongful listings minus the first's, paired "
        "over the seeds, with 95% intervals). No variant is set against one of another world. "
        f"In {len(differing)} of the {len(compared)} worlds with several scoring variants some "
        "variant differs from another in benefit or wrongful listings beyond the noise of the "
        "seeds (a paired interval that leaves out zero, with all of a world's comparisons "
        "held to 95% together: Bonferroni); in the others the seeds cannot tell the variants "
        "apart, whatever their means.",
        "",
        *within_worlds_table(results, each_world),
        "",
        "Every variant's benefit and prices, and the frontiers against every price, are in "
        "the run's report and in `runs/price/frontier.csv`.",
        "",
        "## Across the plausible range of the responses",
        "",
        *range_section(results, each_world),
        "## What moves a policy onto the frontier",
        "",
        f"How the variants on the frontier of benefit against {wrongful} differ in their inputs "
        "from those off it:",
        "",
        *movers(results, front),
        "",
        f"## What drives wrongful listings: sensitivity of {wrongful}",
        "",
        "Morris elementary effects over the design (SALib): μ* is the mean size of the change in "
        "the figure when one input moves one step across its range, with its bootstrap 95% "
        "interval; σ is their spread (a large σ means the effect depends on the other inputs). "
        "Each point is a variant's mean over the seeds.",
        "",
        uncertainty_sentence(items, WRONGFUL),
        "",
        *sensitivity_tables(items, WRONGFUL),
        f"## When wrongful listings exceed {BOUND:g} per 1,000: discovery",
        "",
        f"The stated bound: more than {BOUND:g} citizens per 1,000 ever wrongly blacklisted in a "
        f"year (`{condition}`, mean over seeds). It is exceeded in {found.cases} of "
        f"{found.total} scoring variants. PRIM's boxes (coverage: share of those variants inside "
        "the box; density: share of the box's variants that exceed the bound):",
        "",
    ]
    if found.boxes:
        first = found.boxes[0]
        out += [
            f"In short: where {box_region(first)}, {first.density:.0%} of the variants exceed "
            "the bound, "
            f"and that region holds {first.coverage:.0%} of all the variants that do.",
            "",
        ]
    if not found.boxes:
        out += [f"No box: {found.note}.", ""]
    for n, box in enumerate(found.boxes, start=1):
        out += [
            f"**Box {n}**: coverage {box.coverage:.0%}, density {box.density:.0%}, "
            f"{box.mass:.0%} of the variants.",
            "",
            "| input | range in the box |",
            "| --- | --- |",
        ]
        for limit in box.limits:
            where = (
                "one of " + ", ".join(limit.among)
                if limit.among is not None
                else f"{limit.low:g} to {limit.high:g}"
            )
            out.append(f"| `{limit.factor}` | {where} |")
        out.append("")
    out += [
        "## Does it make people better, or better at scoring?",
        "",
        *strategy_section(results, items),
        "## What this cannot say",
        "",
        "- The population is synthetic and its conduct rates, response strengths and observation "
        "errors are the scenarios' assumptions, not estimates; the findings are about what the "
        "rules do under those assumptions, and the sensitivity above is only over the inputs "
        "varied here.",
        "- The benefit counts every harmful act of the scenarios' world, whatever a policy "
        "counts, and comes entirely from the scenarios' deterrence, shame, pride and giving-up "
        "responses and from citizens' strategic effort (improving, and withdrawing from "
        "watched categories, which drops their bad acts with the good): with responses and "
        "strategic effort off, every policy sees exactly the acts of `none`, and the benefit "
        "is zero. A scenario with other responses gives another benefit.",
        "- The split of the score gain is in expected points (each act that differs from the "
        "twin's at its chance of being recorded), checked against observed scores in "
        "docs/strategy.md; citizens choose their effort once, from expected points, and the "
        "costs and budget are judgements with ranges, varied here as uncertainties.",
        "- Morris indices rank inputs; they do not measure shares of variance. With "
        f"{resolved.experiment.sampling.samples} trajectories their intervals are wide.",
        "- The frontier is judged on the means over five seeds; the headline and the table of "
        "worlds say where the seeds tell the variants of a world apart, and variants are never "
        "ranked across worlds.",
        "",
    ]
    # The last section, from the shipped calibration (docs/calibration.py writes it alone).
    out += findings_section()
    Path(__file__).with_name("findings.md").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "runs" / "price")
