"""An upper-case word of two to five letters that no gazetteer knows is a weak ACTOR guess, unless
it is a term rather than a name ("GDP", "KPIF", "PDG", "EM", "USA": data/term_acronyms.tsv), a
Roman numeral ("Willem II", "VIII. kerület"), a title, the abbreviation of a lower-case term or
of a law's title defined in parentheses ("nacionalne referentne stope (NRS)", "Закона за
съдебната власт (ЗВС)"), or part of a shouted headline or
caption. A case ending or clitic glued to it is inside the span ("MES-i", "IAU:n", label-spec)."""

from __future__ import annotations

import re

from annotator.model import Label
from annotator.suggest.base import PRIORITY_GUESS, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.lexicon import term_acronyms
from annotator.suggest.names import FUNCTION_WORDS, in_list
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule

_ROMAN = re.compile(r"[IVXLC]+")
# Words for a law or code, folded, whose abbreviated titles are terms (label-spec tags no law)
_LAW_STEMS = tuple(split_words("""zakon закон zakon ustaw gesetz law act loi ley legge lei wet lag lov laki
    seadus likum istatym torveny kanun νομ lege kodeks kodex code codice codigo кодекс"""))


def find(doc: DocView, context: Context) -> list[Candidate]:
    out = []
    for i in doc.where(_acronym):
        w = doc.words[i]
        if in_list(doc, i, "nonname") or in_list(doc, i, "title"):
            continue
        end = extend_clitic(doc, i)
        # skip shouted headlines and captions: an all-caps neighbour or a colon after it (not
        # the colon of a Finnish case ending, "IAU:n")
        if (i + 1 < doc.n and (doc.allcaps[i + 1] or (doc.words[i + 1] == ":" and end == i))) \
                or (i > 0 and doc.allcaps[i - 1]):
            continue
        if len(w) <= 3 and doc.sent_start[i]:
            continue
        if _defines_term(doc, i):
            continue
        out.append(RULE.candidate(doc.starts[i], doc.ends[end], "name:acronym"))
    return out


def _defines_term(doc: DocView, i: int) -> bool:
    """Token i is "(ABC)" after lower-case words whose initials spell it: the abbreviation of a
    common noun phrase ("iekšzemes kopprodukta (IKP)", "referentne stope (NRS)"), not a name."""
    if i < 2 or doc.words[i - 1] != "(" or i + 1 >= doc.n or doc.words[i + 1] != ")":
        return False
    if law_title(doc, i - 1) is not None:
        return True
    letters = doc.lower[i]
    j, pos, lower_words = i - 2, len(letters) - 1, 0
    while j >= 0 and pos >= 0 and i - j <= 10 and doc.alpha[j] and not doc.newline_before[j + 1]:
        if doc.cap[j]:
            return False  # a capitalised word: a name, which the acronym rules handle
        if doc.lower[j].startswith(letters[pos]):
            pos -= 1
            lower_words += 1
        elif doc.lower[j] not in FUNCTION_WORDS:
            # a compound spelling two letters ("kopprodukta" for "KP")
            if pos >= 1 and doc.lower[j].startswith(letters[pos - 1]) and letters[pos] in doc.lower[j][1:]:
                pos -= 2
                lower_words += 1
            else:
                return False
        j -= 1
    return pos < 0 and lower_words >= 1


def law_title(doc: DocView, paren: int) -> int | None:
    """The first token of a law's or code's title just before the parenthesis at ``paren``
    whose abbreviation starts with that word's initial ("Закона за съдебната власт (ЗВС)",
    "Zákon o obcích (ZOO)"), or None: a law is no organisation."""
    if paren + 1 >= doc.n or not doc.alpha[paren + 1]:
        return None
    initial = doc.lower[paren + 1][0]
    for j in range(paren - 1, max(paren - 8, -1), -1):
        if not doc.alpha[j] or doc.newline_before[j + 1]:
            return None
        if doc.folded[j].startswith(_LAW_STEMS) and doc.lower[j].startswith(initial):
            return j
    return None


def _acronym(word: str) -> bool:
    """Two to five capitals that are not a term's acronym ("COVID") nor a Roman numeral."""
    return 2 <= len(word) <= 5 and word[0].isupper() and word.isupper() and word not in term_acronyms() \
        and not _ROMAN.fullmatch(word)


RULE = Rule("unknown-acronyms", Label.ACTOR, PRIORITY_GUESS, 0.4, find, facts=(_acronym,))
