"""The bad-input contract, held over many broken documents: the shipped policies and scenarios and
a small experiment
with a field deleted, duplicated, retyped, misspelt or pushed out of range, the YAML broken, or
the file in another encoding.

For every case the command line either accepts the document or answers with exactly one line on
stderr that names the file (and the line and field where there is one), exits with status 2,
shows no traceback, and writes nothing to `--out`. Where a field is named with a line, the line
is that field's. The commands run in this process (`socialcredit.cli.main`), the way a user's
shell would run them, only faster; CI runs at least 1,000 cases.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from socialcredit.cli import main
from socialcredit.cli.simulate import resize
from socialcredit.domain.documents import parse_document
from socialcredit.domain.errors import ScenarioError, SocialCreditError
from socialcredit.domain.policy_checks import policy_warnings
from socialcredit.engine import run_batch
from socialcredit.inputs import load_policy, load_population_scenario, load_scenario, shipped_text
from socialcredit.reputation import ReputationScenario, run_reputation_game
from socialcredit.runs.document import population_record

CI = os.environ.get("CI") == "true"
EXPERIMENT = """kind: experiment
name: contract
policies: [none, default]
scenarios: [biased-collectors]
levers:
  - {path: policy.lists.black.enter.score_below, range: [800, 890]}
  - {path: policy.categories.social_media.enabled, values: [false, true]}
uncertainties:
  - {path: scenario.observation.collectors.per_1000, range: [0.5, 8.0]}
  - path: scenario.observation.collectors.bias
    values:
      - {group: minority, factor: 1.0}
      - {group: minority, factor: 4.0}
sampling: {method: morris, samples: 2, levels: 4, seed: 3}
seeds: [0, 1]
citizens: 20
days: 5
outcomes: [ever_wrongly_blacklisted_per_1000, behaviour.bad_acts_per_1000_citizen_years]
"""
"""A small experiment with every kind of field, so that mutations reach each of them."""

DOCUMENTS = [
    ("experiment", "contract"),
    ("policy", "default"),
    ("policy", "classic"),
    ("policy", "court-defaulters"),
    ("scenario", "baseline"),
    ("scenario", "biased-collectors"),
    ("scenario", "malicious-collectors"),
    ("scenario", "heavy-surveillance"),
    ("scenario", "court-blacklist"),
    ("scenario", "reputation-game"),
]
FITS = {"court-blacklist": "court-defaulters"}
"""The policy each scenario is checked and run with (default where not named): a policy may
name only behaviours the scenario's world declares."""
WORLD_LACKS = re.compile(
    r"is not one that scenario .* declares people do|but scenario .* in category"
)
"""A policy naming a behaviour the (broken) world lacks is located in the policy."""
ERROR = re.compile(r"^error: (?P<file>.+?)(?::(?P<line>\d+))?(?: \((?P<field>.+?)\))?: .+$")
WRONG_VALUES: list[Any] = ["lots", True, False, 12345, -7.5, [1, 2], {"x": 1}, None, "", 0]
OUT_OF_RANGE: list[Any] = [-1, -1000, 0, 10**12, 1e300, -0.5, 2.5]
BROKEN_LINES = ["  - [unclosed", "key: {a: 1", "\tbad: tab", ": no key", "x: *nowhere", "- -: -"]


@dataclass(repr=False)
class Case:
    kind: str
    mutation: str
    data: bytes
    description: str
    lines: dict[tuple[str | int, ...], int] | None = None
    """The line of every field path of the broken document, where it still parses."""
    misspelt: tuple[tuple[str | int, ...], str] | None = None
    policy: str = "default"
    """The policy a scenario is checked with."""

    def __repr__(self) -> str:
        # What a failing case is, not its whole document (the shipped rulebooks run to tens
        # of kilobytes, past what a test report should print).
        return f"Case({self.kind}: {self.description}; {len(self.data)} bytes)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # what Hypothesis prints for a case


def _paths(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            # A key keeps its type: a year keyed by number (`values: {2013: 3.38}`) is found
            # again by that number.
            out += _paths(value, (*path, key if isinstance(key, int) else str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _parent(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _lines_of(text: str) -> dict[tuple[str | int, ...], int] | None:
    """The line of every field path, read straight off PyYAML's nodes (not through the code
    under test), or None if the text no longer composes."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    out: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        out.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                out[(*path, str(key.value))] = key.start_mark.line + 1
                walk(value, (*path, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return out


def _line(lines: dict[tuple[str | int, ...], int], field: str) -> int | None:
    """The line of the deepest prefix of a dotted field path that the document holds. A key
    may hold dots itself (`behaviour.ranges.shame.private`): the longest one that matches wins."""
    path: tuple[str | int, ...] = ()
    best = lines.get(())
    parts = field.split(".")
    i = 0
    while i < len(parts):
        part = parts[i]
        step: tuple[str | int, ...] = (*path, part)
        if part.isdigit() and (*path, int(part)) in lines:
            step = (*path, int(part))
        for j in range(len(parts), i + 1, -1):
            if (*path, ".".join(parts[i:j])) in lines:
                step, i = (*path, ".".join(parts[i:j])), j - 1
                break
        path, i = step, i + 1
        best = lines.get(path, best)
        if path not in lines:
            break
    return best


@st.composite
def broken_documents(draw: st.DrawFn) -> Case:
    case = draw(_broken_documents())
    name = case.description.split(":", 1)[0]
    case.policy = FITS.get(name, "default")
    return case


@st.composite
def _broken_documents(draw: st.DrawFn) -> Case:
    kind, name = draw(st.sampled_from(DOCUMENTS))
    text = EXPERIMENT if kind == "experiment" else shipped_text(kind, name)  # type: ignore[arg-type]
    data, _ = parse_document(text, file="x", error=ScenarioError)
    mutation = draw(
        st.sampled_from(["delete", "duplicate", "retype", "misspell", "range", "yaml", "encoding"])
    )
    paths = _paths(data)
    if mutation == "delete":
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        del parent[path[-1]]
        new = _dump(data)
        return Case(kind, mutation, new.encode(), f"{name}: delete {path}", _lines_of(new))
    if mutation == "retype":
        path = draw(st.sampled_from(paths))
        _parent(data, path)[path[-1]] = draw(st.sampled_from(WRONG_VALUES))
        new = _dump(data)
        return Case(kind, mutation, new.encode(), f"{name}: retype {path}", _lines_of(new))
    if mutation == "range":
        numeric = [
            p
            for p in paths
            if isinstance(v := _parent(data, p)[p[-1]], int | float) and not isinstance(v, bool)
        ]
        path = draw(st.sampled_from(numeric))
        _parent(data, path)[path[-1]] = draw(st.sampled_from(OUT_OF_RANGE))
        new = _dump(data)
        return Case(kind, mutation, new.encode(), f"{name}: {path} out of range", _lines_of(new))
    if mutation == "misspell":
        keyed = [p for p in paths if isinstance(p[-1], str)]
        path = draw(st.sampled_from(keyed))
        key = str(path[-1])
        how = draw(st.sampled_from(["drop", "swap", "add"]))
        if how == "drop" and len(key) > 2:
            wrong = key[:-1]
        elif how == "swap" and len(key) > 2:
            wrong = key[0] + key[2] + key[1] + key[3:]
        else:
            wrong = key + "z"
        parent = _parent(data, path)
        if wrong in parent or wrong == key:
            wrong = key + "zz"
        rebuilt = {(wrong if k == key else k): v for k, v in parent.items()}
        parent.clear()
        parent.update(rebuilt)
        new = _dump(data)
        case = Case(kind, mutation, new.encode(), f"{name}: {key} -> {wrong}", _lines_of(new))
        case.misspelt = ((*path[:-1], wrong), wrong)
        return case
    lines = text.splitlines(keepends=True)
    if mutation == "duplicate":
        i = draw(st.integers(0, len(lines) - 1))
        new = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        return Case(kind, mutation, new.encode(), f"{name}: duplicate line {i + 1}", _lines_of(new))
    if mutation == "yaml":
        i = draw(st.integers(0, len(lines)))
        bad = draw(st.sampled_from(BROKEN_LINES))
        new = "".join([*lines[:i], bad + "\n", *lines[i:]])
        return Case(kind, mutation, new.encode(), f"{name}: broken line {i + 1}")
    encoding = draw(st.sampled_from(["utf-16", "latin-1", "garbage"]))
    if encoding == "garbage":
        raw = bytes(draw(st.lists(st.integers(0, 255), min_size=1, max_size=64)))
        return Case(kind, "garbage", raw + text.encode(), f"{name}: binary garbage")
    accented = text.replace("description: ", "description: é ", 1)
    return Case(kind, encoding, accented.encode(encoding), f"{name}: {encoding}")


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def check_contract(case: Case, path: Path, code: int, stderr: str) -> str | None:
    """The one error line, if any; asserts the contract. Lines are checked against an index
    read off PyYAML's own nodes, not the lab's."""
    assert code in (0, 2), (case.description, code, stderr)
    assert "Traceback" not in stderr, (case.description, stderr)
    if code == 0:
        return None
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, (case.description, stderr)
    found = ERROR.match(lines[0])
    assert found, (case.description, lines[0])
    if case.kind == "scenario" and WORLD_LACKS.search(lines[0]):
        # The scenario lost a behaviour the policy names: the policy's line says which.
        assert found["file"].endswith(".yaml"), (case.description, lines[0])
        return lines[0]
    assert found["file"] == str(path), (case.description, lines[0])
    if found["line"] and found["field"] and case.lines is not None:
        assert int(found["line"]) == _line(case.lines, found["field"]), (
            case.description,
            lines[0],
        )
    if case.misspelt is not None and "unknown field" in lines[0]:
        misspelt_path, wrong = case.misspelt
        assert repr(wrong) in lines[0], (case.description, lines[0])
        assert case.lines is not None
        assert int(found["line"] or 0) == case.lines[misspelt_path], (case.description, lines[0])
    return lines[0]


def tiny_run(kind: str, path: Path) -> None:
    """Run an accepted document for a few days in a tiny town: it must run, or fail with one of
    the lab's own errors (which the command line turns into one line)."""
    try:
        if kind == "policy":
            policy, scenario = (
                load_policy(path),
                resize(load_population_scenario("baseline"), 10, 3),
            )
        else:
            loaded = load_scenario(path)
            if isinstance(loaded, ReputationScenario):
                small = {"citizens": 4, "replicates": 2, "rounds_per_citizen": 5}
                run_reputation_game(loaded.model_copy(update=small), 0)
                return
            policy = load_policy(FITS.get(loaded.name, "default"))
            scenario = resize(loaded, 10, 3)
        population_record(run_batch([policy], [scenario], [0])[0, 0])
    except SocialCreditError:
        pass


@settings(
    max_examples=1000 if CI else 150,
    deadline=None,
    derandomize=CI,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(broken_documents())
def test_every_broken_document_gets_one_line_exit_2_and_nothing_written(case: Case) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{case.kind}.yaml"
        path.write_bytes(case.data)
        if case.kind == "policy":
            code, stderr = run("policy", "check", str(path))
        elif case.kind == "experiment":
            code, stderr = run("experiment", "check", str(path))
        else:
            code, stderr = run("scenario", "check", str(path), "--policy", case.policy)
        message = check_contract(case, path, code, stderr)
        event(f"{case.kind} {case.mutation}: {'refused' if message else 'accepted'}")
        if message is None:
            if case.kind != "experiment":  # an accepted experiment may ask for many runs
                tiny_run(case.kind, path)
            return
        out = Path(folder) / "out"
        if case.kind == "experiment":
            code, stderr = run("experiment", "run", str(path), "--out", str(out))
        else:
            fits = ["--policy", case.policy] if case.kind == "scenario" else []
            code, stderr = run("simulate", f"--{case.kind}", str(path), *fits, "--out", str(out))
        assert check_contract(case, path, code, stderr) == message, case.description
        assert not out.exists(), case.description
        assert sorted(p.name for p in Path(folder).iterdir()) == [path.name]


def warnings_of(policy: str | Path) -> str:
    """What a command prints on stderr for a policy that passes: its warnings, one a line."""
    return "".join(f"warning: {w}\n" for w in policy_warnings(load_policy(policy)))


@pytest.mark.parametrize(("kind", "name"), DOCUMENTS)
def test_every_shipped_document_passes_the_same_checks(kind: str, name: str) -> None:
    """Accepted, with nothing on stderr but the warnings of the policy read, if any (`default`
    has one)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.yaml"
        if kind == "experiment":
            path.write_text(EXPERIMENT)
            code, err = run("experiment", "check", str(path))
            assert (code, err) == (0, warnings_of("default"))
            return
        path.write_text(shipped_text(kind, name))  # type: ignore[arg-type]
        args = (
            ["policy", "check", str(path)]
            if kind == "policy"
            else ["scenario", "check", str(path), "--policy", FITS.get(name, "default")]
        )
        if kind == "policy":
            expected = warnings_of(path)
        else:  # a reputation game reads no policy
            fits = FITS.get(name, "default")
            expected = "" if name == "reputation-game" else warnings_of(fits)
        assert run(*args) == (0, expected)


HOUSEHOLD_CASES = [
    (
        "policy",
        "court-defaulters",
        "applies_to: [children]",
        "applies_to: [children, cousins]",
        "services.school.rules.0.applies_to.1",
    ),
    (
        "policy",
        "court-defaulters",
        "{when: {lists: [black]}, applies_to: [children],",
        "{when: {lists: [black], score_below: 900}, applies_to: [children],",
        "services.school.rules.0.when.score_below",
    ),
    (
        "scenario",
        "baseline",
        "  consent_share: 0.85\n",
        "  consent_share: 0.85\n  households: {sizes: [0.5, 0.6], spouse_share: 0.7}\n",
        "population.households.sizes",
    ),
    (
        "scenario",
        "baseline",
        "  consent_share: 0.85\n",
        "  consent_share: 0.85\n  households: {sizes: [0.5, -0.1, 0.6]}\n",
        "population.households.sizes.1",
    ),
]


@pytest.mark.parametrize(("kind", "name", "old", "new", "field"), HOUSEHOLD_CASES)
def test_bad_relatives_and_households_get_one_line_with_file_line_and_field(
    kind: str, name: str, old: str, new: str, field: str
) -> None:
    text = shipped_text(kind, name)  # type: ignore[arg-type]
    assert old in text
    text = text.replace(old, new, 1)
    changed = new.splitlines()[-1].strip()
    line = next(i for i, row in enumerate(text.splitlines(), 1) if changed in row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.yaml"
        path.write_text(text, encoding="utf-8")
        check = (
            ["policy", "check", str(path)]
            if kind == "policy"
            else ["scenario", "check", str(path), "--policy", "court-defaulters"]
        )
        out = Path(folder) / "out"
        for args in (check, ["simulate", f"--{kind}", str(path), "--out", str(out)]):
            code, stderr = run(*args)
            assert code == 2, stderr
            [message] = stderr.strip().splitlines()
            assert message.startswith(f"error: {path}:{line} ({field}): "), message
            assert "Traceback" not in stderr
        assert not out.exists()


RULEBOOK_CASES = [
    (
        "enter: {score_below: 850,",
        "enter: {score_below: 1001,",
        "lists.black.enter.score_below",
        "list-entered-at-base",
    ),
    (
        "exit: {score_at_least: 900}",
        "exit: {score_at_least: 800}",
        "lists.black.exit.score_at_least",
        "list-exit-overlaps-entry",
    ),
    (
        "exit: {score_below: 1030}",
        "exit: {score_below: 1070}",
        "lists.red.exit.score_below",
        "list-exit-overlaps-entry",
    ),
    (
        "  - {name: C, min_score: 600}",
        "  - {name: C, min_score: 850}",
        "grades.4.min_score",
        "grade-bands-overlap",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "rule"), RULEBOOK_CASES)
def test_a_rulebook_that_cannot_work_gets_one_line_with_file_line_field_and_check(
    old: str, new: str, field: str, rule: str
) -> None:
    """`policy check`, `simulate` and an experiment that names the file: one line, exit 2,
    nothing written, no warning besides."""
    text = shipped_text("policy", "default")
    assert old in text
    text = text.replace(old, new, 1)
    changed = new.strip()
    line = next(i for i, row in enumerate(text.splitlines(), 1) if changed in row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "policy.yaml"
        path.write_text(text, encoding="utf-8")
        out = Path(folder) / "out"
        for args in (
            ["policy", "check", str(path)],
            ["simulate", "--policy", str(path), "--out", str(out)],
        ):
            code, stderr = run(*args)
            assert code == 2, stderr
            [message] = stderr.strip().splitlines()
            assert message.startswith(f"error: {path}:{line} ({field}): "), message
            assert message.endswith(f" [{rule}]"), message
        assert not out.exists()
        experiment = Path(folder) / "experiment.yaml"
        experiment.write_text(
            f"kind: experiment\nname: e\npolicies: [none, {path}]\nscenarios: [baseline]\n",
            encoding="utf-8",
        )
        for args in (
            ["experiment", "check", str(experiment)],
            ["experiment", "run", str(experiment), "--out", str(out)],
        ):
            code, stderr = run(*args)
            assert code == 2, stderr
            [message] = stderr.strip().splitlines()
            assert message.startswith(f"error: {experiment}:3 (policies.1): "), message
            assert f"{path}:{line} ({field})" in message, message
        assert not out.exists()
        assert sorted(p.name for p in Path(folder).iterdir()) == [
            experiment.name,
            path.name,
        ]
