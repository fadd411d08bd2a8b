"""Plausibility checks for a media-gazetteer match (SOURCE), applied by the gazetteers rule.

An outlet's name is often also a word, a place's code or part of another name; the gazetteer
alone cannot tell. These checks look at the tokens around a match:

- a lower-case match through a case ending is a common word ("tase" is not "TASS" + "-e"), and
  so is a lower-case word that is not spelt as the outlet's name begins (Maltese "tas-" and
  Norwegian "tas" share a matching key with "Tass", not its letters);
- a later word of a name written capitalised does not match a lower-case word ("Le point noir"
  is not "Le Point");
- a Latin-script name matches a Greek or Cyrillic word through a case ending only if the outlet
  has a form in that script ("Πολιτικής" is not the Polish weekly "Polityka");
- a name glued by a hyphen to the word before it is part of a compound ("Proença-a-Nova");
- a short acronym inside an all-capital heading is a word of it ("LE DUE SCOSSE AD ASCOLI");
- two capital letters in parentheses after a capitalised word in Italian are a province's code
  ("Folignano (AP)"), not the agency;
- an outlet named by a common word ("Danas" = today, "Novosti" = news) at a sentence start
  needs a media word next to it (forms flagged ``word`` in sources.tsv / agencies.tsv), and in
  German, which capitalises every noun, wherever it stands ("der Welt", "dem Bild").
"""

from __future__ import annotations

import re
from functools import cache

from annotator.suggest.base import Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.languages import script_of
from annotator.suggest.lexicon import source_concepts
from annotator.suggest.normalize import folded, key

_OPEN, _CLOSE = frozenset("(["), frozenset(")]")
_FIRST_TOKEN = re.compile(r"\w+")  # a form's first token ("ria" of "ria.ru")
# languages that capitalise every noun: there a common-word outlet ("Welt", "Bild") needs a media
# word wherever it stands
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
_SOURCE_CONFIDENCE = 0.95  # a media entry matched as written (gazetteers.default_gazetteer)


@cache
def _spellings() -> dict[str, tuple[frozenset[str], dict[str, tuple[tuple[bool, ...], ...]], frozenset[str]]]:
    """Per outlet (provenance): the folded first words of its forms less a final vowel, its forms'
    lower-case patterns (whether each word after the first is lower-case) by folded form, and the
    scripts its forms are written in."""
    out: dict[str, tuple[set[str], dict[str, set[tuple[bool, ...]]], set[str]]] = {}
    for c in source_concepts():
        heads, patterns, scripts = out.setdefault(c.id, (set(), {}, set()))
        for form in c.forms:
            words = form.split()
            token = _FIRST_TOKEN.match(form)
            head = folded(token.group() if token else words[0])
            heads.add(head[:-1] if len(head) > 3 and head[-1] in "aeiouy" else head)
            patterns.setdefault(folded(form), set()).add(tuple(w[:1].islower() for w in words[1:]))
            scripts.add(script_of(form))
    return {k: (frozenset(h), {f: tuple(p) for f, p in pats.items()}, frozenset(s)) for k, (h, pats, s) in out.items()}


def _spelt_as_written(doc: DocView, cand: Candidate, i: int, j: int) -> bool:
    """The spelling checks of the module docstring: a lower-case first word spelt as a form
    begins, later words lower-case only where a form has them so, and a case ending across
    scripts only for an outlet written in that script."""
    known = _spellings().get(cand.provenance)
    if known is None:
        return True
    heads, patterns, scripts = known
    first = doc.words[i]
    if first[:1].islower() and not folded(first).startswith(tuple(heads)):
        return False
    if j > i:
        text = doc.text[cand.start:cand.end]
        pats = patterns.get(folded(text))
        if pats is not None:
            words = text.split()
            if tuple(w[:1].islower() for w in words[1:]) not in pats:
                return False
    if cand.confidence < _SOURCE_CONFIDENCE:
        script = script_of(first)
        if script and script not in scripts:
            return False
    return True


@cache
def common_word_forms() -> frozenset[str]:
    """Keys of the outlets' forms that are also common words (flag ``word``)."""
    return frozenset(key(form) for c in source_concepts() if "word" in c.flags for form in c.forms)


def plausible_source(doc: DocView, cand: Candidate, cues: frozenset[str]) -> bool:
    """Whether a SOURCE match of the gazetteer is an outlet here (see the module's docstring)."""
    i = doc.token_index(cand.start)
    j = doc.token_index(cand.end) - 1  # the last token
    if i >= doc.n:
        return True
    first = doc.words[i]
    one = i == j or (j == i + 2 and not doc.gaps[i + 1] and doc.words[i + 1] in {"-", ":", "'", "’"}
                     and doc.words[j].islower())  # a case ending: "ERR-ile", not "Bild-Zeitung"
    if first[:1].islower() and cand.confidence < _SOURCE_CONFIDENCE:
        return False  # an ending was tolerated on a lower-case word (it lowers the confidence)
    if not _spelt_as_written(doc, cand, i, j):
        return False
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
