"""Writing a command's output file whole or not at all."""

from __future__ import annotations

from pathlib import Path

from socialcredit.domain.errors import UsageError


def write_whole(target: Path, text: str, *, option: str = "--out") -> None:
    """Write `text` to `target` through a temporary file beside it, so a reader never sees half
    a file; on failure nothing is left behind and the error names `option`."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {target}: {exc.strerror}", argument=option) from None
