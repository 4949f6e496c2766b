"""Life stories: a few citizens of a run told in full, from the engine's story log
(`engine.storylog`) to `stories.json` and its timeline of sentences.

`document` holds the model of `stories.json` and its schema; `tables` lays the log's events out
by story; `listings` joins list states into spells and says when a listing was in force;
`telling` makes the document; `timeline` tells it again in sentences. The stories read a run;
they never write files, render or parse a command line.
"""

from socialcredit.stories.document import (
    STORIES_VERSION,
    StoriesDocument,
    Story,
    stories_bytes,
    stories_markdown,
    stories_schema,
)
from socialcredit.stories.telling import tell
from socialcredit.stories.timeline import KIND_WORDS

__all__ = [
    "KIND_WORDS",
    "STORIES_VERSION",
    "StoriesDocument",
    "Story",
    "stories_bytes",
    "stories_markdown",
    "stories_schema",
    "tell",
]
