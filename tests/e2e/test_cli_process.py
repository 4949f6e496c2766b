"""`socialcredit` and `python -m socialcredit` run the command line as a process of its own
(`cli.run`): `main`, with its output and exit status, and then the process's end with every
object still alive frozen out of the garbage collector, so that Python's collections at exit do
not walk what the compiled engine left."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import socialcredit

ROOT = Path(socialcredit.__file__).resolve().parents[2]

# `python -m socialcredit ARGS` in a fresh interpreter, with an exit handler (registered first,
# so it runs last) that says on stderr's last line whether the collector's objects were frozen.
MODULE = """
import atexit, gc, runpy, sys
atexit.register(lambda: print(f"frozen {gc.get_freeze_count()}", file=sys.stderr))
sys.argv = ["socialcredit", *sys.argv[1:]]
runpy.run_module("socialcredit", run_name="__main__", alter_sys=True)
"""


def _module(*args: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(socialcredit.__file__).resolve().parents[1])
    path = [src, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return subprocess.run(
        [sys.executable, "-c", MODULE, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
        check=False,
    )


def _frozen(out: subprocess.CompletedProcess[str]) -> int:
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("frozen "), out.stderr
    return int(last.removeprefix("frozen "))


def test_python_m_answers_and_ends_frozen() -> None:
    out = _module("--help")
    assert out.returncode == 0, out.stderr
    assert "Usage:" in out.stdout
    assert _frozen(out) > 0


def test_an_error_keeps_its_line_and_status_and_ends_frozen() -> None:
    out = _module("simulate", "--nope")
    assert out.returncode == 2, out.stderr
    error = out.stderr.strip().splitlines()[:-1]
    assert len(error) == 1, out.stderr
    assert error[0].startswith("error: No such option: --nope"), out.stderr
    assert _frozen(out) > 0


def test_the_script_runs_the_process_entry() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts == {"socialcredit": "socialcredit.cli:run"}
