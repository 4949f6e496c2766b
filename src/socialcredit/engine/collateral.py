"""Collateral effects in a shard, day by day: who a relative's listing reaches, and who it hurt.

Each day, from the list states of one ledger, `reach` gives every citizen's kin class (see
`tally`): which of the policy's reaches hold for them, a parent's or a spouse's listing in force.
The tally counts the day's collateral series from the standings; `count` adds what a histogram
cannot: the children among those hurt, and who was ever hurt (by service, and doubly wrongly).
Only citizens reached through a relative are looked at, so the cost follows the listed.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.engine.households import Kinship
from socialcredit.engine.tally import Tally

I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
U64 = npt.NDArray[np.uint64]

IN_FORCE = 2


def collateral_columns(services: tuple[str, ...]) -> list[str]:
    """The series a shard counts for collateral effects beside the tally's."""
    return [f"collateral_children.{s}" for s in services]


class Collateral:
    """A shard's households as the tally sees them."""

    def __init__(self, tally: Tally, households: Kinship | None, n: int) -> None:
        self.tally = tally
        self.n = n
        self._services = tally.effects.shape[0]
        self.households = households.start.size if households is not None else n
        self.child = households.child if households is not None else np.zeros(n, np.bool_)
        self._links: list[tuple[int, str, I64, I64, I64]] = []
        """Per reach the policy uses: (bit, list, who it reaches, first and second relative
        whose listing reaches them)."""
        if households is not None:
            children, first, second = households.parents()
            married, spouse = households.spouses()
            for bit, (relation, name) in enumerate(tally.kin.reaches):
                if relation == "children":
                    self._links.append((bit, name, children, first, second))
                else:
                    self._links.append((bit, name, married, spouse, spouse))
        self.ever = np.zeros(n if self._links else 0, dtype=np.uint64)
        self.ever_doubly = np.zeros_like(self.ever)

    def reach(self, black: I8, red: I8) -> I64 | None:
        """Each citizen's kin class given the day's list states of one ledger; None when no
        relative's listing reaches anyone."""
        bits: I64 | None = None
        states = {"black": black, "red": red}
        for bit, name, targets, first, second in self._links:
            in_force = states[name] == IN_FORCE
            hit = in_force[first] | in_force[second]
            if not hit.any():
                continue
            if bits is None:
                bits = np.zeros(self.n, dtype=np.int64)
            bits[targets[hit]] |= 1 << bit
        if bits is None:
            return None
        out: I64 = self.tally.kin.classes[bits]
        return out

    def count(self, pairs: I64, kin: I64 | None) -> npt.NDArray[np.float64]:
        """The day's children hurt per service, given each citizen's (observed, true) standing
        pair and observed kin class; notes who was ever hurt."""
        out = np.zeros(self._services, dtype=np.float64)
        if kin is None:
            return out
        idx = np.flatnonzero(kin)
        pair = pairs[idx]
        hurt = self.tally.collateral_bits[pair]
        self.ever[idx] |= hurt
        self.ever_doubly[idx] |= self.tally.doubly_bits[pair]
        children = hurt[self.child[idx]]
        for bit in range(self._services):
            out[bit] = float(((children >> np.uint64(bit)) & np.uint64(1)).sum())
        return out

    def totals(self, services: tuple[str, ...]) -> dict[str, float]:
        """The shard's sums, named for `RunResult.totals`."""
        ever, child = self.ever, self.child
        out = {
            "households": float(self.households),
            "children": float(child.sum()),
            "ever_collateral": float((ever != 0).sum()),
            "ever_collateral_children": float(((ever != 0) & child[: len(ever)]).sum()),
        }
        for bit, service in enumerate(services):
            hit = (ever >> np.uint64(bit)) & np.uint64(1) == 1
            doubly = (self.ever_doubly >> np.uint64(bit)) & np.uint64(1) == 1
            out[f"ever_collateral.{service}"] = float(hit.sum())
            out[f"ever_collateral_children.{service}"] = float((hit & child[: len(ever)]).sum())
            out[f"ever_collateral_doubly_wrongful.{service}"] = float(doubly.sum())
        return out
