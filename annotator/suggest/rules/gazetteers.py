"""The curated gazetteers: media and agencies (SOURCE), organisations and persons (ACTOR), places,
countries and regions (LOCATION), matched with their case endings (``annotator.suggest.gazetteer``).
A one-word place that is more likely a common word at a sentence start ("Mali", "Island") is
left out there."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, PRIORITY_SOURCE, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import Gazetteer, GazetteerBuilder, collector_paused
from annotator.suggest.languages import function_word_in
from annotator.suggest.lexicon import (
    actor_concepts,
    country_concepts,
    historic_concepts,
    number_words,
    place_concepts,
    source_concepts,
    subdivision_concepts,
    word_lists,
)
from annotator.suggest.normalize import folded, key, split_words
from annotator.suggest.rules import Context, Phase, Rule
from annotator.suggest.rules.towns import stop_word
from annotator.suggest.source_checks import plausible_source

# Place names that are also common words at the start of a sentence ("Mali", "Island").
_SOURCE = Label.SOURCE
_LOCATION = Label.LOCATION  # an enum member, looked up once (each Label.X costs a lookup)
_SENTENCE_START_AMBIGUOUS = frozenset({"mali", "man", "island", "cad", "iordan", "togo", "niger", "guinea", "turkei", "iersei"})


@cache
def default_gazetteer() -> Gazetteer:
    """Media, organisations, persons, places and countries (with their misspellings), built once
    per process (with the garbage collector paused: ``collector_paused``)."""
    with collector_paused():
        return _built()


def _built() -> Gazetteer:
    gaz = GazetteerBuilder()
    places = (*country_concepts(), *historic_concepts(), *place_concepts(), *subdivision_concepts())
    # an outlet named like a place ("Klaipėda", a newspaper) is the place unless a media word is near
    place_forms = {_form_key(form) for concept in places for form in concept.forms}
    for concept in source_concepts():
        for form in concept.forms:
            flags = concept.flags | {"cue"} if _form_key(form) in place_forms else concept.flags
            gaz.add(form, Label.SOURCE, concept.id, confidence=0.95, priority=PRIORITY_SOURCE, flags=flags)
    for concept in actor_concepts():
        for form in concept.forms:
            gaz.add(form, Label.ACTOR, concept.id, confidence=0.85, priority=PRIORITY_ENTITY, flags=concept.flags)
    for concept in places:
        langs = dict(concept.form_langs)
        for form in concept.forms:
            gaz.add(form, Label.LOCATION, concept.id, confidence=0.9, priority=PRIORITY_ENTITY, flags=concept.flags,
                    langs=langs.get(form))
    return gaz.build(fuzzy=True)


# Descriptor nouns for a kind of region written after its name, as the first letters of their
# keys (every case form): "Olomoucký kraj", "Kauno miestas", "Московская область",
# "Zagrebačka županija", "Harju maakond", "Pest megye". The name is the span, the descriptor stays
# outside (label-spec: "oblast" as a separate word is left out).
DESCRIPTORS_AFTER = tuple(key(w) for w in split_words(
    "kraj kra край кра oblast област oblasc voblasc вобласц oblis županij apskrit miest rajon "
    "novad maakon megy varmegy vojvodstv okrug округ lan fylk kommun"))


def _form_key(form: str) -> str:
    return " ".join(form.casefold().split())


def find(doc: DocView, context: Context) -> list[Candidate]:
    """Every entry of the suggester's gazetteer found in the document, each with the label,
    confidence and priority of its entry (a place without the descriptor noun after its name)."""
    cues = word_lists()["mediacue"]
    return [_without_descriptor(doc, c) for c in context.gazetteer.matches(doc, cues)
            if _plausible(doc, c) and (c.label != _SOURCE or plausible_source(doc, c, cues))]


def _without_descriptor(doc: DocView, cand: Candidate) -> Candidate:
    """A region matched with the descriptor noun after its name ("Olomouckém kraji"), less it."""
    if cand.label != _LOCATION:
        return cand
    j = doc.token_index(cand.end) - 1  # the last token
    if j <= 0 or doc.starts[j] <= cand.start or not doc.alpha[j] or doc.cap[j] or not doc.gaps[j]:
        return cand
    if not doc.key(j).startswith(DESCRIPTORS_AFTER):
        return cand
    return replace(cand, end=doc.ends[j - 1])


def _plausible(doc: DocView, cand: Candidate) -> bool:
    """Drop a one-word place match that is more likely a common word at a sentence start, or a
    stop word of the paragraph's language ("Bila" is Croatian "was", not Basel); and any one-word
    match that is a function word of the paragraph's language at a sentence start (Maltese "Meta"
    = when, not the company)."""
    i = doc.token_index(cand.start)
    if cand.label != _LOCATION:
        return not (i < doc.n and doc.ends[i] == cand.end and doc.sent_start[i] and not doc.allcaps[i]
                    and function_word_in(doc.words[i], doc.langs_at(i)))
    if i < doc.n and doc.ends[i] == cand.end:
        if stop_word(doc, i) or not _spelt_alike(doc.words[i], cand.provenance):
            return False
        if doc.sent_start[i]:
            return doc.key(i) not in _SENTENCE_START_AMBIGUOUS and not (
                not doc.allcaps[i] and (function_word_in(doc.words[i], doc.langs_at(i))
                                        or _number_word_in(doc.lower[i], doc.langs_at(i))))
    return True


def _number_word_in(word: str, langs: frozenset[str]) -> bool:
    """A cardinal of one of ``langs`` ("Viens" is Latvian "one" at a sentence start, not the
    French village)."""
    found = _cardinals().get(word)
    return found is not None and not langs.isdisjoint(found)


@cache
def _cardinals() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for kind in ("word", "single", "collective"):
        for form, form_langs in number_words().get(kind, {}).items():
            out.setdefault(form, set()).update(form_langs)
    return {form: frozenset(ls) for form, ls in out.items()}


def _spelt_alike(word: str, provenance: str) -> bool:
    """A word with diacritics begins as one of the place's names does but for diacritics ("Číně"
    as "Čína", Icelandic "Ísland" as "Island"): Catalan "Vallès" is not "Wales", though their
    spelling keys agree (the match needs more than the diacritics its language writes)."""
    if word.isascii() or not word[0] < "\u0370":
        return True
    prefixes = _place_prefixes().get(provenance)
    return prefixes is None or folded(word)[:_PREFIX] in prefixes


_PREFIX = 3


@cache
def _place_prefixes() -> dict[str, frozenset[str]]:
    """Each place's id -> the first letters of its names in Latin letters, case and diacritics
    folded."""
    out: dict[str, set[str]] = {}
    for concept in (*country_concepts(), *historic_concepts(), *place_concepts(), *subdivision_concepts()):
        out.setdefault(concept.id, set()).update(folded(f)[:_PREFIX] for f in concept.forms if f[0] < "\u0370")
    return {k: frozenset(v) for k, v in out.items()}


RULE = Rule("gazetteers", None, PRIORITY_SOURCE, 0.9, find, Phase.ANCHOR)
