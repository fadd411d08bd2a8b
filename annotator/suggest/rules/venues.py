"""Named buildings whose name holds a capitalised word for a stadium, an arena or a station:
"Allianz Stadium", "Estadio Santiago Bernabéu", "Johan Cruijff ArenA", "Groupama Arénában",
"Odense Banegård Center". The whole name is one LOCATION (label-spec: a named building), the
sponsor, person or town inside it included; it outranks the company, person or town found inside.
A lower-case venue word before a name is a descriptor instead (``place_descriptors``: "stadionu
Maksimir" -> "Maksimir")."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import name_like
from annotator.suggest.normalize import key, split_words
from annotator.suggest.rules import Context, Rule
from annotator.suggest.rules.towns import BIG_TOWN, town_population

# Keys that begin a venue word in any case form, in the languages of the news sets.
_VENUE_STARTS = tuple(key(w) for w in split_words(
    "stadium stadion stadio estadio stade stadyum arena aren areen arēn "
    "banegård bahnhof hauptbahnhof nádraží dworzec"))
MAX_NAME = 3  # capitalised words taken on either side of the venue word


def _venue(word: str) -> bool:
    """A capitalised word for a stadium, an arena or a station ("Stadium", "Arénában")."""
    return word[0].isalpha() and word[0].isupper() and key(word).startswith(_VENUE_STARTS) and len(word) >= 5


def _venue_word(doc: DocView, i: int) -> bool:
    return doc.memos[_venue][doc.words[i]]


def _name_word(doc: DocView, i: int) -> bool:
    return 0 <= i < doc.n and doc.alpha[i] and doc.cap[i] and name_like(doc, i) and not _venue_word(doc, i)


# Capitalised words that name a town's main station after the town's name ("Poznań Główny",
# "Gdynia Główna", "Milano Centrale", "Roma Termini", "Amsterdam Centraal"), in their case forms.
_STATIONS_AFTER = frozenset(key(w) for w in split_words(
    "główny główna głównego głównej głównym główną centrale termini centraal hauptbahnhof hbf"))


def _station_after(word: str) -> bool:
    """A capitalised word for a town's main station, said after the town ("Główny", "Centrale")."""
    return word[0].isalpha() and word[0].isupper() and key(word) in _STATIONS_AFTER


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for a capitalised venue word with the capitalised name around it, and
    for a town's name with a word for its main station after it."""
    out: list[Candidate] = []
    stations = doc.where(_station_after)
    if stations:
        places = context.place_tokens(doc)
        for i in stations:
            # the town found, or a town's name next to the word (the towns rule leaves a name
            # beside another capitalised word alone: "Olsztyn Główny")
            if i > 0 and doc.gaps[i] and not doc.newline_before[i] and (places[i - 1] or (
                    doc.alpha[i - 1] and doc.cap[i - 1] and town_population(doc.words[i - 1]) >= BIG_TOWN)):
                start = i - 1
                while start > 0 and places[start - 1] and doc.starts[start] > 0 and not doc.newline_before[start]:
                    start -= 1  # a town of two words: "Frankfurt (Oder)" is not one, "Nowy Sącz" is
                out.append(RULE.candidate(doc.starts[start], doc.ends[i], "pattern:station"))
    for i in doc.where(_venue):
        start = i
        while i - start < MAX_NAME and _name_word(doc, start - 1) and not doc.newline_before[start]:
            start -= 1
        end = i
        while end - i < MAX_NAME and _name_word(doc, end + 1) and not doc.newline_before[end + 1]:
            end += 1
        if start == i and end == i:
            continue  # the word alone ("Stadion" at a sentence start)
        out.append(RULE.candidate(doc.starts[start], doc.ends[end], "pattern:venue"))
    return out


RULE = Rule("venues", Label.LOCATION, PRIORITY_ENTITY + 2, 0.7, find, facts=(_venue, _station_after))
