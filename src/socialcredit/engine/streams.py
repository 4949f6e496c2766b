"""One random stream per concern, so that the draws of one never move the draws of another.

A run's seed gives each shard `SeedSequence(seed, spawn_key=(shard,))`; inside the shard every
concern draws from its own generator, keyed by the concern's name (and, for a feed or a conduct
stream, by the feed's code or the stream's category and sign):

    population              groups and consent
    propensity:<cat>:<sign> each citizen's propensity for the good or bad acts of a category
    responses               who gives up once listed
    roster                  who the collectors are, which are malicious, and their grudges
    conduct:<cat>:<sign>    the acts themselves, at the world's rates
    conduct:<cat>:<sign>:more  the extra acts of citizens whom a response (or improving) makes
                            do more
    conduct:<cat>:good:gamed   deeds done for show (strategic effort on)
    strategy                each citizen's costs of improving, gaming, hiding, withdrawing
    feed:<code>             what a feed sees, and the records it invents
    collectors              what collectors see, whom they pick, and their false reports
    review                  the reviewer's verdicts
    demand                  who tries to use which service on which day
    appeals                 who learns of and disputes an entry, and review's verdicts
    repairs                 who repairs their listing, and when
    stories                 each citizen's key for being told (the run keeps stories)
    households              household sizes and which households are couples

The key is a CRC-32 of the name, not a position, so adding a concern, a feed or a category
leaves every other stream as it was. This is what makes variants comparable: the same seed
gives the same citizens, the same propensities and, with behavioural responses off, the same
acts under any two policies, whatever behaviours they count (common random numbers; the
scenario's world alone declares what people do). `engine.sharing` reads from two scenarios
which of these streams two runs share.
"""

from __future__ import annotations

import zlib

import numpy as np


def concern_key(name: str) -> int:
    """The spawn-key element of a concern: stable across versions, policies and scenarios."""
    return zlib.crc32(name.encode("utf-8"))


def shard_seed(seed: int, shard: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed, spawn_key=(shard,))


class Streams:
    """The generators of one shard, one per concern name, made on first use."""

    def __init__(self, seed: np.random.SeedSequence) -> None:
        self._seed = seed
        self._made: dict[str, np.random.Generator] = {}

    def __call__(self, name: str) -> np.random.Generator:
        found = self._made.get(name)
        if found is None:
            sequence = np.random.SeedSequence(
                self._seed.entropy,
                spawn_key=(*self._seed.spawn_key, concern_key(name)),
                pool_size=self._seed.pool_size,
            )
            found = self._made[name] = np.random.Generator(np.random.PCG64(sequence))
        return found
