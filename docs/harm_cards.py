"""Regenerate the harm cards of the shipped policies in docs/harm-cards/ (about a minute):

    .venv/bin/python docs/harm_cards.py

For each of `default`, `classic` and `court-defaulters` it runs the audit command itself over the
`baseline` town (10,000 citizens × 365 days, seeds 0, 1 and 2):

    socialcredit audit POLICY --scenario baseline --format json --out docs/harm-cards/POLICY.json
    socialcredit audit POLICY --scenario baseline --format html --out docs/harm-cards/POLICY.html

and prints each verdict, which the README states. A test checks that the cards are the audit of
the shipped policy and scenario as they stand (their hashes and the static findings).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT / "docs" / "harm-cards"
POLICIES = ("default", "classic", "court-defaulters")
SCENARIO = "baseline"


def main() -> None:
    CARDS.mkdir(exist_ok=True)
    for policy in POLICIES:
        for fmt in ("json", "html"):
            out = CARDS / f"{policy}.{fmt}"
            args = ["audit", policy, "--scenario", SCENARIO, "--format", fmt, "--out", str(out)]
            done = subprocess.run(
                [sys.executable, "-m", "socialcredit", *args], cwd=ROOT, check=False
            )
            if done.returncode not in (0, 1):
                sys.exit(f"socialcredit {' '.join(args)} failed with status {done.returncode}")
        document = json.loads((CARDS / f"{policy}.json").read_text(encoding="utf-8"))
        counts = {v: sum(f["verdict"] == v for f in document["findings"]) for v in ("fail", "warn")}
        flagged = sum(bool(r["outside_four_fifths"]) for r in document["fairness"])
        print(
            f"{policy}: {document['verdict']} ({counts['fail']} fail, {counts['warn']} warn; "
            f"{flagged} of {len(document['fairness'])} fairness comparisons flagged)"
        )


if __name__ == "__main__":
    main()
