"""The audit document's published JSON Schema: it accepts the audit as the lab prints it, with
and without simulation, and refuses a document that strays from that shape in any field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from socialcredit.audit import RULES, audit_policy, audit_schema
from socialcredit.audit.document import Source, audit_document
from socialcredit.inputs import load_policy, shipped_text
from tests.audit_documents import DOCUMENTS, classic_simulated, classic_static, none_static

Path = tuple[str | int, ...]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(audit_schema())


def error_paths(validator: Draft202012Validator, document: dict[str, Any]) -> list[Path]:
    return [tuple(e.absolute_path) for e in validator.iter_errors(document)]


def assert_rejected_at(validator: Draft202012Validator, document: Any, where: Path) -> None:
    """The schema refuses `document` for what lies at `where`: an error at it, inside it, or at
    an object that holds it (a missing field, a `oneOf` of null and an object), not only
    somewhere else in the document."""
    paths = error_paths(validator, document)
    assert paths, "the schema accepted the document"

    def on_the_way(path: Path) -> bool:
        n = min(len(path), len(where))
        return path[:n] == where[:n] and (len(path) > 0 or len(where) <= 1)

    assert any(on_the_way(p) for p in paths), paths


class TestAuditSchema:
    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        schema = audit_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)

    def test_is_read_afresh_so_a_caller_cannot_change_it_for_others(self) -> None:
        audit_schema()["properties"].clear()
        assert "findings" in audit_schema()["properties"]

    @pytest.mark.parametrize("make", DOCUMENTS.values(), ids=list(DOCUMENTS))
    def test_accepts_the_audit_documents(
        self, validator: Draft202012Validator, make: Callable[[], dict[str, Any]]
    ) -> None:
        assert error_paths(validator, make()) == []

    def test_accepts_a_finding_on_a_policy_read_from_no_file(
        self, validator: Draft202012Validator
    ) -> None:
        document = classic_static()
        document["findings"][0].update(file=None, line=None, field=None, quote=None)
        assert error_paths(validator, document) == []

    def test_refuses_a_verdict_it_does_not_know(self, validator: Draft202012Validator) -> None:
        document = classic_static()
        document["verdict"] = "error"
        assert_rejected_at(validator, document, ("verdict",))
        document = classic_static()
        document["findings"][3]["verdict"] = "FAIL"
        assert_rejected_at(validator, document, ("findings", 3, "verdict"))

    @pytest.mark.parametrize(
        "where",
        [
            ("policy",),
            ("policy", "hash"),
            ("findings", 0, "quote"),
            ("findings", 0, "evidence"),
            ("fairness", 1, "ratio"),
            ("fairness", 1, "ratio", "low"),
            ("simulation", "seeds"),
            ("footprint", "observations_per_citizen_year"),
            ("findings", 14, "evidence", "note"),
            ("findings", 14, "evidence", "figures", 0, "unit"),
        ],
        ids=lambda where: ".".join(map(str, where)),
    )
    def test_refuses_a_document_missing_a_field(
        self, validator: Draft202012Validator, where: Path
    ) -> None:
        document = classic_simulated()
        parent: Any = document
        for key in where[:-1]:
            parent = parent[key]
        del parent[where[-1]]
        assert_rejected_at(validator, document, where)

    @pytest.mark.parametrize(
        "where",
        [
            (),
            ("policy",),
            ("findings", 0),
            ("findings", 14, "evidence"),
            ("findings", 14, "evidence", "figures", 1),
            ("simulation",),
            ("simulation", "scenario"),
            ("fairness", 0),
            ("fairness", 0, "ratio"),
            ("footprint",),
        ],
        ids=lambda where: ".".join(map(str, where)) or "document",
    )
    def test_refuses_a_field_it_does_not_name(
        self, validator: Draft202012Validator, where: Path
    ) -> None:
        document = classic_simulated()
        parent: Any = document
        for key in where:
            parent = parent[key]
        parent["severity"] = "high"
        assert_rejected_at(validator, document, where)

    @pytest.mark.parametrize(
        ("where", "value"),
        [
            (("fairness", 0, "metric"), "demographic_parity"),
            (("fairness", 0, "kind"), "grade"),
            (("fairness", 0, "group_rate", "mean"), 1.5),
            (("fairness", 0, "ratio", "low"), -0.1),
            (("fairness", 0, "outside_four_fifths"), None),
            (("findings", 0, "line"), 0),
            (("findings", 0, "line"), "149"),
            (("findings", 0, "rule"), "AI Act 5(1)(c)(i)"),
            (("findings", 14, "evidence", "figures", 0, "mean"), None),
            (("policy", "hash"), "4f6d7aeb"),
            (("simulation", "seeds"), []),
            (("simulation", "seeds"), [0, 0]),
            (("footprint", "published_lists", "black"), "none"),
            (("footprint", "collectors"), "yes"),
        ],
        ids=lambda x: ".".join(map(str, x)) if isinstance(x, tuple) else repr(x),
    )
    def test_refuses_a_value_out_of_its_range(
        self, validator: Draft202012Validator, where: Path, value: Any
    ) -> None:
        document = classic_simulated()
        parent: Any = document
        for key in where[:-1]:
            parent = parent[key]
        parent[where[-1]] = value
        assert_rejected_at(validator, document, where)

    def test_refuses_evidence_fairness_or_observations_without_a_simulation(
        self, validator: Draft202012Validator
    ) -> None:
        simulated = classic_simulated()
        for key, value in [
            ("fairness", simulated["fairness"]),
            ("findings", simulated["findings"]),
            ("footprint", simulated["footprint"]),
        ]:
            document = classic_static()
            document[key] = value
            assert_rejected_at(validator, document, (key,))

    def test_refuses_a_quote_without_a_line(self, validator: Draft202012Validator) -> None:
        document = classic_static()
        document["findings"][0]["line"] = None
        assert_rejected_at(validator, document, ("findings", 0))


class TestAuditDocuments:
    """The fixtures are the audit as it stands, so a test on them tests a real document."""

    @pytest.mark.parametrize(("name", "make"), [("classic", classic_static), ("none", none_static)])
    def test_the_static_documents_are_the_audit_of_the_shipped_policy(
        self, name: str, make: Callable[[], dict[str, Any]]
    ) -> None:
        policy = load_policy(name)
        document = make()
        titles = {r.id: r.title for r in RULES}
        lines = shipped_text("policy", name).splitlines()
        assert document["policy"] == {"name": name, "hash": policy.hash, "file": f"{name}.yaml"}
        expected = audit_document(
            policy,
            Source(name, policy.hash, f"{name}.yaml", shipped_text("policy", name)),
            audit_policy(policy),
        )
        assert document["findings"] == expected["findings"]
        for f in document["findings"]:
            assert f["title"] == titles[f["rule"]]
            assert f["quote"] == (lines[f["line"] - 1].strip() if f["line"] else None)
        footprint = policy.footprint()
        assert document["footprint"] == {
            "categories": footprint.categories_enabled,
            "sensitive": footprint.sensitive_categories_enabled,
            "legal_bases": footprint.legal_bases,
            "feeds": footprint.feeds,
            "collectors": footprint.collectors,
            "collector_review": footprint.collector_review_required,
            "consent_required": footprint.consent_required,
            "published_lists": {k: v.value for k, v in footprint.published_lists.items()},
            "observations_per_citizen_year": None,
        }

    def test_the_simulated_document_has_evidence_fairness_and_the_runs(self) -> None:
        document = classic_simulated()
        assert document["simulation"]["scenario"]["name"] == "biased-collectors"
        with_evidence = [f for f in document["findings"] if f["evidence"]]
        assert len(with_evidence) >= 5
        assert {f["verdict"] for f in with_evidence} == {"fail", "warn"}
        assert {c["outside_four_fifths"] for c in document["fairness"]} == {True, False, None}
