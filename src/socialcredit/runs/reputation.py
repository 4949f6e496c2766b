"""What a reputation-game run directory holds: its record and its series of Good shares."""

from __future__ import annotations

import pyarrow as pa

from socialcredit.reputation import ReputationResult
from socialcredit.runs.document import GENERATOR
from socialcredit.runs.schema import Estimate, ReputationRecord


def reputation_record(result: ReputationResult, seed: int) -> ReputationRecord:
    return ReputationRecord(
        generator=GENERATOR,
        scenario=result.scenario,
        seed=seed,
        good_share=Estimate(**result.good_share.to_json()),
        cooperation_rate=Estimate(**result.cooperation_rate.to_json()),
        mean_payoff=Estimate(**result.mean_payoff.to_json()),
        analytic_good_share=result.analytic_good_share,
        analytic_cooperation_rate=result.analytic_cooperation_rate,
        exact_good_share=result.exact_good_share,
        exact_cooperation_rate=result.exact_cooperation_rate,
        expected_good_share=result.expected_good_share,
        expected_cooperation_rate=result.expected_cooperation_rate,
        series=[float(x) for x in result.series],
        series_rounds=[int(x) for x in result.series_rounds],
    )


def reputation_table(result: ReputationResult) -> pa.Table:
    return pa.table(
        {"round": pa.array(result.series_rounds), "good_share": pa.array(result.series)}
    )
