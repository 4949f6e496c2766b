"""The simulator's public face. Everything outside `engine` programs against these names alone
(an import-linter contract says so); the modules behind them are the engine's own business.

- **Compile**: `compile_model(policy, scenario)` checks that the two documents agree and turns
  them into the plans each stage steps with (`Model`).
- **Run**: `run_population` runs one seed, in this process or sharded over a Dask cluster
  (`shard_client`, `local_cluster`). `evaluate` is the one evaluator of many runs (`RunJob`s),
  each measured where it ran and yielded as it finishes, with its progress (`RunsDone`);
  `run_batch` runs policies × scenarios × seeds through it, `run_pairs` a list of
  (policy, scenario) pairs × seeds. A run returns a `RunResult`: its
  series, totals, score histograms and, when asked, its story log.
- **Read a run**: `summarise` turns a `RunResult` into the catalogue's metrics;
  `derived_series` adds the series the catalogue computes from others.
- **Common random numbers**: `shared`, `common` and `Shared` say which variants draw the same
  population and the same acts, so that their differences can be paired.
- **Probes** (`Probe`, `probe_of`, `AttributionPlan`, `enabled_feeds`): the audit's
  counterfactual questions, answered within one run.
- **Story log** (`Cut`, `Columns`, `KINDS`, `OUTCOMES`): the events of the citizens whose
  lives a run keeps, for the life stories.

Each name is imported on first use, so that a command that never simulates (`--help`, an
option error, `audit` of a policy) starts without numpy's share of the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The bounds the command line declares its options with live in `socialcredit.limits`, which
# imports nothing; they are names of the engine's public face too.
from socialcredit.limits import CONNECT_TIMEOUT, MAX_SEED

if TYPE_CHECKING:
    from socialcredit.engine.batch import run_batch, run_pairs
    from socialcredit.engine.cluster import local_cluster, shard_client
    from socialcredit.engine.evaluation import RunJob, RunsDone, evaluate, whole_run
    from socialcredit.engine.figures import derived_series, summarise
    from socialcredit.engine.model import Model, compile_model
    from socialcredit.engine.probes import (
        MAX_FEEDS,
        MAX_PROBES,
        AttributionPlan,
        Probe,
        enabled_feeds,
        probe_of,
    )
    from socialcredit.engine.run import Progress, RunResult, run_population
    from socialcredit.engine.sharing import Shared, common, shared
    from socialcredit.engine.storylog import KINDS, OUTCOMES, Columns, Cut

_LAZY = {
    "run_batch": "batch",
    "run_pairs": "batch",
    "local_cluster": "cluster",
    "shard_client": "cluster",
    "RunJob": "evaluation",
    "RunsDone": "evaluation",
    "evaluate": "evaluation",
    "whole_run": "evaluation",
    "derived_series": "figures",
    "summarise": "figures",
    "Model": "model",
    "compile_model": "model",
    "MAX_FEEDS": "probes",
    "MAX_PROBES": "probes",
    "AttributionPlan": "probes",
    "Probe": "probes",
    "enabled_feeds": "probes",
    "probe_of": "probes",
    "Progress": "run",
    "RunResult": "run",
    "run_population": "run",
    "Shared": "sharing",
    "common": "sharing",
    "shared": "sharing",
    "KINDS": "storylog",
    "OUTCOMES": "storylog",
    "Columns": "storylog",
    "Cut": "storylog",
}

__all__ = [
    "CONNECT_TIMEOUT",
    "KINDS",
    "MAX_FEEDS",
    "MAX_PROBES",
    "MAX_SEED",
    "OUTCOMES",
    "AttributionPlan",
    "Columns",
    "Cut",
    "Model",
    "Probe",
    "Progress",
    "RunJob",
    "RunResult",
    "RunsDone",
    "Shared",
    "common",
    "compile_model",
    "derived_series",
    "enabled_feeds",
    "evaluate",
    "local_cluster",
    "probe_of",
    "run_batch",
    "run_pairs",
    "run_population",
    "shard_client",
    "shared",
    "summarise",
    "whole_run",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
