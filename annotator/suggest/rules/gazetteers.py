"""The curated gazetteers: media and agencies (SOURCE), organisations and persons (ACTOR), places,
countries and regions (LOCATION), matched with their case endings (``annotator.suggest.gazetteer``).
A one-word place that is more likely a common word at a sentence start ("Mali", "Island") is
left out there."""

from __future__ import annotations

import bisect
from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, PRIORITY_SOURCE, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import Gazetteer, GazetteerBuilder
from annotator.suggest.lexicon import (
    actor_concepts,
    country_concepts,
    place_concepts,
    source_concepts,
    subdivision_concepts,
    word_lists,
)
from annotator.suggest.rules import Context, Phase, Rule

# Place names that are also common words at the start of a sentence ("Mali", "Island").
_LOCATION = Label.LOCATION  # an enum member, looked up once (each Label.X costs a lookup)
_SENTENCE_START_AMBIGUOUS = frozenset({"mali", "man", "island", "cad", "iordan", "togo", "niger", "guinea", "turkei", "iersei"})


@cache
def default_gazetteer() -> Gazetteer:
    """Media, organisations, persons, places and countries (with their misspellings), built once
    per process."""
    gaz = GazetteerBuilder()
    for concept in source_concepts():
        for form in concept.forms:
            gaz.add(form, Label.SOURCE, concept.id, confidence=0.95, priority=PRIORITY_SOURCE, flags=concept.flags)
    for concept in actor_concepts():
        for form in concept.forms:
            gaz.add(form, Label.ACTOR, concept.id, confidence=0.85, priority=PRIORITY_ENTITY, flags=concept.flags)
    for concept in (*country_concepts(), *place_concepts(), *subdivision_concepts()):
        langs = dict(concept.form_langs)
        for form in concept.forms:
            gaz.add(form, Label.LOCATION, concept.id, confidence=0.9, priority=PRIORITY_ENTITY, flags=concept.flags,
                    langs=langs.get(form))
    return gaz.build(fuzzy=True)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """Every entry of the suggester's gazetteer found in the document, each with the label,
    confidence and priority of its entry."""
    cues = word_lists()["mediacue"]
    return [c for c in context.gazetteer.matches(doc, cues) if _plausible(doc, c)]


def _plausible(doc: DocView, cand: Candidate) -> bool:
    """Drop a one-word place match that is more likely a common word at a sentence start."""
    if cand.label != _LOCATION:
        return True
    i = bisect.bisect_left(doc.starts, cand.start)
    if i < doc.n and doc.sent_start[i] and doc.ends[i] == cand.end:
        return doc.key(i) not in _SENTENCE_START_AMBIGUOUS
    return True


RULE = Rule("gazetteers", None, PRIORITY_SOURCE, 0.9, find, Phase.ANCHOR)
