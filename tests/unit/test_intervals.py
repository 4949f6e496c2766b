"""Student-t quantiles: the intervals over seeds, and the family-wise ones of a world of many
variants, which reach far into the tails at few degrees of freedom."""

from __future__ import annotations

import pytest
from scipy import stats

from socialcredit.stats.intervals import t_quantile


@pytest.mark.parametrize("dof", [1, 2, 3, 4, 9, 29])
@pytest.mark.parametrize("probability", [0.6, 0.975, 0.995, 0.999934, 0.99999])
def test_t_quantiles_match_the_distribution_far_into_the_tail(dof: int, probability: float) -> None:
    assert t_quantile(probability, dof) == pytest.approx(stats.t.ppf(probability, dof), rel=1e-6)
