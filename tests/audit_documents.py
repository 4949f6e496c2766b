"""Audit documents as `socialcredit audit --format json` prints them, for the schema and the
harm card.

`classic_static()` and `none_static()` are the static audits of the shipped `classic` (fails)
and `none` (passes) policies, stored in `tests/data/` as the audit printed them, with each
finding's rule title and quoted line. `classic_simulated()` adds what `--scenario
biased-collectors` brings: the simulation, evidence on the findings the runs bear on, and
fairness between the scenario's two groups. Its figures are written by hand in the range such
runs give, so these documents depend on no simulation. Each call returns a fresh copy that a
test may change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"

SIMULATION: dict[str, Any] = {
    "scenario": {
        "name": "biased-collectors",
        "hash": "357d54d5c9604ccdb81fb2a7b13c04e67a7a155180526cfb8b4935fae28f3319",
        "file": "biased-collectors.yaml",
    },
    "seeds": [0, 1, 2, 3, 4],
    "citizens": 10000,
    "days": 365,
    "reference": "majority",
}


def figure(label: str, unit: str, mean: float, low: float | None, high: float | None) -> Any:
    return {"label": label, "unit": unit, "mean": mean, "low": low, "high": high}


PER_1000 = "per 1,000 citizens"


def summary(figures: list[dict[str, Any]]) -> str:
    head = figures[0]
    return f"{head['mean']} ({head['low']}–{head['high']}) {head['label']}"


EVIDENCE: dict[tuple[str, str], dict[str, Any]] = {
    ("ai-act-5-1-c-i", "services.flight.rules.0"): {
        "figures": [
            figure("Citizens ever denied a flight", PER_1000, 61.8, 57.2, 66.4),
            figure("Of them, denied wrongly", PER_1000, 19.4, 16.9, 21.9),
        ],
        "note": "Wrongly: the true ledger would not have listed them.",
    },
    ("ai-act-5-1-c-i", "services.school.rules.0"): {
        "figures": [figure("Citizens ever refused a school", PER_1000, 61.8, 57.2, 66.4)],
        "note": None,
    },
    ("ai-act-5-1-c-ii", "behaviours.10"): {
        "figures": [
            figure("Black listings with littering among the entries", "%", 41.2, 37.7, 44.7),
            figure("Littering entries per listed citizen", "entries", 3.1, 2.8, 3.4),
        ],
        "note": "Listings where littering entries made up the gap to the threshold.",
    },
    ("gdpr-9", "categories.health.legal_basis"): {
        "figures": [
            figure(
                "Health records per citizen-year", "records per citizen per year", 5.02, 4.97, 5.08
            ),
            figure("Sensitive categories the score reads", "categories", 2, None, None),
        ],
        "note": None,
    },
    ("notice", "lists.black.notice_days"): {
        "figures": [
            figure(
                "Citizen-days of consequences before notice", "citizen-days", 12480, 11710, 13250
            )
        ],
        "note": "With notice_days: 30 these days would not have happened.",
    },
    ("hearsay", "sources.collectors.review_required"): {
        "figures": [
            figure(
                "False collector reports that counted",
                "per 1,000 citizens per year",
                88.5,
                83.0,
                94.1,
            ),
            figure("Citizens wrongly blacklisted", PER_1000, 23.7, 20.8, 26.6),
        ],
        "note": "Collectors notice the minority's bad acts three times as often.",
    },
    ("public-shaming", "lists.black.publish"): {
        "figures": [
            figure("Citizens named on the published black list", PER_1000, 47.3, 43.6, 51.0)
        ],
        "note": None,
    },
}


def rate(mean: float | None, low: float | None, high: float | None) -> dict[str, Any]:
    return {"mean": mean, "low": low, "high": high}


def comparison(
    target: str,
    metric: str,
    group_rate: dict[str, Any],
    reference_rate: dict[str, Any],
    ratio: dict[str, Any],
    outside: bool | None,
    words: str,
) -> dict[str, Any]:
    return {
        "target": target,
        "kind": "list" if target.endswith(" list") else "service",
        "metric": metric,
        "group": "minority",
        "reference": "majority",
        "group_rate": group_rate,
        "reference_rate": reference_rate,
        "ratio": ratio,
        "outside_four_fifths": outside,
        "words": words,
    }


FAIRNESS: list[dict[str, Any]] = [
    comparison(
        "black list",
        "listing_rate",
        rate(0.0583, 0.0521, 0.0645),
        rate(0.0312, 0.0289, 0.0335),
        rate(1.87, 1.66, 2.09),
        True,
        "minority is on the black list 1.9× as often as majority",
    ),
    comparison(
        "black list",
        "false_positive_rate",
        rate(0.0214, 0.0183, 0.0245),
        rate(0.0092, 0.0081, 0.0103),
        rate(2.33, 1.95, 2.74),
        True,
        "minority is wrongly listed 2.3× as often as majority",
    ),
    comparison(
        "black list",
        "false_negative_rate",
        rate(0.181, 0.152, 0.210),
        rate(0.211, 0.196, 0.226),
        rate(0.86, 0.71, 1.02),
        False,
        "minority is missed by the list 0.86× as often as majority; the 95% interval "
        "(0.71–1.02) reaches into the band, so these seeds cannot tell",
    ),
    comparison(
        "black list",
        "false_discovery_rate",
        rate(0.301, 0.279, 0.323),
        rate(0.292, 0.270, 0.314),
        rate(1.03, 0.92, 1.15),
        False,
        "of minority's listings, 1.03× as large a share is wrong as of majority's",
    ),
    comparison(
        "flight",
        "listing_rate",
        rate(0.0710, 0.0647, 0.0773),
        rate(0.0398, 0.0371, 0.0425),
        rate(1.78, 1.59, 1.99),
        True,
        "minority is denied a flight 1.8× as often as majority",
    ),
    comparison(
        "school",
        "false_negative_rate",
        rate(None, None, None),
        rate(0.5, 0.0, 1.0),
        rate(None, None, None),
        None,
        "undefined: true conduct refuses no minority citizen a school place",
    ),
]


def _read(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return document


def classic_static() -> dict[str, Any]:
    """`socialcredit audit classic --format json`: verdict fail, 45 findings."""
    return _read("audit-classic.json")


def none_static() -> dict[str, Any]:
    """`socialcredit audit none --format json`: verdict pass, every rule passes."""
    return _read("audit-none.json")


def classic_simulated() -> dict[str, Any]:
    """The audit of `classic` with `--scenario biased-collectors` over five seeds."""
    document = classic_static()
    for finding in document["findings"]:
        evidence = EVIDENCE.get((finding["rule"], finding["field"]))
        if evidence is not None:
            finding["evidence"] = json.loads(json.dumps(evidence))
            finding["evidence"]["summary"] = summary(evidence["figures"])
    document["simulation"] = json.loads(json.dumps(SIMULATION))
    document["fairness"] = json.loads(json.dumps(FAIRNESS))
    document["footprint"]["observations_per_citizen_year"] = 61.4
    return document


DOCUMENTS = {
    "classic-static": classic_static,
    "classic-simulated": classic_simulated,
    "none-static": none_static,
}
"""Every fixture document by name, for tests that run over all of them."""
