"""Companies named alone (data/companies.tsv: the large companies of each European country and
the multinationals the press names most), with their case endings ("Finnairin", "Agrokora"), are
ACTOR (label-spec: a company is an organisation). A name inside a longer capitalised name is left
to the rules that read that name ("Renault Samsung Motors" is its own entry), and a brand before a
model code names the product ("Audi A 7", "BMW X5")."""

from __future__ import annotations

from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import Gazetteer, GazetteerBuilder
from annotator.suggest.lexicon import company_concepts
from annotator.suggest.names import inside_longer_name
from annotator.suggest.rules import Context, Rule


@cache
def _companies() -> Gazetteer:
    """data/companies.tsv as a gazetteer (exact and inflected forms, no misspellings: many names
    are short)."""
    gaz = GazetteerBuilder()
    for concept in company_concepts():
        for form in concept.forms:
            gaz.add(form, Label.ACTOR, concept.id, confidence=RULE.confidence, priority=RULE.priority,
                    flags=concept.flags)
    return gaz.build()


def find(doc: DocView, context: Context) -> list[Candidate]:
    """ACTOR candidates for the companies of data/companies.tsv."""
    out = []
    for c in _companies().matches(doc, starts=doc.where(_company_start)):
        i = doc.token_index(c.start)
        j = doc.token_index(c.end) - 1
        if i < doc.n and doc.starts[i] == c.start and not inside_longer_name(doc, i, j) and not _model(doc, j + 1):
            out.append(RULE.candidate(c.start, c.end, c.provenance))
    return out


def _company_start(word: str) -> bool:
    """A company's name may start at this word (a word fact)."""
    return _companies().starts_at(word)


def _model(doc: DocView, k: int) -> bool:
    """Token k is a product's model code after a brand ("Audi A 7", "BMW X5", "Volvo XC90"): the
    brand names a car, not the company."""
    if k >= doc.n or not doc.gaps[k] or doc.newline_before[k]:
        return False
    w = doc.words[k]
    return (len(w) <= 4 and (w.isupper() or any(ch.isdigit() for ch in w)) and not w.isdigit()) or (
        w.isdigit() and len(w) <= 3 and k > 0 and doc.words[k - 1].isupper() and len(doc.words[k - 1]) == 1)


RULE = Rule("companies", Label.ACTOR, PRIORITY_ENTITY, 0.75, find, facts=(_company_start,))
