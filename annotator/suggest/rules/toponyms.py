"""Places of several words that begin with a word places' names begin with
(``data/toponym_words.tsv``): "Sant Pau de Segúries", "Alt Empordà", "Vall de Bianya", "Aldeia da
Pedralva", "Gorenje Brezovo", "v Veliki Nedelji". The run is a LOCATION, ranked above the guess
that two capitalised words are a person. The word must begin the run (not "José de San Martín")
and be one of the paragraph's languages' (a Slavic "Nova" or a German "Bad"), and a name must
follow it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.lexicon import data_lines
from annotator.suggest.names import NAME_PARTICLES, is_first_name, name_like
from annotator.suggest.normalize import key
from annotator.suggest.rules import Context, Rule
from annotator.suggest.rules.place_context import name_end

ANY = "*"
_ARTICLES = frozenset({"la", "el", "les", "los", "las", "le", "il", "lo", "o", "a", "os", "as"})


@cache
def toponym_words() -> Mapping[str, frozenset[str]]:
    """Key of a word that begins places' names -> its languages (``ANY`` for every language)."""
    out: dict[str, set[str]] = {}
    for langs, words in data_lines("toponym_words.tsv"):
        for word in words.split():
            out.setdefault(key(word), set()).update(langs.split())
    return MappingProxyType({k: frozenset(v) for k, v in out.items()})


def _starts_toponym(word: str) -> bool:
    """A capitalised word (not in capitals) that places' names begin with in some language."""
    return word[0].isalpha() and word[0].isupper() and not (len(word) > 1 and word.isupper()) \
        and key(word) in toponym_words()


def _after_name(doc: DocView, i: int) -> bool:
    """Token i follows a capitalised word of a name on its line."""
    return i > 0 and not doc.newline_before[i] and doc.gaps[i] and doc.cap[i - 1] and not doc.sent_start[i - 1] \
        and name_like(doc, i - 1)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for runs of capitalised words that begin with a toponym word."""
    words = toponym_words()
    # a place found inside the run ("Baix" of "Baix Penedès") does not stop it; any other name does
    hits = doc.where(_starts_toponym)
    if not hits:
        return []
    blocked, places = context.blocked, context.place_tokens(doc)
    out: list[Candidate] = []
    for i in hits:
        langs = words[doc.key(i)]
        if (blocked[i] and not places[i]) or not (ANY in langs or langs & doc.langs_at(i)):
            continue
        if _after_name(doc, i) or (i > 1 and doc.lower[i - 1] in NAME_PARTICLES and _after_name(doc, i - 1)):
            continue  # inside a longer name: "Puerto Rico San Juan", "José de San Martín"
        end = name_end(doc, i)
        if end is None or end == i or any(blocked[k] and not places[k] for k in range(i, end + 1)):
            continue
        # a person's name after the place ("Свети Влас Иван Николов") is not part of it
        cut = next((k for k in range(i + 2, end + 1) if doc.cap[k] and doc.gaps[k] and doc.cap[k - 1]
                    and doc.alpha[k - 1] and is_first_name(doc, k)), None)
        if cut is not None:
            end = cut - 1
        if end == i:
            continue
        # a capitalised article belongs to the name: "La Torre de Esteban Hambrán"
        start = i - 1 if i > 0 and doc.cap[i - 1] and doc.lower[i - 1] in _ARTICLES and doc.gaps[i] else i
        out.append(RULE.candidate(doc.starts[start], doc.ends[end], "pattern:toponym"))
    return out


RULE = Rule("toponyms", Label.LOCATION, PRIORITY_PATTERN, 0.55, find, facts=(_starts_toponym,))
