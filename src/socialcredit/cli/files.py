"""Writing a command's output file whole or not at all (`storage.write_whole`), a failure
named by the option that gave the path."""

from __future__ import annotations

from pathlib import Path

from socialcredit import storage
from socialcredit.domain.errors import UsageError


def write_output(target: Path, text: str, *, option: str = "--out") -> None:
    """Write `text` to `target` so that a reader never sees half of it; on failure nothing is
    left behind and the error names `option`."""
    try:
        storage.write_whole(target, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}", argument=option) from None
