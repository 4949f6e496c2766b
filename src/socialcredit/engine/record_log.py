"""The story log's view of a day's evidence: every record a source made, and what became of
it (`engine.storylog`), for the citizens whose stories a run keeps."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.engine.conduct import Acts
from socialcredit.engine.population import Population
from socialcredit.engine.sightings import Sightings
from socialcredit.engine.storylog import StoryLog

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]


def log_records(
    log: StoryLog,
    pop: Population,
    acts: Acts,
    looked: Sightings,
    acts_fate: tuple[Mask, Mask],
    false_records: tuple[I64, I64, I64, Mask],
    filed: tuple[I64, I32, I64, Mask],
    fate: tuple[Mask, Mask],
) -> None:
    """Every record of the day for the story log: feeds' sightings of acts (landed, not
    scored, or rejected in review), their false records, and collectors' reports (landed,
    rejected, or over the daily limit), with the collector's own citizen number."""
    counted, by_feed = acts_fate
    # One chunk for the day, so that the log's cut has one per day, not one per source,
    # made in the log's own small types (`storylog.COMPACT`): nothing is copied twice.
    seen = looked.seen
    cit, beh, index, upheld = false_records
    c_cit, c_beh, c_id, c_false = filed
    within, c_upheld = fate
    feeds, false = len(seen), len(seen) + len(cit)  # where the false records, collectors start
    n = false + len(c_cit)
    citizen = np.empty(n, dtype=np.int32)
    behaviour = np.empty(n, dtype=np.int16)
    source = np.full(n, -1, dtype=np.int16)
    collector = np.full(n, -1, dtype=np.int32)
    malicious = np.zeros(n, dtype=np.bool_)
    never = np.zeros(n, dtype=np.bool_)
    outcome = np.empty(n, dtype=np.int8)
    citizen[:feeds], behaviour[:feeds] = acts.citizen[seen], acts.behaviour[seen]
    # Each feed's sightings, feed after feed: its number over its part of `seen`.
    each = np.diff(np.concatenate([[0], looked.ends]))
    source[:feeds] = np.repeat(np.arange(len(each), dtype=np.int16), each)
    outcome[:feeds] = ~by_feed[seen]  # landed 0, rejected in review 1...
    outcome[:feeds][~counted[seen]] = 3  # ...or not scored
    citizen[feeds:false], behaviour[feeds:false], source[feeds:false] = cit, beh, index
    never[feeds:false] = True
    outcome[feeds:false] = ~upheld
    citizen[false:], behaviour[false:] = c_cit, c_beh
    collector[false:] = pop.collector_citizen[c_id] + pop.first_citizen
    malicious[false:], never[false:] = pop.malicious[c_id], c_false
    outcome[false:] = 2  # over the collector's daily limit...
    outcome[false:][within] = ~c_upheld  # ...or landed, or rejected in review
    log.add(
        "record",
        citizen,
        behaviour=behaviour,
        source=source,
        collector=collector,
        malicious=malicious,
        false=never,
        outcome=outcome,
    )
