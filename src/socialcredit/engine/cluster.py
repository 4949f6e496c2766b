"""Where shards run: a local Dask cluster of worker processes, or an existing cluster.

The command line, the docs scripts and the benchmarks all start clusters here, so they run
with the same settings. Connecting fails fast with one `ClusterError` naming the address.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from socialcredit.domain.errors import ClusterError
from socialcredit.limits import CONNECT_TIMEOUT

TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
"""distributed sets MALLOC_TRIM_THRESHOLD_ in its workers; with the simulator's many short-lived
arrays that costs about a fifth of the run in page faults and saves no memory (bench/RESULTS.md),
so local clusters start their workers without it."""


@contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A client of a fresh local cluster of `workers` single-threaded worker processes."""
    import dask
    from distributed import Client, LocalCluster

    try:
        with (
            dask.config.set({TRIM: None}),
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    except OSError as exc:
        raise ClusterError(f"cannot start a local cluster of {workers} workers: {exc}") from None


@contextmanager
def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Iterator[Any]:
    """A client of the Dask scheduler at `address`; one clear error if it cannot be reached."""
    from distributed import Client

    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(
            f"cannot reach a Dask scheduler at {address!r} within {timeout:g} s ({reason})"
        ) from None
    with client:
        yield client


@contextmanager
def shard_client(
    workers: int = 0, scheduler: str | None = None, timeout: float = CONNECT_TIMEOUT
) -> Iterator[Any]:
    """No client (shards run in this process), a local cluster, or an existing one."""
    if scheduler is not None:
        with connect(scheduler, timeout) as client:
            yield client
    elif workers > 0:
        with local_cluster(workers) as client:
            yield client
    else:
        yield None
