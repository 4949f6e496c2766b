"""docs/dependencies.md names every package the lab installs, with the licence each declares:
the runtime dependencies of pyproject.toml (and what their extras add) and the optional ones."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import metadata, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PAGE = (ROOT / "docs" / "dependencies.md").read_text(encoding="utf-8")
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
OSI = "License :: OSI Approved :: "


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def named(requirement: str) -> tuple[str, list[str]]:
    """A requirement's distribution and the extras it asks for."""
    found = REQUIREMENT.match(requirement)
    assert found is not None, requirement
    extras = [e.strip() for e in (found.group(2) or "").split(",") if e.strip()]
    return normalised(found.group(1)), extras


def added_by(name: str, extra: str) -> set[str]:
    """The distributions an installed package's extra requires."""
    marker = re.compile(rf"""extra\s*==\s*["']{re.escape(extra)}["']""")
    return {named(r)[0] for r in requires(name) or [] if marker.search(r)}


def runtime() -> set[str]:
    out = set()
    for requirement in PROJECT["dependencies"]:
        name, extras = named(requirement)
        out.add(name)
        for extra in extras:
            out |= added_by(name, extra)
    return out


def optional() -> dict[str, str]:
    """Each optional dependency and its extra."""
    return {
        named(requirement)[0]: extra
        for extra, requirements in PROJECT["optional-dependencies"].items()
        for requirement in requirements
    }


def declared_licence(name: str) -> str:
    """The licence an installed distribution declares: its SPDX expression, else its one-line
    License field, else its licence classifiers, else the opening paragraph of its licence
    text."""
    meta = metadata(name)
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    text = str(meta.get("License") or "").strip()
    if text and "\n" not in text:
        return text
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License :: ")]
    if classifiers:
        return " / ".join(c.removeprefix(OSI).split(" :: ")[-1] for c in classifiers)
    return " ".join(text.split("\n\n")[0].split())


def table(heading: str) -> list[list[str]]:
    """The rows of the table under a `## heading`, as cells."""
    section = PAGE.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


class TestDependenciesPage:
    def test_it_names_exactly_the_runtime_dependencies(self) -> None:
        assert {normalised(row[0].strip("`")) for row in table("Runtime dependencies")} == runtime()

    def test_each_runtime_licence_is_the_one_its_metadata_declares(self) -> None:
        for row in table("Runtime dependencies"):
            name = row[0].strip("`")
            assert row[1] == declared_licence(name), name

    def test_it_names_exactly_the_optional_dependencies_with_their_extras(self) -> None:
        rows = table("Optional dependencies")
        assert {normalised(row[0].strip("`")): row[1] for row in rows} == optional()

    def test_each_optional_licence_is_the_one_its_metadata_declares(self) -> None:
        for row in table("Optional dependencies"):
            name = row[0].strip("`")
            assert row[2] == declared_licence(name), name

    def test_no_runtime_dependency_is_under_the_gpl(self) -> None:
        """The lab is Apache-2.0; a GPL package may serve development only."""
        for name in runtime():
            licence = declared_licence(name).upper()
            assert not re.search(r"(?<!L)GPL|GNU GENERAL PUBLIC", licence), name
