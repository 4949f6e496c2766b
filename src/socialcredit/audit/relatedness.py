"""Which data categories are related to which services: the audit's table for EU AI Act
Art. 5(1)(c)(i) (detriment "in social contexts unrelated to the contexts in which the data was
originally generated or collected").

A category is related to a service when data of that kind is what a decision there is ordinarily
made on: repayment records for a loan, rent and court records for a lease, a criminal record for
some jobs. Everything else is unrelated: a score built from littering, social media or dating
that closes a flight, a train or a school is the pattern the Act prohibits. A policy may
declare a category related to one of its services with a justification
(`services.<name>.related_data`), and the audit quotes it. Services the table does not know
have no related category. The table is the lab's reading, documented in docs/audit.md; it is
not a legal determination.
"""

from __future__ import annotations

RELATED: dict[str, frozenset[str]] = {
    "loan": frozenset({"financial", "public_records", "insurance"}),
    "housing": frozenset({"financial", "public_records"}),
    "job": frozenset({"public_records"}),
    "school": frozenset(),
    "internet": frozenset({"financial"}),
    "train": frozenset(),
    "flight": frozenset(),
}
"""Service → the data categories related to decisions there."""

SIGNIFICANT = frozenset({"school", "job", "housing", "loan"})
"""Services whose decisions have legal or similarly significant effect unless a policy says
otherwise (GDPR Art. 22; a credit decision counts as such)."""

BASIC = frozenset({"internet"})
"""Services that are basic unless a policy says otherwise."""
