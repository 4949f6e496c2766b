"""The reports collectors invent in a day, in one compiled pass (step 3 of `engine.collecting`).

The honest collectors file a Poisson count a day (at the false report rate times their number),
each by a uniform honest collector, against a uniform resident of the district they work in,
drawn again (all of them, up to 20 times) while a group the bias favours less is turned down;
then each malicious collector's Poisson count, against uniform picks of their grudges. A report
against nobody, or against its own collector, is dropped; the rest get a behaviour by the
policy's severity weights. The draws are numpy's (`engine.pcg`), in numpy's order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled
from socialcredit.engine.pcg import U64, fill_integers, next_double, poisson
from socialcredit.engine.thinning import search_right

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@compiled
def _biased_residents(
    rows: U64,
    g: int,
    reporter: I64,
    works_in: I64,
    district_start: I64,
    group: npt.NDArray[np.int8],
    bias: F64,
) -> I64:
    """One resident of the district each reporter works in; the less favoured groups kept at
    their bias over the largest, all reporters drawing again up to 20 times."""
    n = len(reporter)
    lo = np.empty(n, dtype=np.int64)
    width = np.empty(n, dtype=np.int64)
    target = np.empty(n, dtype=np.int64)
    for i in range(n):
        d = works_in[reporter[i]]
        lo[i] = district_start[d]
        width[i] = district_start[d + 1] - lo[i]
        target[i] = lo[i] + np.int64(next_double(rows, g) * width[i])
    wmax = bias.max()
    if wmax > bias.min():
        accept = np.empty(n, dtype=np.bool_)
        for _ in range(20):
            every = True
            for i in range(n):
                accept[i] = next_double(rows, g) < bias[group[target[i]]] / wmax
                every = every and accept[i]
            if every:
                break
            for i in range(n):
                if not accept[i]:
                    target[i] = lo[i] + np.int64(next_double(rows, g) * width[i])
    return target


@compiled
def invented(
    rows: U64,
    g: int,
    works_in: I64,
    district_start: I64,
    group: npt.NDArray[np.int8],
    collector_citizen: I64,
    honest: I64,
    bad: I64,
    grudges: I64,
    bias: F64,
    false_behaviours: I64,
    false_cumulative: F64,
    false_rate: float,
    malicious_per_day: float,
    malicious_targets: int,
) -> tuple[I64, I64, I64]:
    """The collectors' invented reports, drawn from generator `g` of `rows`: against whom,
    which behaviour, by whom."""
    reporter = np.empty(0, dtype=np.int64)
    target = np.empty(0, dtype=np.int64)
    if false_rate > 0 and len(honest):
        n = poisson(rows, g, len(honest) * false_rate)
        pick = np.empty(n, dtype=np.int64)
        fill_integers(rows, g, len(honest), pick)
        reporter = honest[pick]
        target = _biased_residents(rows, g, reporter, works_in, district_start, group, bias)
    if len(bad) and malicious_per_day > 0:
        each = np.empty(len(bad), dtype=np.int64)
        for i in range(len(bad)):
            each[i] = poisson(rows, g, malicious_per_day)
        spite = np.repeat(bad, each)
        slot = np.empty(len(spite), dtype=np.int64)
        fill_integers(rows, g, malicious_targets, slot)
        grudge = np.empty(len(spite), dtype=np.int64)
        for i in range(len(spite)):
            grudge[i] = grudges[spite[i], slot[i]]
        reporter = np.concatenate((reporter, spite))
        target = np.concatenate((target, grudge))
    keep = (target >= 0) & (target != collector_citizen[reporter])
    reporter, target = reporter[keep], target[keep]
    behaviour = np.empty(len(reporter), dtype=np.int64)
    last = len(false_cumulative) - 1
    for i in range(len(reporter)):
        u = next_double(rows, g)
        j = search_right(false_cumulative, len(false_cumulative), u)
        behaviour[i] = false_behaviours[min(j, last)]
    return target, behaviour, reporter
