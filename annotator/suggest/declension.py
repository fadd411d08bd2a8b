"""Nominatives of inflected place names, from tables of case endings per language
(``data/declensions.tsv``).

A gazetteer holds a place in the nominative ("Kėdainiai", "Praha", "Rovaniemi"); news write it in
any case ("Kėdainių", "v Praze", "Rovaniemellä"). ``nominatives`` turns a word's matching key
back into the keys of the nominatives it may be a case form of, by replacing a case ending of the
paragraph's languages with the nominative ending it belongs to. Looking those keys up is exact,
so a rule may trust such a match more than a stem followed by any ending.

Everything is compared as ``normalize.key`` writes it (diacritics folded, doubled letters
merged): "Tampereella" and "Tampere", "Dráván" and "Dráva" need no row of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from annotator.suggest.lexicon import data_lines
from annotator.suggest.normalize import key

MIN_STEM = 3  # letters of the word left before the nominative ending is put back


def _key_of_ending(ending: str) -> str:
    return "" if ending == "-" else key(ending)


@cache
def tables() -> Mapping[str, tuple[tuple[str, str], ...]]:
    """Per language: (ending key in an oblique case, nominative ending key) pairs, longest
    oblique ending first."""
    rows: dict[str, dict[tuple[str, str], None]] = {}
    for langs, nominative, endings in data_lines("declensions.tsv"):
        nom = _key_of_ending(nominative)
        for ending in endings.split():
            oblique = _key_of_ending(ending)
            if not oblique or oblique == nom:
                continue
            for lang in langs.split():
                rows.setdefault(lang, {})[(oblique, nom)] = None
    return MappingProxyType({lang: tuple(sorted(pairs, key=lambda p: -len(p[0]))) for lang, pairs in rows.items()})


@cache
def _pairs_for(langs: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The pairs of these languages (of every language in the tables if none is known: a short
    paragraph)."""
    known = tables()
    chosen = [lang for lang in sorted(langs) if lang in known] if langs else sorted(known)
    seen: dict[tuple[str, str], None] = {}
    for lang in chosen:
        for pair in known[lang]:
            seen.setdefault(pair, None)
    return tuple(seen)


def nominatives(probe: tuple[str, frozenset[str]]) -> tuple[str, ...]:
    """Keys of the nominatives that the word key ``probe[0]`` may be an oblique case of, in the
    languages ``probe[1]`` (a tuple so that a suggester's word memos can hold the answer)."""
    word_key, langs = probe
    out: dict[str, None] = {}
    for oblique, nom in _pairs_for(langs):
        if word_key.endswith(oblique) and len(word_key) - len(oblique) >= MIN_STEM:
            out.setdefault(word_key[: len(word_key) - len(oblique)] + nom, None)
    out.pop(word_key, None)
    return tuple(out)
