"""Misspelt names: a capitalised word no anchor found so far covers that is one letter short of
(or one letter longer than) a long one-word entry of the curated gazetteer, possibly before a
case ending ("Lufhansa", "Kazahstaului"): the entry's label, a lower confidence, and a priority
five below the entry's."""

from __future__ import annotations

from annotator.suggest.base import PRIORITY_SOURCE, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.rules import Context, Phase, Rule, tokens_covered


def find(doc: DocView, context: Context) -> list[Candidate]:
    return [RULE.candidate(doc.starts[i], doc.ends[i], "fuzzy:" + entry.provenance, label=entry.label,
                           priority=entry.priority - 5)
            for i, entry in context.gazetteer.misspellings(doc, tokens_covered(doc, context.anchors))]


RULE = Rule("misspellings", None, PRIORITY_SOURCE - 5, 0.6, find, Phase.ANCHOR)
