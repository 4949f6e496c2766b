"""Stored runs of another schema version, as a user meets them: `simulate compare` answers one
line naming the run, the file and `schema_version`, with the reason and what to do (run the
simulation again, or upgrade), exit status 2 and no traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from socialcredit.runs.schema import OLDER_VERSIONS, SCHEMA_VERSION
from tests.e2e.test_cli import assert_one_line_error, cli

STORED = Path(__file__).parents[1] / "data" / "runs" / "9b51a7a"


def stored_as(tmp_path: Path, version: Any) -> Path:
    """The stored run, copied, with `schema_version` set to `version` (taken out for None)."""
    run = tmp_path / "run"
    shutil.copytree(STORED, run)
    record = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    if version is None:
        del record["schema_version"]
    else:
        record["schema_version"] = version
    (run / "metrics.json").write_text(json.dumps(record), encoding="utf-8")
    return run


def compare(run: Path) -> Any:
    # The stored run and its copy at another version are the same run: --allow-unlike.
    return cli(
        "simulate",
        "compare",
        str(run),
        str(STORED),
        "--out",
        str(run.parent / "c.html"),
        "--allow-unlike",
    )


class TestSchemaVersionRefusals:
    def test_a_newer_version_says_to_upgrade(self, tmp_path: Path) -> None:
        run = stored_as(tmp_path, SCHEMA_VERSION + 1)
        out = compare(run)
        assert_one_line_error(
            out,
            "RUN_A",
            str(run / "metrics.json"),
            f"schema_version {SCHEMA_VERSION + 1} is newer",
            "upgrade socialcredit",
        )
        assert not (tmp_path / "c.html").exists()

    @pytest.mark.parametrize("version", [2, None])
    def test_an_older_version_gives_the_reason(self, tmp_path: Path, version: int | None) -> None:
        run = stored_as(tmp_path, version)
        number = 1 if version is None else version  # a record without the field is version 1
        assert_one_line_error(
            compare(run),
            "RUN_A",
            str(run / "metrics.json"),
            f"schema_version {number} is older",
            OLDER_VERSIONS[number],
            "run the simulation again",
        )

    def test_a_version_that_is_no_number_is_refused(self, tmp_path: Path) -> None:
        run = stored_as(tmp_path, "3")
        assert_one_line_error(
            compare(run), "RUN_A", "metrics.json", "schema_version '3' is not a version number"
        )

    def test_the_current_version_is_read(self, tmp_path: Path) -> None:
        out = compare(stored_as(tmp_path, SCHEMA_VERSION))
        assert out.returncode == 0, out.stderr
