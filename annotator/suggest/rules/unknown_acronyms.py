"""An upper-case word of two to five letters that no gazetteer knows is a weak ACTOR guess, unless
it is a common abbreviation ("GDP", "UTC"), a title, or part of a shouted headline or caption."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_GUESS, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import in_list
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule

_NOT_ACRONYMS = split_words("UPDATE LIVE VIDEO FOTO PHOTO TV SMS GPS GDP PIB HDP BIP ВВП CEO PM AM UTC GMT ID OK USD EUR KZT RUB "
    "LPG GPL LNG COVID HIV AIDS DNA PDF HTML URL FAQ CET EET PS NB ATM VIP IT AI UFO SOS")


def find(doc: DocView, context: Context) -> list[Candidate]:
    out = []
    for i in doc.cap_idx:
        w = doc.words[i]
        if not doc.allcaps[i] or not (2 <= len(w) <= 5) or w in _NOT_ACRONYMS:
            continue
        if in_list(doc, i, "nonname") or in_list(doc, i, "title"):
            continue
        # skip shouted headlines and captions: an all-caps neighbour or a colon after it
        if (i + 1 < doc.n and (doc.allcaps[i + 1] or doc.words[i + 1] == ":")) or (i > 0 and doc.allcaps[i - 1]):
            continue
        if len(w) <= 3 and doc.sent_start[i]:
            continue
        out.append(RULE.candidate(doc.starts[i], doc.ends[i], "name:acronym"))
    return out


RULE = Rule("unknown-acronyms", Label.ACTOR, PRIORITY_GUESS, 0.4, find)
