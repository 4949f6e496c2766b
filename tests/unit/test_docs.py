"""Docs are part of the change: every policy and scenario field and CLI option is documented."""

from __future__ import annotations

import hashlib
import json
import re
import typing
from datetime import date
from pathlib import Path

import click
import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from socialcredit.audit import audit_policy, audit_schema, worst
from socialcredit.cli import app
from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_checks import CHECKS, Check
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.domain.scenario_references import dimensions
from socialcredit.engine import compile_model
from socialcredit.engine.shard_result import columns
from socialcredit.experiment.variants import document_hash
from socialcredit.inputs import SHIPPED_POLICIES, load_policy, load_population_scenario
from socialcredit.report import NOT_RECORDED
from socialcredit.report.kit.catalogue_text import catalogue_markdown
from socialcredit.reputation import ReputationScenario
from socialcredit.runs.schema import OLDER_VERSIONS, SCHEMA_VERSION, json_schema

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, info in model.model_fields.items():
        out.append(prefix + name)
        args = typing.get_args(info.annotation)
        for t in [info.annotation, *args, *(a for x in args for a in typing.get_args(x))]:
            if isinstance(t, type) and issubclass(t, BaseModel):
                out += field_paths(t, f"{prefix}{name}.")
    return out


@pytest.mark.parametrize(
    "path",
    sorted(
        {*field_paths(Policy), *field_paths(PopulationScenario), *field_paths(ReputationScenario)}
    ),
)
def test_every_schema_field_is_in_the_reference(path: str) -> None:
    if path.startswith("lists.red."):
        path = path.replace("lists.red.", "lists.black.")  # one list rule documents both
    assert f"`{path}`" in REFERENCE


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_every_policy_check_is_in_the_reference(check: Check) -> None:
    """Each check of a rulebook as a whole has its row: its id, whether it refuses or warns,
    and what it finds, in the words the check declares."""
    row = next(
        (line for line in REFERENCE.splitlines() if line.startswith(f"| `{check.id}` |")), None
    )
    assert row is not None, f"docs/reference.md has no row for {check.id}"
    assert row.startswith(f"| `{check.id}` | {check.severity} | {check.meaning}")


def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = [(prefix, group)]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out += commands(cmd, f"{prefix} {name}")
        else:
            out.append((f"{prefix} {name}", cmd))
    return out


CLI = commands(typing.cast(click.Group, app), "socialcredit")


@pytest.mark.parametrize(("name", "command"), CLI, ids=[n for n, _ in CLI])
def test_every_command_and_option_is_in_the_readme(name: str, command: click.Command) -> None:
    assert name.removeprefix("socialcredit ") in README or name == "socialcredit"
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in README, f"{name}: {opt} is not in the README"


@pytest.mark.parametrize("name", SHIPPED_POLICIES)
def test_every_shipped_policy_is_in_the_readme(name: str) -> None:
    assert f"- `{name}` " in README


def test_the_metrics_page_is_the_catalogue() -> None:
    page = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "run .venv/bin/python docs/metrics.py"


def test_the_readme_gives_no_sign_of_a_disparity_but_the_metrics_page_s() -> None:
    """The sign of a disparity (which side of 0 means a group fares worse) is stated once, in
    the catalogue's description that docs/metrics.md prints (tests/unit/test_catalogue.py holds
    it to the formula). Where the README names a disparity, it points there, and any side of 0
    it gives is one the metrics page gives for a disparity the same paragraph names."""
    page = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    described = {
        row.split("`")[1]: row for row in page.splitlines() if row.startswith("| `disparity.")
    }
    paragraphs = [" ".join(p.split()) for p in README.split("\n\n")]
    naming = [p for p in paragraphs if "`disparity." in p]
    assert naming
    for paragraph in naming:
        names = re.findall(r"`disparity\.(\w+?)_vs_(\w+?)\.(\w+)\.(\w+)`", paragraph)
        rows = [
            described[f"disparity.{{other}}_vs_{{reference}}.{what}.{how}"]
            .replace("{other}", other)
            .replace("{reference}", reference)
            for other, reference, what, how in names
        ]
        for claim in re.findall(r"(?:above|below) [01]\b[^.;)]*", paragraph):
            assert any(claim in row for row in rows), f"the README says {claim!r}"
    explained = [p for p in naming if "signed comparison" in p]
    assert explained
    assert all("`docs/metrics.md`" in p for p in explained)


def test_the_stories_schema_and_page_are_the_stories_json() -> None:
    from socialcredit.stories import stories_markdown, stories_schema

    published = json.loads((ROOT / "docs" / "stories.schema.json").read_text(encoding="utf-8"))
    assert published == stories_schema(), "run .venv/bin/python docs/metrics.py"
    page = (ROOT / "docs" / "stories.md").read_text(encoding="utf-8")
    assert page == stories_markdown() + "\n", "run .venv/bin/python docs/metrics.py"
    names = ("Story", "Records", "Entries", "Scores", "Listing", "Attempt", "Dispute", "Timeline")
    for name in names:
        assert f"## `{name}`" in page


def test_the_published_schema_is_the_run_records() -> None:
    published = json.loads((ROOT / "docs" / "metrics.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(), "run .venv/bin/python docs/metrics.py"
    assert published["title"].endswith(f"schema version {SCHEMA_VERSION}")


def test_the_run_records_page_states_the_version_rules_the_reader_applies() -> None:
    page = (ROOT / "docs" / "run-records.md").read_text(encoding="utf-8")
    assert f"`schema_version` is {SCHEMA_VERSION}." in page
    for version, why in OLDER_VERSIONS.items():
        assert f"\n  | {version} " in page, version
        assert f" | {why} |" in page, version
    assert f'"{NOT_RECORDED}"' in page
    assert "`docs/run-records.md`" in README


def test_every_series_the_engine_counts_is_in_the_catalogue_and_back() -> None:
    for policy in ("default", "classic"):
        p = load_policy(policy)
        sc = load_population_scenario("biased-collectors")
        assert columns(compile_model(p, sc)) == CATALOGUE.series_names(dimensions(p, sc))


def test_the_findings_come_from_a_run_of_the_shipped_experiment() -> None:
    """docs/findings.md is generated by docs/findings.py from a run of the shipped experiment;
    it records the file's hash, so changing the experiment without rerunning it fails here."""

    findings = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    shipped = ROOT / "experiments" / "price-of-surveillance.yaml"
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() in findings, (
        "rerun the experiment and .venv/bin/python docs/findings.py runs/price"
    )
    assert "`.venv/bin/python docs/findings.py runs/price`" in findings
    assert "socialcredit experiment run experiments/price-of-surveillance.yaml" in findings


def test_the_shipped_experiment_resolves() -> None:
    from socialcredit.domain.scenario_references import dimensions
    from socialcredit.experiment import load_experiment, resolve
    from socialcredit.experiment.outcomes import prices, strategic

    path = ROOT / "experiments" / "price-of-surveillance.yaml"
    experiment, file, lines = load_experiment(path)
    resolved = resolve(experiment, file=file, lines=lines, base_dir=path.parent)
    assert {v.policy.name for v in resolved.variants} == {"none", "default", "classic"}
    assert {v.scenario.name for v in resolved.variants} == {"strategic"}
    # Every variant's citizens spend effort on their scores: the strategic prices apply.
    assert strategic(v.scenario for v in resolved.variants)
    first = resolved.variants[0]
    assert len(prices(dimensions(first.policy, first.scenario), strategic=True)) == 9


@pytest.mark.parametrize("name", ["default", "classic", "court-defaulters"])
def test_the_harm_cards_are_the_audit_of_the_shipped_policy(name: str) -> None:
    """The cards in docs/harm-cards/ come from `docs/harm_cards.py`: the shipped policy and
    baseline as they stand, the static findings as the rules give them today, and the verdict
    the README states."""
    cards = ROOT / "docs" / "harm-cards"
    document = json.loads((cards / f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator(audit_schema()).validate(document)
    policy = load_policy(name)
    assert document["policy"]["hash"] == policy.hash
    baseline = load_population_scenario("baseline")
    scenario_hash = document_hash(baseline.model_dump(mode="json"))
    assert document["simulation"]["scenario"]["hash"] == scenario_hash
    assert document["simulation"]["seeds"] == [0, 1, 2]
    static = audit_policy(policy)
    assert [(f["rule"], f["verdict"], f["field"], f["message"]) for f in document["findings"]] == [
        (f.rule, f.verdict, f.field, f.message) for f in static
    ]
    fails = sum(f.verdict == "fail" for f in static)
    warns = sum(f.verdict == "warn" for f in static)
    row = f"| `{name}` | **{worst(static)}** ({fails} fail, {warns} warn) |"
    assert row in README
    html = (cards / f"{name}.html").read_text(encoding="utf-8")
    assert policy.hash in html


def test_the_calibration_page_lists_every_published_target() -> None:
    """docs/calibration.md has one row per target of the court-blacklist record, with the file's
    date, value, use and uncertainty, and describes every quantity."""
    from socialcredit.domain.published import QUANTITY_MEANING
    from socialcredit.inputs import PUBLISHED_DIR, load_published

    page = (ROOT / "docs" / "calibration.md").read_text(encoding="utf-8")
    record = load_published(ROOT / PUBLISHED_DIR / "court-blacklist.yaml")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    for target in record.targets:
        row = next(r for r in rows if r.startswith(f"| `{target.id}` |"))
        assert row.startswith(f"| `{target.id}` | {target.date} | {target.value:,} |"), row
        assert row.endswith(f"| {target.use} | {target.uncertainty.relative_sd:.0%} |"), row
    named = [r.split("`")[1] for r in rows]
    assert sorted(named) == sorted([t.id for t in record.targets] + list(QUANTITY_MEANING))


def test_the_shipped_calibration_is_in_the_docs() -> None:
    """docs/calibration.md's tables and findings.md's last section are what docs/calibration.py
    makes of the committed output in docs/calibration/, and both name the command that made it;
    every row of fit.csv, judge.csv and predictions.csv is in them, number for number."""
    import csv

    from docs import calibration as doc

    directory = ROOT / "docs" / "calibration"
    page = (ROOT / "docs" / "calibration.md").read_text(encoding="utf-8")
    findings = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert doc.replace_blocks(page, doc.blocks(directory)) == page, f"run {doc.COMMAND}"
    assert findings.endswith("\n".join(doc.findings_section(directory))), f"run {doc.COMMAND}"
    record = json.loads((directory / "calibration.json").read_text(encoding="utf-8"))
    assert record["command"].startswith("socialcredit calibrate court-blacklist ")
    assert f"`{record['command']}`" in page
    assert f"`{record['command']}`" in findings
    for name in ("fit.csv", "judge.csv"):
        with (directory / name).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                cells = f"{int(row['mean']):,} ({int(row['low']):,}–{int(row['high']):,})"
                # The generated tables name targets without code quotes, unlike the record's.
                line = next(x for x in page.splitlines() if x.startswith(f"| {row['target']} |"))
                assert f"| {row['date']} | {int(row['published']):,} (" in line
                assert cells in line
    # The predictions: a table of the counts since the list opened and one of the year's, each
    # with a row per date and a column per quantity.
    block = page.split("<!-- calibration:predictions -->")[1].split("<!-- /calibration:")[0]
    tables = [t.splitlines() for t in block.strip().split("\n\n")]
    with (directory / "predictions.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            cells = f"{int(row['mean']):,} ({int(row['low']):,}–{int(row['high']):,})"
            table = next(t for t in tables if f"(`{row['quantity']}`)" in t[0])
            column = [c.strip() for c in table[0].split("|")].index(
                next(c.strip() for c in table[0].split("|") if f"(`{row['quantity']}`)" in c)
            )
            line = next(x for x in table if x.startswith(f"| {row['date']} |"))
            assert [c.strip() for c in line.split("|")][column] == cells


def test_the_shipped_calibration_is_of_the_shipped_inputs() -> None:
    """The committed calibration was made from the scenario, policy and targets as they stand."""
    import hashlib

    from socialcredit.calibration import make_plan
    from socialcredit.inputs import PUBLISHED_DIR

    record = json.loads((ROOT / "docs" / "calibration" / "calibration.json").read_text("utf-8"))
    targets = ROOT / PUBLISHED_DIR / "court-blacklist.yaml"
    assert record["inputs"]["targets"]["sha256"] == hashlib.sha256(targets.read_bytes()).hexdigest()
    assert record["inputs"]["policy"]["hash"] == load_policy("court-defaulters").hash
    plan = make_plan(
        scenario_ref="court-blacklist",
        policy_ref="court-defaulters",
        targets=targets,
        predict=[date.fromisoformat(d) for d in record["predict"]],
        simulations=record["simulations"]["parameter_sets"],
        rounds=len(record["rounds"]),
        seeds=len(record["seeds"]),
    )
    assert record["inputs"]["scenario"]["hash"] == document_hash(
        plan.scenario.model_dump(mode="json")
    )
