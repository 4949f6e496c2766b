"""`socialcredit` commands run by the tests as a user runs them: each in a process of its own,
with its own arguments, working directory, output, error and exit status.

Starting Python and importing the command line, the engine and the pages takes a second or two
of every command, many times the work of the small commands the tests give. So each test
process keeps one helper process (`tests/command_server.py`) that has imported them once and
loaded the engine's compiled passes by running a tiny simulation; a command is a fork of it: a
new process, as `python -m socialcredit ARGS` would be once started, that runs the command and
exits with its status. Nothing passes from one command to the next: each fork starts from the
helper as it was after its warm-up, given the test's environment as it is when the command runs.

What a fork does not test is the start itself: which modules a command imports and how long it
takes to start are tested with real interpreters (`tests/e2e/test_cli_startup.py`, the start-up
tests in `test_cli.py`), as are signals (Ctrl-C, kill -9) and the `./dev` wrapper. Variables
read while Python and the libraries start (`PYTHON…`, `NUMBA_…`, thread counts, the terminal's
size and colours) cannot be given to a fork: a command whose environment differs from the
helper's in one of those runs in a new interpreter, as does every command when
`SOCIALCREDIT_TESTS_FORK=0`.
"""

from __future__ import annotations

import atexit
import json
import locale
import os
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
    *("COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_"),
)
"""Prefixes of the variables read when an interpreter or a library starts (the terminal's size
and colours among them: the progress bar's console is made when its module is imported)."""


def _forking() -> bool:
    return os.environ.get("SOCIALCREDIT_TESTS_FORK", "1") != "0" and hasattr(os, "fork")


def _at_start(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(AT_START)}


class _Helper:
    """The helper process of this test process, started on the first command."""

    def __init__(self) -> None:
        self.env = dict(os.environ)
        self.proc = subprocess.Popen(
            [sys.executable, str(SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.requests: IO[str] = self.proc.stdin
        self.replies: IO[str] = self.proc.stdout
        ready = self.replies.readline()
        if json.loads(ready or "{}").get("ready") is not True:
            raise RuntimeError("the command helper did not start")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        if self.alive():
            self.proc.kill()
        self.proc.wait()

    def run(
        self, args: list[str], cwd: Path, timeout: float, folder: str
    ) -> subprocess.CompletedProcess[str]:
        out, err = Path(folder) / "out", Path(folder) / "err"
        request = {
            "args": args,
            "cwd": str(cwd),
            "env": dict(os.environ),
            "out": str(out),
            "err": str(err),
        }
        self.requests.write(json.dumps(request) + "\n")
        self.requests.flush()
        pid = json.loads(self.replies.readline())["pid"]
        done: dict[str, Any] = {}
        reader = threading.Thread(target=lambda: done.update(json.loads(self.replies.readline())))
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            os.kill(pid, signal.SIGKILL)
            reader.join()
            raise subprocess.TimeoutExpired(["socialcredit", *args], timeout)
        encoding = locale.getpreferredencoding(False)
        return subprocess.CompletedProcess(
            [sys.executable, "-m", "socialcredit", *args],
            int(done["rc"]),
            out.read_text(encoding=encoding),
            err.read_text(encoding=encoding),
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
    """`python -m socialcredit ARGS` in `cwd`: its exit status, output and error, as text."""
    global _helper
    where = Path(cwd) if cwd is not None else Path.cwd()
    with _lock:
        same_start = _helper is None or _at_start(_helper.env) == _at_start(dict(os.environ))
        if _forking() and same_start:
            if _helper is None or not _helper.alive():
                _helper = _Helper()
            with tempfile.TemporaryDirectory(prefix="socialcredit-command-") as folder:
                return _helper.run(list(args), where, timeout, folder)
    return subprocess.run(
        [sys.executable, "-m", "socialcredit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=where,
        check=False,
    )
