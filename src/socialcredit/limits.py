"""The names and bounds the command line declares its options with, in a module that imports
nothing: `socialcredit --help`, a subcommand's help and an option error answer without loading
the documents' models, numpy or the plotting library. The modules that enforce each bound
import it from here."""

from __future__ import annotations

SHIPPED_POLICIES = ("default", "classic", "court-defaulters", "none")
SHIPPED_SCENARIOS = (
    "baseline",
    "heavy-surveillance",
    "biased-collectors",
    "malicious-collectors",
    "court-blacklist",
    "reputation-game",
    "runaway-collectors",
    "runaway-collectors-corrected",
    "strategic",
)

MAX_DAYS = 7305
"""The longest run: twenty years of days (5 leap years), long enough for a record that opened in
2013 to be followed past 2030, and a bound on every per-day array a run keeps."""

MAX_CITIZENS = 1_500_000_000
"""The largest population: the whole country (1.4 billion) with room. A run that large needs
districts to match: shards are whole districts of about 100,000 citizens
(`docs/national-scale.md`)."""

MAX_SEED = 2**63 - 1
"""Seeds are stored as 64-bit integers in the series table."""

MAX_SEEDS = 1000
"""The most seeds an experiment runs each variant over."""

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for an existing scheduler before giving up."""
