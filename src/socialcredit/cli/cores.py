"""`--workers`, held to the machine: a local cluster of more processes than the machine has
cores only competes with itself (each process also pays its start-up), so more is refused at
once rather than left to run slowly without a word."""

from __future__ import annotations

import os

from socialcredit.domain.errors import UsageError


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def within_cores(workers: int) -> int:
    """An option callback: `workers` if the machine has that many cores."""
    have = cores()
    if workers > have:
        raise UsageError(
            f"{workers} is more than the {have} cores of this machine; give at most {have}, "
            "or run on a cluster with --dask-scheduler",
            argument="--workers",
        )
    return workers
