"""The day's gamed deeds, compiled: drawn from the gamed streams' generator states and kept in
one pass (`Conduct._gamed` is the array rule the tests hold this to).

Only citizens who game do gamed deeds: each gameable good stream draws candidates among them at
its bound times the game's lift (`engine.pcg`: numpy's numbers, in the order `candidates`
draws them); a candidate picks its behaviour as the stream's candidates do and is kept where its
acceptance draw falls under its rate (its propensity, the stream's and group's rates, a driven
behaviour's share of the year) times the lift times the citizen's gaming effort, the behaviour
is gameable, and it books points for its doer. Every product is taken in the types and order
of the array rule, so the deeds are the same bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from socialcredit.engine.candidates import draw
from socialcredit.engine.compiled import compiled
from socialcredit.engine.pcg import States
from socialcredit.engine.strategist import Strategist, StrategyTally
from socialcredit.engine.strategy import GAMED
from socialcredit.engine.thinning import COMMON, SINGLE, StreamTables, search_right

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Gamed:
    """The day's gamed deeds, in candidate order: doer, behaviour, the points each books and
    the doer's group."""

    citizen: I64
    behaviour: I32
    booked: F64
    group: npt.NDArray[np.int8]

    def book(self, tally: StrategyTally) -> None:
        """Into the strategic tally, as `Conduct._gamed` books them: their points, their count."""
        tally.add(GAMED, self.group, self.booked)
        tally.count(tally.gamed, self.group)


@dataclass
class Gaming:
    """The gamed streams (in stream order, each with its bound times the lift and its
    generator) and what the pass reads besides their candidates."""

    kind: I64
    bound: F64
    states: States
    gamers: I64
    """The citizens who game, whom the candidates are drawn among."""
    tables: StreamTables
    lift: np.float32
    game: F32
    """Per citizen: their gaming effort."""
    gameable: Mask
    """Per world behaviour."""
    booked_table: F64
    """(consent, group, behaviour) flattened: the expected points an act books."""
    booked_row: I64
    """Per citizen: their row of `booked_table`."""

    def deeds(
        self,
        propensities: F32,
        group: npt.NDArray[np.int8],
        keep_today: F32,
    ) -> Gamed:
        """The day's gamed deeds (`keep_today`: each world behaviour's share of the year's
        largest rate, 1 where undriven)."""
        n = len(self.gamers)
        ends, who, accept, pick = draw(self.states.rows, n * self.bound, n)
        t = self.tables
        citizen, behaviour, booked = _deeds(
            self.kind,
            self.bound,
            ends,
            self.gamers[who],
            accept,
            pick,
            t.row,
            t.factor,
            t.varied,
            t.group_rate,
            t.driven,
            t.pick_kind,
            t.behaviours,
            t.width,
            t.cumulative,
            t.length,
            keep_today,
            propensities,
            group,
            self.game,
            self.lift,
            self.gameable,
            self.booked_table,
            self.booked_row,
        )
        return Gamed(citizen, behaviour, booked, group[citizen])


@compiled
def _deeds(
    part_stream: I64,
    part_bound: F64,
    part_end: I64,
    cand: I64,
    accept: F64,
    pick: F64,
    t_row: I64,
    t_factor: F32,
    t_varied: Mask,
    t_group_rate: F32,
    t_driven: Mask,
    t_pick_kind: I64,
    t_behaviours: I32,
    t_width: I64,
    t_cumulative: F64,
    t_length: I64,
    keep_today: F32,
    propensities: F32,
    group: npt.NDArray[np.int8],
    game: F32,
    lift: np.float32,
    gameable: Mask,
    booked_table: F64,
    booked_row: I64,
) -> tuple[I64, I32, F64]:
    """The kept deeds' doers, behaviours and booked points, in candidate order."""
    size = len(cand)
    out_citizen = np.empty(size, dtype=np.int64)
    out_behaviour = np.empty(size, dtype=np.int32)
    out_booked = np.empty(size, dtype=np.float64)
    kept = 0
    start = 0
    for p in range(len(part_stream)):
        s = part_stream[p]
        bound = part_bound[p]
        end = part_end[p]
        prow = t_row[s]
        kind = t_pick_kind[s]
        width = t_width[s]
        length = t_length[s]
        for i in range(start, end):
            c = cand[i]
            g = group[c]
            if kind == SINGLE:
                w = t_behaviours[s, 0]
            else:
                if kind == COMMON:
                    j = search_right(t_cumulative[s], length, pick[i])
                else:
                    j = search_right(t_cumulative[s], length, pick[i] + np.float64(g)) - g * width
                w = t_behaviours[s, min(j, width - 1)]
            if not gameable[w]:
                continue
            rate = propensities[prow, c] * t_factor[s]
            if t_varied[s]:
                rate = rate * t_group_rate[s, g]
            if t_driven[s]:
                rate = rate * keep_today[w]
            rate = rate * (lift * game[c])
            if not accept[i] * bound < rate:
                continue
            booked = booked_table[booked_row[c] + w]
            if not booked > 0:
                continue
            out_citizen[kept] = c
            out_behaviour[kept] = w
            out_booked[kept] = booked
            kept += 1
        start = end
    return out_citizen[:kept], out_behaviour[:kept], out_booked[:kept]


def lay_out(
    bounds: list[float],
    rngs: dict[int, np.random.Generator],
    gamers: I64,
    tables: StreamTables,
    strategist: Strategist,
) -> Gaming | Literal[False]:
    """The gamed streams of `rngs` (stream: generator) whose bound is above 0, in stream order,
    each drawn at its bound times the game's lift (False: no stream, or nobody games)."""
    kind = [s for s in sorted(rngs) if bounds[s] > 0]
    if not kind or not len(gamers):
        return False
    lift = strategist.plan.game_lift
    return Gaming(
        np.array(kind, dtype=np.int64),
        np.array([bounds[s] * lift for s in kind], dtype=np.float64),
        States([rngs[s] for s in kind]),
        gamers,
        tables,
        np.float32(lift),
        strategist.game,
        strategist.plan.gameable,
        *strategist.booked_rows,
    )
