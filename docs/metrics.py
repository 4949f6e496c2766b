"""Regenerate docs/metrics.md and docs/metrics.schema.json from the catalogue and the schema,
and docs/stories.md and docs/stories.schema.json from the schema of stories.json.

Run: .venv/bin/python docs/metrics.py   (instant; a test keeps the files up to date)
"""

from __future__ import annotations

import json
from pathlib import Path

from socialcredit.report.kit.catalogue_text import catalogue_markdown
from socialcredit.runs.schema import json_schema
from socialcredit.stories import stories_markdown, stories_schema

HERE = Path(__file__).parent


def main() -> None:
    (HERE / "metrics.md").write_text(catalogue_markdown(), encoding="utf-8")
    (HERE / "metrics.schema.json").write_text(
        json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8"
    )
    (HERE / "stories.md").write_text(stories_markdown() + "\n", encoding="utf-8")
    (HERE / "stories.schema.json").write_text(
        json.dumps(stories_schema(), indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
