"""A command's help and an option error answer at once: `socialcredit --help`, a subcommand's
`--help` and a bad option load no numerical, table or plotting library and none of the
documents' models. And `socialcredit --help`, which lists each subcommand by the help declared
beside it in `COMMANDS`, reads word for word as if it had imported them all. A run loads what
its report needs and not the experiment's or the calibration's pages.

At the other end, `socialcredit` and `python -m socialcredit` run the command line as a process
of its own (`cli.run`): `main`, with its output and exit status, and then the process's end with
every object still alive frozen out of the garbage collector, so that Python's collections at
exit do not walk what the compiled engine left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer._click import Context
from typer.core import TyperGroup

import socialcredit
from socialcredit.cli import COMMANDS, app

LIBRARIES = (
    "numpy",
    "numba",
    "scipy",
    "scipy.stats",
    "scipy.optimize",
    "SALib",
    "pandas",
    "pyarrow",
    "matplotlib",
    "dask",
    "distributed",
    "yaml",
)
"""The libraries a command runs on and its help has no use for. (typer itself loads pydantic to
coerce the options' values, so pydantic is not among them: see `COERCED`.)"""

COERCED = {("simulate", "compare", "--help")}
"""The help pages that load pydantic: typer coerces each given option's value through pydantic,
and `simulate`'s own options (its defaults among them) are coerced before `compare` reads its
`--help`. Every other help page loads none of it: `cli.subcommands.Group` gives an absent
`--help` the value False, which typer takes as it is."""

DOCUMENTS = (
    "socialcredit.domain.policy",
    "socialcredit.domain.scenario",
    "socialcredit.inputs",
    "socialcredit.engine",
    "socialcredit.reputation",
    "socialcredit.runs",
    "socialcredit.stories",
    "socialcredit.experiment",
    "socialcredit.calibration",
    "socialcredit.audit",
    "socialcredit.report",
)
"""The lab's modules of models and work above the command line's own: the documents, the engine
and everything built on them."""

# In a fresh interpreter: run the command line as `socialcredit ARGS` does, then print which of
# the libraries and modules it loaded as a JSON list on stderr's last line, and exit as it did.
PROBE = f"""
import json
import sys

from socialcredit.cli import main

code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
loaded = sorted(
    name for name in {(*LIBRARIES, *DOCUMENTS, "pydantic")!r} if name in sys.modules
)
print(json.dumps(loaded), file=sys.stderr)
sys.exit(code)
"""

HELP = [
    ("--help",),
    ("simulate", "--help"),
    ("simulate", "compare", "--help"),
    ("experiment", "--help"),
    ("experiment", "check", "--help"),
    ("experiment", "run", "--help"),
    ("experiment", "analyse", "--help"),
    ("sweep", "--help"),
    ("calibrate", "--help"),
    ("explore", "--help"),
    ("audit", "--help"),
    ("policy", "--help"),
    ("policy", "check", "--help"),
    ("policy", "show", "--help"),
    ("scenario", "--help"),
    ("scenario", "check", "--help"),
    ("metrics", "--help"),
]

OPTION_ERRORS = [
    ("simulate", "--nope"),
    ("experiment", "run", "--nope"),
    ("sweep", "--nope"),
    ("calibrate", "--nope"),
    ("explore", "--nope"),
    ("audit", "--nope"),
    ("metrics", "--nope"),
]


def fresh(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -c code args` in a fresh interpreter that imports this test's `socialcredit`."""
    src = str(Path(socialcredit.__file__).resolve().parents[1])
    path = [src, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
        check=False,
    )


def probe(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """The command run in a fresh interpreter that imports this test's `socialcredit`, and what
    it loaded of `LIBRARIES` and `DOCUMENTS`."""
    out = fresh(PROBE, *args)
    lines = out.stderr.strip().splitlines()
    assert lines, out
    loaded: list[str] = json.loads(lines[-1])
    return out, loaded


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_loads_nothing_heavy(args: tuple[str, ...]) -> None:
    out, loaded = probe(*args)
    assert out.returncode == 0, out.stderr
    assert "Usage:" in out.stdout
    assert loaded == ([] if args not in COERCED else ["pydantic"])


@pytest.mark.parametrize("args", OPTION_ERRORS, ids=" ".join)
def test_an_option_error_loads_nothing_heavy(args: tuple[str, ...]) -> None:
    out, loaded = probe(*args)
    assert out.returncode == 2, out.stderr
    # One error line (with click's suggestion, where it has one), then the probe's own.
    error = out.stderr.strip().splitlines()[:-1]
    assert len(error) == 1, out.stderr
    assert error[0].startswith("error: No such option: --nope"), out.stderr
    assert [name for name in loaded if name != "pydantic"] == []


def test_the_probe_sees_what_a_command_loads() -> None:
    out, loaded = probe("metrics", "--format", "markdown")
    assert out.returncode == 0, out.stderr
    assert "socialcredit.report" in loaded


class TestListing:
    """`socialcredit --help` lists the subcommands without importing them, by the help
    `COMMANDS` declares for each: that help must be the one the subcommand declares itself."""

    @pytest.mark.parametrize("name", list(COMMANDS))
    def test_the_declared_help_is_the_commands_own(self, name: str) -> None:
        assert COMMANDS[name].help == app.commands[name].help

    def test_the_listing_reads_as_the_loaded_commands_would(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ctx = Context(app, info_name="socialcredit")
        app.format_help(ctx, ctx.make_formatter())
        listed = capsys.readouterr().out
        loaded = {name: app.commands[name] for name in COMMANDS}
        monkeypatch.setattr(app, "commands", loaded)
        ctx = Context(app, info_name="socialcredit")
        TyperGroup.format_help(app, ctx, ctx.make_formatter())
        assert capsys.readouterr().out == listed
        assert all(name in listed for name in COMMANDS)


def test_a_run_loads_neither_the_experiment_nor_the_calibration(tmp_path: Path) -> None:
    """`simulate` renders a run's report: the experiment's and the calibration's pages, and
    SALib, SciPy's statistics and the digests behind them, stay unloaded, and so does pandas
    (the series are written and read on their Arrow buffers). SciPy's package itself is loaded
    by numba, which compiles the engine's inner loops. A run that tells no stories loads no
    stories' models either."""
    out, loaded = _small_run(tmp_path)
    assert out.returncode == 0, out.stderr
    assert "socialcredit.engine" in loaded
    assert "socialcredit.report" in loaded
    assert "numba" in loaded
    for name in (
        "SALib",
        "scipy.stats",
        "scipy.optimize",
        "pandas",
        "socialcredit.experiment",
        "socialcredit.calibration",
        "socialcredit.stories",
    ):
        assert name not in loaded


def test_a_run_that_tells_stories_loads_them(tmp_path: Path) -> None:
    out, loaded = _small_run(tmp_path, "--stories", "1")
    assert out.returncode == 0, out.stderr
    assert "socialcredit.stories" in loaded
    assert (tmp_path / "run" / "stories.json").exists()


def _small_run(tmp_path: Path, *more: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    run = ["--citizens", "50", "--days", "20", "--no-response-range", *more]
    return probe("simulate", "--out", str(tmp_path / "run"), *run)


# `python -m socialcredit ARGS` in a fresh interpreter, with an exit handler (registered first,
# so it runs last) that says on stderr's last line whether the collector's objects were frozen.
MODULE = """
import atexit, gc, runpy, sys
atexit.register(lambda: print(f"frozen {gc.get_freeze_count()}", file=sys.stderr))
sys.argv = ["socialcredit", *sys.argv[1:]]
runpy.run_module("socialcredit", run_name="__main__", alter_sys=True)
"""


def _frozen(out: subprocess.CompletedProcess[str]) -> int:
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("frozen "), out.stderr
    return int(last.removeprefix("frozen "))


def test_python_m_answers_and_ends_frozen() -> None:
    out = fresh(MODULE, "--help")
    assert out.returncode == 0, out.stderr
    assert "Usage:" in out.stdout
    assert _frozen(out) > 0


def test_an_error_keeps_its_line_and_status_and_ends_frozen() -> None:
    out = fresh(MODULE, "simulate", "--nope")
    assert out.returncode == 2, out.stderr
    error = out.stderr.strip().splitlines()[:-1]
    assert len(error) == 1, out.stderr
    assert error[0].startswith("error: No such option: --nope"), out.stderr
    assert _frozen(out) > 0


def test_the_script_runs_the_process_entry() -> None:
    root = Path(socialcredit.__file__).resolve().parents[2]
    scripts = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts == {"socialcredit": "socialcredit.cli:run"}
