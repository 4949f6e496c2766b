"""Docs are part of the change: every policy and scenario field and CLI option is documented."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import click
import pytest
import typer.main
from pydantic import BaseModel

from socialcredit.cli import app
from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.domain.policy import Policy
from socialcredit.engine.model import compile_model, dimensions
from socialcredit.engine.scenario import PopulationScenario
from socialcredit.engine.shard import columns
from socialcredit.inputs import load_policy, load_population_scenario
from socialcredit.report.catalogue_text import catalogue_markdown
from socialcredit.reputation import ReputationScenario
from socialcredit.runs.schema import SCHEMA_VERSION, json_schema

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


def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = [(prefix, group)]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out += commands(cmd, f"{prefix} {name}")
        else:
            out.append((f"{prefix} {name}", cmd))
    return out


CLI = commands(typing.cast(click.Group, typer.main.get_command(app)), "socialcredit")


@pytest.mark.parametrize(("name", "command"), CLI, ids=[n for n, _ in CLI])
def test_every_command_and_option_is_in_the_readme(name: str, command: click.Command) -> None:
    assert name.removeprefix("socialcredit ") in README or name == "socialcredit"
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in README, f"{name}: {opt} is not in the README"


def test_the_metrics_page_is_the_catalogue() -> None:
    page = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "run .venv/bin/python docs/metrics.py"


def test_the_published_schema_is_the_run_records() -> None:
    published = json.loads((ROOT / "docs" / "metrics.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(), "run .venv/bin/python docs/metrics.py"
    assert published["title"].endswith(f"schema version {SCHEMA_VERSION}")


def test_every_series_the_engine_counts_is_in_the_catalogue_and_back() -> None:
    for policy in ("default", "classic"):
        p = load_policy(policy)
        sc = load_population_scenario("biased-collectors")
        assert columns(compile_model(p, sc)) == CATALOGUE.series_names(dimensions(p, sc))
