"""Which seeds a run's figures come from, said the same way on every page: in a table cell, in
running text, and in the note under a table of means."""

from __future__ import annotations

from socialcredit.report.kit.run_view import Run
from socialcredit.report.kit.text import plural


def seeds_text(run: Run) -> str:
    """ "1 (seed 0)" or "3 (seeds 0, 1, 2)": never a bare list that could read as a count."""
    seeds = run.record.seeds
    listed = ", ".join(str(s) for s in seeds[:10]) + (", …" if len(seeds) > 10 else "")
    return f"{len(seeds)} ({'seed' if len(seeds) == 1 else 'seeds'} {listed})"


def seeds_phrase(run: Run) -> str:
    """ "3 seeds (0, 1, 2)" or "1 seed (0)", for running text."""
    seeds = run.record.seeds
    listed = ", ".join(str(s) for s in seeds[:10]) + (", …" if len(seeds) > 10 else "")
    return f"{plural(len(seeds), 'seed')} ({listed})"


def seeds_note(run: Run) -> str:
    n = run.seed_count
    if n > 1:
        return (
            f"Means over {plural(n, 'seed')}; in brackets the 95% interval of the mean "
            "(Student t), cut to the range the figure can take (a count is never below zero, "
            "a share never above 100%)."
        )
    return "One seed, so no interval: run several seeds to see how much the figures vary."
