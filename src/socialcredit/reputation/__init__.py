"""The indirect-reciprocity reputation game, checked against its known equilibria.

A social-credit system is, at its core, a public reputation that decides who gets helped. The
classic model of that (Nowak & Sigmund 1998; Ohtsuki & Iwasa 2004, 2006) has exact answers for
how many citizens stay in good standing under each assessment norm, so it doubles as a
calibration target: a simulation that cannot reproduce those answers should not be trusted with
anything richer.

Three views of the same model live here and are meant to agree:

* `run_reputation_game` - a per-citizen, per-round Monte Carlo over independent replicates;
* `exact_good_share` - the exact stationary mean of the finite population (a birth-death chain);
* `analytic_good_share` - the mean-field (infinite population) equilibrium.
"""

from socialcredit.reputation.game import ReputationResult, run_reputation_game
from socialcredit.reputation.norms import ASSESSMENT_ORDER, NORMS
from socialcredit.reputation.scenario import ReputationScenario
from socialcredit.reputation.theory import analytic_good_share, exact_good_share
from socialcredit.stats.intervals import Interval

__all__ = [
    "ASSESSMENT_ORDER",
    "NORMS",
    "Interval",
    "ReputationResult",
    "ReputationScenario",
    "analytic_good_share",
    "exact_good_share",
    "run_reputation_game",
]
