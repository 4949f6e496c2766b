"""`socialcredit sweep`: the full grid of policies, scenarios and `--set` values over seeds,
without an experiment file; it runs as `experiment run` does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from socialcredit.cli.experiment import Force, Scheduler, Timeout, Workers, execute
from socialcredit.domain.errors import ExperimentError, UsageError
from socialcredit.limits import (
    CONNECT_TIMEOUT,
    MAX_CITIZENS,
    MAX_DAYS,
    MAX_SEEDS,
    SHIPPED_POLICIES,
    SHIPPED_SCENARIOS,
)


def _parse_set(text: str) -> tuple[str, list[Any]]:
    """`PATH=V1,V2,…` (each value read as YAML: 3, 0.5, true, name) or `PATH=[V1, V2, …]` (one
    YAML list, for values that hold commas, such as mappings)."""
    import yaml

    if "=" not in text:
        raise UsageError(f"{text!r} is not PATH=V1,V2,…", argument="--set")
    path, _, raw = text.partition("=")
    if raw.strip().startswith("["):
        try:
            values = yaml.safe_load(raw)
        except yaml.YAMLError:
            raise UsageError(
                f"{text!r}: the list of values is not valid YAML", argument="--set"
            ) from None
        if not isinstance(values, list) or not values:
            raise UsageError(f"{text!r}: give a non-empty list of values", argument="--set")
        return path.strip(), values
    values = []
    for token in raw.split(","):
        if not token.strip():
            raise UsageError(f"{text!r} has an empty value", argument="--set")
        try:
            values.append(yaml.safe_load(token))
        except yaml.YAMLError:
            values.append(token.strip())
    return path.strip(), values


def sweep(
    policy: Annotated[
        list[str],
        typer.Option(
            help=f"A shipped policy ({', '.join(SHIPPED_POLICIES)}) or a policy file; repeat "
            "for several."
        ),
    ],
    scenario: Annotated[
        list[str],
        typer.Option(
            help=f"A shipped scenario ({', '.join(SHIPPED_SCENARIOS)}) or a scenario file; "
            "repeat for several."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Directory for the results and report.")],
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="PATH=V1,V2,… : a policy or scenario field and the values to try, e.g. "
            "scenario.observation.collectors.bias.factor=1,2,4,8; repeat for several.",
        ),
    ] = None,
    outcome: Annotated[
        list[str] | None,
        typer.Option(
            help="A catalogue metric to summarise and plot (see `socialcredit metrics`); repeat "
            "for several [default: the frontier's benefit and prices]."
        ),
    ] = None,
    seeds: Annotated[int, typer.Option(min=1, max=MAX_SEEDS, help="Seeds 0 … K−1.")] = 5,
    citizens: Annotated[
        int | None, typer.Option(min=10, max=MAX_CITIZENS, help="Override the population size.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, max=MAX_DAYS, help="Override the number of days.")
    ] = None,
    workers: Workers = 0,
    dask_scheduler: Scheduler = None,
    dask_timeout: Timeout = CONNECT_TIMEOUT,
    force: Force = False,
) -> None:
    """The full grid of the given policies, scenarios and --set values over seeds, without an
    experiment file (its resolved form is written to DIR/experiment.yaml)."""
    levers: list[dict[str, Any]] = []
    uncertainties: list[dict[str, Any]] = []
    for text in set_ or []:
        path, values = _parse_set(text)
        if not (path.startswith("policy.") or path.startswith("scenario.")):
            raise UsageError(f"{path!r} must start with policy. or scenario.", argument="--set")
        (levers if path.startswith("policy.") else uncertainties).append(
            {"path": path, "values": values}
        )
    from pydantic import ValidationError

    from socialcredit.experiment import Experiment, resolve

    data = {
        "kind": "experiment",
        "name": "sweep",
        "policies": policy,
        "scenarios": scenario,
        "levers": levers,
        "uncertainties": uncertainties,
        "seeds": seeds,
        "outcomes": outcome or [],
        "citizens": citizens,
        "days": days,
    }
    try:
        experiment = Experiment.model_validate(data)
        resolved = resolve(experiment, file="sweep", lines={}, base_dir=Path.cwd())
    except ExperimentError as exc:
        raise UsageError(exc.message, argument=_option(exc.field)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise UsageError(f"{where}: {message}", argument=_option(where)) from None
    execute(
        resolved,
        out,
        workers=workers,
        dask_scheduler=dask_scheduler,
        dask_timeout=dask_timeout,
        force=force,
    )


def _option(field: str | None) -> str:
    head = (field or "").split(".")[0]
    return {
        "policies": "--policy",
        "scenarios": "--scenario",
        "levers": "--set",
        "uncertainties": "--set",
        "citizens": "--citizens",
        "outcomes": "--outcome",
        "days": "--days",
    }.get(head, "--set")
