"""An Italian province's two-letter code in parentheses after a town ("Folignano (AP)",
"Cavriglia (AR)") is a LOCATION: the codes of ISO 3166-2:IT, from pycountry. Without this the
code would read as an agency ("AP") or an unknown acronym (an ACTOR)."""

from __future__ import annotations

from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.rules import Context, Rule


@cache
def province_codes() -> frozenset[str]:
    """The two-letter codes (lower case) of Italy's provinces and metropolitan cities (ISO 3166-2:IT)."""
    import pycountry

    return frozenset(s.code[3:].lower() for s in pycountry.subdivisions.get(country_code="IT")
                     if len(s.code) == 5 and s.code[3:].isalpha())


def find(doc: DocView, context: Context) -> list[Candidate]:
    out = []
    if "it" not in doc.langs:
        return out
    codes = province_codes()
    for i in doc.positions(codes):
        if 2 <= i < doc.n - 1 and doc.words[i].isupper() and doc.words[i - 1] == "(" and doc.words[i + 1] == ")" \
                and doc.alpha[i - 2] and doc.cap[i - 2] and not doc.allcaps[i - 2] and "it" in doc.langs_at(i):
            out.append(RULE.candidate(doc.starts[i], doc.ends[i], "province:code"))
    return out


RULE = Rule("province-codes", Label.LOCATION, PRIORITY_ENTITY, 0.8, find)
