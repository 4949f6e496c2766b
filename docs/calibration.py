"""Regenerate the tables of docs/calibration.md, and the calibration section of
docs/findings.md, from the shipped calibration in docs/calibration/.

Run (seconds; the calibration itself is the command in docs/calibration/calibration.json):

    .venv/bin/python docs/calibration.py

Each table of calibration.md sits between `<!-- calibration:NAME -->` and
`<!-- /calibration:NAME -->`; the words around them are written by hand. The findings section
is the last of findings.md, from its heading to the end (`docs/findings.py` writes it too when
it regenerates the page). Every number comes from the committed CSV and JSON files; a test
checks that the pages are what this script makes of them.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow.parquet as pq

from socialcredit.calibration import make_plan
from socialcredit.calibration.digest import SMALL_ESS
from socialcredit.calibration.emulator import WITHIN
from socialcredit.calibration.fitting import PILOT, target_log_likelihood
from socialcredit.calibration.likelihood import dispersion
from socialcredit.calibration.naive import NAIVE_MEANING, Naive
from socialcredit.calibration.skill import COVERAGE_TARGET, WIDTH_TARGET, Skill

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = ROOT / "docs" / "calibration"
PAGE = ROOT / "docs" / "calibration.md"
FINDINGS = ROOT / "docs" / "findings.md"
COMMAND = ".venv/bin/python docs/calibration.py"
HEADING = "## The published record: calibration and predictions"
QUANTITIES = {
    "listed_cumulative": "listings made since October 2013",
    "listed_current": "listings on the list on the day",
    "flights_blocked_cumulative": "flight tickets refused since 2013",
    "rail_blocked_cumulative": "train tickets refused since 2013",
    "paid_after_listing_cumulative": "listed debtors who paid since 2013",
}
"""The quantities counted from the list's opening, or on the day."""
ANNUAL = {
    "listed_new_annual": "listings made in the year",
    "removed_annual": "listings ended in the year",
    "removed_paid_annual": "ended by paying",
    "removed_restored_annual": "ended by credit restoration",
    "removed_expired_annual": "ended at the end of a fixed term",
}
"""The quantities of the year ending on the date (the calendar year, on 31 December)."""
LABELS = {**QUANTITIES, **ANNUAL}


def rows(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def record(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / "calibration.json").read_text("utf-8"))
    return data


def number(text: str | int | float) -> str:
    return f"{int(text):,}"


def interval(row: dict[str, str]) -> str:
    return f"{number(row['mean'])} ({number(row['low'])}–{number(row['high'])})"


def rate(x: float) -> str:
    return f"{x:.4g}"


def run_lines(directory: Path) -> list[str]:
    rec = record(directory)
    sims, scale = rec["simulations"], rec["scale"]
    rounds = "; ".join(
        f"round {r['round']}: {r['parameter_sets']} sets, ESS {r['ess']:.1f}" for r in rec["rounds"]
    )
    return [
        f"`{rec['command']}`",
        "",
        f"- {scale['citizens']:,} synthetic citizens from {scale['start']} for {scale['days']:,} "
        f"days; each count stands for {scale['national_per_citizen']:,.0f} people's "
        f"(national population {scale['national_population']:,}).",
        f"- {sims['parameter_sets']} parameter sets × {len(rec['seeds'])} "
        f"seed{'s' if len(rec['seeds']) > 1 else ''} "
        f"({', '.join(map(str, rec['seeds']))}) + {len(rec['noise_seeds'])} runs for the noise = "
        f"{sims['runs']} simulations, in {rec['seconds']:,.0f} seconds of wall time"
        + calls_text(rec["calls"])
        + ".",
        f"- Effective sample size {rec['ess']:.1f} ({rounds}).",
        f"- Fitted figures within the 95% posterior predictive interval: "
        f"{rec['fit']['within']} of {rec['fit']['targets']}; held-out figures the runs reach: "
        f"{rec['judge']['within']} of {rec['judge']['targets']}.",
    ]


def calls_text(calls: list[dict[str, Any]]) -> str:
    """How the wall time splits over the calls, when the calibration was resumed."""
    if len(calls) < 2:
        return ""
    parts = [f"{c['seconds']:,.0f} s for {c['runs']} runs" for c in calls]
    return f" over {len(calls)} calls ({', '.join(parts)})"


def posterior_lines(directory: Path) -> list[str]:
    out = [
        "| free rate | prior | posterior mean (95% interval) |",
        "| --- | --- | --- |",
    ]
    for free in record(directory)["free"]:
        prior, post = free["prior"], free["posterior"]
        scale = "log-uniform" if prior["scale"] == "log" else "uniform"
        out.append(
            f"| {free['path']} | {rate(prior['low'])} to {rate(prior['high'])}, {scale} | "
            f"{rate(post['mean'])} ({rate(post['low'])} to {rate(post['high'])}) |"
        )
    return out


def weight_lines(directory: Path) -> list[str]:
    """How the posterior's weight is spread over the parameter sets, and the largest weighted
    correlations between the free rates (of the logarithm of each rate with a log-uniform
    prior, of the rate itself otherwise)."""
    table = pq.read_table(directory / "posterior.parquet").to_pandas()
    free = record(directory)["free"]
    w = table["weight"].to_numpy(dtype=float)
    w = w / w.sum()
    order = np.argsort(-w, kind="stable")
    last = int(table["round"].max())
    heaviest = table.iloc[int(order[0])]
    smoothing = record(directory).get("emulator")
    out = [
        f"- The heaviest set ({heaviest['draw']}, round {int(heaviest['round'])}) carries "
        f"{w[order[0]]:.1%} of the weight; the five heaviest {w[order[:5]].sum():.1%}, the ten "
        f"heaviest {w[order[:10]].sum():.1%}; the sets of the last round (round {last}) "
        f"{w[table['round'].to_numpy() == last].sum():.1%}.",
    ]
    if smoothing is not None:
        own = table["log_likelihood"].to_numpy(dtype=float)
        smooth = table["smoothed_log_likelihood"].to_numpy(dtype=float)
        best = int(np.nanargmax(own))
        out.append(
            f"- The weights use the log-likelihood smoothed across the {smoothing['draws']} "
            f"sets within {WITHIN:.0f} of the best; the regression puts a set's luck at a "
            f"standard deviation of {smoothing['noise_sd']:.2f} log units, against "
            f"{smoothing['signal_sd']:.2f} for the smooth log-likelihood. The heaviest set's "
            f"own log-likelihood is {own[order[0]]:.2f} and its smoothed one "
            f"{smooth[order[0]]:.2f}; the best own is {own[best]:.2f} "
            f"({table.iloc[best]['draw']})."
        )
        # The proposals' mixture density is what a weight divides by: log q = smoothed − log w
        # up to a constant, so the same draws weighed by their own log-likelihood have weights
        # ∝ w · exp(own − smoothed).
        kept = w > 0
        raw = np.zeros(len(w))
        raw[kept] = np.log(w[kept]) + own[kept] - smooth[kept]
        raw[kept] = np.exp(raw[kept] - raw[kept].max())
        raw_ess = float(raw.sum() ** 2 / (raw * raw).sum())
        spread = seed_spread(directory, own >= np.nanmax(own) - WITHIN)
        out.append(
            f"- Each set's own log-likelihood carries its runs' luck: over the sets within "
            f"{WITHIN:.0f} of the best, the log-likelihoods of seed 0's and seed 1's runs alone "
            f"differ by a median of {spread:.1f} log units. Weighed by their own log-likelihoods, "
            f"these same draws would have an effective sample size of {raw_ess:.1f}."
        )
    columns = {}
    for f in free:
        x = table[f["path"]].to_numpy(dtype=float)
        columns[f["path"]] = np.log(x) if f["prior"]["scale"] == "log" else x
    mean = {k: float(w @ x) for k, x in columns.items()}
    sd = {k: float(np.sqrt(w @ (x - mean[k]) ** 2)) for k, x in columns.items()}
    pairs = []
    names = list(columns)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if sd[a] > 0 and sd[b] > 0:
                cov = float(w @ ((columns[a] - mean[a]) * (columns[b] - mean[b])))
                pairs.append((cov / (sd[a] * sd[b]), a, b))
    pairs.sort(key=lambda t: -abs(t[0]))
    out.append(
        "- The largest weighted correlations between the free rates: "
        + "; ".join(f"{short(a)} and {short(b)}, {r:+.2f}" for r, a, b in pairs[:5])
        + "."
    )
    return out


def seed_spread(directory: Path, sets: npt.NDArray[np.bool_]) -> float:
    """The median over `sets` (a mask of the posterior's rows) of |log-likelihood of seed 0's
    runs − that of seed 1's|, each as if its seed alone had been run."""
    rec = record(directory)
    command = rec["command"]
    plan = make_plan(
        scenario_ref=rec["inputs"]["scenario"]["ref"],
        policy_ref=rec["inputs"]["policy"]["ref"],
        targets=ROOT / rec["inputs"]["targets"]["file"],
        predict=[date.fromisoformat(d) for d in rec["predict"]],
        simulations=rec["simulations"]["parameter_sets"],
        rounds=len(rec["rounds"]),
        seeds=len(rec["seeds"]),
    )
    assert "--citizens" not in command, "the spread is measured at the scenario's own size"
    runs: dict[tuple[str, int], dict[str, list[float]]] = {}
    with (directory / "runs.jsonl").open(encoding="utf-8") as journal:
        for line in journal:
            run = json.loads(line)
            runs[run["draw"], run["seed"]] = run["counts"]
    pilot = [runs[PILOT, s] for s in plan.noise_seeds]
    spread = {q: dispersion(np.array([p[q] for p in pilot], dtype=float)) for q in plan.days}
    table = pq.read_table(directory / "posterior.parquet").to_pandas()
    draws = list(table["draw"][sets])
    one = replace(plan, seeds=[0])
    seed = [
        target_log_likelihood(
            one,
            plan.fit,
            {q: np.array([runs[d, s][q] for d in draws], dtype=float) for q in plan.days},
            spread,
        )
        for s in (0, 1)
    ]
    return float(np.median(np.abs(seed[0] - seed[1])))


def short(path: str) -> str:
    """A free rate's path without the leading `scenario.` and the population's nesting."""
    return "`" + path.removeprefix("scenario.").removeprefix("population.") + "`"


def target_lines(directory: Path, name: str) -> list[str]:
    """The targets of fit.csv or judge.csv; judge.csv's naive forecasts in columns of their
    own."""
    table = rows(directory, name)
    naive = [k for k in Naive if table and f"naive_{k.value}" in table[0]]
    out = [
        "| target | date | published (relative SD) | model: mean (95% interval) | within |"
        + "".join(f" {k.value.replace('_', ' ')} |" for k in naive),
        "| --- | --- | ---: | ---: | --- |" + " ---: |" * len(naive),
    ]
    for row in table:
        sd = f"{float(row['relative_sd']):.0%}"
        within = "yes" if row["within"] == "true" else "**no**"
        cells = "".join(
            f" {number(row[f'naive_{k.value}']) if row[f'naive_{k.value}'] else 'none'} |"
            for k in naive
        )
        out.append(
            f"| {row['target']} | {row['date']} | {number(row['published'])} ({sd}) | "
            f"{interval(row)} | {within} |" + cells
        )
    return out


def skill_lines(directory: Path) -> list[str]:
    """What opens calibration.md: which naive forecasts the model beats on the held-out
    figures, by how much, where it does not, and a warning when the sample is small."""
    rec = record(directory)
    out = []
    if rec["ess"] < SMALL_ESS:
        out += [
            f"> **Warning:** the shipped calibration's effective sample size is {rec['ess']:.1f}, "
            f"under {SMALL_ESS:.0f}: its posterior rests on few parameter sets, and its means and "
            "intervals may move a long way with more simulations.",
            "",
        ]
    skills = [Skill.from_record(s) for s in rec.get("skill", [])]
    if not skills:
        return [*out, "The shipped calibration records no forecast skill: rerun it."]
    out += [
        f"Forecast skill on the held-out figures (generated by `{COMMAND}` from "
        "`docs/calibration/calibration.json`): the mean absolute relative error of the posterior "
        "mean against three naive forecasts made from the fitted figures of the same quantity: "
        + "; ".join(f"{k.value.replace('_', ' ')}, {NAIVE_MEANING[k]}" for k in Naive)
        + ".",
        "",
    ]
    out += [
        "| held-out figures | n | model | "
        + " | ".join(k.value.replace("_", " ") for k in Naive)
        + " | model beats | inside 95% interval | median width |",
        "| --- | ---: | ---: |" + " ---: |" * len(Naive) + " --- | ---: | ---: |",
    ]
    for s in skills:
        naive = [
            f"{100 * e:.1f}%" if (e := s.naive_error.get(k)) is not None else "none" for k in Naive
        ]
        beats = ", ".join(k.value.replace("_", " ") for k in s.beaten) or "none"
        out.append(
            f"| {s.label.replace('_', ' ')} | {s.figures} | {100 * s.error:.1f}% | "
            + " | ".join(naive)
            + f" | {beats} | {100 * s.coverage:.0f}% ({'met' if s.coverage_met else 'not met'}) "
            f"| {100 * s.width:.0f}% ({'met' if s.width_met else 'not met'}) |"
        )
    out += [
        "",
        "Errors are mean absolute relative errors of the forecast against the published figure; "
        f"the targets are at least {100 * COVERAGE_TARGET:.0f}% of figures inside the 95% "
        f"interval and a median interval width of at most {100 * WIDTH_TARGET:.0f}% of the "
        'figure. "none": that forecast has no value for some of the figures (a quantity with '
        "fewer than two fitted figures has no line, one with none has no forecast at all).",
    ]
    return out


def prediction_lines(directory: Path) -> list[str]:
    """Two tables, a row per predicted date: the counts since the list opened and on the day,
    then the counts of the year ending on the date."""
    predictions = rows(directory, "predictions.csv")
    dates = list(dict.fromkeys(r["date"] for r in predictions))
    out: list[str] = []
    for table in (QUANTITIES, ANNUAL):
        present = [q for q in table if any(r["quantity"] == q for r in predictions)]
        if not present:
            continue
        if out:
            out.append("")
        out += [
            "| date | " + " | ".join(f"{table[q]} (`{q}`)" for q in present) + " |",
            "| --- |" + " ---: |" * len(present),
        ]
        for d in dates:
            cells = [
                interval(next(r for r in predictions if r["date"] == d and r["quantity"] == q))
                for q in present
            ]
            out.append(f"| {d} | " + " | ".join(cells) + " |")
    return out


def blocks(directory: Path = DIRECTORY) -> dict[str, list[str]]:
    """The generated tables of calibration.md, by name."""
    return {
        "skill": skill_lines(directory),
        "run": run_lines(directory),
        "posterior": posterior_lines(directory),
        "weights": weight_lines(directory),
        "fit": target_lines(directory, "fit.csv"),
        "predictions": prediction_lines(directory),
        "judge": target_lines(directory, "judge.csv"),
    }


def findings_section(directory: Path = DIRECTORY) -> list[str]:
    """The last section of findings.md."""
    rec = record(directory)
    fit, judge = rows(directory, "fit.csv"), rows(directory, "judge.csv")
    missed = [r for r in judge if r["within"] != "true"]
    missed_by = sorted({LABELS[r["quantity"]] for r in missed})
    return [
        HEADING,
        "",
        f"Generated by `{COMMAND}` from the shipped calibration in `docs/calibration/`, made by "
        f"`{rec['command']}`. The `court-blacklist` scenario's free rates, fitted to the "
        f"{len(fit)} figures published about China's court-defaulter blacklist up to the end of "
        f"2017, with the figures published later held out; method, priors and limits in "
        "[calibration.md](calibration.md).",
        "",
        *run_lines(directory)[2:],
        "",
        "The fitted rates:",
        "",
        *posterior_lines(directory),
        "",
        "Predictions (mean and 95% posterior predictive interval, at national scale):",
        "",
        *prediction_lines(directory),
        "",
        "Against the held-out figures:",
        "",
        *target_lines(directory, "judge.csv"),
        "",
        (
            f"{len(judge) - len(missed)} of {len(judge)} held-out figures lie within the model's "
            "interval" + (f"; those outside count {', '.join(missed_by)}." if missed else ".")
        ),
        "",
    ]


def replace_blocks(text: str, generated: dict[str, list[str]]) -> str:
    for name, lines in generated.items():
        pattern = re.compile(
            rf"(<!-- calibration:{name} -->\n)(?:.*?\n)?(<!-- /calibration:{name} -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"{PAGE} has no block {name}")
        text = pattern.sub(lambda m, ls=lines: m.group(1) + "\n".join(ls) + "\n" + m.group(2), text)
    return text


def replace_section(text: str, section: list[str]) -> str:
    head = text.split(HEADING)[0].rstrip("\n")
    return head + "\n\n" + "\n".join(section)


def main() -> None:
    PAGE.write_text(replace_blocks(PAGE.read_text("utf-8"), blocks()), encoding="utf-8")
    FINDINGS.write_text(
        replace_section(FINDINGS.read_text("utf-8"), findings_section()), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
