"""Regenerate docs/scenarios.md: what each shipped policy does under each shipped scenario.

Run: .venv/bin/python docs/scenarios.py   (about two minutes on 2 cores)

tests/integration/test_scenarios_doc.py checks the page line for line: it regenerates the
opening and each scenario's table (`opening`, `section`) in separate tests, which parallel
workers share, as almost all of the time is the forty year-long runs of 10,000 citizens.

Both policies run over the same seeds, so each seed is the same synthetic town under both
(common random numbers) and the last column is the paired difference, classic minus default.
The rows are the catalogue's headline figures plus the train and loan rows of the service
table; labels, units and formats come from the catalogue.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from socialcredit.domain.catalogue import CATALOGUE, Metric, expand, placeholders
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import run_batch
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.report.kit.text import fmt_difference, fmt_stat
from socialcredit.runs.document import population_record
from socialcredit.runs.schema import PopulationRecord
from socialcredit.stats import paired_difference

SCENARIOS = ("baseline", "heavy-surveillance", "biased-collectors", "malicious-collectors")
POLICIES = ("default", "classic")
SEEDS = (0, 1, 2, 3, 4)
SERVICES = ("train", "loan")
COMMAND = ".venv/bin/python docs/scenarios.py"


def commit() -> str:
    git = ["git", "rev-parse", "--short", "HEAD"]
    return subprocess.run(git, capture_output=True, text=True, check=False).stdout.strip()


def rows(record: PopulationRecord) -> list[tuple[str, str, Metric]]:
    """(name, label, metric) of the rows, in catalogue order."""
    out = []
    for bound in expand(CATALOGUE.metrics, record.dimensions.catalogue()):
        metric = bound.declared
        if not isinstance(metric, Metric) or not metric.headline:
            continue
        per_service = "service" in placeholders(metric.name)
        if per_service and not any(f".{s}." in bound.name for s in SERVICES):
            continue
        out.append((bound.name, bound.label, metric))
    return out


def cell(record: PopulationRecord, name: str, metric: Metric) -> str:
    e = record.metrics[name]
    return fmt_stat((e.mean, e.low, e.high), metric.kind, metric.undefined)


def world(scenario: PopulationScenario, policies: list[Policy]) -> list[str]:
    """The behaviours of the towns' world: what people do, and which policy counts what."""
    others = [s for s in SCENARIOS if s != scenario.name]
    same = all(
        load_population_scenario(s).population.behaviours == scenario.population.behaviours
        for s in others
    )
    lines = [
        "## The world: what people do",
        "",
        f"The scenarios declare the behaviours people do and how often (`population.behaviours`"
        f"; {'every town here shares' if same else 'shown here:'} {scenario.name}'s). A policy "
        "counts some of them; the others still happen, and every harmful act is in the true "
        "conduct figures (bad acts per 1,000 citizen-years) whatever a policy counts. With "
        "behavioural responses off, any two policies see the same acts, citizen by citizen; "
        "points never set a rate.",
        "",
        "**Where the rates come from.** They are the lab's illustrative assumptions, not "
        "measurements, and they are the rates the town had when the policy's points split each "
        "category's total (so the default's figures moved as little as they could when the "
        "world took them over). Within each category, the everyday acts share a yearly total "
        "in inverse proportion to the points the published Rongcheng deduction table gives "
        "them (an act worth twice the points is half as common; shared/REFERENCE.md): civic "
        "deeds 6 a year; misconduct 1.5; financial good 12 (monthly repayments), financial bad "
        "0.6; insurance bad 0.2; social media good 6, bad 1; shopping good 6, bad 1; health "
        "good 4, bad 1; dating bad 0.2. Rare serious acts (heroic acts, drunk driving, "
        "vandalism, frauds, court findings of default, loan defaults) and yearly events (tax "
        "paid on time, a claim-free insurance year, a health check, a verified dating "
        "identity) have rates of their own, from one in 500 to 0.9 a year. The town's court "
        "findings (0.02 a year) are eight times China's reported 0.0024 (the `court-blacklist` "
        "scenario and docs/calibration.md fit that one). `experiment` and `sweep` vary any rate "
        "(`scenario.population.behaviours.littering.per_year`).",
        "",
        "| behaviour | category | kind | acts per citizen-year | "
        + " | ".join(f"counted by {p.name}" for p in policies)
        + " |",
        "| --- | --- | --- | --- | " + " | ".join("---" for _ in policies) + " |",
    ]
    for code, b in scenario.population.behaviours.items():
        counted = []
        for p in policies:
            named = p.behaviour_index.get(code)
            if named is None:
                counted.append("not named")
            else:
                declared = p.behaviours[named]
                counted.append(f"{declared.points:+d}" if p.counts(declared) else "off")
        lines.append(
            f"| `{code}` | {b.category} | {b.kind} | {b.per_year:g} | " + " | ".join(counted) + " |"
        )
    return [*lines, ""]


def opening(day: str, at: str) -> list[str]:
    """The page up to the first scenario: what a cell is, when and where it was made, and the
    world the towns share."""
    lines = [
        "# What the shipped policies do under each scenario",
        "",
        f"Each cell: the mean over seeds {', '.join(map(str, SEEDS))} with its 95% interval, "
        "cut to the range the figure can take (a count never below 0, a share never above "
        "100%), for 10,000 citizens over 365 days. Both policies meet the same synthetic town "
        "on each seed (common random numbers), so the last column is the paired difference, "
        "classic minus default, with its 95% interval over the seeds (pp: percentage points). "
        f"Regenerate with `{COMMAND}`; the numbers below were produced on "
        f"{day} at commit `{at}`. Figures made before the "
        "common random numbers (commits up to `b92495d`), or before the scenario's world "
        "owned the behaviours people do (commits up to `4c9b9f4`, when a policy's points set "
        "how often each act was done), are not comparable with these.",
        "",
        "Names and definitions of every figure: [metrics.md](metrics.md).",
        "",
    ]
    policies = [load_policy(p) for p in POLICIES]
    return lines + world(load_population_scenario(SCENARIOS[0]), policies)


def section(name: str) -> list[str]:
    """One scenario's table: both policies run over the seeds, and their paired difference."""
    policies = [load_policy(p) for p in POLICIES]
    scenario = load_population_scenario(name)
    batch = run_batch(policies, [scenario], list(SEEDS))
    default, classic = (population_record(batch[i, 0]) for i in range(len(POLICIES)))
    lines = [f"## {scenario.name}", "", scenario.description.strip(), ""]
    lines += [
        "| figure | default | classic | classic − default (paired) |",
        "| --- | --- | --- | --- |",
    ]
    per_default = {r.seed: r.metrics for r in default.runs}
    per_classic = {r.seed: r.metrics for r in classic.runs}
    for metric_name, label, metric in rows(default):
        diff = paired_difference(
            {s: m[metric_name] for s, m in per_default.items()},
            {s: m[metric_name] for s, m in per_classic.items()},
        )
        lines.append(
            f"| {label} | {cell(default, metric_name, metric)} | "
            f"{cell(classic, metric_name, metric)} | {fmt_difference(diff, metric.kind)} |"
        )
    return [*lines, ""]


def main() -> None:
    lines = opening(f"{datetime.now(UTC):%Y-%m-%d}", commit())
    for name in SCENARIOS:
        lines += section(name)
    Path(__file__).with_name("scenarios.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
