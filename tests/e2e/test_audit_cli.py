"""`socialcredit audit` as a CI job uses it: the exit status gates, JSON for machines, one
line for bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from socialcredit.audit import RULES, audit_schema
from socialcredit.domain.policy_checks import policy_warnings
from socialcredit.inputs import load_policy, shipped_text
from tests.e2e.test_cli import assert_one_line_error, cli

SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
"""The characters RFC 3986 allows in a URI reference, and percent-encoded octets."""


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
    # Nothing on stderr but the policy's warnings (`default` has one), which never gate.
    assert done.stderr == "".join(f"warning: {w}\n" for w in policy_warnings(load_policy(policy)))
    assert "not legal advice" in done.stdout


def test_piped_text_is_tab_separated_with_every_finding_whole() -> None:
    done = cli("audit", "classic", "--fail-on", "never")
    lines = done.stdout.splitlines()
    assert lines[0] == "classic (classic.yaml): FAIL"
    assert lines[1] == "verdict\trule\twhere\tfinding"
    document = json.loads(cli("audit", "classic", "--format", "json", "--fail-on", "never").stdout)
    rows = [line.split("\t") for line in lines[2 : 2 + len(document["findings"])]]
    assert [r[1] for r in rows] == [f["rule"] for f in document["findings"]]
    assert all(
        len(r) == 4 and r[3].startswith(f["message"])
        for r, f in zip(rows, document["findings"], strict=True)
    )
    assert "…" not in done.stdout


def test_json_names_the_policy_the_verdict_and_every_finding(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    done = cli("audit", "classic", "--format", "json", "--out", str(out))
    assert done.returncode == 1
    document = json.loads(out.read_text(encoding="utf-8"))
    failed = sum(f["verdict"] == "fail" for f in document["findings"])
    assert done.stdout.startswith(f"audit of policy 'classic': fail ({failed} fail, "), done.stdout
    assert done.stdout.endswith(f"; wrote {out}\n")
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
        (["default", "--seeds", "5"], ["--seeds", "needs --scenario"]),
        (["default", "--seeds", "3"], ["--seeds", "needs --scenario"]),
        (
            ["default", "--scenario", "baseline", "--out", "no/such/folder/audit.json"],
            ["--out", "not a directory"],
        ),
        (["default", "--citizens", "500"], ["--citizens", "needs --scenario"]),
        (["default", "--scenario", "nowhere.yaml"], ["nowhere.yaml", "no such scenario file"]),
        (["default", "--scenario", "baseline", "--seeds", "0"], ["--seeds"]),
        (
            ["default", "--scenario", "baseline", "--reference", "martians"],
            ["--reference", "martians", "majority"],
        ),
        (
            ["default", "--scenario", "reputation-game"],
            ["reputation-game", "not a population one"],
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], needles: list[str]) -> None:
    assert_one_line_error(cli("audit", *args), *needles)


def test_health_on_without_a_legal_basis_is_audited_not_refused(tmp_path: Path) -> None:
    text = shipped_text("policy", "default").replace(
        '  health: {description: "Health records.", sensitive: true, enabled: false}',
        '  health: {description: "Health records.", sensitive: true}',
        1,
    )
    policy = tmp_path / "town.yaml"
    policy.write_text(text, encoding="utf-8")
    out = tmp_path / "audit.json"
    done = cli("audit", str(policy), "--format", "json", "--out", str(out))
    assert done.returncode == 1, done.stderr
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    [gdpr_9] = [f for f in findings if f["rule"] == "gdpr-9"]
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.startswith("  health: {"))
    assert gdpr_9["verdict"] == "fail"
    assert (gdpr_9["file"], gdpr_9["line"]) == (str(policy), line)
    assert gdpr_9["field"] == "categories.health.legal_basis"
    assert gdpr_9["quote"] == text.splitlines()[line - 1].strip()


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


def test_with_a_scenario_findings_carry_evidence_and_fairness_is_measured(
    tmp_path: Path,
) -> None:
    out = tmp_path / "audit.json"
    done = cli(
        "audit", "classic", "--scenario", "malicious-collectors", "--citizens", "2000",
        "--days", "200", "--seeds", "2", "--format", "json", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    document = json.loads(out.read_text(encoding="utf-8"))
    Draft202012Validator(audit_schema()).validate(document)
    sim = document["simulation"]
    assert sim["seeds"] == [0, 1]
    assert (sim["citizens"], sim["days"], sim["reference"]) == (2000, 200, "majority")
    assert sim["scenario"]["name"] == "malicious-collectors"
    by_rule: dict[str, list[dict[str, object]]] = {}
    for f in document["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    measured = ("ai-act-5-1-c-i", "gdpr-22", "notice", "public-shaming", "hearsay")
    for rule in measured:
        failing = [f for f in by_rule[rule] if f["verdict"] == "fail"]
        assert failing, rule
        for f in failing:
            evidence = f["evidence"]
            assert isinstance(evidence, dict), rule
            assert evidence["summary"]
            for figure in evidence["figures"]:
                assert figure["mean"] >= 0
                assert figure["low"] <= figure["mean"] <= figure["high"]
    # Unreviewed reports of malicious collectors list people who did nothing to deserve it.
    [hearsay] = by_rule["hearsay"]
    figures = {f["label"]: f["mean"] for f in hearsay["evidence"]["figures"]}  # type: ignore[index]
    assert figures["citizens listed because of collectors' reports"] > 0
    assert all(f["evidence"] is None for f in document["findings"] if f["verdict"] == "pass")
    fairness = document["fairness"]
    targets = {r["target"] for r in fairness}
    assert "black list" in targets
    assert {"flight", "train"} <= targets
    assert {r["metric"] for r in fairness} == {
        "listing_rate", "false_positive_rate", "false_negative_rate", "false_discovery_rate",
    }  # fmt: skip
    for r in fairness:
        assert r["group"] == "minority"
        assert r["reference"] == "majority"
        if r["ratio"]["mean"] is not None:
            assert f"{r['ratio']['mean']:.2f}×" in r["words"]
        # Flagged only where the whole interval lies outside the band.
        low, high = r["ratio"]["low"], r["ratio"]["high"]
        beyond = (low is not None and low > 1.25) or (high is not None and high < 0.8)
        defined = None not in (r["group_rate"]["mean"], r["reference_rate"]["mean"])
        assert r["outside_four_fifths"] is (beyond if defined else None)
    assert document["footprint"]["observations_per_citizen_year"] > 0


def test_with_a_strategic_scenario_the_document_and_card_say_what_the_score_gain_is_made_of(
    tmp_path: Path,
) -> None:
    """Where the scenario's citizens spend effort on their scores the simulation carries the
    split and its prices (schema-valid, shares that may be negative); elsewhere it carries none
    (the malicious-collectors test above validates a document without it)."""
    out = tmp_path / "audit.json"
    args = ("--scenario", "strategic", "--citizens", "1500", "--days", "120", "--seeds", "2")
    done = cli("audit", "classic", *args, "--format", "json", "--out", str(out))
    assert done.returncode == 1, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    Draft202012Validator(audit_schema()).validate(document)
    strategy = document["simulation"]["strategy"]
    shares = [strategy[f"strategy.{w}_share"]["mean"] for w in ("improvement", "gaming")]
    shares += [strategy[f"strategy.{w}_share"]["mean"] for w in ("hiding", "withdrawal")]
    assert sum(shares) == pytest.approx(1.0)
    assert strategy["strategy.points_per_citizen_year"]["mean"] > 0
    card = tmp_path / "card.html"
    done = cli("audit", "classic", *args, "--format", "html", "--out", str(card))
    page = card.read_text(encoding="utf-8")
    assert 'id="strategy"' in page
    assert "Score gain from gaming" in page
    plain = cli("audit", "classic", "--scenario", "baseline", "--citizens", "1500", "--days",
                "120", "--seeds", "2", "--format", "json")  # fmt: skip
    assert "strategy" not in json.loads(plain.stdout)["simulation"]


def test_a_failed_scenario_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    done = cli("audit", "default", "--scenario", "nowhere.yaml", "--out", str(out))
    assert_one_line_error(done, "nowhere.yaml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("policy", ["classic", "none"])
def test_json_follows_the_published_schema(policy: str) -> None:
    done = cli("audit", policy, "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    Draft202012Validator(audit_schema()).validate(json.loads(done.stdout))


def sarif_log(*args: str, cwd: Path | None = None) -> dict[str, Any]:
    done = cli("audit", *args, "--format", "sarif", "--fail-on", "never", cwd=cwd)
    assert done.returncode == 0, done.stderr
    log: dict[str, Any] = json.loads(done.stdout)
    return log


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """Valid against the official SARIF 2.1.0 schema, and the rules of the specification
    that the schema cannot state."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft4Validator(schema).iter_errors(log)
    ]
    assert errors == []
    for run in log["runs"]:
        for result in run["results"]:
            # §3.27.10: a result of any kind but "fail" has level "none".
            if result["kind"] != "fail":
                assert result["level"] == "none", result
            for location in result["locations"]:
                uri = location["physicalLocation"]["artifactLocation"]["uri"]
                assert URI_REFERENCE.fullmatch(uri), uri  # §3.10.2: a valid URI reference
    assert log["$schema"] == schema["id"]


@pytest.mark.parametrize("policy", ["classic", "default", "none"])
def test_sarif_is_valid_against_the_official_schema(policy: str) -> None:
    log = sarif_log(policy)
    assert_valid_sarif(log)
    verdicts = {(r["kind"], r["level"]) for r in log["runs"][0]["results"]}
    expected = {
        "classic": {("fail", "error"), ("fail", "warning")},
        "default": {("fail", "error"), ("fail", "warning"), ("pass", "none")},
        "none": {("pass", "none")},
    }
    assert verdicts == expected[policy]


def test_sarif_names_a_policy_file_by_a_uri_reference(tmp_path: Path) -> None:
    folder = tmp_path / "rule books"
    folder.mkdir()
    (folder / "city rulebook.yaml").write_text(shipped_text("policy", "classic"), encoding="utf-8")
    relative = sarif_log("rule books/city rulebook.yaml", cwd=tmp_path)
    absolute = sarif_log(str(folder / "city rulebook.yaml"))
    for log, uri in [
        (relative, "rule%20books/city%20rulebook.yaml"),
        (absolute, (folder / "city rulebook.yaml").as_uri()),
    ]:
        assert_valid_sarif(log)
        uris = {
            loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in log["runs"][0]["results"]
            for loc in result["locations"]
        }
        assert uris == {uri}


def test_sarif_with_a_scenario_carries_the_evidence() -> None:
    log = sarif_log(
        "classic", "--scenario", "baseline", "--citizens", "800", "--days", "60", "--seeds", "1"
    )
    assert_valid_sarif(log)
    measured = [r for r in log["runs"][0]["results"] if "evidence" in r["properties"]]
    assert measured
    for result in measured:
        evidence = result["properties"]["evidence"]
        assert evidence["summary"] in result["message"]["text"]
        assert evidence["figures"]
