"""Streets named before their street word, and streets named in one compound word
(``data/street_words.tsv``): Latvian "Skolas ielā", Lithuanian "V. Kudirkos aikštėje", Slovene
"Apihovi ulici", Hungarian "Váci utcában" (the name, one or two capitalised words, then a street
word of the paragraph's language in any case form), and Danish "Jernaldervej", Swedish "Solvägen",
Finnish "Hannunkadun" (a capitalised word, not at a sentence start, that ends in a street head of
the paragraph's language). The street word is part of the name, as a square's is (label-spec:
"námestí Republiky"), so it is inside the span.

German writes every noun capitalised ("Landstraße", "Umweg"), so a German compound counts only
when a house number follows it ("Goethestraße 12")."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.lexicon import data_lines
from annotator.suggest.names import name_like
from annotator.suggest.normalize import folded
from annotator.suggest.rules import Context, Rule

ANY = "*"  # a street word of any paragraph's language, written capitalised ("Downing Street")
_MIN_NAME = 3  # letters before a compound's head: "Solvägen", not "Vägen"
_DE_HEADS = ("strasse", "gasse", "allee", "weg", "platz", "damm", "ring")  # folded: "straße" -> "strasse"


@cache
def street_words() -> tuple[Mapping[str, frozenset[str]], Mapping[str, tuple[str, ...]]]:
    """(folded separate street word -> its languages, language -> folded compound heads, longest
    first), from ``data/street_words.tsv``."""
    after: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for kind, langs, forms in data_lines("street_words.tsv"):
        for form in forms.split():
            for lang in langs.split():
                if kind == "after":
                    after.setdefault(folded(form), set()).add(lang)
                else:
                    heads.setdefault(lang, set()).add(folded(form))
    heads["de"] = set(_DE_HEADS)
    return (MappingProxyType({w: frozenset(ls) for w, ls in after.items()}),
            MappingProxyType({lang: tuple(sorted(hs, key=len, reverse=True)) for lang, hs in heads.items()}))


def _name_start(doc: DocView, i: int) -> int | None:
    """The first token of the name that ends just before token i: one or two capitalised words
    on i's line, with an initial before them ("V. Kudirkos"); None if there is none."""
    j = i - 1
    if j < 0 or doc.newline_before[i] or not doc.alpha[j] or not doc.cap[j] or doc.allcaps[j] \
            or not name_like(doc, j):
        return None
    start = j
    if j >= 1 and not doc.sent_start[j] and not doc.newline_before[j] and doc.alpha[j - 1] and doc.cap[j - 1] \
            and not doc.allcaps[j - 1] and name_like(doc, j - 1):
        start = j - 1
    # an initial: "V." before the surname
    if start >= 2 and doc.words[start - 1] == "." and len(doc.words[start - 2]) == 1 and doc.cap[start - 2] \
            and not doc.newline_before[start - 1] and not doc.newline_before[start]:
        start -= 2
    return start


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for streets named before their street word or in one compound."""
    after, heads = street_words()
    out: list[Candidate] = []
    blocked = context.blocked
    f = doc.folded
    for i in doc.where(_street_word):
        langs = after[f[i]]
        # lower-case in the languages that write it so ("ielā"); capitalised in any language
        # where it is English ("Downing Street")
        if not (ANY in langs and doc.cap[i]) and (doc.cap[i] or not langs & doc.langs_at(i)):
            continue
        start = _name_start(doc, i)
        if start is not None:
            out.append(RULE.candidate(doc.starts[start], doc.ends[i], "pattern:street"))
    for i in doc.where(_street_compound):
        if blocked[i]:
            continue
        word = f[i]
        for lang in doc.langs_at(i):
            ends = heads.get(lang)
            if not ends:
                continue
            head = next((h for h in ends if word.endswith(h) and len(word) - len(h) >= _MIN_NAME), None)
            if head is None:
                continue
            if lang == "de":
                if not (i + 1 < doc.n and doc.digit[i + 1] and doc.gaps[i + 1]):
                    continue
            elif doc.sent_start[i]:
                continue
            out.append(RULE.candidate(doc.starts[i], doc.ends[i], "pattern:street-compound"))
            break
    return out


def _street_word(word: str) -> bool:
    """A separate street word of some language ("ielā", "utcában", "Street")."""
    return word[0].isalpha() and folded(word) in street_words()[0]


def _street_compound(word: str) -> bool:
    """A capitalised word (not in capitals) that ends in a street head of some language; the
    rule checks the paragraph's languages."""
    if not (word[0].isalpha() and word[0].isupper()) or (len(word) > 1 and word.isupper()):
        return False
    f = folded(word)
    n = len(f)
    heads, sizes = _all_compound_heads()
    return any(f[n - size:] in heads for size in sizes if n - size >= _MIN_NAME)


@cache
def _all_compound_heads() -> tuple[frozenset[str], tuple[int, ...]]:
    """Every language's compound heads and their lengths: a word's endings of those lengths are
    looked up (asked of every new word, instead of trying each head)."""
    heads = frozenset(h for ends in street_words()[1].values() for h in ends)
    return heads, tuple(sorted({len(h) for h in heads}))


RULE = Rule("streets", Label.LOCATION, PRIORITY_PATTERN, 0.6, find, facts=(_street_word, _street_compound))
