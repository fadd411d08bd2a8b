"""Small stores with known outcomes for the curation tests (helpers only: no tests here)."""

from __future__ import annotations

from pathlib import Path

from annotator.model import Span
from annotator.store import DocumentRow, Store
from annotator.store.store import checksum

TEXT = "Vladimir Putin met Tokayev in Almaty on Monday, TASS said, citing 20 sources."


def at(text: str, phrase: str, label: str, nth: int = 0) -> Span:
    """The span of ``phrase`` (its ``nth`` occurrence) in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), label)


def span(phrase: str, label: str, text: str = TEXT) -> Span:
    return at(text, phrase, label)


def make_store(path: Path, documents: dict[str, str], layers: dict[str, dict[str, list[Span]]],
               *, status: str = "done") -> Store:
    """A store with the documents and, per layer, per document, the spans (layer marked done)."""
    store = Store.open(path)
    for doc_id, text in documents.items():
        store.insert_document(DocumentRow(doc_id, text, "en", [], {}, checksum(text), 0), actor="test")
    for layer, per_doc in layers.items():
        for doc_id, spans in per_doc.items():
            store.replace_layer(doc_id, layer, spans, status, actor=layer, action="import")
    return store


def three_annotators(path: Path) -> Store:
    """One document, three annotators:

    - "Vladimir Putin" ACTOR: all three (agreed);
    - "Tokayev": alice and bob ACTOR, carol LOCATION (label conflict, majority ACTOR);
    - "Almaty": alice and carol LOCATION, bob "in Almaty" LOCATION (boundary conflict);
    - "TASS" SOURCE: alice only (missing in two layers: majority none);
    - "20" FIGURE: alice and bob (missing in carol).
    """
    return make_store(path, {"d1": TEXT}, {
        "alice": {"d1": [span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("Almaty", "LOCATION"),
                         span("TASS", "SOURCE"), span("20", "FIGURE")]},
        "bob": {"d1": [span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("in Almaty", "LOCATION"),
                       span("20", "FIGURE")]},
        "carol": {"d1": [span("Vladimir Putin", "ACTOR"), span("Tokayev", "LOCATION"), span("Almaty", "LOCATION")]},
    })
