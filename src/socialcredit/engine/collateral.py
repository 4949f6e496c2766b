"""Collateral effects in a shard, day by day: who a relative's listing reaches, and who it hurt.

Each day, from the list states of one ledger, `reach` gives the citizens a parent's or a
spouse's listing in force reaches, with their kin classes (see `tally`): which of the policy's
reaches hold for them; every other citizen is of class 0.
The tally counts the day's collateral series from the standings; `count` adds what a histogram
cannot: the children among those hurt, and who was ever hurt (by service, and doubly wrongly).
Only citizens reached through a relative are looked at, so the cost follows the listed.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Reached:
    """The citizens a relative's listing reaches on a day, sorted, and their kin classes."""

    citizens: I64
    kin: I64


def _expand(first: I64, count: I64) -> I64:
    """Every index of the runs `first[i] .. first[i] + count[i] - 1`, in order."""
    total = int(count.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    out: I64 = np.repeat(first, count) + offsets
    return out


class Collateral:
    """A shard's households as the tally sees them."""

    def __init__(self, tally: Tally, households: Kinship | None, n: int) -> None:
        self.tally = tally
        self._services = tally.effects.shape[0]
        self.households = households.start.size if households is not None else n
        self.child = households.child if households is not None else np.zeros(n, np.bool_)
        reaches = tally.kin.reaches if households is not None else ()
        self._reaches = tuple((bit, relation, name) for bit, (relation, name) in enumerate(reaches))
        self._first_child = np.zeros(0, dtype=np.int64)
        self._children = np.zeros(0, dtype=np.int64)
        self._spouse = np.zeros(0, dtype=np.int64)
        if households is not None:
            # Per citizen: where their children start and how many they have (none for a
            # child), and their spouse (-1 for none).
            adults = np.where(households.couple, 2, 1)
            first = np.repeat(households.start + adults, households.size)
            count = np.repeat(households.size - adults, households.size)
            count[self.child] = 0
            self._first_child, self._children = first, count
            married, spouse = households.spouses()
            self._spouse = np.full(n, -1, dtype=np.int64)
            self._spouse[married] = spouse
        self.ever = np.zeros(n if self._reaches else 0, dtype=np.uint64)
        self.ever_doubly = np.zeros_like(self.ever)

    def reach(self, black: I8, red: I8) -> Reached | None:
        """Whom the relatives' listings in force reach, given the day's list states of one
        ledger, and their kin classes; None when they reach nobody. The work follows the
        listed, not the population."""
        found: list[tuple[I64, int]] = []
        states = {"black": black, "red": red}
        for bit, relation, name in self._reaches:
            listed = np.flatnonzero(states[name] == IN_FORCE)
            if relation == "children":
                count = self._children[listed]
                reached = _expand(self._first_child[listed], count)
            else:
                reached = self._spouse[listed]
                reached = reached[reached >= 0]
            if len(reached):
                found.append((reached, 1 << bit))
        if not found:
            return None
        citizens = np.concatenate([c for c, _ in found])
        bits = np.concatenate([np.full(len(c), b, dtype=np.int64) for c, b in found])
        # A child of two listed parents, or reached two ways, is one citizen with their bits.
        order = np.argsort(citizens, kind="stable")
        citizens, bits = citizens[order], bits[order]
        unique, first = np.unique(citizens, return_index=True)
        combined = np.bitwise_or.reduceat(bits, first)
        return Reached(unique, self.tally.kin.classes[combined])

    def place(self, standing: I64, reached: Reached | None) -> I64:
        """`standing` (from `Tally.standing`, changed in place) with the kin classes of the
        citizens `reached`."""
        if reached is not None:
            standing[reached.citizens] += reached.kin * self.tally.base_states
        return standing

    def count(self, pairs: I64, reached: Reached | None) -> npt.NDArray[np.float64]:
        """The day's children hurt per service, given each citizen's (observed, true) standing
        pair and whom the observed listings reach; notes who was ever hurt."""
        out = np.zeros(self._services, dtype=np.float64)
        if reached is None:
            return out
        idx = reached.citizens
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
