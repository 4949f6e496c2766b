"""`socialcredit metrics`: the metric catalogue, as a table, as Markdown or as the JSON Schema of
the run record."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from socialcredit.cli.subcommands import Group

app = typer.Typer(cls=Group, help="Show the metric catalogue and the schema of metrics.json.")


class Format(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    SCHEMA = "schema"


@app.callback(invoke_without_command=True)
def metrics(
    output: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table: the metrics in the terminal; markdown: the whole catalogue (as in "
            "docs/metrics.md); schema: the JSON Schema of metrics.json.",
        ),
    ] = Format.TABLE,
) -> None:
    """Every figure a run reports: name, label, unit, kind, harmful direction, description."""
    if output is Format.MARKDOWN:
        from socialcredit.report import catalogue_markdown

        typer.echo(catalogue_markdown(), nl=False)
        return
    if output is Format.SCHEMA:
        from socialcredit.runs.schema import json_schema

        typer.echo(json.dumps(json_schema(), indent=2))
        return
    from socialcredit.cli.terminal import Sheet, show
    from socialcredit.domain.catalogue import CATALOGUE

    table = Sheet(["name", "label", "unit", "kind", "harmful"], title="Metrics of a run")
    for m in CATALOGUE.metrics:
        table.add_row(m.name, m.label, m.unit, m.kind, m.harmful)
    show(table)
