"""Surface forms curated in the gold layer of other documents (``annotator.suggest.gold``), with
the label they have there most often: the suggester's ``extra`` gazetteer."""

from __future__ import annotations

from annotator.suggest.base import PRIORITY_GOLD, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.lexicon import word_lists
from annotator.suggest.rules import Context, Phase, Rule


def find(doc: DocView, context: Context) -> list[Candidate]:
    if context.extra is None:
        return []
    return context.extra.matches(doc, word_lists()["mediacue"])


RULE = Rule("gold-forms", None, PRIORITY_GOLD, 0.9, find, Phase.ANCHOR)
