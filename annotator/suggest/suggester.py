"""The default multilingual suggester: gazetteers, FIGURE rules and pattern rules, resolved
into one set of non-overlapping spans. No model download; everything compiles once per
process."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import cache

from annotator.suggest.base import PRIORITY_ENTITY, PRIORITY_SOURCE, Candidate, resolve
from annotator.suggest.doc import DocView
from annotator.suggest.figures import figure_candidates
from annotator.suggest.gazetteer import Gazetteer
from annotator.suggest.lexicon import (
    actor_concepts,
    country_concepts,
    place_concepts,
    source_concepts,
    subdivision_concepts,
    word_lists,
)
from annotator.suggest.rules import (
    acronym_definitions,
    credit_lines,
    echo_candidates,
    media_cues,
    ministries,
    official_bodies,
    org_heads,
    persons,
    squares,
    tokens_covered,
    tweet_authors,
    unknown_acronyms,
)
from annotator.suggest.towns import town_candidates

# Place names that are also common words at the start of a sentence ("Mali", "Island").
_SENTENCE_START_AMBIGUOUS = frozenset({"mali", "man", "island", "cad", "iordan", "togo", "niger", "guinea", "turkei", "iersei"})


@cache
def default_gazetteer() -> Gazetteer:
    """Media, organisations, persons, places and countries, built once per process."""
    gaz = Gazetteer()
    for concept in source_concepts():
        for form in concept.forms:
            gaz.add(form, "SOURCE", concept.id, confidence=0.95, priority=PRIORITY_SOURCE, flags=concept.flags)
    for concept in actor_concepts():
        for form in concept.forms:
            gaz.add(form, "ACTOR", concept.id, confidence=0.85, priority=PRIORITY_ENTITY, flags=concept.flags)
    for concept in (*country_concepts(), *place_concepts(), *subdivision_concepts()):
        langs = dict(concept.form_langs)
        for form in concept.forms:
            gaz.add(form, "LOCATION", concept.id, confidence=0.9, priority=PRIORITY_ENTITY, flags=concept.flags,
                    langs=langs.get(form))
    return gaz


@cache
def _known_acronyms() -> dict[str, str]:
    known = {}
    for concepts, label in ((source_concepts(), "SOURCE"), (actor_concepts(), "ACTOR"),
                            (country_concepts(), "LOCATION")):
        for concept in concepts:
            for form in concept.forms:
                if form.isupper() and " " not in form:
                    known.setdefault(form, label)
    return known


class DefaultSuggester:
    """Rules and gazetteers for every European language the project meets.

    ``extra`` is an additional gazetteer, typically the one learned from the gold layer
    (``annotator.suggest.gold.gold_gazetteer``).
    """

    name = "multilingual-rules"

    def __init__(self, extra: Gazetteer | None = None) -> None:
        self.gazetteer = default_gazetteer()
        self.extra = extra
        self.cues = word_lists()["mediacue"]

    def suggest(self, text: str, languages: Sequence[str] = ()) -> list[Candidate]:
        doc = DocView(text, languages)
        return self.suggest_doc(doc)

    def suggest_doc(self, doc: DocView) -> list[Candidate]:
        tweets = tweet_authors(doc)
        gazetteer = [c for c in self.gazetteer.matches(doc, self.cues) if _plausible(doc, c)]
        gold = self.extra.matches(doc, self.cues) if self.extra is not None else []
        firm = tweets + gazetteer + gold
        firm += self.gazetteer.fuzzy_matches(doc, tokens_covered(doc, firm))
        # known persons (and any ACTOR learned from gold) may be part of a longer name
        personal = [c for c in firm if c.provenance.startswith(("person:", "fuzzy:person"))
                    or (c.label == "ACTOR" and c.provenance.startswith("gold:"))]
        personal_ids = {id(c) for c in personal}
        # towns and cities (GeoNames) where no curated entry matched; they bound name guesses too
        firm += town_candidates(doc, tokens_covered(doc, firm))
        blocked = tokens_covered(doc, [c for c in firm if id(c) not in personal_ids])
        person_tokens = tokens_covered(doc, personal)
        candidates = [
            *firm,
            *figure_candidates(doc),
            *credit_lines(doc),
            *media_cues(doc),
            *acronym_definitions(doc, _known_acronyms()),
            *ministries(doc, blocked),
            *official_bodies(doc),
            *squares(doc, blocked),
            *org_heads(doc, blocked),
            *persons(doc, blocked, person_tokens),
            *unknown_acronyms(doc),
        ]
        handles = _handle_starts(doc)
        if handles:
            candidates = [c for c in candidates if c.start not in handles]
        first = resolve(candidates)
        # a name found once is suggested at its other occurrences, places included
        echoes = [c for c in echo_candidates(doc, first, ("ACTOR", "SOURCE", "LOCATION")) if c.start not in handles]
        return resolve(first + echoes) if echoes else first


def _plausible(doc: DocView, cand: Candidate) -> bool:
    """Drop a one-word place match that is more likely a common word at a sentence start."""
    if cand.label != "LOCATION":
        return True
    i = bisect.bisect_left(doc.starts, cand.start)
    if i < doc.n and doc.sent_start[i] and doc.ends[i] == cand.end:
        return doc.key(i) not in _SENTENCE_START_AMBIGUOUS
    return True


def _handle_starts(doc: DocView) -> set[int]:
    """Start offsets of the tokens of @handles: "@" and the word pieces glued to it."""
    starts: set[int] = set()
    for i in doc.positions(_AT):
        starts.add(doc.starts[i])
        j = i + 1
        while j < doc.n and not doc.gaps[j]:
            starts.add(doc.starts[j])
            j += 1
    return starts


_AT = frozenset({"@"})
