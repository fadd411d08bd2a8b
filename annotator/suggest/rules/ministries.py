"""Ministries are ACTOR: head first ("ministerstva vnútra", "Ministerul Afacerilor Interne",
"ministère de l'Intérieur"), domain first ("Interior Ministry", "İçişleri Bakanlığı") or one
compound word ("innenriksdepartementet", "Außenministerium"); a bare "the ministry" is not."""

from __future__ import annotations

import re
from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView, lower_form
from annotator.suggest.lexicon import word_lists
from annotator.suggest.names import FUNCTION_WORDS, is_first_name, name_like
from annotator.suggest.normalize import key, split_words, stem
from annotator.suggest.rules import Context, Rule

_MINISTRY_COMPOUND = re.compile(
    r"\w{3,}(?:ministerium|ministeriums|departementet|departementets|ministeriet|ministeriets|"
    r"ministeriö|ministeriön|ministeriöstä|ministeriössä|minisztérium|minisztériuma|minisztériumot|"
    r"minisztériumnak|minisztériumtól|minisztériumban|ministerie|ministeerium)"
)
_CONJUNCTIONS = split_words("și si and und et y e og och és ve ja ir un и і та a i")
_ELISIONS = frozenset({"l", "d", "dell", "dall", "nell", "'", "’"})


def _is_ministry_head(doc: DocView, i: int, heads: frozenset[str], head_stems: frozenset[str]) -> bool:
    k = doc.key(i)
    if k in heads:
        return True
    if len(k) < 9 or k[:4] not in _ministry_prefixes():
        return False
    return any(len(k) - cut >= 8 and k[:-cut] in head_stems for cut in (1, 2, 3))


@cache
def _ministry_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    lists = word_lists()
    heads = lists["ministry"]
    return heads, lists["ministrydomain"], frozenset(stem(h) for h in heads if len(stem(h)) >= 8)


@cache
def _ministry_prefixes() -> frozenset[str]:
    """First letters of ministry words, and the compound endings' keys' first letters."""
    compounds = ("ministerium", "departement", "ministeriet", "ministerio", "minisztérium", "ministerie",
                 "ministeerium")
    return frozenset(h[:4] for h in _ministry_words()[2]) | frozenset(
        {"mini", "depa"} | {key(c)[:4] for c in compounds}
    )


def _domain_ahead(doc: DocView, j: int, domains: frozenset[str], blocked: list[bool], reach: int = 2) -> bool:
    """A lower-case domain word within ``reach`` words from j (nothing capitalised before it)."""
    for k in range(j, min(j + reach, doc.n)):
        if not doc.alpha[k] or doc.cap[k] or blocked[k] or doc.newline_before[k]:
            return False
        if doc.key(k) in domains:
            return True
    return False


def _compound_hint(low: str) -> bool:
    return "minis" in low or "departement" in low


def _ministry_candidate(word: str) -> bool:
    """A word that may be a ministry word or compound (a quick filter)."""
    if not word[0].isalpha():
        return False
    k = key(word)
    return k in _ministry_words()[0] or k[:4] in _ministry_prefixes() or (
        len(k) >= 9 and _compound_hint(lower_form(word)))


def find(doc: DocView, context: Context) -> list[Candidate]:
    blocked = context.blocked
    out = []
    heads, domains, head_stems = _ministry_words()
    for i in doc.where(_ministry_candidate):
        if _MINISTRY_COMPOUND.fullmatch(doc.lower[i]):
            out.append(RULE.candidate(doc.starts[i], doc.ends[i], "pattern:ministry"))
            continue
        if not _is_ministry_head(doc, i, heads, head_stems):
            continue
        # head first: ministerstva vnútra, Ministerul Afacerilor Interne, ministère de l'Intérieur,
        # ministerie van Buitenlandse Zaken
        j = i + 1
        last = None
        while j < doc.n and j - i <= 6 and not doc.newline_before[j] and not blocked[j]:
            if not doc.alpha[j]:
                if doc.words[j] in _ELISIONS and not doc.gaps[j]:
                    j += 1
                    continue
                break
            kj = doc.key(j)
            if doc.lower[j] in _CONJUNCTIONS:
                # "vanjskih i europskih poslova" goes on; "Interne și ai Gărzii Naționale" is two bodies
                if _domain_ahead(doc, j + 1, domains, blocked):
                    j += 1
                    continue
                break
            if kj not in domains and not doc.cap[j] and doc.lower[j] not in FUNCTION_WORDS \
                    and last is not None and _domain_ahead(doc, j + 1, domains, blocked, 1):
                j += 1  # an unlisted adjective between domain words: "vanjskih i europskih poslova"
                continue
            if kj in domains or (doc.cap[j] and name_like(doc, j) and (last is not None or j > i + 1)
                                 and not doc.allcaps[j] and not is_first_name(doc, j)):
                last = j
            elif last == j - 1 and not doc.cap[j] and kj in word_lists()["bodyadj"]:
                last = j  # a national adjective after the domain: "ministère de l'Éducation nationale"
            elif doc.lower[j] in FUNCTION_WORDS or doc.lower[j] in _ELISIONS or kj in {"spraw", "del", "dell"}:
                pass
            else:
                break
            j += 1
        if last is not None:
            out.append(RULE.candidate(doc.starts[i], doc.ends[last], "pattern:ministry"))
            continue
        # domain first: Interior Ministry, İçişleri Bakanlığı, Egészségügyi Minisztérium
        j = i - 1
        first = None
        while j >= 0 and i - j <= 3 and doc.alpha[j] and doc.key(j) in domains and not blocked[j]:
            first = j
            j -= 1
        if first is not None:
            out.append(RULE.candidate(doc.starts[first], doc.ends[i], "pattern:ministry"))
    return out


RULE = Rule("ministries", Label.ACTOR, PRIORITY_ENTITY, 0.75, find, facts=(_ministry_candidate,))
