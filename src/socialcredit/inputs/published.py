"""Loading a published record of targets (`data/published/*.yaml`) by path.

The records live in the repository, beside the experiments, and are not shipped in the package:
they are the evidence a calibration is checked against, read from a clone, not rules a user runs.
A missing or unreadable file, bad YAML or a field that does not validate is one `TargetError`
naming the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path

from socialcredit.domain.documents import validate_document
from socialcredit.domain.errors import TargetError
from socialcredit.domain.published import PublishedRecord
from socialcredit.inputs.loading import read_file

PUBLISHED_DIR = Path("data") / "published"
"""Where the records live, relative to the repository's root."""


def load_published(path: str | Path) -> PublishedRecord:
    """The published record in the file at `path`, validated."""
    doc = read_file(Path(path), "published record", TargetError)
    return validate_document(PublishedRecord, doc.text, file=doc.file, error=TargetError)
