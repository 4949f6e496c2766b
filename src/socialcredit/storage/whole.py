"""Whole writes: a file, or a directory of files, in place in one rename or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def temporary_name(name: str) -> str:
    """The temporary file a whole write of `name` goes through, beside it."""
    return f".{name}.tmp"


def write_whole(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file beside it, so a reader never sees half
    a file. On failure the temporary file is removed and the `OSError` raised."""
    tmp = target.with_name(temporary_name(target.name))
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_directory(out: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (name to content) as the directory `out`, all at once.

    The files go into a fresh directory beside `out`, which then takes its place in one rename;
    a directory already there is moved aside first and deleted only once the new one is in
    place. If anything fails or is interrupted in between, the old one is put back and the
    error raised. `out` must be absolute.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the output is not
    old: Path | None = None
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            out.replace(old / "run")
        staging.replace(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not out.exists():
            (old / "run").replace(out)
        raise
    finally:
        if old is not None and out.exists():
            shutil.rmtree(old, ignore_errors=True)
