"""`socialcredit audit` as a CI job uses it: the exit status gates, JSON for machines, one
line for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialcredit.audit import RULES
from socialcredit.inputs import shipped_text
from tests.e2e.test_cli import assert_one_line_error, cli


@pytest.mark.parametrize(
    ("policy", "fail_on", "code"),
    [
        ("classic", "fail", 1),
        ("default", "fail", 1),
        ("default", "never", 0),
        ("classic", "never", 0),
        ("none", "warn", 0),
    ],
)
def test_the_exit_status_follows_fail_on(policy: str, fail_on: str, code: int) -> None:
    done = cli("audit", policy, "--fail-on", fail_on)
    assert done.returncode == code, done.stderr
    assert done.stderr == ""
    assert "not legal advice" in done.stdout


def test_json_names_the_policy_the_verdict_and_every_finding(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    done = cli("audit", "classic", "--format", "json", "--out", str(out))
    assert done.returncode == 1
    assert done.stdout == ""
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["policy"]["name"] == "classic"
    assert len(document["policy"]["hash"]) == 64
    assert document["verdict"] == "fail"
    assert {f["rule"] for f in document["findings"]} == {r.id for r in RULES}
    failing = [f for f in document["findings"] if f["verdict"] == "fail"]
    assert failing
    assert all(f["file"] == "classic.yaml" and f["line"] and f["citation"] for f in failing)
    assert set(document["findings"][0]) == {
        "rule",
        "title",
        "verdict",
        "citation",
        "message",
        "file",
        "line",
        "field",
        "quote",
        "evidence",
    }
    assert document["simulation"] is None
    assert document["fairness"] == []
    assert document["footprint"]["observations_per_citizen_year"] is None
    for f in failing:
        assert f["quote"]
        text = shipped_text("policy", "classic")
        assert text.splitlines()[f["line"] - 1].strip() == f["quote"]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["no-such-policy.yaml"], ["no-such-policy.yaml", "no such policy file"]),
        (["default", "--format", "xml"], ["--format", "xml"]),
        (["default", "--fail-on", "sometimes"], ["--fail-on"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], needles: list[str]) -> None:
    assert_one_line_error(cli("audit", *args), *needles)


def test_sarif_for_code_scanning(tmp_path: Path) -> None:
    out = tmp_path / "audit.sarif"
    done = cli("audit", "classic", "--format", "sarif", "--out", str(out))
    assert done.returncode == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    levels = {"error", "warning", "none"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in levels
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "classic.yaml"
        assert location["region"]["startLine"] >= 1
    assert any(r["level"] == "error" for r in run["results"])
