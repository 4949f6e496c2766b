"""Writing files so that a reader never sees half of one, and journals that make long work
resumable. The bottom layer beside the domain: the standard library alone, and nothing else of
this package.

- `whole`: a file written whole through a temporary file beside it, and a directory of files
  put in place in one rename.
- `journal`: one JSON line per finished piece of work, flushed before the next counts as done;
  a torn last line is dropped.
- `resumable`: a directory of work that can be interrupted and resumed: what it holds, its lock,
  and opening it afresh or again.

Errors that a user must read are `StorageError`s whose message is one sentence naming the path;
the caller adds which argument named it. Failures of a plain write are the `OSError` itself.
"""

from socialcredit.storage.errors import StorageError
from socialcredit.storage.journal import JournalFile
from socialcredit.storage.resumable import (
    Contents,
    Layout,
    contents,
    lock_directory,
    open_resumable,
)
from socialcredit.storage.whole import replace_directory, write_whole

__all__ = [
    "Contents",
    "JournalFile",
    "Layout",
    "StorageError",
    "contents",
    "lock_directory",
    "open_resumable",
    "replace_directory",
    "write_whole",
]
