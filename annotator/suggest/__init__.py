"""Machine suggestions: the ``machine`` layer that annotators start from.

- ``Suggester`` (the interface: text and languages in, ``Candidate`` spans out with label,
  confidence and provenance) and ``DefaultSuggester`` (multilingual rules and gazetteers, no
  model download);
- ``GoldLexicon`` / ``gold_gazetteer``: surface forms learned from the gold layer;
- ``suggest_documents`` and ``acceptance_rates`` (``annotator.suggest.runner``).

Scoring a layer against another (``annotator evaluate``) is in ``annotator.agreement.evaluate``,
with every other comparison of two layers.
"""

from annotator.suggest.base import Candidate, Suggester, resolve
from annotator.suggest.gold import GoldLexicon, gold_gazetteer
from annotator.suggest.runner import acceptance_rates, suggest_documents
from annotator.suggest.suggester import DefaultSuggester


def suggest_text(text: str, languages=()) -> list[Candidate]:
    """Suggestions for one text with the default suggester."""
    return DefaultSuggester().suggest(text, languages)


__all__ = [
    "Candidate",
    "DefaultSuggester",
    "GoldLexicon",
    "Suggester",
    "acceptance_rates",
    "gold_gazetteer",
    "resolve",
    "suggest_documents",
    "suggest_text",
]
