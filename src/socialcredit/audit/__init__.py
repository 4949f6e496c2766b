"""The audit: a rulebook checked against legal criteria and safeguards, finding by finding, each
with its rule id, citation, verdict and the file, line and field it concerns; and the JSON
Schema of the audit document."""

from socialcredit.audit.findings import Finding, Verdict, worst
from socialcredit.audit.rule import Rule
from socialcredit.audit.rules import RULES, audit_policy
from socialcredit.audit.schema import audit_schema

__all__ = ["RULES", "Finding", "Rule", "Verdict", "audit_policy", "audit_schema", "worst"]
