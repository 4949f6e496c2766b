"""The helper behind `tests.commands`: imports the command line, the engine and the pages once,
runs a tiny simulation so that the engine's compiled passes are loaded, then forks one process
per command it is asked to run.

Requests come one JSON line at a time on standard input (an `id`, `args`, `cwd`, `env`, and the
files `out` and `err` to take the command's output and error); for each it answers on standard
output with the request's `id` and the fork's `pid`, then, when the fork has exited, the `id`
and its exit status `rc` (negative for a signal, as `subprocess` has it). Anything else written
to standard output (by a library, say) goes to the helper's error stream instead, its log.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import importlib.util
import io
import json
import os
import sys
import tempfile
import threading
import traceback
import warnings

WARM = (
    "socialcredit.cli",
    "socialcredit.cli.simulate",
    "socialcredit.cli.experiment",
    "socialcredit.cli.sweep",
    "socialcredit.cli.tables",
    "socialcredit.engine.run",
    "socialcredit.experiment",
    "socialcredit.experiment.digest",
    "socialcredit.report",
    "socialcredit.report.run.page",
    "socialcredit.report.compare.page",
    "socialcredit.report.experiment.page",
    "socialcredit.runs.store",
    "socialcredit.audit",
    "pyarrow.parquet",
)


def _warm() -> None:
    for name in WARM:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    from socialcredit.cli import main

    with tempfile.TemporaryDirectory() as folder:
        sink = io.StringIO()
        with (
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
            contextlib.suppress(SystemExit),
        ):
            main(["simulate", "--citizens", "60", "--days", "3", "--out", f"{folder}/run"])
    # Warnings given once per place are given again in every fork, as in a new interpreter.
    mutated = getattr(warnings, "_filters_mutated", None)
    if mutated is not None:
        mutated()


def _exit_code(exc: SystemExit) -> int:
    """The status Python exits with for `exc` (printing a message as it would)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _child(request: dict[str, object], replies: int) -> None:
    """In the fork: become `python -m socialcredit ARGS` in its directory, run, exit."""
    code = 1
    try:
        os.close(replies)
        os.chdir(str(request["cwd"]))
        sys.path[0] = os.getcwd()
        os.environ.clear()
        os.environ.update(request["env"])  # type: ignore[arg-type]
        tempfile.tempdir = None  # found again from the environment
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, str(request["out"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, str(request["err"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            opened = os.open(path, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (the process's stdin)
        # As `-m socialcredit` leaves them: a process pool started by the command then does
        # not import this file as its main module.
        spec = importlib.util.find_spec("socialcredit.__main__")
        assert spec is not None
        main_module = sys.modules["__main__"]
        main_module.__spec__ = spec
        main_module.__file__ = spec.origin
        args = [str(a) for a in request["args"]]  # type: ignore[attr-defined]
        sys.argv = [str(spec.origin), *args]
        from socialcredit.cli import main

        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc)
        except BaseException:
            traceback.print_exc()
            code = 1
        # As the interpreter ends: wait for the threads left running, then the exit handlers.
        shutdown = getattr(threading, "_shutdown", None)
        if shutdown is not None:
            shutdown()
        atexit._run_exitfuncs()
        gc.collect()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    # The replies keep standard output's pipe to themselves; what else is written there goes
    # to the error stream.
    sys.stdout.flush()
    fd = os.dup(1)
    os.dup2(2, 1)
    replies = os.fdopen(fd, "w", encoding="utf-8")
    # As `-m` leaves it: the directory the command starts in first on the path, not this one.
    sys.path[0] = os.getcwd()
    _warm()
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, fd)
        replies.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
        replies.flush()
        _, status = os.waitpid(pid, 0)
        rc = os.waitstatus_to_exitcode(status)
        replies.write(json.dumps({"id": request["id"], "rc": rc}) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve()
