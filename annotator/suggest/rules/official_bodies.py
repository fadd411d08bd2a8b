"""Official national bodies named by an adjective and a noun, in either order ("Národná banka",
"Gărzii Naționale", "Εθνική Τράπεζα", "National Guard") are ACTOR."""

from __future__ import annotations

from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.lexicon import word_lists
from annotator.suggest.normalize import key, stem
from annotator.suggest.rules import Context, Rule


def _stem_in(k: str, stems: frozenset[str]) -> bool:
    if k in stems:
        return True
    return any(len(k) - cut >= 4 and k[:-cut] in stems for cut in range(1, 4))


@cache
def _body_words() -> tuple[frozenset[str], frozenset[str]]:
    lists = word_lists()
    adjs = frozenset(stem(k) for k in lists["bodyadj"]) | lists["bodyadj"]
    nouns = frozenset(stem(k) for k in lists["bodynoun"]) | lists["bodynoun"]
    return adjs, nouns


@cache
def _body_prefixes() -> frozenset[str]:
    adjs, nouns = _body_words()
    return frozenset(w[:3] for w in adjs | nouns)


def find(doc: DocView, context: Context) -> list[Candidate]:
    adjs, nouns = _body_words()
    out = []
    keys = doc._keys
    for i in doc.where(_body_start):
        j = i + 1
        if j >= doc.n or not doc.alpha[j] \
                or doc.newline_before[j]:
            continue
        ki, kj = keys[i], keys[j]
        if (_stem_in(ki, adjs) and _stem_in(kj, nouns)) or (_stem_in(ki, nouns) and _stem_in(kj, adjs)):
            if doc.sent_start[i] and not doc.cap[j]:
                continue  # "National security is..." at a sentence start
            out.append(RULE.candidate(doc.starts[i], doc.ends[j], "pattern:body"))
    return out


def _body_start(word: str) -> bool:
    """A capitalised word whose key begins like a body's adjective or noun (a quick filter)."""
    return word[0].isupper() and (key(word) if word[0].isalpha() else word)[:3] in _body_prefixes()


RULE = Rule("official-bodies", Label.ACTOR, PRIORITY_PATTERN, 0.65, find, facts=(_body_start,))
