"""Print the benefit table of docs/responses.md: for each policy, true bad acts per 1,000
citizen-years under it and under `none` in the same towns (the same seeds), at the scenario's
central responses and at the weakest and strongest ends of their plausible ranges. With
`--directions`, print instead the check of each ranged parameter's direction: the parameter
alone moved from the low to the high end of its range, the others central.

Run: .venv/bin/python docs/responses.py [SCENARIO] [--citizens N] [--days D] [--seeds K]
     [--directions]
(the page's tables: baseline, 10,000 citizens, 365 days, 5 seeds; about a minute for the
benefit table and a few minutes for the directions on 2 cores)

The benefit is none minus the policy, seed by seed (paired: each seed is the same town under
both), with its 95% interval; positive means fewer true bad acts than with no scoring.
"""

from __future__ import annotations

import argparse

from socialcredit.domain.catalogue.metrics import BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS as BAD
from socialcredit.domain.response_range import DIRECTION, response_ends, with_responses
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


def directions(name: str, citizens: int, days: int, seeds: list[int]) -> list[str]:
    """Each ranged parameter moved alone from its low to its high end: the change in true bad
    acts per 1,000 citizen-years under each policy (high minus low, paired seed by seed), and
    whether its sign is the one `DIRECTION` assumes (a larger value, fewer bad acts, for +1)."""
    central = resized(load_population_scenario(name), citizens, days)
    worlds: list[PopulationScenario] = []
    keys = sorted(central.behaviour.ranges)
    for key in keys:
        plausible = central.behaviour.ranges[key]
        worlds += [with_responses(central, {key: end}) for end in (plausible.low, plausible.high)]
    policies = [load_policy(p) for p in POLICIES]
    runs = run_batch(policies, worlds, seeds)
    rows = [
        "| parameter | low | high | assumed direction | policy | bad acts, high − low "
        "[95% interval] | measured |",
        "| --- | ---: | ---: | --- | --- | ---: | --- |",
    ]
    for k, key in enumerate(keys):
        plausible = central.behaviour.ranges[key]
        assumed = "fewer bad acts" if DIRECTION[key] > 0 else "more bad acts"
        for i, policy in enumerate(POLICIES):
            low = {s: summarise(r)[BAD] for s, r in zip(seeds, runs[i, 2 * k], strict=True)}
            high = {s: summarise(r)[BAD] for s, r in zip(seeds, runs[i, 2 * k + 1], strict=True)}
            d = paired_difference(low, high)
            mean, lo, hi = d.mean or 0.0, d.low or 0.0, d.high or 0.0
            if lo > 0 or hi < 0:
                agrees = (mean < 0) == (DIRECTION[key] > 0)
                measured = "as assumed" if agrees else "**the other way**"
            else:
                measured = "too small to tell"
            rows.append(
                f"| {key} | {plausible.low:g} | {plausible.high:g} | {assumed} | {policy} | "
                f"{mean:+,.1f} [{lo:+,.1f}, {hi:+,.1f}] | {measured} |"
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
    parser.add_argument("--directions", action="store_true")
    args = parser.parse_args()
    make = directions if args.directions else table
    print("\n".join(make(args.scenario, args.citizens, args.days, list(range(args.seeds)))))


if __name__ == "__main__":
    main()
