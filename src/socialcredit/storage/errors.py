"""The one error of the storage kit that a user reads."""

from __future__ import annotations


class StorageError(Exception):
    """A directory that cannot be opened, locked or written: one sentence naming the path. The
    caller, which knows the argument that named the path, tells the user."""
