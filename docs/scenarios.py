"""Regenerate docs/scenarios.md: what each shipped policy does under each shipped scenario.

Run: .venv/bin/python docs/scenarios.py   (about a minute on 2 cores)
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from socialcredit.policies import load_policy
from socialcredit.simulation.run import run_population
from socialcredit.simulation.scenario import load_population_scenario
from socialcredit.simulation.summary import combine

SCENARIOS = ("baseline", "heavy-surveillance", "biased-collectors", "malicious-collectors")
POLICIES = ("default", "classic")
SEEDS = (0, 1, 2)
ROWS = (
    ("blacklisted at the end", "black.final", "{:.0f}"),
    ("… of whom wrongly (not by true conduct)", "black_wrongful.final", "{:.0f}"),
    ("… share of the list that is wrong", "black_wrongful_share.final", "{:.1%}"),
    ("missed (listed by true conduct, not observed)", "black_missed.final", "{:.0f}"),
    ("ever wrongly blacklisted, per 1,000", "ever_wrongly_blacklisted_per_1000", "{:.1f}"),
    ("red list at the end", "red.final", "{:.0f}"),
    ("denied a high-speed train ticket at the end", "deny.train.final", "{:.0f}"),
    ("wrongful train denials, citizen-days", "deny_wrongful.train.citizen_days", "{:.0f}"),
    ("wrongful loan denials, citizen-days", "deny_wrongful.loan.citizen_days", "{:.0f}"),
    ("false reports that landed in the ledger", "false_reports_landed_share", "{:.1%}"),
    ("minority: observed minus true mean score", "group.minority.score_gap.final", "{:+.1f}"),
    ("majority: observed minus true mean score", "group.majority.score_gap.final", "{:+.1f}"),
    ("change in bad acts, first to last month", "behaviour.bad_acts_change", "{:+.1%}"),
)


def commit() -> str:
    git = ["git", "rev-parse", "--short", "HEAD"]
    return subprocess.run(git, capture_output=True, text=True, check=False).stdout.strip()


SIGNED = {
    "group.minority.score_gap.final",
    "group.majority.score_gap.final",
    "behaviour.bad_acts_change",
}
"""Figures that can be negative; for the others (counts and shares) an interval stops at 0."""


def cell(key: str, metric: dict[str, float | None], fmt: str) -> str:
    text = fmt.format(metric["mean"])
    low, high = metric.get("low"), metric.get("high")
    if low is not None and high is not None:
        if key not in SIGNED:
            low = max(low, 0.0)
        text += f" ({fmt.format(low)} – {fmt.format(high)})"
    return text


def main() -> None:
    lines = [
        "# What the shipped policies do under each scenario",
        "",
        "Each cell: mean over seeds 0, 1, 2 with the 95% interval (counts and shares cut at "
        "0), for 10,000 citizens over 365 days. Regenerate with "
        "`.venv/bin/python docs/scenarios.py`; the numbers below "
        f"were produced on {datetime.now(UTC):%Y-%m-%d} at commit "
        f"`{commit()}`.",
        "",
    ]
    for name in SCENARIOS:
        scenario = load_population_scenario(name)
        lines += [f"## {name}", "", scenario.description.strip(), ""]
        docs = {
            p: combine([run_population(load_policy(p), scenario, seed=s) for s in SEEDS])
            for p in POLICIES
        }
        lines += ["| figure | default | classic |", "| --- | --- | --- |"]
        for label, key, fmt in ROWS:
            lines.append(
                f"| {label} | {cell(key, docs['default']['metrics'][key], fmt)} "
                f"| {cell(key, docs['classic']['metrics'][key], fmt)} |"
            )
        lines.append("")
    Path(__file__).with_name("scenarios.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
