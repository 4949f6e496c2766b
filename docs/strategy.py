"""Regenerate docs/strategy.md: strategic effort (improve, game, hide, withdraw), the checks of
its accounting, and what the score gain is made of in the shipped `strategic` town.

Run: .venv/bin/python docs/strategy.py   (about a minute on 2 cores)

Two tables come from runs. The check of the split: the shipped `strategic` town for 90 days
(shorter than any entry lasts), against the same town with every response and all strategic
effort off, same seeds: the parts of the split should add up to the rise of the observed score
sum. The split itself: each
shipped rulebook in the `strategic` town, 10,000 citizens × 365 days, 5 seeds, each figure with
its 95% interval over the seeds. The ranges table is the scenario file's own.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from socialcredit.domain.catalogue.metrics import (
    GROUP_STRATEGY_BURDEN,
    STRATEGY_BURDEN,
    STRATEGY_EFFORT_PER_100_POINTS,
    STRATEGY_GAMING_SHARE,
    STRATEGY_HIDING_SHARE,
    STRATEGY_IMPROVEMENT_SHARE,
    STRATEGY_POINTS_PER_CITIZEN_YEAR,
    STRATEGY_WITHDRAWAL_SHARE,
    STRATEGY_WITHDRAWN_PER_1000,
)
from socialcredit.domain.catalogue.terms import STRATEGY_PARTS
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.strategy import strategy_value
from socialcredit.engine import run_batch, summarise
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.stats import interval

PAGE = Path(__file__).with_name("strategy.md")
TOWN = "strategic"
POLICIES = ("classic", "default", "court-defaulters")
COMMAND = ".venv/bin/python docs/strategy.py"


def check_worlds(citizens: int, days: int) -> tuple[PopulationScenario, PopulationScenario]:
    """The strategic town for the check of the split, and the same town inert."""
    data = load_population_scenario(TOWN).model_dump(exclude_none=True)
    data["population"].update(citizens=citizens, days=days)
    data["strategy"].pop("ranges")
    town = PopulationScenario.model_validate(data)
    del data["strategy"]
    data["behaviour"] = {
        "certainty": 0.0,
        "severity": 0.0,
        "shame": {},
        "pride": {},
        "give_up": {"hazard": 0.0},
    }
    return town, PopulationScenario.model_validate(data)


CHECK_CITIZENS, CHECK_DAYS = 20_000, 90
"""The check's town: twice the shipped town's citizens (less noise), and fewer days than any
shipped entry lasts."""


def check_table(seeds: list[int]) -> list[str]:
    """The check's table, then a line with what split ÷ rise came to over its runs."""
    town, inert = check_worlds(CHECK_CITIZENS, CHECK_DAYS)
    policies = [load_policy(p) for p in ("classic", "default")]
    runs = run_batch(policies, [town, inert], seeds)
    rows = [
        "| rulebook | seed | rise of the observed score sum | split: all parts | improved | "
        "gamed | hidden | withdrawn | split ÷ rise |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ratios: dict[str, list[float]] = {}
    for i, name in enumerate(("classic", "default")):
        for s, seed in enumerate(seeds):
            run, twin = runs[i, 0][s], runs[i, 1][s]
            groups = [c for c in run.columns if c.startswith("score_sum.")]
            rise = sum(
                float(run.series[-1, run.columns.index(c)] - twin.series[-1, twin.columns.index(c)])
                for c in groups
            )
            parts = [run.totals[f"strategy.points_{p}"] for p in STRATEGY_PARTS]
            cells = " | ".join(f"{p:,.0f}" for p in parts)
            ratios.setdefault(name, []).append(sum(parts) / rise)
            rows.append(
                f"| {name} | {seed} | {rise:,.0f} | {sum(parts):,.0f} | {cells} | "
                f"{sum(parts) / rise:.3f} |"
            )
    every = [r for rs in ratios.values() for r in rs]
    means = ", ".join(f"{name} {sum(rs) / len(rs):.3f}" for name, rs in ratios.items())
    rows += [
        "",
        f"Over these {len(every)} runs the split is {min(every):.3f} to {max(every):.3f} times "
        f"the rise of the observed score sum (the mean over the seeds: {means}). What is left "
        "is the observation's own draws, which the run and the twin make on different acts, "
        "and the split's approximations: the room a cap leaves is worked out for an average "
        "citizen of the group, and partial hiding in a straight line between none and full.",
    ]
    return rows


FIGURES = (
    (STRATEGY_IMPROVEMENT_SHARE, "from better conduct", "{:.3f}"),
    (STRATEGY_GAMING_SHARE, "from gaming", "{:.3f}"),
    (STRATEGY_HIDING_SHARE, "from hiding", "{:.3f}"),
    (STRATEGY_WITHDRAWAL_SHARE, "from withdrawing", "{:.3f}"),
    (STRATEGY_POINTS_PER_CITIZEN_YEAR, "points gained a citizen-year", "{:.1f}"),
    (STRATEGY_WITHDRAWN_PER_1000, "legitimate acts withdrawn per 1,000 citizen-years", "{:,.0f}"),
    (STRATEGY_BURDEN, "effort on being scored a citizen-year", "{:.3f}"),
    (GROUP_STRATEGY_BURDEN.format(group="majority"), "the same, majority", "{:.3f}"),
    (GROUP_STRATEGY_BURDEN.format(group="minority"), "the same, minority", "{:.3f}"),
    (STRATEGY_EFFORT_PER_100_POINTS, "effort for 100 points gained", "{:.2f}"),
)


def split_table(seeds: list[int]) -> list[str]:
    town = load_population_scenario(TOWN)
    runs = run_batch([load_policy(p) for p in POLICIES], [town], seeds)
    figures = [[summarise(r) for r in runs[i, 0]] for i in range(len(POLICIES))]
    rows = [
        "| figure | " + " | ".join(POLICIES) + " |",
        "| --- |" + " ---: |" * len(POLICIES),
    ]
    for name, label, form in FIGURES:
        cells = []
        for per_seed in figures:
            stat = interval([f[name] for f in per_seed])
            if stat.mean is None:
                cells.append("undefined")
            elif stat.low is None or stat.high is None:
                cells.append(form.format(stat.mean))
            else:
                low, high = form.format(stat.low), form.format(stat.high)
                cells.append(f"{form.format(stat.mean)} [{low}, {high}]")
        rows.append(f"| {label} (`{name}`) | " + " | ".join(cells) + " |")
    return rows


def ranges_table() -> list[str]:
    strategy = load_population_scenario(TOWN).strategy
    assert strategy is not None
    rows = ["| parameter | central | range | source |", "| --- | ---: | --- | --- |"]
    for key, plausible in strategy.ranges.items():
        rows.append(
            f"| `{key}` | {strategy_value(strategy, key):g} | "
            f"{plausible.low:g}–{plausible.high:g} | {plausible.source} |"
        )
    return rows


def page(check: list[str], split: list[str], seeds: int) -> str:
    pop = load_population_scenario(TOWN).population
    return "\n".join(
        [
            *OPENING,
            *check,
            "",
            *KNOWN_ANSWERS,
            "## What the score gain is made of in the shipped strategic town",
            "",
            f"Each shipped rulebook in the `{TOWN}` town (the baseline town with the strategy "
            f"block below), {pop.citizens:,} citizens × {pop.days} days, {seeds} seeds, each "
            "figure the mean with "
            f"its 95% interval over the seeds (`{COMMAND}`). The shares split the points booked "
            "against the town's twin without scoring; `none` books nothing, so its shares are "
            "undefined and it is left out.",
            "",
            *split,
            "",
            *READING,
            "## The plausible ranges",
            "",
            f"The ranges are the `{TOWN}` scenario file's own (`strategy.ranges`); the value it "
            "runs with (central here) need not be a range's middle. Most are judgements: the "
            "studies say that gaming, displacement and withdrawal happen and what raises them, "
            "not how much effort a social score draws.",
            "",
            *ranges_table(),
            "",
            *LEFT_OUT,
        ]
    )


OPENING = [
    "# Strategic effort: improve, game, hide or withdraw",
    "",
    "<!-- Generated by docs/strategy.py; edit the script, then run it. -->",
    "",
    "A points-and-lists scheme is meant to make people better. People facing a score can also",
    "get better at scoring: do the deeds that carry points for their points, do the same bad",
    "acts where nobody looks, or stop doing watched things altogether. The literature on",
    "strategic responses to scoring rules says this difference is the whole story: Hardt,",
    'Megiddo, Papadimitriou and Wootters, "Strategic classification" (ITCS 2016); Kleinberg and',
    'Raghavan, "How do classifiers induce agents to invest effort strategically?" (ACM EC',
    "2019), who show when a rule rewards real improvement and when it rewards gaming; Milli,",
    'Miller, Dragan and Hardt, "The social cost of strategic classification" (FAT* 2019), who',
    "show that the cost of being scored falls unequally on groups; and Goodhart's law. A",
    "scenario's `strategy` block gives the lab's citizens these choices (docs/reference.md lists",
    "its fields); without it, or with a budget of 0, the model is the one without strategic",
    "effort, draw for draw (`tests/integration/test_strategy.py`).",
    "",
    "## The model",
    "",
    "Each citizen has an effort budget (`budget`) and four ways to spend it. One *unit* of a",
    "way is the way taken to its full extent; it costs `costs.<way>` (times the group's",
    "`by_group` multiplier, times a lognormal factor of the citizen's own with log standard",
    "deviation `spread`, drawn once from the `strategy` stream):",
    "",
    "- **improve**: true bad acts fall and true good acts rise, each by `improve_share` at full",
    "  extent (what the scheme intends);",
    "- **game**: gamed deeds of the `gameable` behaviours at `game_lift` times their own rate:",
    "  deeds done to be seen (logged volunteering, approved purchases, donations that carry",
    "  points). The sources see them as they see any deed and the observed ledger books them;",
    "  true conduct does not count them;",
    "- **hide**: bad acts go where the sources look less: a source that sees a share `s` of",
    "  acts sees `s × (1 − e × (1 − s))` of those hidden with effort `e`, `s²` at full extent, so",
    "  nothing can be hidden from a source that sees everything;",
    "- **withdraw**: less of everything in the `withdrawable` categories (posting, dating): good",
    "  and bad acts there fall by the effort. The good acts given up are the chilling effect.",
    "",
    "**The choice** follows Kleinberg and Raghavan's linear effort model. What one unit of each",
    "way is worth to a citizen is the observed points it moves a year: for every behaviour, the",
    "citizen's rate (their propensity times the world's rate for their group) times the chance",
    "an act is recorded under the policy (`engine/responses.py`, the chance deterrence reads",
    "too) times its points, weighted by the share of the horizon (`horizon_days`) the entry",
    "lasts and, for a capped behaviour, by the chance the cap still has room (`P(N < max)` for",
    "`N` the recorded acts of a cap period, Poisson for an average citizen of the group). A",
    "gamed deed is done only where it books points for its doer. Each",
    "citizen then spends the budget on the ways with the most points per unit of effort, the",
    "best first, each up to its full extent: the optimum of a linear objective under a budget",
    "and a cap on each way (`engine/strategy.py`, `choose`). A way that moves no points up gets",
    "nothing; under `none` nothing moves any points, so nobody spends any effort. The choice is",
    "made once, at the start of the run.",
    "",
    "## What the score gain is made of, and the check of it",
    "",
    "Common random numbers make the twin without any scoring a subset of the run's own draws:",
    "the world's candidate acts are the same, and the twin keeps a candidate exactly when its",
    "draw falls under the rate at multiplier 1 (`engine/conduct.py`). So every act that differs",
    "from the twin's is known, and so is why: withdrawn first (the citizen stayed away), then",
    "taken away or added by changed conduct (the responses and improving effort: *improved*).",
    "Gamed deeds are extra acts of their own (*gamed*), and a hidden bad act keeps the points its",
    "lower chance of being recorded spares (*hidden*; linear in the effort between none and",
    "full, which is exact for one source and close for several). Each is counted at the points",
    "it books in expectation (its chance of being recorded, its points and the room its cap",
    "leaves), per group (`engine/strategist.py`), and `strategy.improvement_share`,",
    "`strategy.gaming_share`, `strategy.hiding_share` and `strategy.withdrawal_share` are each",
    "part over their sum (docs/metrics.md). A share can be negative, where a part lowers scores",
    "(giving up once listed makes conduct worse; withdrawing gives up good deeds).",
    "",
    "The split is a claim about observed scores, so it is checked against them. Below, the",
    f"`{TOWN}` town with {CHECK_CITIZENS:,} citizens for {CHECK_DAYS} days (shorter than any",
    "entry lasts, so every booked point is still in the scores at the end), against the same",
    "town with every response and all strategic",
    "effort off, on the same seeds: the rise of the observed score sum at the end is what the",
    "split should add up to. Caps, collectors, review, appeals and false records all bite",
    "here. (The horizon weighs what a citizen expects an act to be worth when choosing; what",
    "is booked is counted whole.)",
    "",
]

KNOWN_ANSWERS = [
    "## Checks with known answers",
    "",
    "`tests/integration/test_strategy.py` holds each of these.",
    "",
    "- **Kleinberg and Raghavan's result.** A town of two good deeds, tutoring and logged",
    "  volunteering (`gameable`), each done `r` times a year, every one seen (coverage 1),",
    "  worth `P_t` and `P_v` points that never expire within the run; costs 1, budget 1, no",
    "  spread. A unit of improving is worth `improve_share × r × (P_t + P_v)` a year per unit",
    "  of propensity, a unit of gaming `game_lift × r × P_v`: with `improve_share` 0.5 and",
    "  `game_lift` 1, every citizen games exactly when `P_v > P_t` and improves when",
    "  `P_t > P_v`, whatever their propensity (it multiplies both). With 5 and 3 points nobody",
    "  games and the split is all improvement, 0.5 × 2 × 8 = 8 points a citizen-year; with 3 and",
    "  5 everybody games, 1 × 2 × 5 = 10 points a citizen-year, and none of it is improvement.",
    "  The rule, not the citizens, decides where the effort goes.",
    "- **Gaming out of reach** (an infinite `costs.game`): no gamed deeds, gaming share 0; the",
    "  budget goes to the next best way.",
    "- **Nothing unobserved** (every feed's coverage 1, no collectors): hiding moves no points,",
    "  so nobody hides and the hiding share is 0; at coverage 0.5 the same citizens hide.",
    "- **Unequal costs, equal conduct** (Milli et al.): two groups alike in conduct, gaming",
    "  costing one three times what it costs the other and nothing else within reach. The cheap",
    "  group books three times the points for the same effort, its observed scores rise further",
    "  above its true ones, and `disparity.cheap_vs_dear.score_gap.difference` is positive",
    "  while the true mean scores stay level. Both spend their whole budget, so the effort on",
    "  being scored is equal; `disparity.cheap_vs_dear.strategy.effort_per_100_points.difference`",
    "  says what differs: a point costs the cheap group a third of the effort.",
    "- **Off is off**: a budget of 0 gives byte for byte the run without a strategy block.",
    "",
]

READING = [
    "How to read it: the shares say which way the points came, not whether the scheme is worth",
    "its price; the benefit (fewer true bad acts than no scoring) and the prices sit beside",
    "them in every report. Effort on being scored (gaming, hiding, withdrawing) is counted in",
    "the scenario's budget units, so it compares rulebooks and groups within one scenario, not",
    "across scenarios with other costs.",
    "",
]

LEFT_OUT = [
    "## What the model leaves out",
    "",
    "- Citizens spend their whole budget wherever a way moves any points up: there is no",
    "  outside option, so under a rulebook that counts little (`court-defaulters` above) they",
    "  spend the same effort for a few points, and the effort per point is large.",
    "- Citizens choose once, at the start, from expected points; they do not revise as their",
    "  score nears a threshold, and the consequences of grades and lists enter only through the",
    "  points (a rulebook with points and no consequences draws effort all the same).",
    "- The values are for an average citizen of the group (caps, horizon); the accounting is in",
    "  expected points, checked against observed scores above, not exact per citizen.",
    "- Withdrawing changes acts, not false records or the use of services: staying off trains",
    "  to avoid being refused is not modelled.",
    "- The values read a driven behaviour at its largest rate over the run, not the year's.",
    "- A life story shows a gamed deed as a deed the true ledger does not count; it does not",
    "  say it was done for show.",
    "- Gamed deeds are worthless in truth; a deed done for show that still helps someone would",
    "  need a worth between 0 and 1, which the lab does not give.",
    "",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    text = page(check_table([0, 1, 2]), split_table(list(range(args.seeds))), args.seeds)
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
