"""Learning from the gold layer: every surface form curated in ``gold`` becomes a suggestion
with its label in the other documents, so suggestions improve as curation proceeds.

A form takes the label it has most often in gold (a tie is left out). Numerals written in
digits are left to the FIGURE rules (a "18" learned as FIGURE must not turn "18." or a date
into one). When suggesting for a document, its own gold spans do not count: a form supported
only by that document is not used there. Before a document is curated, the spans that two or
more annotators marked alike in layers they set to done count as its gold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from annotator.model import GOLD, Label, Status, is_human_layer
from annotator.suggest.base import PRIORITY_GOLD, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import GazetteerBuilder, close_languages


class GoldLexicon:
    """Surface forms of a gold layer with, per form, the documents that support each label."""

    def __init__(self, forms: dict[str, dict[str, set[str]]], doc_langs: dict[str, str] | None = None):
        self.forms = forms
        self.doc_langs = doc_langs or {}
        builder = GazetteerBuilder()
        self._support: dict[str, dict[str, set[str]]] = {}
        # lower-case forms and number words are words of a language ("opt", "seks", "sute"): they are
        # suggested only in documents of a language of the documents they were curated in
        self._langs: dict[str, frozenset[str]] = {}
        doc_langs = doc_langs or {}
        for surface, by_label in forms.items():
            if not _learnable(surface, by_label):
                continue
            provenance = "gold:" + surface
            self._support[provenance] = by_label
            label = _majority(by_label)
            if label is None:
                continue
            flags = {"lower", "exact"} if not surface[:1].isupper() else set()
            if label == Label.FIGURE:
                flags |= {"lower", "exact"}
            if "lower" in flags:
                langs = {doc_langs.get(d) for docs in by_label.values() for d in docs} - {None, "und"}
                self._langs[provenance] = frozenset(close_languages(frozenset(langs)))
            builder.add(surface, label, provenance, confidence=0.9, priority=PRIORITY_GOLD, flags=flags)
        self.gazetteer = builder.build()

    @classmethod
    def from_store(cls, store, layer: str = GOLD) -> GoldLexicon:
        """The forms of ``layer``; for the gold layer also, in documents without gold, the spans
        that two or more annotators marked alike in layers they have set to done."""
        forms: dict[str, dict[str, set[str]]] = {}
        doc_langs: dict[str, str] = {}

        def learn(doc_id: str, lang: str, text: str, spans) -> None:
            doc_langs[doc_id] = lang
            for span in spans:
                forms.setdefault(text[span.start : span.end], {}).setdefault(span.label, set()).add(doc_id)

        for row in _layer_spans(store, layer):
            learn(*row)
        if layer == GOLD:
            for row in _agreed_spans(store, skip=set(doc_langs)):
                learn(*row)
        return cls(forms, doc_langs)

    @classmethod
    def from_records(cls, records: Iterable[tuple[str, str, Iterable]]) -> GoldLexicon:
        """From (doc id, text, spans) triples, e.g. a gold JSONL file."""
        forms: dict[str, dict[str, set[str]]] = {}
        for doc_id, text, spans in records:
            for span in spans:
                forms.setdefault(text[span.start : span.end], {}).setdefault(span.label, set()).add(doc_id)
        return cls(forms)

    def __len__(self) -> int:
        return self.gazetteer.size

    def same_forms(self, other: GoldLexicon) -> bool:
        """Whether ``other`` was learned from the same forms, in documents of the same languages
        (then it suggests the same)."""
        return self.forms == other.forms and self.doc_langs == other.doc_langs

    def for_document(self, doc_id: str | None) -> _ExcludingGazetteer:
        """A gazetteer view that ignores the gold spans of ``doc_id``."""
        return _ExcludingGazetteer(self, doc_id)

    def matches(self, doc: DocView, cues: frozenset[str], exclude: str | None = None) -> list[Candidate]:
        out = []
        for cand in self.gazetteer.matches(doc, cues):
            langs = self._langs.get(cand.provenance)
            if langs is not None and not (langs & _langs_at(doc, cand.start)):
                continue
            by_label = self._support.get(cand.provenance, {})
            if exclude is not None:
                by_label = {label: docs - {exclude} for label, docs in by_label.items()}
            if _majority(by_label) == cand.label:
                out.append(cand)
        return out


class _ExcludingGazetteer:
    def __init__(self, lexicon: GoldLexicon, exclude: str | None):
        self.lexicon = lexicon
        self.exclude = exclude

    def matches(self, doc: DocView, cues: frozenset[str] = frozenset()) -> list[Candidate]:
        return self.lexicon.matches(doc, cues, self.exclude)


def gold_gazetteer(store, exclude_doc: str | None = None, layer: str = GOLD) -> _ExcludingGazetteer:
    """The gazetteer learned from the store's gold layer, ignoring ``exclude_doc``'s spans."""
    return GoldLexicon.from_store(store, layer).for_document(exclude_doc)


def _learnable(surface: str, by_label: dict[str, set[str]]) -> bool:
    if len(surface) < 2 or len(surface) > 80 or "\n" in surface:
        return False
    if surface[0].isdecimal() and Label.FIGURE in by_label:
        return False
    return any(ch.isalpha() for ch in surface)


def _majority(by_label: dict[str, set[str]]) -> str | None:
    counts = Counter({label: len(docs) for label, docs in by_label.items() if docs})
    if not counts:
        return None
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _layer_spans(store, layer: str):
    touched = store.touched_documents(layer)
    for doc in store.documents(touched):
        spans = store.spans(doc.id, layer)
        if spans:
            yield doc.id, doc.lang, doc.text, spans


def _agreed_spans(store, skip: set[str]):
    """(doc id, lang, text, spans) of the spans that at least two annotators' done layers share,
    in documents not in ``skip`` (those with gold)."""
    counts: dict[str, Counter] = {}
    for layer in store.layers():
        if not is_human_layer(layer):
            continue
        for doc_id in store.touched_documents(layer, Status.DONE.value):
            if doc_id in skip:
                continue
            counts.setdefault(doc_id, Counter()).update(set(store.spans(doc_id, layer)))
    agreed = {doc_id: sorted(s for s, n in c.items() if n >= 2) for doc_id, c in counts.items()}
    agreed = {doc_id: spans for doc_id, spans in agreed.items() if spans}
    for doc in store.documents(list(agreed)):
        yield doc.id, doc.lang, doc.text, agreed[doc.id]


def _langs_at(doc: DocView, offset: int) -> frozenset[str]:
    i = doc.token_index(offset)
    return doc.langs_at(i) if i < doc.n else doc.langs
