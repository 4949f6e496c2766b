"""The architecture's measurable promises, read from the import graph (imports under
`if TYPE_CHECKING:` and inside functions included): the engine is reached only through its
public face, no module imports itself round a cycle, and the report's top level stays a few
rooms with few arrows between them. ARCHITECTURE.md names every package of the code."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "socialcredit"
ENGINE = "socialcredit.engine"
MAX_ENGINE_IMPORTERS = 18
"""The explorer's session is the latest: it runs settings as the command line does."""
MAX_REPORT_ROOMS = 10
MAX_REPORT_ARROWS = 15


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=False)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def engine_imports() -> set[tuple[str, str]]:
    """(importer, imported) for every import of the engine from a module outside it."""
    g = graph()
    return {
        (importer, imported)
        for imported in g.find_descendants(ENGINE) | {ENGINE}
        for importer in g.find_modules_that_directly_import(imported)
        if not _within(importer, ENGINE)
    }


def cycles(g: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(g.modules):
        if module not in index:
            visit(module)
    return found


def top_rooms(package: str) -> dict[str, set[str]]:
    """Each direct child of the package (sub-module or sub-package), with its modules."""
    g = graph()
    return {child: {child} | g.find_descendants(child) for child in g.find_children(package)}


def arrows(package: str) -> set[tuple[str, str]]:
    """Ordered pairs of distinct top-level rooms of the package where one imports the other."""
    g = graph()
    rooms = top_rooms(package)
    room_of = {m: room for room, modules in rooms.items() for m in modules}
    return {
        (room_of[a], room_of[b])
        for a in room_of
        for b in g.find_modules_directly_imported_by(a)
        if b in room_of and room_of[a] != room_of[b]
    }


class TestEngineBoundary:
    def test_outside_modules_import_only_the_engine_package_itself(self) -> None:
        private = sorted((a, b) for a, b in engine_imports() if b != ENGINE)
        assert private == []

    def test_few_modules_outside_the_engine_need_it(self) -> None:
        importers = sorted(a for a, _ in engine_imports())
        assert len(importers) <= MAX_ENGINE_IMPORTERS, importers

    def test_every_public_name_resolves(self) -> None:
        import socialcredit.engine as engine

        for name in engine.__all__:
            assert getattr(engine, name) is not None, name


class TestImportGraph:
    def test_no_module_imports_itself_round_a_cycle(self) -> None:
        assert cycles(graph()) == []

    def test_the_cycle_finder_finds_a_cycle(self) -> None:
        g = grimp.ImportGraph()
        for m in ("p", "p.a", "p.b", "p.c"):
            g.add_module(m)
        g.add_import(importer="p.a", imported="p.b")
        g.add_import(importer="p.b", imported="p.c")
        g.add_import(importer="p.c", imported="p.a")
        assert cycles(g) == [["p.a", "p.b", "p.c"]]


class TestReportRooms:
    def test_the_report_has_few_rooms_at_its_top_level(self) -> None:
        rooms = sorted(top_rooms("socialcredit.report"))
        assert len(rooms) <= MAX_REPORT_ROOMS, rooms

    def test_few_arrows_join_the_reports_rooms(self) -> None:
        found = sorted(arrows("socialcredit.report"))
        assert len(found) <= MAX_REPORT_ARROWS, found


def code_map_names() -> set[str]:
    """The packages the code map of ARCHITECTURE.md names, one heading each."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    return set(re.findall(r"^#{3,4} `(socialcredit(?:\.\w+)*)`", text, flags=re.MULTILINE))


def packages() -> set[str]:
    """Every package of the code (a directory with an `__init__.py`)."""
    src = ROOT / "src"
    return {
        ".".join(init.parent.relative_to(src).parts)
        for init in src.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }


class TestCodeMap:
    @pytest.mark.parametrize("package", sorted(packages()))
    def test_the_code_map_names_every_package(self, package: str) -> None:
        assert package in code_map_names()

    def test_the_code_map_names_no_package_that_is_gone(self) -> None:
        assert code_map_names() <= packages()
