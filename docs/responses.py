"""Print the benefit table of docs/responses.md: for each policy, true bad acts per 1,000
citizen-years under it and under `none` in the same towns (the same seeds), at the scenario's
central responses and at the weakest and strongest ends of their plausible ranges.

Run: .venv/bin/python docs/responses.py [SCENARIO] [--citizens N] [--days D] [--seeds K]
(the page's table: baseline, 10,000 citizens, 365 days, 5 seeds; about ten minutes on 2 cores)

The benefit is none minus the policy, seed by seed (paired: each seed is the same town under
both), with its 95% interval; positive means fewer true bad acts than with no scoring.
"""

from __future__ import annotations

import argparse

from socialcredit.domain.catalogue.metrics import BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS as BAD
from socialcredit.domain.response_range import response_ends
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_batch, summarise
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.stats import paired_difference

POLICIES = ("default", "classic")


def resized(scenario: PopulationScenario, citizens: int, days: int) -> PopulationScenario:
    data = scenario.model_dump(mode="json")
    data["population"].update(citizens=citizens, days=days)
    return PopulationScenario.model_validate(data)


def table(name: str, citizens: int, days: int, seeds: list[int]) -> list[str]:
    central = resized(load_population_scenario(name), citizens, days)
    ends = response_ends(central)
    worlds = {"central": central}
    if ends is not None:
        worlds = {"weakest": ends.weakest, "central": central, "strongest": ends.strongest}
    policies = [load_policy(p) for p in ("none", *POLICIES)]
    runs = run_batch(policies, list(worlds.values()), seeds)
    rows = [
        "| policy | responses | bad acts per 1,000 citizen-years, none | under the policy | "
        "benefit (none − policy) [95% interval] |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for i, policy in enumerate(POLICIES, start=1):
        for j, world in enumerate(worlds):
            none = {s: summarise(r)[BAD] for s, r in zip(seeds, runs[0, j], strict=True)}
            under = {s: summarise(r)[BAD] for s, r in zip(seeds, runs[i, j], strict=True)}
            d = paired_difference(under, none)
            rows.append(
                f"| {policy} | {world} | {_mean(none):,.0f} | {_mean(under):,.0f} | "
                f"{d.mean or 0:,.0f} [{d.low or 0:,.0f}, {d.high or 0:,.0f}] |"
            )
    return rows


def _mean(values: dict[int, float | None]) -> float:
    known = [v for v in values.values() if v is not None]
    return sum(known) / len(known)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default="baseline")
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    print("\n".join(table(args.scenario, args.citizens, args.days, list(range(args.seeds)))))


if __name__ == "__main__":
    main()
