"""The audit: a rulebook checked against legal criteria and safeguards, finding by finding, each
with its rule id, citation, verdict and the file, line and field it concerns."""

from socialcredit.audit.findings import Finding, Verdict, worst
from socialcredit.audit.rule import Rule
from socialcredit.audit.rules import RULES, audit_policy

__all__ = ["RULES", "Finding", "Rule", "Verdict", "audit_policy", "worst"]
