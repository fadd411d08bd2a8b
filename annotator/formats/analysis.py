"""What an import's worker processes do for each new document: its languages and tokens, its
folded text for the search index (and whatever more the import asks for along, see
``annotator.formats.importing.Along``).

Kept apart from the importing itself so that a worker imports only this, the text analysis and
what the import sends along: not the store, nor sqlite-utils (which imports pandas: about 0.3 s
of CPU in every worker).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.text.canonical import fold
from annotator.text.tokenize import gaps_and_tokens, packed_offsets_of

if TYPE_CHECKING:
    from annotator.text.language import LanguageInfo

Analysis = tuple[str, list[dict], int, bytes]


def analyse(text: str) -> Analysis:
    """Languages of the document and its differing paragraphs, its token count and offsets."""
    return _analysed(text)[0]


def _analysed(text: str, info: LanguageInfo | None = None) -> tuple[Analysis, list[tuple[str, str]]]:
    """``analyse``'s result and the tokens it found, as ``gaps_and_tokens`` pairs (the suggester's
    document view takes them instead of tokenizing the text again); ``info``: the text's
    ``detect_languages``, if the caller has it."""
    if info is None:
        from annotator.text.language import detect_languages

        info = detect_languages(text)
    paragraphs = [{"start": p.start, "end": p.end, "lang": p.lang} for p in info.paragraphs]
    pairs = gaps_and_tokens(text)
    return (info.lang, paragraphs, len(pairs), packed_offsets_of(pairs)), pairs


def analyse_chunk(items: list[tuple[str, str]], compute: Callable | None) -> list[tuple[Analysis, str, object]]:
    """In a worker process: each (doc id, text)'s analysis, its folded text (for the search index:
    folding costs about half as much as the index's insert, which the importing process does),
    and ``compute``'s result (or None)."""
    from annotator.text.language import detect_languages_of_many

    out = []
    for (doc_id, text), info in zip(items, detect_languages_of_many([text for _, text in items]), strict=True):
        analysis, pairs = _analysed(text, info)
        out.append((analysis, fold(text), compute(doc_id, text, analysis[0], analysis[1], pairs, analysis[3])
                    if compute is not None else None))
    return out
