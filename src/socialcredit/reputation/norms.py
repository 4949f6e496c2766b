"""Assessment norms of the reputation game: the leading eight and image scoring, as tables."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Final

import numpy as np
from numpy.typing import NDArray

ASSESSMENT_ORDER: Final = ("GGC", "GGD", "GBC", "GBD", "BGC", "BGD", "BBC", "BBD")
"""How the letters of a norm in `NORMS` line up: donor's reputation, recipient's reputation,
action (C helped, D did not). Spelled out so a table can be read and checked by eye."""

NORMS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # donor/recipient:  GG  GB  BG  BB   (each pair: verdict after C, after D)
        "L1": "GB GG GB GB",
        "L2": "GB BG GB GB",  # consistent standing
        "L3": "GB GG GB GG",  # simple standing
        "L4": "GB GG GB BG",
        "L5": "GB BG GB GG",
        "L6": "GB BG GB BG",  # stern judging
        "L7": "GB GG GB BB",  # staying
        "L8": "GB BG GB BB",  # judging
        "image-scoring": "GB GB GB GB",
    }
)
"""Assessment norms d(donor, recipient, action) -> new reputation of the donor, as eight letters
in `ASSESSMENT_ORDER` (blanks only group them by donor and recipient).

L1..L8 are the "leading eight" of Ohtsuki & Iwasa (2004, J. Theor. Biol. 231:107-120; 2006,
J. Theor. Biol. 239:435-444): the only norms (with their action rules) that keep cooperation
evolutionarily stable under public reputations. They agree on d(G,G,C)=G, d(G,G,D)=B,
d(G,B,D)=G, d(B,G,C)=G and d(B,G,D)=B, and differ only in d(G,B,C), d(B,B,C) and d(B,B,D).
Image scoring (Nowak & Sigmund 1998) is first-order: helping is Good, refusing is Bad,
whoever the recipient.

Under the discriminator action rule used here nobody intends to help a Bad recipient, so the
d(., B, C) entries are never consulted, and the leading eight fall into two behaviourally
identical classes that differ only by d(B,B,D): G for L3-L6, B for L1, L2, L7, L8.
"""


def norm_names() -> str:
    return ", ".join(NORMS)


@cache
def assessment_table(norm: str) -> NDArray[np.bool_]:
    """The norm as a boolean array indexed [donor Good, recipient Good, helped] (1 = G / C).

    Indexing by the booleans themselves lets the simulation look assessments up without
    branching on the eight cases.
    """
    if norm not in NORMS:
        raise ValueError(f"unknown norm {norm!r}; valid norms are {norm_names()}")
    table = np.zeros((2, 2, 2), dtype=np.bool_)
    for key, verdict in zip(ASSESSMENT_ORDER, NORMS[norm].replace(" ", ""), strict=True):
        table[int(key[0] == "G"), int(key[1] == "G"), int(key[2] == "C")] = verdict == "G"
    table.flags.writeable = False
    return table
