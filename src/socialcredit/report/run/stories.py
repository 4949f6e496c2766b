"""The life-stories section of a run report: a few citizens' lives, told for a general reader.

Per kind of story (wrongly listed, rightly listed, missed, hurt through a relative, honour roll,
random), the first few citizens of `stories.json`: a sentence saying who they are and what
happened, their score over the run in both ledgers with their spells on the black list shaded,
the events that mattered (records, entries against them, listings, refusals, disputes,
repairs), and the whole timeline folded below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socialcredit.report.kit.page import Page
from socialcredit.report.kit.stepchart import StepLine, step_chart
from socialcredit.report.kit.style import BLUE, ORANGE, VERMILION
from socialcredit.report.kit.text import esc

if TYPE_CHECKING:
    from socialcredit.stories import Story

SHOWN_PER_KIND = 2
"""Stories shown per kind in the report; `stories.json` holds them all."""


def _score_figure(p: Page, story: Story, days: int, base: int) -> str:
    scores = story.scores
    lines = []
    for ledger, colour, text in (("observed", BLUE, "observed"), ("true", ORANGE, "true")):
        xs, ys = [0], [base]
        for day, of, score in zip(scores.day, scores.ledger, scores.score, strict=True):
            if of == ledger:
                xs.append(day)
                ys.append(score)
        lines.append(StepLine(f"score, {text}", colour, xs, ys))
    spans = [
        (spell.from_day, days if spell.to_day is None else spell.to_day)
        for spell in story.listings
        if spell.name == "black" and spell.ledger == "observed"
    ]
    return step_chart(
        p,
        lines=lines,
        spans=spans,
        x_max=days,
        x_label="Day of the run",
        y_label="Score",
        label=f"Step chart: the observed and true score of citizen {story.citizen} over the "
        "run, with spells on the black list shaded.",
        caption_html=f"Citizen #{story.citizen}: the score the system holds (blue) against "
        "the score true conduct gives (orange); shaded, the days on the black list.",
        span_colour=VERMILION,
    )


def _story_html(p: Page, story: Story, days: int, base: int) -> str:
    lines = [
        f'<li><time datetime="{date}">{date}</time> {esc(text)}</li>'
        for date, text in zip(story.timeline.date, story.timeline.text, strict=True)
    ]
    key = [line for line, k in zip(lines, story.timeline.key, strict=True) if k]
    short, full = "".join(key), "".join(lines)
    return (
        f'<article class="story" id="story-{story.citizen}">'
        f"<h4>Citizen #{story.citizen}</h4><p>{esc(story.summary)}</p>"
        + _score_figure(p, story, days, base)
        + (f'<ol class="timeline">{short}</ol>' if key else "<p>Nothing was recorded.</p>")
        + f"<details><summary>The whole timeline ({len(lines)} events)</summary>"
        f'<ol class="timeline">{full}</ol></details></article>'
    )


def stories_section(p: Page, document: dict[str, Any]) -> str:
    """The section, from the fields of `stories.json` (`stories.tell`); the stories
    shown are read through their model, which checks them. The stories' models are loaded
    here, for a run that kept stories, not with every report."""
    from socialcredit.stories import KIND_WORDS, Story

    by_id = {s["citizen"]: s for s in document["stories"]}
    parts = [
        f"<p>The lives of a few synthetic citizens of seed {document['seed']}, chosen at random "
        f"among those of each kind (up to {document['per_kind']} of each in "
        f"<code>stories.json</code>; {SHOWN_PER_KIND} of each here). Each line of a timeline "
        "is something the simulation did: nothing here is about a real person.</p>"
    ]
    days, base = document["days"], document["base_score"]
    for kind, citizens in document["kinds"].items():
        shown = [Story.model_validate(by_id[c]) for c in citizens[:SHOWN_PER_KIND]]
        parts.append(f"<h3>{esc(KIND_WORDS[kind].capitalize())}</h3>")
        if not shown:
            parts.append("<p>Nobody of this kind in this run.</p>")
        parts += [_story_html(p, story, days, base) for story in shown]
    return "".join(parts)
