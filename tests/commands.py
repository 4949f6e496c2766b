"""`socialcredit` commands run by the tests as a user runs them: each in a process of its own,
with its own arguments, working directory, output, error and exit status.

Starting Python and importing the command line, the engine and the pages takes a second or two
of every command, many times the work of the small commands the tests give. So each test
process keeps one helper process (`tests/command_server.py`) that has imported them once and
loaded the engine's compiled passes by running a tiny simulation; a command is a fork of it: a
new process, as `python -m socialcredit ARGS` would be once started, that runs the command and
exits with its status. Nothing passes from one command to the next: each fork starts from the
helper as it was after its warm-up (warnings it gave are given again), given the test's
environment as it is when the command runs.

What a fork does not test is the start itself: which modules a command imports and how long it
takes to start are tested with real interpreters (`tests/e2e/test_cli_startup.py`, the start-up
tests in `test_cli.py`), as are signals (Ctrl-C, kill -9) and the `./dev` wrapper; so is
anything a fork shares with the helper: the modules already imported (a command that used a
submodule it never imports would work in a fork alone), the hash seed (forks never differ in the
order of a set of strings), and the interpreter's last clean-up (a fork runs the exit handlers
and collects garbage, then leaves without Python's final teardown). Variables
read while Python and the libraries start (`PYTHON…`, `NUMBA_…`, thread counts, the terminal's
size and colours) cannot be given to a fork: a command whose environment differs from the
helper's in one of those runs in a new interpreter, as does every command when
`SOCIALCREDIT_TESTS_FORK=0`.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import locale
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

SERVER = Path(__file__).with_name("command_server.py")
ROOT = SERVER.parents[1]
AT_START = (
    *("PYTHON", "NUMBA_", "OMP_", "MKL_", "OPENBLAS_", "LD_", "DASK_", "MPL", "LC_", "LANG"),
    *("ARROW_", "PYARROW_", "TYPER_", "_TYPER", "TZ", "TMPDIR", "HOME", "XDG_"),
    *("COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_"),
)
"""Prefixes of the variables read when an interpreter or a library starts (the terminal's size
and colours among them: the progress bar's console is made when its module is imported)."""
_ENVIRONMENT = dict(os.environ)
"""The environment the test process started with: the helper's."""


def forking() -> bool:
    """Whether commands run as forks of the helper here."""
    return os.environ.get("SOCIALCREDIT_TESTS_FORK", "1") != "0" and hasattr(os, "fork")


def _at_start(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(AT_START)}


class HelperError(RuntimeError):
    """The helper died or answered out of turn; what it wrote is in its log."""


class _Helper:
    """The helper process of this test process, started on the first command."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="socialcredit-helper-")
        self.log = Path(self.folder) / "helper.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(SERVER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                cwd=ROOT,
                env=_ENVIRONMENT,
            )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.requests: IO[str] = self.proc.stdin
        self.replies: IO[str] = self.proc.stdout
        self.ids = itertools.count()
        if self._reply().get("ready") is not True:
            raise HelperError(f"the command helper did not start; see {self.log}")

    def _reply(self) -> dict[str, Any]:
        line = self.replies.readline()
        if not line:
            raise HelperError(f"the command helper died; see {self.log}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        # The log's folder goes with the helper, unless the log says something worth reading.
        if self.log.stat().st_size == 0:
            shutil.rmtree(self.folder, ignore_errors=True)

    def run(
        self, args: list[str], cwd: Path, timeout: float, folder: str
    ) -> subprocess.CompletedProcess[str]:
        out, err = Path(folder) / "out", Path(folder) / "err"
        ident = next(self.ids)
        request = {
            "id": ident,
            "args": args,
            "cwd": str(cwd),
            "env": dict(os.environ),
            "out": str(out),
            "err": str(err),
        }
        self.requests.write(json.dumps(request) + "\n")
        self.requests.flush()
        started = self._reply()
        if started.get("id") != ident:
            raise HelperError(f"the command helper answered out of turn; see {self.log}")
        done: dict[str, Any] = {}
        failed: list[BaseException] = []

        def wait() -> None:
            try:
                done.update(self._reply())
            except BaseException as exc:
                failed.append(exc)

        reader = threading.Thread(target=wait)
        reader.start()
        reader.join(timeout)
        timed_out = reader.is_alive()
        if timed_out:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(started["pid"]), signal.SIGKILL)
            reader.join()
        if failed:
            raise failed[0]
        if done.get("id") != ident:
            raise HelperError(f"the command helper answered out of turn; see {self.log}")
        encoding = locale.getpreferredencoding(False)
        stdout, stderr = out.read_text(encoding=encoding), err.read_text(encoding=encoding)
        if timed_out:
            raise subprocess.TimeoutExpired(["socialcredit", *args], timeout, stdout, stderr)
        return subprocess.CompletedProcess(
            ["fork", "socialcredit", *args], done["rc"], stdout, stderr
        )


_helper: _Helper | None = None
_lock = threading.Lock()


def _close() -> None:
    if _helper is not None:
        _helper.close()


atexit.register(_close)


def run_command(
    *args: str, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m socialcredit ARGS` in `cwd` (by default the test's): its exit status, output
    and error, as text. `args[0]` of the result is "fork" where it ran as a fork."""
    global _helper
    where = Path(cwd).absolute() if cwd is not None else Path.cwd()
    with _lock:
        if forking() and _at_start(_ENVIRONMENT) == _at_start(dict(os.environ)):
            if _helper is None or not _helper.alive():
                _helper = _Helper()
            try:
                with tempfile.TemporaryDirectory(prefix="socialcredit-command-") as folder:
                    return _helper.run(list(args), where, timeout, folder)
            except BaseException:
                # A helper that failed or was interrupted mid-command may be out of step with
                # its pipe: the next command starts a new one.
                _helper.close()
                _helper = None
                raise
    return subprocess.run(
        [sys.executable, "-m", "socialcredit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=where,
        check=False,
    )
