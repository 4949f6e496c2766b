"""Regenerate docs/scenarios.md: what each shipped policy does under each shipped scenario.

Run: .venv/bin/python docs/scenarios.py   (about two minutes on 2 cores)

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
from socialcredit.engine.batch import run_batch
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.report.text import fmt_difference, fmt_stat
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


def main() -> None:
    lines = [
        "# What the shipped policies do under each scenario",
        "",
        f"Each cell: the mean over seeds {', '.join(map(str, SEEDS))} with its 95% interval, "
        "cut to the range the figure can take (a count never below 0, a share never above "
        "100%), for 10,000 citizens over 365 days. Both policies meet the same synthetic town "
        "on each seed (common random numbers), so the last column is the paired difference, "
        "classic minus default, with its 95% interval over the seeds (pp: percentage points). "
        f"Regenerate with `{COMMAND}`; the numbers below were produced on "
        f"{datetime.now(UTC):%Y-%m-%d} at commit `{commit()}`. Figures made before the "
        "common random numbers (commits up to `b92495d`) are not comparable with these.",
        "",
        "Names and definitions of every figure: [metrics.md](metrics.md).",
        "",
    ]
    policies = [load_policy(p) for p in POLICIES]
    scenarios = [load_population_scenario(s) for s in SCENARIOS]
    batch = run_batch(policies, scenarios, list(SEEDS))
    for j, scenario in enumerate(scenarios):
        default, classic = (population_record(batch[i, j]) for i in range(len(POLICIES)))
        lines += [f"## {scenario.name}", "", scenario.description.strip(), ""]
        lines += [
            "| figure | default | classic | classic − default (paired) |",
            "| --- | --- | --- | --- |",
        ]
        per_default = {r.seed: r.metrics for r in default.runs}
        per_classic = {r.seed: r.metrics for r in classic.runs}
        for name, label, metric in rows(default):
            diff = paired_difference(
                {s: m[name] for s, m in per_default.items()},
                {s: m[name] for s, m in per_classic.items()},
            )
            lines.append(
                f"| {label} | {cell(default, name, metric)} | {cell(classic, name, metric)} "
                f"| {fmt_difference(diff, metric.kind)} |"
            )
        lines.append("")
    Path(__file__).with_name("scenarios.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
