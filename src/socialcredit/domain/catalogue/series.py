"""The series (one column of series.parquet each, counted every day) and the run totals."""

from __future__ import annotations

from socialcredit.domain.catalogue.declarations import RunTotal, Series

# One declaration per line: the tables read best as tables.
# fmt: off
CITIZENS = "citizens"
CITIZEN_DAYS = "citizen-days"
ATTEMPTS = "attempts"
DISPUTES = "disputes"
ENTRIES = "entries"

SERIES: tuple[Series, ...] = (
    Series("grade.{grade}", "Grade {grade}", CITIZENS, "Citizens whose observed score is in grade {grade}."),
    Series("grade_true.{grade}", "Grade {grade}, true conduct", CITIZENS, "Citizens whose score from true conduct is in grade {grade}."),
    Series("watch", "On watch", CITIZENS, "Citizens whose observed score is below the watch threshold.", "higher"),
    Series("watch_true", "On watch, true conduct", CITIZENS, "Citizens whose score from true conduct is below the watch threshold."),
    Series("{list}", "On the {list} list", CITIZENS, "Citizens on the {list} list by the observed ledger, including any notice period."),
    Series("{list}_in_force", "{list} listing in force", CITIZENS, "Citizens on the {list} list whose notice period has passed, so the listing has consequences."),
    Series("{list}_true", "On the {list} list, true conduct", CITIZENS, "Citizens the {list} list would hold if every record were correct and complete."),
    Series("{list}_wrongful", "Wrongly on the {list} list", CITIZENS, "Citizens on the {list} list whom true conduct would not put there.", "higher"),
    Series("{list}_missed", "Missed by the {list} list", CITIZENS, "Citizens true conduct would put on the {list} list who are not on it.", "higher"),
    Series("{list}.{group}", "On the {list} list, {group}", CITIZENS, "Citizens of group {group} on the {list} list."),
    Series("{list}_wrongful.{group}", "Wrongly on the {list} list, {group}", CITIZENS, "Citizens of group {group} wrongly on the {list} list.", "higher"),
    Series("denied.{service}", "Denied {service}", CITIZENS, "Citizens the observed standing refuses {service}.", "higher"),
    Series("restricted.{service}", "Restricted at {service}", CITIZENS, "Citizens the observed standing admits to {service} only on restricting conditions.", "higher"),
    Series("privileged.{service}", "Privileged at {service}", CITIZENS, "Citizens the observed standing gives a perk at {service}."),
    Series("denied_true.{service}", "Denied {service}, true conduct", CITIZENS, "Citizens true conduct would refuse {service}."),
    Series("restricted_true.{service}", "Restricted at {service}, true conduct", CITIZENS, "Citizens true conduct would admit to {service} only on restricting conditions."),
    Series("privileged_true.{service}", "Privileged at {service}, true conduct", CITIZENS, "Citizens true conduct would give a perk at {service}."),
    Series("denied_wrongful.{service}", "Wrongly denied {service}", CITIZENS, "Citizens refused {service} whom true conduct would not refuse it.", "higher"),
    Series("restricted_wrongful.{service}", "Wrongly restricted at {service}", CITIZENS, "Citizens restricted at {service} whom true conduct would admit without restriction.", "higher"),
    Series("privileged_missed.{service}", "Missed privilege at {service}", CITIZENS, "Citizens true conduct would give a perk at {service} who do not get it.", "higher"),
    Series("wrongly_harmed", "Wrongly denied or restricted anywhere", CITIZENS, "Citizens treated worse at one service or more than true conduct warrants.", "higher"),
    Series("harmed.{service}.{group}", "Denied or restricted at {service}, {group}", CITIZENS, "Citizens of group {group} refused {service} or admitted only on restricting conditions.", "higher"),
    Series("wrongly_harmed.{service}.{group}", "Wrongly denied or restricted at {service}, {group}", CITIZENS, "Citizens of group {group} treated worse at {service} than true conduct warrants.", "higher"),
    Series("collateral", "Collateral detriment anywhere", CITIZENS, "Citizens denied or restricted at one service or more only because of a relative's listing.", "higher"),
    Series("collateral.{service}", "Collateral detriment at {service}", CITIZENS, "Citizens denied or restricted at {service} only because of a relative's listing: a rule reaching relatives (applies_to) holds for a parent's or the spouse's listing in force, and their own standing would treat them better.", "higher"),
    Series("collateral_true.{service}", "Collateral detriment at {service}, true conduct", CITIZENS, "Citizens whom true conduct, theirs and their relatives', would deny or restrict at {service} only because of a relative's listing."),
    Series("collateral_wrongful.{service}", "Wrongful collateral detriment at {service}", CITIZENS, "Citizens denied or restricted at {service} because of a relative's listing whom true conduct, theirs and their relatives', would treat better.", "higher"),
    Series("collateral_doubly_wrongful.{service}", "Doubly wrongful collateral detriment at {service}", CITIZENS, "Citizens denied or restricted at {service} because of a relative whose listing is wrongful: the relatives' listings in force by the observed ledger reach them harder than their listings by true conduct would.", "higher"),
    Series("collateral.{service}.{group}", "Collateral detriment at {service}, {group}", CITIZENS, "Citizens of group {group} denied or restricted at {service} only because of a relative's listing.", "higher"),
    Series("acts_good", "Good acts", "acts", "Good acts done that day (of every behaviour the scenario declares good), seen or not, counted by the policy or not."),
    Series("acts_bad", "Bad acts", "acts", "Harmful acts done that day (of every behaviour the scenario declares harmful), seen or not, counted by the policy or not.", "higher"),
    Series("acts_good.{group}", "Good acts, {group}", "acts", "Good acts done that day by citizens of group {group}."),
    Series("acts_bad.{group}", "Bad acts, {group}", "acts", "Bad acts done that day by citizens of group {group}.", "higher"),
    Series("acts.{behaviour}", "Acts of {behaviour}", "acts", "Acts of {behaviour} done that day, seen or not, whether or not the policy names or counts the behaviour (the scenario's world declares it, and whether it is good or harmful)."),
    Series("entries", "Entries", "entries", "Entries that landed in the observed ledger and count (consent and caps applied)."),
    Series("entries_true", "Entries, true ledger", "entries", "Entries of the true ledger that count: every act the policy counts, seen perfectly."),
    Series("entries_good", "Good entries", "entries", "Entries of good deeds that landed in the observed ledger and count."),
    Series("entries_true_good", "Good entries, true ledger", "entries", "Entries of good deeds in the true ledger that count."),
    Series("false_entries", "False entries", "entries", "Entries that count although the act never happened.", "higher"),
    Series("observations", "Observations", "records", "Records the sources made about citizens before review: each enabled feed's sighting of an act it may report (counted by the policy or not; an act seen by two feeds is two records), its false records, and collectors' reports within their daily limit."),
    Series("observations_sensitive", "Observations in sensitive categories", "records", "Sightings and false records of feeds whose category is sensitive (health, dating, and any the policy marks sensitive)."),
    Series("reports_feed", "Feed records", "records", "Records feeds made of acts the policy counts, and false records, before review (an act seen by several feeds is one record)."),
    Series("reports_collector", "Collector reports", "reports", "Reports collectors filed within their daily limit, before review."),
    Series("reports_over_limit", "Collector reports over the limit", "reports", "Reports refused because the collector had reached the policy's daily limit."),
    Series("reports_rejected", "Records rejected in review", "records", "Collector reports and untrusted feed records the reviewer rejected, true or false."),
    Series("false_reports", "False reports", "reports", "Reports and feed records of acts that never happened.", "higher"),
    Series("false_rejected", "False reports rejected", "reports", "False reports and records the reviewer rejected."),
    Series("citizens.{group}", "Citizens, {group}", CITIZENS, "Citizens of group {group}."),
    Series("score_sum.{group}", "Sum of scores, {group}", "points", "Sum of the observed scores of group {group}.", kind="score"),
    Series("score_sum_true.{group}", "Sum of true scores, {group}", "points", "Sum of the scores of group {group} by true conduct.", kind="score"),
    Series("collateral_children.{service}", "Children with collateral detriment at {service}", CITIZENS, "Children (household members besides its one or two adults) denied or restricted at {service} only because of a parent's listing.", "higher"),
    Series("attempts.{service}", "Attempts at {service}", ATTEMPTS, "Attempts citizens made to use {service} (tickets bought, applications made) at the scenario's demand, whatever their standing."),
    Series("attempts_refused.{service}", "Attempts refused at {service}", ATTEMPTS, "Attempts at {service} on a day the observed standing refuses the citizen.", "higher"),
    Series("attempts_restricted.{service}", "Attempts restricted at {service}", ATTEMPTS, "Attempts at {service} on a day the observed standing admits the citizen only on restricting conditions.", "higher"),
    Series("attempts_wrongly_refused.{service}", "Attempts wrongly refused at {service}", ATTEMPTS, "Attempts at {service} refused although true conduct would not refuse the citizen.", "higher"),
    Series("attempts_wrongly_restricted.{service}", "Attempts wrongly restricted at {service}", ATTEMPTS, "Attempts at {service} restricted although true conduct would admit the citizen freely.", "higher"),
    Series("disputes", "Disputes filed", DISPUTES, "Entries citizens disputed that day: only entries against them that they knew of (notified, served with a listing, or found out)."),
    Series("disputes_false", "Disputes of false entries", DISPUTES, "Disputes filed that day against entries whose act never happened."),
    Series("appeal_decisions", "Disputes decided", DISPUTES, "Disputes review decided that day, oldest first, within its capacity."),
    Series("appeal_decisions_in_time", "Disputes decided within the deadline", DISPUTES, "Disputes decided that day within the policy's `appeals.deadline_days` of being filed."),
    Series("disputes_closed", "Disputes closed", DISPUTES, "Disputes decided that day, or lapsed because their entry expired first (not those a repair made moot)."),
    Series("appeal_backlog", "Disputes waiting", DISPUTES, "Disputes filed and not yet decided at the end of the day.", "higher"),
    Series("disputes_lapsed", "Disputes lapsed", DISPUTES, "Disputes closed undecided that day because their entry expired first, or a repair cleared it.", "higher"),
    Series("reversals", "Entries reversed", ENTRIES, "Disputed entries review reversed that day: they stop counting and give back their cap slot."),
    Series("reversals_false", "False entries reversed", ENTRIES, "Reversals that day of entries whose act never happened: corrections."),
    Series("reversals_wrongful", "True entries reversed", ENTRIES, "Reversals that day of entries whose act did happen: review's own errors.", "higher"),
    Series("listings_lifted", "Listings lifted on appeal", CITIZENS, "Black listings lifted that day because an entry they rested on was reversed or set aside while disputed."),
    Series("listings_wrongful_corrected", "Wrongful listings corrected", CITIZENS, "Listings lifted that day on appeal whom true conduct would not list."),
    Series("wrongly_listed_days_corrected", "Days wrongly listed before correction", CITIZEN_DAYS, "For the wrongful listings corrected that day: the days each had lasted.", "higher"),
    Series("black_listings", "Black listings", CITIZENS, "Citizens who began a black listing term that day (new listings and renewals)."),
    Series("black_listings_wrongful", "Wrongful black listings", CITIZENS, "Black listing terms begun that day whom true conduct would not list.", "higher"),
    Series("restorations", "Restorations", CITIZENS, "Citizens who left the black list that day by the act that repairs it (paying the debt, for instance)."),
    Series("restorations_wrongful", "Restorations from a wrongful listing", CITIZENS, "Restorations that day by citizens whom true conduct would not list: they paid their way off.", "higher"),
    Series("collectors_in.{district}", "Collectors in {district}", "collectors", "Collectors working in district {district} that day (counted only where the scenario moves collectors between districts)."),
    Series("acts_bad_in.{district}", "Bad acts in {district}", "acts", "Harmful acts done that day by residents of district {district}, seen or not (counted only where collectors move).", "higher"),
    Series("rehabilitations", "Credit restorations", CITIZENS, "Citizens taken off the black list that day by credit restoration (the policy's `rehabilitation`: a settlement kept or good faith shown, before the debt is paid in full)."),
    Series("black_expiries", "Black listings expired", CITIZENS, "Black listings that ended that day because their fixed term (the policy's `term_days`) ran out."),
    Series("black_exits", "Black listings ended", CITIZENS, "Citizens on the black list at the start of the day and off it at its end, by whatever exit: a repair, credit restoration, a fixed term, the list's exit rule, an appeal."),
)

DERIVED_SERIES: tuple[Series, ...] = (
    Series("mean_score.{group}", "Mean score, {group}", "points", "Mean observed score of group {group}: score_sum over citizens.", kind="score"),
    Series("mean_score_true.{group}", "Mean true score, {group}", "points", "Mean score of group {group} by true conduct.", kind="score"),
    Series("collectors_share.{district}", "Share of collectors in {district}", "share", "Share of all collectors working in district {district} that day: collectors_in over their sum.", kind="share"),
)
"""Columns of series.parquet computed from the counted ones, for readers of the table."""

TOTALS: tuple[RunTotal, ...] = (
    RunTotal("citizens", "Citizens", "Citizens of the run."),
    RunTotal("collectors", "Collectors", "Registered collectors."),
    RunTotal("collectors_malicious", "Malicious collectors", "Collectors who invent reports against residents they hold a grudge with."),
    RunTotal("ever_blacklisted", "Ever blacklisted", "Citizens on the black list on any day.", "higher"),
    RunTotal("ever_wrongly_blacklisted", "Ever wrongly blacklisted", "Citizens wrongly on the black list on any day.", "higher"),
    RunTotal("ever_blacklisted.{group}", "Ever blacklisted, {group}", "Citizens of group {group} on the black list on any day.", "higher"),
    RunTotal("ever_wrongly_blacklisted.{group}", "Ever wrongly blacklisted, {group}", "Citizens of group {group} wrongly on the black list on any day.", "higher"),
    RunTotal("households", "Households", "Households of the run; without households in the scenario every citizen is one."),
    RunTotal("children", "Children", "Household members besides its one or two adults."),
    RunTotal("ever_collateral", "Ever hurt through a relative", "Citizens denied or restricted at some service only because of a relative's listing on any day.", "higher"),
    RunTotal("ever_collateral_children", "Children ever hurt through a parent", "Children denied or restricted at some service only because of a parent's listing on any day.", "higher"),
    RunTotal("ever_collateral.{service}", "Ever hurt through a relative at {service}", "Citizens denied or restricted at {service} only because of a relative's listing on any day.", "higher"),
    RunTotal("ever_collateral_children.{service}", "Children ever hurt through a parent at {service}", "Children denied or restricted at {service} only because of a parent's listing on any day.", "higher"),
    RunTotal("ever_collateral_doubly_wrongful.{service}", "Ever hurt at {service} through a wrongly listed relative", "Citizens whose collateral detriment at {service} was doubly wrongful on any day.", "higher"),
    RunTotal("ever_wrongly_harmed.{service}", "Ever wrongly denied or restricted at {service}", "Citizens treated worse at {service} than true conduct warrants on any day.", "higher"),
    RunTotal("collector_{collector}_filed", "Reports filed, {collector} collectors", "Reports filed by {collector} collectors within the daily limit."),
    RunTotal("collector_{collector}_upheld", "Reports upheld, {collector} collectors", "Reports by {collector} collectors that review let through (all of them without review)."),
    RunTotal("collector_{collector}_false_filed", "False reports filed, {collector} collectors", "Reports of acts that never happened filed by {collector} collectors.", "higher"),
    RunTotal("collector_{collector}_false_upheld", "False reports upheld, {collector} collectors", "Reports of acts that never happened by {collector} collectors that landed.", "higher"),
)
# fmt: on
