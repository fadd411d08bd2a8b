"""Plausibility checks for a media-gazetteer match (SOURCE), applied by the gazetteers rule.

An outlet's name is often also a word, a place's code or part of another name; the gazetteer
alone cannot tell. These checks look at the tokens around a match:

- a lower-case match through a case ending is a common word ("tase" is not "TASS" + "-e");
- a name glued by a hyphen to the word before it is part of a compound ("Proença-a-Nova");
- a short acronym inside an all-capital heading is a word of it ("LE DUE SCOSSE AD ASCOLI");
- two capital letters in parentheses after a capitalised word in Italian are a province's code
  ("Folignano (AP)"), not the agency;
- an outlet named by a common word ("Danas" = today, "Novosti" = news) at a sentence start
  needs a media word next to it (forms flagged ``word`` in sources.tsv / agencies.tsv), and in
  German, which capitalises every noun, wherever it stands ("der Welt", "dem Bild").
"""

from __future__ import annotations

import bisect
from functools import cache

from annotator.suggest.base import Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.lexicon import source_concepts
from annotator.suggest.normalize import key

_OPEN, _CLOSE = frozenset("(["), frozenset(")]")
# languages that capitalise every noun: there a common-word outlet ("Welt", "Bild") needs a media
# word wherever it stands
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
_SOURCE_CONFIDENCE = 0.95  # a media entry matched as written (gazetteers.default_gazetteer)


@cache
def common_word_forms() -> frozenset[str]:
    """Keys of the outlets' forms that are also common words (flag ``word``)."""
    return frozenset(key(form) for c in source_concepts() if "word" in c.flags for form in c.forms)


def plausible_source(doc: DocView, cand: Candidate, cues: frozenset[str]) -> bool:
    """Whether a SOURCE match of the gazetteer is an outlet here (see the module's docstring)."""
    i = bisect.bisect_left(doc.starts, cand.start)
    j = bisect.bisect_left(doc.starts, cand.end) - 1  # the last token
    if i >= doc.n:
        return True
    first = doc.words[i]
    one = i == j or (j == i + 2 and not doc.gaps[i + 1] and doc.words[i + 1] in {"-", ":", "'", "’"}
                     and doc.words[j].islower())  # a case ending: "ERR-ile", not "Bild-Zeitung"
    if first[:1].islower() and cand.confidence < _SOURCE_CONFIDENCE:
        return False  # an ending was tolerated on a lower-case word (it lowers the confidence)
    if i >= 2 and not doc.gaps[i] and doc.words[i - 1] == "-" and not doc.gaps[i - 1] and doc.alpha[i - 2]:
        return False
    if one and doc.allcaps[i] and len(first) <= 4 and _in_caps_heading(doc, i):
        return False
    if one and len(first) == 2 and first.isupper() and _province_code(doc, i):
        return False
    if one and (doc.sent_start[i] or doc.langs_at(i) & _NOUNS_CAPITALISED) and doc.key(i) in common_word_forms():
        return any(0 <= k < doc.n and doc.alpha[k] and doc.key(k) in cues for k in (i - 1, i - 2, j + 1))
    return True


def _in_caps_heading(doc: DocView, i: int) -> bool:
    """An all-capital word of three letters or more right before or after, across a space."""
    for k, gap in ((i - 1, doc.gaps[i]), (i + 1, doc.gaps[i + 1] if i + 1 < doc.n else "")):
        if 0 <= k < doc.n and gap and "\n" not in gap and doc.alpha[k] and doc.allcaps[k] and len(doc.words[k]) >= 3:
            return True
    return False


def _province_code(doc: DocView, i: int) -> bool:
    """"Folignano (AP)": an Italian province's code in parentheses after a capitalised word."""
    if not (i >= 2 and i + 1 < doc.n and doc.words[i - 1] in _OPEN and doc.words[i + 1] in _CLOSE):
        return False
    if "it" not in doc.langs_at(i):
        return False
    return doc.cap[i - 2] and doc.alpha[i - 2] and not doc.allcaps[i - 2]
