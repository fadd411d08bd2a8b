"""Named squares and streets keep their square word: word first ("námestí Republiky", "Piața
Republicii", "Plaza Mayor") or name first ("Taksim Meydanı", "Republic Square") are LOCATION."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView, lower_form
from annotator.suggest.lexicon import word_lists
from annotator.suggest.names import FUNCTION_WORDS, name_like
from annotator.suggest.normalize import key, split_words
from annotator.suggest.rules import Context, Rule

_NAME_FIRST_SQUARES = split_words(
    "square tér téren meydanı meydan plein aikštė laukums väljak street avenue utca caddesi sokak torg torget "
    "plassen plads pladsen tori torilla torilta platz"
)


# small words between a street word and the name (folded lower case)
_OF = split_words("de del della dello delle dei degli di du des do da dos das la l d")
_APOSTROPHES = frozenset({"'", "’"})


def find(doc: DocView, context: Context) -> list[Candidate]:
    blocked = context.blocked
    out = []
    for i in doc.where(_square_word):
        if i + 1 >= doc.n:
            continue
        j = i + 1
        if doc.newline_before[j] or not doc.alpha[j] or blocked[j]:
            continue
        if doc.lower[j] in _OF and j + 1 < doc.n and not doc.newline_before[j + 1]:
            # "rue de Grenelle", "calle de Alcalá", "carrer de l'Estany", "Praça do Comércio"
            k = j + 1
            while k < doc.n and k - j < 3 and (doc.words[k] in _APOSTROPHES or doc.lower[k] in _OF):
                k += 1
            if k < doc.n and doc.cap[k] and not doc.allcaps[k] and name_like(doc, k) and not blocked[k] \
                    and not doc.newline_before[k]:
                end = k
                while end + 2 < doc.n and doc.words[end + 1] == "-" and not doc.gaps[end + 1] \
                        and not doc.gaps[end + 2] and doc.cap[end + 2]:
                    end += 2  # "Champs-Élysées"
                out.append(RULE.candidate(doc.starts[i], doc.ends[end], "pattern:square"))
            continue
        if doc.cap[j] and name_like(doc, j) and not doc.allcaps[j]:
            end = j
            if j + 1 < doc.n and name_like(doc, j + 1) and not doc.newline_before[j + 1]:
                end = j + 1
            out.append(RULE.candidate(doc.starts[i], doc.ends[end], "pattern:square"))
        elif doc.cap[i] and not doc.sent_start[i] and doc.words[j].islower() and len(doc.words[j]) > 3 \
                and doc.lower[j] not in FUNCTION_WORDS:
            out.append(RULE.candidate(doc.starts[i], doc.ends[j], "pattern:square", confidence=0.6))
    for i in doc.where(_name_first_square):
        if i >= 1 and name_like(doc, i - 1) and not doc.newline_before[i] \
                and not doc.sent_start[i - 1]:
            out.append(RULE.candidate(doc.starts[i - 1], doc.ends[i], "pattern:square", confidence=0.6,
                                      priority=PRIORITY_PATTERN))
    return out


def _square_word(word: str) -> bool:
    """A word for a square or a street before its name (data/words.tsv "squareword", "streetword")."""
    if not word[0].isalpha():
        return False
    lists = word_lists()
    k = key(word)
    return k in lists["squareword"] or k in lists["streetword"]


def _name_first_square(word: str) -> bool:
    """A word for a square or a street after its name."""
    return lower_form(word) in _NAME_FIRST_SQUARES


RULE = Rule("squares", Label.LOCATION, PRIORITY_ENTITY + 2, 0.7, find, facts=(_square_word, _name_first_square))
