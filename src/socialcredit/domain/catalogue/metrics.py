"""The metrics: every figure of metrics.json, with its formula over series, totals and metrics."""

from __future__ import annotations

from socialcredit.domain.catalogue.declarations import Metric
from socialcredit.domain.catalogue.series import (
    ATTEMPTS,
    CITIZEN_DAYS,
    CITIZENS,
    DISPUTES,
    ENTRIES,
)
from socialcredit.domain.catalogue.terms import (
    Change,
    Difference,
    Fall,
    Last,
    LastLargest,
    Of,
    Peak,
    Plus,
    Quotient,
    Sum,
    Total,
    WaitQuantile,
    Window,
    Yearly,
)

# One declaration per line: the tables read best as tables.
# fmt: off
PER_1000 = "per 1,000 citizens"
EMPTY_GROUP = "a group has no citizens in this run"
NO_ATTEMPTS = "nobody tried to use the service in this run"
NO_DISPUTES = "no entry was disputed in this run"
NO_BENEFIT = "the policy is none, the scenario gives its responses no plausible ranges, or the run was made with --no-response-range"
FEWER_ACTS = "fewer acts per 1,000 citizen-years"
NO_DECISIONS = "no dispute was decided in this run"
SHARE = "share"
STRATEGY_OFF = "strategic effort is off in the scenario (no strategy, or a budget of 0), or the group has no citizens"
NOTHING_BOOKED = "strategic effort is off in the scenario, or nothing was booked against the twin without scoring (under none, or for a group with no citizens)"
PER_CITIZEN_YEAR = "effort units per citizen-year"

# Strategic effort: the points booked against the twin without scoring, by part.
_BOOKED = Plus(*(Total(f"strategy.points_{part}") for part in ("improved", "gamed", "hidden", "withdrawn")))
_BOOKED_GROUP = Plus(*(Total(f"strategy.points_{part}.{{group}}") for part in ("improved", "gamed", "hidden", "withdrawn")))
_EFFORT = Plus(*(Total(f"strategy.effort_{way}") for way in ("improve", "game", "hide", "withdraw")))
_EFFORT_GROUP = Plus(*(Total(f"strategy.effort_{way}.{{group}}") for way in ("improve", "game", "hide", "withdraw")))
_ON_BEING_SCORED = Plus(Total("strategy.effort_game"), Total("strategy.effort_hide"), Total("strategy.effort_withdraw"))
_ON_BEING_SCORED_GROUP = Plus(Total("strategy.effort_game.{group}"), Total("strategy.effort_hide.{group}"), Total("strategy.effort_withdraw.{group}"))
_SPLIT = "Of the points booked against the twin without scoring (each act that differs from the twin's, at its chance of being recorded, its points and the room its cap leaves)"

# The names code reads a figure by, spelt with `str.format` where they hold placeholders
# (`DENIED_SERVICE_FINAL.format(service="train")`).
BLACK_FINAL = "black.final"
BLACK_TRUE_FINAL = "black_true.final"
BLACK_WRONGFUL_FINAL = "black_wrongful.final"
BLACK_MISSED_FINAL = "black_missed.final"
EVER_BLACKLISTED_PER_1000 = "ever_blacklisted_per_1000"
EVER_WRONGLY_BLACKLISTED_PER_1000 = "ever_wrongly_blacklisted_per_1000"
RED_FINAL = "red.final"
RED_TRUE_FINAL = "red_true.final"
RED_MISSED_FINAL = "red_missed.final"
GRADE_FINAL = "grade.{grade}.final"
GRADE_TRUE_FINAL = "grade_true.{grade}.final"
DENIED_SERVICE_FINAL = "denied.{service}.final"
RESTRICTED_SERVICE_FINAL = "restricted.{service}.final"
PRIVILEGED_SERVICE_FINAL = "privileged.{service}.final"
DENIED_WRONGFUL_SERVICE_FINAL = "denied_wrongful.{service}.final"
RESTRICTED_WRONGFUL_SERVICE_FINAL = "restricted_wrongful.{service}.final"
DENIED_SERVICE_CITIZEN_DAYS = "denied.{service}.citizen_days"
RESTRICTED_SERVICE_CITIZEN_DAYS = "restricted.{service}.citizen_days"
PRIVILEGED_SERVICE_CITIZEN_DAYS = "privileged.{service}.citizen_days"
DENIED_WRONGFUL_SERVICE_CITIZEN_DAYS = "denied_wrongful.{service}.citizen_days"
RESTRICTED_WRONGFUL_SERVICE_CITIZEN_DAYS = "restricted_wrongful.{service}.citizen_days"
PRIVILEGED_MISSED_SERVICE_CITIZEN_DAYS = "privileged_missed.{service}.citizen_days"
EVER_WRONGLY_HARMED_SERVICE = "ever_wrongly_harmed.{service}"
WRONGLY_HARMED_CITIZEN_DAYS_PER_1000 = "wrongly_harmed.citizen_days_per_1000"
HOUSEHOLDS = "households"
CHILDREN = "children"
EVER_COLLATERAL = "ever_collateral"
EVER_COLLATERAL_CHILDREN = "ever_collateral_children"
COLLATERAL_SERVICE_CITIZEN_DAYS = "collateral.{service}.citizen_days"
COLLATERAL_TRUE_SERVICE_CITIZEN_DAYS = "collateral_true.{service}.citizen_days"
COLLATERAL_WRONGFUL_SERVICE_CITIZEN_DAYS = "collateral_wrongful.{service}.citizen_days"
COLLATERAL_DOUBLY_WRONGFUL_SERVICE_CITIZEN_DAYS = "collateral_doubly_wrongful.{service}.citizen_days"
COLLATERAL_CHILDREN_SERVICE_CITIZEN_DAYS = "collateral_children.{service}.citizen_days"
EVER_COLLATERAL_SERVICE = "ever_collateral.{service}"
EVER_COLLATERAL_CHILDREN_SERVICE = "ever_collateral_children.{service}"
EVER_COLLATERAL_DOUBLY_WRONGFUL_SERVICE = "ever_collateral_doubly_wrongful.{service}"
GROUP_CITIZENS = "group.{group}.citizens"
GROUP_MEAN_SCORE_FINAL = "group.{group}.mean_score.final"
GROUP_MEAN_SCORE_TRUE_FINAL = "group.{group}.mean_score_true.final"
GROUP_SCORE_GAP_FINAL = "group.{group}.score_gap.final"
GROUP_EVER_BLACKLISTED_PER_1000 = "group.{group}.ever_blacklisted_per_1000"
GROUP_EVER_WRONGLY_BLACKLISTED_PER_1000 = "group.{group}.ever_wrongly_blacklisted_per_1000"
GROUP_WRONGLY_HARMED_SERVICE_CITIZEN_DAYS_PER_1000 = "group.{group}.wrongly_harmed.{service}.citizen_days_per_1000"
DISPARITY_EVER_BLACKLISTED_RATIO = "disparity.{other}_vs_{reference}.ever_blacklisted.ratio"
DISPARITY_EVER_BLACKLISTED_DIFFERENCE = "disparity.{other}_vs_{reference}.ever_blacklisted.difference"
DISPARITY_EVER_WRONGLY_BLACKLISTED_RATIO = "disparity.{other}_vs_{reference}.ever_wrongly_blacklisted.ratio"
DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE = "disparity.{other}_vs_{reference}.ever_wrongly_blacklisted.difference"
STRATEGY_IMPROVEMENT_SHARE = "strategy.improvement_share"
STRATEGY_GAMING_SHARE = "strategy.gaming_share"
STRATEGY_HIDING_SHARE = "strategy.hiding_share"
STRATEGY_WITHDRAWAL_SHARE = "strategy.withdrawal_share"
STRATEGY_POINTS_PER_CITIZEN_YEAR = "strategy.points_per_citizen_year"
STRATEGY_WITHDRAWN_PER_1000 = "strategy.withdrawn_per_1000"
STRATEGY_BURDEN = "strategy.burden"
GROUP_STRATEGY_BURDEN = "group.{group}.strategy.burden"
GROUP_STRATEGY_WITHDRAWN_PER_1000 = "group.{group}.strategy.withdrawn_per_1000"
GROUP_STRATEGY_POINTS_PER_CITIZEN_YEAR = "group.{group}.strategy.points_per_citizen_year"
DISPARITY_STRATEGY_BURDEN_DIFFERENCE = "disparity.{other}_vs_{reference}.strategy.burden.difference"
STRATEGY_EFFORT_PER_100_POINTS = "strategy.effort_per_100_points"
GROUP_STRATEGY_EFFORT_PER_100_POINTS = "group.{group}.strategy.effort_per_100_points"
DISPARITY_STRATEGY_EFFORT_PER_100_POINTS_DIFFERENCE = "disparity.{other}_vs_{reference}.strategy.effort_per_100_points.difference"
DISPARITY_SCORE_GAP_DIFFERENCE = "disparity.{other}_vs_{reference}.score_gap.difference"
BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS = "behaviour.bad_acts_per_1000_citizen_years"
BENEFIT = "benefit"
BENEFIT_WEAKEST = "benefit.weakest"
BENEFIT_STRONGEST = "benefit.strongest"
BEHAVIOUR_BAD_ACTS_PER_1000_DAY_FIRST = "behaviour.bad_acts_per_1000_day.first"
BEHAVIOUR_BAD_ACTS_PER_1000_DAY_LAST = "behaviour.bad_acts_per_1000_day.last"
BEHAVIOUR_BAD_ACTS_CHANGE = "behaviour.bad_acts_change"
BEHAVIOUR_GOOD_ACTS_PER_1000_DAY_FIRST = "behaviour.good_acts_per_1000_day.first"
BEHAVIOUR_GOOD_ACTS_PER_1000_DAY_LAST = "behaviour.good_acts_per_1000_day.last"
BEHAVIOUR_GOOD_ACTS_CHANGE = "behaviour.good_acts_change"
GOOD_DEEDS_SEEN_SHARE = "good_deeds_seen_share"
SURVEILLANCE_OBSERVATIONS_PER_CITIZEN_YEAR = "surveillance.observations_per_citizen_year"
SURVEILLANCE_SENSITIVE_OBSERVATIONS_PER_CITIZEN_YEAR = "surveillance.sensitive_observations_per_citizen_year"
COLLECTORS_MAX_DISTRICT_SHARE = "collectors.max_district_share"
SURVEILLANCE_COLLECTOR_REPORTS_PER_RESIDENT_YEAR = "surveillance.collector_reports_per_resident_year"
ATTEMPTS_SERVICE = "attempts.{service}"
ATTEMPTS_REFUSED_SERVICE = "attempts_refused.{service}"
ATTEMPTS_RESTRICTED_SERVICE = "attempts_restricted.{service}"
ATTEMPTS_WRONGLY_REFUSED_SERVICE = "attempts_wrongly_refused.{service}"
ATTEMPTS_WRONGLY_RESTRICTED_SERVICE = "attempts_wrongly_restricted.{service}"
ATTEMPTS_REFUSED_SHARE_SERVICE = "attempts_refused_share.{service}"
ATTEMPTS_WRONGFUL_SHARE_SERVICE = "attempts_wrongful_share.{service}"
REDRESS_DISPUTES = "redress.disputes"
REDRESS_DISPUTES_FALSE_SHARE = "redress.disputes_false_share"
REDRESS_BACKLOG_FINAL = "redress.backlog.final"
REDRESS_BACKLOG_PEAK = "redress.backlog.peak"
REDRESS_DECISION_DAYS_MEDIAN = "redress.decision_days.median"
REDRESS_DECISION_DAYS_P90 = "redress.decision_days.p90"
REDRESS_DECIDED_IN_TIME_SHARE = "redress.decided_in_time_share"
REDRESS_FALSE_ENTRIES_CORRECTED_SHARE = "redress.false_entries_corrected_share"
REDRESS_TRUE_ENTRIES_REVERSED = "redress.true_entries_reversed"
REDRESS_WRONGFUL_LISTINGS_CORRECTED_SHARE = "redress.wrongful_listings_corrected_share"
REDRESS_WRONGLY_LISTED_DAYS_BEFORE_CORRECTION = "redress.wrongly_listed_days_before_correction"
RESTORATIONS = "restorations"
RESTORATIONS_WRONGFUL = "restorations_wrongful"
BLACK_LISTINGS = "black_listings"
REHABILITATIONS = "rehabilitations"
BLACK_EXPIRIES = "black_expiries"
BLACK_EXITS = "black_exits"

METRICS: tuple[Metric, ...] = (
    # Lists
    Metric(BLACK_FINAL, "Blacklisted at the end", CITIZENS, "count", "higher", "Citizens on the black list on the last day, by the observed ledger.", Last("black"), headline=True),
    Metric(BLACK_TRUE_FINAL, "Blacklisted at the end, true conduct", CITIZENS, "count", "neither", "Citizens true conduct would put on the black list on the last day.", Last("black_true"), headline=True),
    Metric(BLACK_WRONGFUL_FINAL, "Wrongly blacklisted at the end", CITIZENS, "count", "higher", "Citizens on the black list on the last day whom true conduct would not put there.", Last("black_wrongful"), headline=True),
    Metric("black_wrongful_share.final", "Share of the black list that is wrong", SHARE, "share", "higher", "Wrongly blacklisted on the last day divided by everyone on the black list.", Quotient(Last("black_wrongful"), Last("black"), when_empty=None), headline=True, undefined="nobody is on the black list"),
    Metric(BLACK_MISSED_FINAL, "Missed by the black list at the end", CITIZENS, "count", "higher", "Citizens true conduct would put on the black list who are not on it on the last day.", Last("black_missed"), headline=True),
    Metric("black_wrongful.citizen_days", "Wrongful blacklisting, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens spent wrongly on the black list, summed over citizens.", Sum("black_wrongful")),
    Metric("ever_blacklisted", "Ever blacklisted", CITIZENS, "count", "higher", "Citizens on the black list on any day of the run.", Total("ever_blacklisted")),
    Metric("ever_wrongly_blacklisted", "Ever wrongly blacklisted", CITIZENS, "count", "higher", "Citizens wrongly on the black list on any day of the run.", Total("ever_wrongly_blacklisted")),
    Metric(EVER_BLACKLISTED_PER_1000, "Ever blacklisted per 1,000", PER_1000, "rate", "higher", "Citizens on the black list on any day, per 1,000 citizens.", Quotient(Total("ever_blacklisted"), Total("citizens"), 1000.0), headline=True),
    Metric(EVER_WRONGLY_BLACKLISTED_PER_1000, "Ever wrongly blacklisted per 1,000", PER_1000, "rate", "higher", "Citizens wrongly on the black list on any day, per 1,000 citizens.", Quotient(Total("ever_wrongly_blacklisted"), Total("citizens"), 1000.0), headline=True),
    Metric(RED_FINAL, "Honour roll at the end", CITIZENS, "count", "neither", "Citizens on the red list (honour roll) on the last day, by the observed ledger.", Last("red"), headline=True),
    Metric(RED_TRUE_FINAL, "Honour roll at the end, true conduct", CITIZENS, "count", "neither", "Citizens true conduct would put on the honour roll on the last day.", Last("red_true"), headline=True),
    Metric("red_wrongful.final", "Wrongly on the honour roll at the end", CITIZENS, "count", "higher", "Citizens on the honour roll on the last day whom true conduct would not put there.", Last("red_wrongful")),
    Metric(RED_MISSED_FINAL, "Missed by the honour roll at the end", CITIZENS, "count", "higher", "Citizens true conduct would put on the honour roll who are not on it on the last day.", Last("red_missed"), headline=True),
    Metric("red_wrongful_share.final", "Share of the honour roll that is wrong", SHARE, "share", "higher", "Wrongly honoured on the last day divided by everyone on the honour roll.", Quotient(Last("red_wrongful"), Last("red"), when_empty=None), undefined="nobody is on the honour roll"),
    Metric("red_missed.citizen_days", "Missed honours, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days deserving citizens were not on the honour roll, summed over citizens.", Sum("red_missed")),
    Metric("watch.final", "On watch at the end", CITIZENS, "count", "higher", "Citizens whose observed score is below the watch threshold on the last day.", Last("watch")),
    # Grades
    Metric(GRADE_FINAL, "Grade {grade} at the end", CITIZENS, "count", "neither", "Citizens in grade {grade} on the last day, by the observed ledger.", Last("grade.{grade}")),
    Metric(GRADE_TRUE_FINAL, "Grade {grade} at the end, true conduct", CITIZENS, "count", "neither", "Citizens whose score from true conduct is in grade {grade} on the last day.", Last("grade_true.{grade}")),
    # Services
    Metric(DENIED_SERVICE_FINAL, "Denied {service} at the end", CITIZENS, "count", "higher", "Citizens refused {service} on the last day.", Last("denied.{service}"), headline=True, column="denied at the end"),
    Metric(RESTRICTED_SERVICE_FINAL, "Restricted at {service} at the end", CITIZENS, "count", "higher", "Citizens admitted to {service} only on restricting conditions on the last day.", Last("restricted.{service}"), headline=True, column="restricted at the end"),
    Metric(PRIVILEGED_SERVICE_FINAL, "Privileged at {service} at the end", CITIZENS, "count", "neither", "Citizens given a perk at {service} on the last day.", Last("privileged.{service}")),
    Metric("denied_true.{service}.final", "Denied {service} at the end, true conduct", CITIZENS, "count", "neither", "Citizens true conduct would refuse {service} on the last day.", Last("denied_true.{service}")),
    Metric("restricted_true.{service}.final", "Restricted at {service} at the end, true conduct", CITIZENS, "count", "neither", "Citizens true conduct would restrict at {service} on the last day.", Last("restricted_true.{service}")),
    Metric("privileged_true.{service}.final", "Privileged at {service} at the end, true conduct", CITIZENS, "count", "neither", "Citizens true conduct would give a perk at {service} on the last day.", Last("privileged_true.{service}")),
    Metric(DENIED_WRONGFUL_SERVICE_FINAL, "Wrongly denied {service} at the end", CITIZENS, "count", "higher", "Citizens refused {service} on the last day whom true conduct would not refuse it.", Last("denied_wrongful.{service}")),
    Metric(RESTRICTED_WRONGFUL_SERVICE_FINAL, "Wrongly restricted at {service} at the end", CITIZENS, "count", "higher", "Citizens restricted at {service} on the last day whom true conduct would admit freely.", Last("restricted_wrongful.{service}")),
    Metric(DENIED_SERVICE_CITIZEN_DAYS, "{service} denials, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were refused {service}, summed over citizens.", Sum("denied.{service}")),
    Metric("travel_denied.citizen_days", "Travel refused, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were refused a train or a flight, summed over citizens and over the two services (refused both on one day, a citizen counts twice).", Plus(Sum("denied.train"), Sum("denied.flight")), undefined="the policy has no train or no flight service"),
    Metric(RESTRICTED_SERVICE_CITIZEN_DAYS, "{service} restrictions, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were admitted to {service} only on restricting conditions, summed over citizens.", Sum("restricted.{service}")),
    Metric(PRIVILEGED_SERVICE_CITIZEN_DAYS, "{service} privileges, citizen-days", CITIZEN_DAYS, "citizen_days", "neither", "Days citizens had a perk at {service}, summed over citizens.", Sum("privileged.{service}")),
    Metric(DENIED_WRONGFUL_SERVICE_CITIZEN_DAYS, "Wrongful {service} denials, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were refused {service} although true conduct would not refuse it.", Sum("denied_wrongful.{service}"), headline=True, column="wrongly denied, citizen-days"),
    Metric(RESTRICTED_WRONGFUL_SERVICE_CITIZEN_DAYS, "Wrongful {service} restrictions, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were restricted at {service} although true conduct would admit them freely.", Sum("restricted_wrongful.{service}"), headline=True, column="wrongly restricted, citizen-days"),
    Metric(PRIVILEGED_MISSED_SERVICE_CITIZEN_DAYS, "Missed {service} privileges, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens lacked a perk at {service} that true conduct would give them.", Sum("privileged_missed.{service}")),
    Metric(EVER_WRONGLY_HARMED_SERVICE, "Ever wrongly denied or restricted at {service}", CITIZENS, "count", "higher", "Citizens treated worse at {service} than true conduct warrants on any day of the run.", Total("ever_wrongly_harmed.{service}")),
    Metric(WRONGLY_HARMED_CITIZEN_DAYS_PER_1000, "Wrongful denials and restrictions, citizen-days per 1,000", "citizen-days per 1,000 citizens", "rate", "higher", "Days citizens were treated worse than true conduct warrants at one service or more, per 1,000 citizens (a day counts once however many services wronged the citizen).", Quotient(Sum("wrongly_harmed"), Total("citizens"), 1000.0), headline=True),
    # Collateral: consequences for relatives
    Metric(HOUSEHOLDS, "Households", "households", "count", "neither", "Households of the run; without households in the scenario every citizen is one.", Total("households")),
    Metric(CHILDREN, "Children", CITIZENS, "count", "neither", "Household members besides its one or two adults: the children of the household's adults.", Total("children")),
    Metric("collateral.citizen_days_per_1000", "Collateral detriment, citizen-days per 1,000", "citizen-days per 1,000 citizens", "rate", "higher", "Days citizens were denied or restricted at one service or more only because of a relative's listing, per 1,000 citizens (a day counts once however many services).", Quotient(Sum("collateral"), Total("citizens"), 1000.0)),
    Metric(EVER_COLLATERAL, "Ever hurt through a relative", CITIZENS, "count", "higher", "Citizens denied or restricted at some service only because of a relative's listing on any day of the run.", Total("ever_collateral")),
    Metric(EVER_COLLATERAL_CHILDREN, "Children ever hurt through a parent", CITIZENS, "count", "higher", "Children denied or restricted at some service only because of a parent's listing on any day of the run.", Total("ever_collateral_children")),
    Metric("ever_collateral_children_per_1000_children", "Children ever hurt through a parent, per 1,000 children", "per 1,000 children", "rate", "higher", "Children denied or restricted at some service only because of a parent's listing on any day, per 1,000 children.", Quotient(Total("ever_collateral_children"), Total("children"), 1000.0, when_empty=None), undefined="the run has no children (the scenario has no households)"),
    Metric(COLLATERAL_SERVICE_CITIZEN_DAYS, "Collateral {service} detriment, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were denied or restricted at {service} only because of a relative's listing.", Sum("collateral.{service}"), column="collateral, citizen-days"),
    Metric(COLLATERAL_TRUE_SERVICE_CITIZEN_DAYS, "Collateral {service} detriment by true conduct, citizen-days", CITIZEN_DAYS, "citizen_days", "neither", "Days true conduct, the citizens' and their relatives', would deny or restrict citizens at {service} only because of a relative's listing.", Sum("collateral_true.{service}")),
    Metric(COLLATERAL_WRONGFUL_SERVICE_CITIZEN_DAYS, "Wrongful collateral {service} detriment, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were denied or restricted at {service} because of a relative's listing although true conduct, theirs and their relatives', would treat them better.", Sum("collateral_wrongful.{service}")),
    Metric(COLLATERAL_DOUBLY_WRONGFUL_SERVICE_CITIZEN_DAYS, "Doubly wrongful collateral {service} detriment, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days citizens were denied or restricted at {service} because of a wrongly listed relative: the relatives' listings in force by the observed ledger reach them harder than by true conduct.", Sum("collateral_doubly_wrongful.{service}")),
    Metric(COLLATERAL_CHILDREN_SERVICE_CITIZEN_DAYS, "Collateral {service} detriment of children, citizen-days", CITIZEN_DAYS, "citizen_days", "higher", "Days children were denied or restricted at {service} only because of a parent's listing.", Sum("collateral_children.{service}")),
    Metric("collateral_doubly_wrongful_share.{service}", "Share of collateral {service} detriment that is doubly wrongful", SHARE, "share", "higher", "Doubly wrongful collateral citizen-days at {service} divided by all collateral citizen-days at it.", Quotient(Sum("collateral_doubly_wrongful.{service}"), Sum("collateral.{service}"), when_empty=None), undefined="nobody was hurt through a relative at the service"),
    Metric(EVER_COLLATERAL_SERVICE, "Ever hurt through a relative at {service}", CITIZENS, "count", "higher", "Citizens denied or restricted at {service} only because of a relative's listing on any day of the run.", Total("ever_collateral.{service}")),
    Metric(EVER_COLLATERAL_CHILDREN_SERVICE, "Children ever hurt through a parent at {service}", CITIZENS, "count", "higher", "Children denied or restricted at {service} only because of a parent's listing on any day of the run.", Total("ever_collateral_children.{service}")),
    Metric(EVER_COLLATERAL_DOUBLY_WRONGFUL_SERVICE, "Ever hurt at {service} through a wrongly listed relative", CITIZENS, "count", "higher", "Citizens whose collateral detriment at {service} was doubly wrongful on any day of the run.", Total("ever_collateral_doubly_wrongful.{service}")),
    Metric("group.{group}.collateral.{service}.citizen_days_per_1000", "Collateral {service} detriment per 1,000, {group}", "citizen-days per 1,000 citizens", "rate", "higher", "Days citizens of group {group} were denied or restricted at {service} only because of a relative's listing, per 1,000 of the group.", Quotient(Sum("collateral.{service}.{group}"), Last("citizens.{group}"), 1000.0, when_empty=None), undefined=EMPTY_GROUP),
    # Groups
    Metric(GROUP_CITIZENS, "Citizens, {group}", CITIZENS, "count", "neither", "Citizens of group {group}.", Last("citizens.{group}")),
    Metric(GROUP_MEAN_SCORE_FINAL, "Mean score at the end, {group}", "points", "score", "lower", "Mean observed score of group {group} on the last day.", Quotient(Last("score_sum.{group}"), Last("citizens.{group}"), when_empty=None), undefined=EMPTY_GROUP),
    Metric(GROUP_MEAN_SCORE_TRUE_FINAL, "Mean score at the end, true conduct, {group}", "points", "score", "neither", "Mean score of group {group} by true conduct on the last day.", Quotient(Last("score_sum_true.{group}"), Last("citizens.{group}"), when_empty=None), undefined=EMPTY_GROUP),
    Metric(GROUP_SCORE_GAP_FINAL, "Observed minus true mean score, {group}", "points", "score", "lower", "What observation adds to (or takes from) the mean score of group {group}: observed minus true, on the last day.", Difference(Of(GROUP_MEAN_SCORE_FINAL), Of(GROUP_MEAN_SCORE_TRUE_FINAL)), undefined=EMPTY_GROUP),
    Metric("group.{group}.black_share.final", "Share on the black list at the end, {group}", SHARE, "share", "higher", "Share of group {group} on the black list on the last day.", Quotient(Last("black.{group}"), Last("citizens.{group}"), when_empty=None), undefined=EMPTY_GROUP),
    Metric(GROUP_EVER_BLACKLISTED_PER_1000, "Ever blacklisted per 1,000, {group}", PER_1000, "rate", "higher", "Citizens of group {group} on the black list on any day, per 1,000 of the group.", Quotient(Total("ever_blacklisted.{group}"), Last("citizens.{group}"), 1000.0, when_empty=None), undefined=EMPTY_GROUP),
    Metric(GROUP_EVER_WRONGLY_BLACKLISTED_PER_1000, "Ever wrongly blacklisted per 1,000, {group}", PER_1000, "rate", "higher", "Citizens of group {group} wrongly on the black list on any day, per 1,000 of the group.", Quotient(Total("ever_wrongly_blacklisted.{group}"), Last("citizens.{group}"), 1000.0, when_empty=None), undefined=EMPTY_GROUP),
    Metric(GROUP_WRONGLY_HARMED_SERVICE_CITIZEN_DAYS_PER_1000, "Wrongful {service} denials and restrictions per 1,000, {group}", "citizen-days per 1,000 citizens", "rate", "higher", "Days citizens of group {group} were treated worse at {service} than true conduct warrants, per 1,000 of the group.", Quotient(Sum("wrongly_harmed.{service}.{group}"), Last("citizens.{group}"), 1000.0, when_empty=None), undefined=EMPTY_GROUP),
    Metric("group.{group}.bad_acts_per_citizen_year", "Bad acts per citizen-year, {group}", "acts per citizen per year", "rate", "higher", "True bad acts of group {group}, seen or not, per citizen per year.", Quotient(Yearly("acts_bad.{group}"), Last("citizens.{group}"), when_empty=None), undefined=EMPTY_GROUP),
    # Disparity: each group against the reference group, signed and named ({other} minus, or divided by,
    # {reference}). Each description says which side of 0 (or 1) means {other} fares worse: the one
    # statement of the sign, which docs/metrics.md prints and the reports show under each comparison.
    Metric(DISPARITY_EVER_BLACKLISTED_RATIO, "{other} vs {reference}: ever blacklisted, ratio", "ratio", "ratio", "neither", "Ever-blacklisted rate of group {other} divided by that of the reference group {reference}: above 1, {other} is listed more often.", Quotient(Of("group.{other}.ever_blacklisted_per_1000"), Of("group.{reference}.ever_blacklisted_per_1000"), when_empty=None), undefined="nobody of the reference group was ever blacklisted, or a group has no citizens"),
    Metric(DISPARITY_EVER_BLACKLISTED_DIFFERENCE, "{other} vs {reference}: ever blacklisted, difference", PER_1000, "rate", "neither", "Ever-blacklisted rate of group {other} minus that of the reference group {reference}, per 1,000: above 0, {other} is listed more often.", Difference(Of("group.{other}.ever_blacklisted_per_1000"), Of("group.{reference}.ever_blacklisted_per_1000")), headline=True, bounds=(None, None), undefined=EMPTY_GROUP),
    Metric(DISPARITY_EVER_WRONGLY_BLACKLISTED_RATIO, "{other} vs {reference}: ever wrongly blacklisted, ratio", "ratio", "ratio", "neither", "Ever-wrongly-blacklisted rate of group {other} divided by that of the reference group {reference}: above 1, {other} is wrongly listed more often.", Quotient(Of("group.{other}.ever_wrongly_blacklisted_per_1000"), Of("group.{reference}.ever_wrongly_blacklisted_per_1000"), when_empty=None), undefined="nobody of the reference group was ever wrongly blacklisted, or a group has no citizens"),
    Metric(DISPARITY_EVER_WRONGLY_BLACKLISTED_DIFFERENCE, "{other} vs {reference}: ever wrongly blacklisted, difference", PER_1000, "rate", "neither", "Ever-wrongly-blacklisted rate of group {other} minus that of the reference group {reference}, per 1,000: above 0, {other} is wrongly listed more often.", Difference(Of("group.{other}.ever_wrongly_blacklisted_per_1000"), Of("group.{reference}.ever_wrongly_blacklisted_per_1000")), headline=True, bounds=(None, None), undefined=EMPTY_GROUP),
    Metric(DISPARITY_SCORE_GAP_DIFFERENCE, "{other} vs {reference}: score gap, difference", "points", "score", "neither", "Score gap (observed minus true mean score) of group {other} minus that of the reference group {reference}: below 0, observation marks {other} down more.", Difference(Of("group.{other}.score_gap.final"), Of("group.{reference}.score_gap.final")), headline=True, undefined=EMPTY_GROUP),
    # Conduct
    Metric(BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS, "Bad acts per 1,000 citizen-years", "acts per 1,000 citizen-years", "rate", "higher", "True bad acts, seen or not, per 1,000 citizens per year over the whole run: the conduct a policy is meant to improve.", Quotient(Yearly("acts_bad"), Total("citizens"), 1000.0), headline=True),
    # The benefit: the same figure against the no-scoring twin, at the central values and both ends of the responses' plausible range.
    Metric(BENEFIT, "Benefit: fewer bad acts than no scoring", FEWER_ACTS, "rate", "lower", "Fall in true bad acts per 1,000 citizen-years against the same town with no scoring (policy none, same scenario and seeds), at the scenario's own response values.", Fall(BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS), bounds=(None, None), undefined=NO_BENEFIT),
    Metric(BENEFIT_WEAKEST, "Benefit at the weakest responses", FEWER_ACTS, "rate", "lower", "The benefit with every ranged response at the end of its plausible range that gives the smaller benefit.", Fall(BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS, "weakest"), bounds=(None, None), undefined=NO_BENEFIT),
    Metric(BENEFIT_STRONGEST, "Benefit at the strongest responses", FEWER_ACTS, "rate", "lower", "The benefit with every ranged response at the end of its plausible range that gives the larger benefit.", Fall(BEHAVIOUR_BAD_ACTS_PER_1000_CITIZEN_YEARS, "strongest"), bounds=(None, None), undefined=NO_BENEFIT),
    Metric(BEHAVIOUR_BAD_ACTS_PER_1000_DAY_FIRST, "Bad acts per 1,000 per day, first days", "acts per 1,000 citizens per day", "rate", "higher", "True bad acts per 1,000 citizens per day over the first 30 days (a quarter of a shorter run).", Window("acts_bad", "first")),
    Metric(BEHAVIOUR_BAD_ACTS_PER_1000_DAY_LAST, "Bad acts per 1,000 per day, last days", "acts per 1,000 citizens per day", "rate", "higher", "True bad acts per 1,000 citizens per day over the last 30 days (a quarter of a shorter run).", Window("acts_bad", "last")),
    Metric(BEHAVIOUR_BAD_ACTS_CHANGE, "Change in bad acts, first to last days", SHARE, "change", "higher", "Relative change of true bad acts from the first to the last days of the run.", Change("acts_bad"), headline=True, undefined="no bad act was done in the first days"),
    Metric(BEHAVIOUR_GOOD_ACTS_PER_1000_DAY_FIRST, "Good acts per 1,000 per day, first days", "acts per 1,000 citizens per day", "rate", "lower", "True good acts per 1,000 citizens per day over the first 30 days (a quarter of a shorter run).", Window("acts_good", "first")),
    Metric(BEHAVIOUR_GOOD_ACTS_PER_1000_DAY_LAST, "Good acts per 1,000 per day, last days", "acts per 1,000 citizens per day", "rate", "lower", "True good acts per 1,000 citizens per day over the last 30 days (a quarter of a shorter run).", Window("acts_good", "last")),
    Metric(BEHAVIOUR_GOOD_ACTS_CHANGE, "Change in good acts, first to last days", SHARE, "change", "lower", "Relative change of true good acts from the first to the last days of the run.", Change("acts_good"), undefined="no good act was done in the first days"),
    Metric("acts.{behaviour}", "Acts of {behaviour}", "acts", "count", "neither", "Acts of {behaviour} over the whole run, seen or not, whether or not the policy counts the behaviour: which behaviours the listings rest on, against how often people do them.", Sum("acts.{behaviour}")),
    # Evidence
    Metric("entries", "Entries", "entries", "count", "neither", "Entries that landed in the observed ledger and counted.", Sum("entries")),
    Metric("entries_true", "Entries, true ledger", "entries", "count", "neither", "Entries of the true ledger that counted.", Sum("entries_true")),
    Metric("false_entries", "False entries", "entries", "count", "higher", "Entries that counted although the act never happened.", Sum("false_entries")),
    Metric(GOOD_DEEDS_SEEN_SHARE, "Good deeds seen", SHARE, "share", "lower", "Good-deed entries of the observed ledger divided by those of the true ledger: the share of counted good deeds some source saw.", Quotient(Sum("entries_good"), Sum("entries_true_good"), when_empty=None), headline=True, undefined="the policy counts no good deed that was done"),
    Metric("bad_deeds_seen_share", "Bad deeds seen", SHARE, "share", "neither", "True bad-deed entries of the observed ledger divided by those of the true ledger: the share of counted bad deeds some source saw.", Quotient(Difference(Difference(Sum("entries"), Sum("entries_good")), Sum("false_entries")), Difference(Sum("entries_true"), Sum("entries_true_good")), when_empty=None), undefined="the policy counts no bad deed that was done", bounds=(0.0, None)),
    Metric("false_reports", "False reports", "reports", "count", "higher", "Reports and feed records of acts that never happened.", Sum("false_reports")),
    Metric("false_rejected", "False reports rejected", "reports", "count", "neither", "False reports and records the reviewer rejected.", Sum("false_rejected")),
    Metric("false_reports_landed_share", "False reports that landed", SHARE, "share", "higher", "Share of false reports and records that review let through into the ledger.", Quotient(Difference(Sum("false_reports"), Sum("false_rejected")), Sum("false_reports"), when_empty=None), headline=True, undefined="no false report was made"),
    # Strategic effort: what the score gain is made of, what it costs, and for whom (docs/strategy.md).
    Metric(STRATEGY_IMPROVEMENT_SHARE, "Score gain from better conduct", SHARE, "share", "lower", f"{_SPLIT}: the share that changed true conduct brought (fewer bad acts, more good ones, by responses or by effort); negative where conduct got worse.", Quotient(Total("strategy.points_improved"), _BOOKED, when_empty=None), bounds=(None, None), undefined=NOTHING_BOOKED),
    Metric(STRATEGY_GAMING_SHARE, "Score gain from gaming", SHARE, "share", "higher", f"{_SPLIT}: the share that gamed deeds brought (good deeds done for their points, which true conduct does not count).", Quotient(Total("strategy.points_gamed"), _BOOKED, when_empty=None), bounds=(None, None), undefined=NOTHING_BOOKED),
    Metric(STRATEGY_HIDING_SHARE, "Score gain from hiding", SHARE, "share", "higher", f"{_SPLIT}: the share that bad acts kept from the sources' sight brought.", Quotient(Total("strategy.points_hidden"), _BOOKED, when_empty=None), bounds=(None, None), undefined=NOTHING_BOOKED),
    Metric(STRATEGY_WITHDRAWAL_SHARE, "Score gain from withdrawing", SHARE, "share", "higher", f"{_SPLIT}: the share that staying away from watched activity brought (negative where the good deeds given up weighed more than the bad acts).", Quotient(Total("strategy.points_withdrawn"), _BOOKED, when_empty=None), bounds=(None, None), undefined=NOTHING_BOOKED),
    Metric(STRATEGY_POINTS_PER_CITIZEN_YEAR, "Points gained against no scoring, a citizen-year", "points per citizen-year", "score", "neither", "Points booked against the twin without scoring, all parts together, per citizen per year.", Quotient(_BOOKED, Total("strategy.citizen_years"), when_empty=None), undefined=STRATEGY_OFF),
    Metric(STRATEGY_WITHDRAWN_PER_1000, "Legitimate acts withdrawn per 1,000 citizen-years", "acts per 1,000 citizen-years", "rate", "higher", "Good acts of the withdrawable (watched) categories that citizens gave up by staying away, per 1,000 citizens per year: the chilling effect.", Quotient(Total("strategy.withdrawn_good"), Total("strategy.citizen_years"), 1000.0, when_empty=None), undefined=STRATEGY_OFF),
    Metric(STRATEGY_BURDEN, "Effort on being scored", PER_CITIZEN_YEAR, "rate", "higher", "Effort spent gaming, hiding and withdrawing, per citizen per year, in the scenario's budget units: what being scored costs beyond conduct.", Quotient(_ON_BEING_SCORED, Total("strategy.citizen_years"), when_empty=None), undefined=STRATEGY_OFF),
    Metric("strategy.effort_improving", "Effort on better conduct", PER_CITIZEN_YEAR, "rate", "neither", "Effort spent improving true conduct, per citizen per year, in the scenario's budget units.", Quotient(Total("strategy.effort_improve"), Total("strategy.citizen_years"), when_empty=None), undefined=STRATEGY_OFF),
    Metric("strategy.gamed_per_1000", "Gamed deeds per 1,000 citizen-years", "deeds per 1,000 citizen-years", "rate", "higher", "Deeds of the gameable behaviours done for the points they book, seen or not, per 1,000 citizens per year.", Quotient(Total("strategy.gamed_deeds"), Total("strategy.citizen_years"), 1000.0, when_empty=None), undefined=STRATEGY_OFF),
    Metric(GROUP_STRATEGY_POINTS_PER_CITIZEN_YEAR, "Points gained against no scoring, a citizen-year, {group}", "points per citizen-year", "score", "neither", "Points booked against the twin without scoring per citizen of group {group} per year.", Quotient(_BOOKED_GROUP, Total("strategy.citizen_years.{group}"), when_empty=None), undefined=STRATEGY_OFF),
    Metric("group.{group}.strategy.gaming_share", "Score gain from gaming, {group}", SHARE, "share", "higher", "The gaming share of the points booked against the twin without scoring, for group {group}.", Quotient(Total("strategy.points_gamed.{group}"), _BOOKED_GROUP, when_empty=None), bounds=(None, None), undefined=NOTHING_BOOKED),
    Metric(GROUP_STRATEGY_WITHDRAWN_PER_1000, "Legitimate acts withdrawn per 1,000 citizen-years, {group}", "acts per 1,000 citizen-years", "rate", "higher", "Good acts of the withdrawable categories that citizens of group {group} gave up, per 1,000 of the group per year.", Quotient(Total("strategy.withdrawn_good.{group}"), Total("strategy.citizen_years.{group}"), 1000.0, when_empty=None), undefined=STRATEGY_OFF),
    Metric(GROUP_STRATEGY_BURDEN, "Effort on being scored, {group}", PER_CITIZEN_YEAR, "rate", "higher", "Effort citizens of group {group} spent gaming, hiding and withdrawing, per citizen per year.", Quotient(_ON_BEING_SCORED_GROUP, Total("strategy.citizen_years.{group}"), when_empty=None), undefined=STRATEGY_OFF),
    Metric(DISPARITY_STRATEGY_BURDEN_DIFFERENCE, "{other} vs {reference}: effort on being scored, difference", PER_CITIZEN_YEAR, "rate", "neither", "Effort on being scored (gaming, hiding, withdrawing) per citizen-year of group {other} minus that of the reference group {reference}: above 0, {other} puts more of its effort into being scored rather than into conduct. Every group spends its whole budget where some way moves points, so unequal costs show in where the effort goes and in the effort per point gained (strategy.effort_per_100_points), not here.", Difference(Of("group.{other}.strategy.burden"), Of("group.{reference}.strategy.burden")), bounds=(None, None), undefined=STRATEGY_OFF),
    Metric(STRATEGY_EFFORT_PER_100_POINTS, "Effort for 100 points gained", "effort units per 100 points", "rate", "higher", "All the effort spent on the score (improving, gaming, hiding, withdrawing) for each 100 points booked against the twin without scoring: what a point costs.", Quotient(_EFFORT, _BOOKED, 100.0, when_empty=None), undefined=NOTHING_BOOKED),
    Metric(GROUP_STRATEGY_EFFORT_PER_100_POINTS, "Effort for 100 points gained, {group}", "effort units per 100 points", "rate", "higher", "All the effort citizens of group {group} spent on the score for each 100 points they booked against the twin without scoring.", Quotient(_EFFORT_GROUP, _BOOKED_GROUP, 100.0, when_empty=None), undefined=NOTHING_BOOKED),
    Metric(DISPARITY_STRATEGY_EFFORT_PER_100_POINTS_DIFFERENCE, "{other} vs {reference}: effort for 100 points, difference", "effort units per 100 points", "rate", "neither", "Effort for 100 points gained by group {other} minus that of the reference group {reference}: above 0, a point costs {other} more effort (the unequal burden of being scored).", Difference(Of("group.{other}.strategy.effort_per_100_points"), Of("group.{reference}.strategy.effort_per_100_points")), bounds=(None, None), undefined=NOTHING_BOOKED),
    # Surveillance
    Metric(SURVEILLANCE_OBSERVATIONS_PER_CITIZEN_YEAR, "Observations per citizen-year", "records per citizen per year", "rate", "higher", "Records the sources made about citizens (feed sightings, false records, collector reports) per citizen per year: how much is watched.", Quotient(Yearly("observations"), Total("citizens")), headline=True),
    Metric(SURVEILLANCE_SENSITIVE_OBSERVATIONS_PER_CITIZEN_YEAR, "Sensitive observations per citizen-year", "records per citizen per year", "rate", "higher", "Records in sensitive categories (health, dating and any marked sensitive) per citizen per year.", Quotient(Yearly("observations_sensitive"), Total("citizens")), headline=True),
    Metric(SURVEILLANCE_COLLECTOR_REPORTS_PER_RESIDENT_YEAR, "Collector reports per resident-year", "reports per resident per year", "rate", "higher", "Reports neighbourhood collectors filed within their daily limit, per resident per year.", Quotient(Yearly("reports_collector"), Total("citizens")), headline=True),
    # Service demand
    Metric(ATTEMPTS_SERVICE, "Attempts at {service}", ATTEMPTS, "count", "neither", "Attempts citizens made to use {service} over the run, at the scenario's demand.", Sum("attempts.{service}")),
    Metric(ATTEMPTS_REFUSED_SERVICE, "Attempts refused at {service}", ATTEMPTS, "count", "higher", "Attempts at {service} refused over the run (tickets blocked, applications turned down).", Sum("attempts_refused.{service}")),
    Metric(ATTEMPTS_RESTRICTED_SERVICE, "Attempts restricted at {service}", ATTEMPTS, "count", "higher", "Attempts at {service} admitted only on restricting conditions over the run.", Sum("attempts_restricted.{service}")),
    Metric(ATTEMPTS_WRONGLY_REFUSED_SERVICE, "Attempts wrongly refused at {service}", ATTEMPTS, "count", "higher", "Attempts at {service} refused over the run although true conduct would not refuse the citizen.", Sum("attempts_wrongly_refused.{service}")),
    Metric(ATTEMPTS_WRONGLY_RESTRICTED_SERVICE, "Attempts wrongly restricted at {service}", ATTEMPTS, "count", "higher", "Attempts at {service} restricted over the run although true conduct would admit the citizen freely.", Sum("attempts_wrongly_restricted.{service}")),
    Metric(ATTEMPTS_REFUSED_SHARE_SERVICE, "Share of attempts refused at {service}", SHARE, "share", "higher", "Attempts at {service} refused divided by all attempts at it.", Quotient(Sum("attempts_refused.{service}"), Sum("attempts.{service}"), when_empty=None), undefined=NO_ATTEMPTS),
    Metric(ATTEMPTS_WRONGFUL_SHARE_SERVICE, "Share of refusals at {service} that are wrong", SHARE, "share", "higher", "Attempts at {service} wrongly refused divided by all attempts refused.", Quotient(Sum("attempts_wrongly_refused.{service}"), Sum("attempts_refused.{service}"), when_empty=None), undefined="no attempt at the service was refused"),
    # Redress
    Metric(REDRESS_DISPUTES, "Disputes filed", DISPUTES, "count", "neither", "Entries citizens disputed over the run.", Sum("disputes")),
    Metric(REDRESS_DISPUTES_FALSE_SHARE, "Disputes of false entries", SHARE, "share", "neither", "Share of disputes filed against entries whose act never happened.", Quotient(Sum("disputes_false"), Sum("disputes"), when_empty=None), undefined=NO_DISPUTES),
    Metric(REDRESS_BACKLOG_FINAL, "Disputes waiting at the end", DISPUTES, "count", "higher", "Disputes filed and not yet decided on the last day.", Last("appeal_backlog")),
    Metric(REDRESS_BACKLOG_PEAK, "Most disputes waiting", DISPUTES, "count", "higher", "The longest the queue of undecided disputes grew on any day.", Peak("appeal_backlog")),
    Metric(REDRESS_DECISION_DAYS_MEDIAN, "Days to decision, median", "days", "count", "higher", "Median days from dispute to decision over the disputes decided in the run.", WaitQuantile(0.5), undefined=NO_DECISIONS),
    Metric(REDRESS_DECISION_DAYS_P90, "Days to decision, 90th percentile", "days", "count", "higher", "Days within which 90% of the disputes decided in the run were decided.", WaitQuantile(0.9), undefined=NO_DECISIONS),
    Metric(REDRESS_DECIDED_IN_TIME_SHARE, "Disputes decided within the deadline", SHARE, "share", "lower", "Disputes decided within the policy's deadline, over the disputes closed in the run (decided or lapsed); those still waiting at the end are left out.", Quotient(Sum("appeal_decisions_in_time"), Sum("disputes_closed"), when_empty=None), headline=True, undefined="no dispute was closed"),
    Metric(REDRESS_FALSE_ENTRIES_CORRECTED_SHARE, "False entries corrected", SHARE, "share", "lower", "False entries reversed on appeal divided by the false entries that counted.", Quotient(Sum("reversals_false"), Sum("false_entries"), when_empty=None), headline=True, undefined="no false entry counted"),
    Metric(REDRESS_TRUE_ENTRIES_REVERSED, "True entries reversed", ENTRIES, "count", "higher", "Entries of acts that did happen that review reversed all the same.", Sum("reversals_wrongful")),
    Metric(REDRESS_WRONGFUL_LISTINGS_CORRECTED_SHARE, "Wrongful listings corrected", SHARE, "share", "lower", "Wrongful black listings lifted on appeal divided by the wrongful listing terms begun in the run.", Quotient(Sum("listings_wrongful_corrected"), Sum("black_listings_wrongful"), when_empty=None), undefined="no wrongful listing began", bounds=(0.0, None)),
    Metric(REDRESS_WRONGLY_LISTED_DAYS_BEFORE_CORRECTION, "Days wrongly listed before correction", CITIZEN_DAYS, "citizen_days", "higher", "Citizen-days the wrongful listings corrected on appeal had lasted when they were lifted.", Sum("wrongly_listed_days_corrected")),
    Metric(RESTORATIONS, "Restorations", "citizens", "count", "neither", "Black listings ended by the act that repairs them (paying the debt, for instance).", Sum("restorations")),
    Metric(RESTORATIONS_WRONGFUL, "Restorations from a wrongful listing", "citizens", "count", "higher", "Restorations by citizens whom true conduct would not list: they paid their way off.", Sum("restorations_wrongful")),
    Metric(BLACK_LISTINGS, "Black listings begun", "citizens", "count", "neither", "Black listing terms begun over the run, new listings and renewals by a later finding.", Sum("black_listings")),
    Metric(REHABILITATIONS, "Credit restorations", "citizens", "count", "neither", "Black listings ended by credit restoration, before the debt was paid in full.", Sum("rehabilitations")),
    Metric(BLACK_EXPIRIES, "Black listings expired", "citizens", "count", "neither", "Black listings ended because their fixed term ran out.", Sum("black_expiries")),
    Metric(BLACK_EXITS, "Black listings ended", "citizens", "count", "neither", "Black listings ended over the run by any exit (repair, credit restoration, fixed term, the list's exit rule, appeal).", Sum("black_exits")),
    Metric("collectors", "Collectors", "collectors", "count", "neither", "Registered collectors.", Total("collectors")),
    Metric("collectors.malicious", "Malicious collectors", "collectors", "count", "higher", "Collectors who invent reports against residents they hold a grudge with.", Total("collectors_malicious")),
    Metric("collectors.{collector}.filed", "Reports filed, {collector} collectors", "reports", "count", "neither", "Reports filed by {collector} collectors within the daily limit.", Total("collector_{collector}_filed")),
    Metric("collectors.{collector}.upheld_share", "Reports upheld, {collector} collectors", SHARE, "share", "neither", "Share of the reports of {collector} collectors that made it into the ledger.", Quotient(Total("collector_{collector}_upheld"), Total("collector_{collector}_filed"), when_empty=None), headline=True, undefined="no report was filed"),
    Metric("collectors.{collector}.false_upheld", "False reports upheld, {collector} collectors", "reports", "count", "higher", "Reports of acts that never happened by {collector} collectors that landed in the ledger.", Total("collector_{collector}_false_upheld")),
    Metric(COLLECTORS_MAX_DISTRICT_SHARE, "Collectors in the busiest district", SHARE, "share", "neither", "Share of all collectors working, on the last day, in the district that holds most of them: 1 when every collector ends in one district (docs/runaway-collectors.md).", Quotient(LastLargest("collectors_in.{district}"), Total("collectors"), when_empty=None), undefined="collectors stay where they are (allocation fixed), or there are none"),
)
# fmt: on
