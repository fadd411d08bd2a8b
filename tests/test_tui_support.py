"""Fixtures for the TUI tests: a small deterministic database (no tests in this module)."""

from __future__ import annotations

from pathlib import Path

from annotator.model import Span
from annotator.store import Store
from annotator.store.store import DocumentRow, checksum

ANNOTATOR = "tester"
SIZE = (120, 40)

DOC_A = (
    "Tokajev said that 20.000 people gathered in Almaty, TASS reported.\n"
    "\n"
    "The police of Almaty said 26 people died. Reuters could not confirm it.\n"
    "\n"
    "Președintele Tokaiev a vorbit despre trei zile de doliu."
)
DOC_B = "Putin sent 3000 troops to Kazakhstan, said RIA Novosti."
DOC_C = "Nothing to see here: no names, no numbers."


def find(text: str, word: str, nth: int = 0) -> Span:
    """The [start, end) of the ``nth`` occurrence of ``word`` (label left empty)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), "")


def span(text: str, word: str, label: str, nth: int = 0) -> Span:
    found = find(text, word, nth)
    return Span(found.start, found.end, label)


def add_document(store: Store, doc_id: str, text: str, lang: str = "en",
                 paragraph_langs: list[dict] | None = None) -> None:
    row = DocumentRow(doc_id, text, lang, paragraph_langs or [], {}, checksum(text), 0)
    store.insert_document(row, actor="test")


def suggest(store: Store, doc_id: str, spans: list[Span]) -> None:
    store.replace_layer(doc_id, "machine", spans, None, actor="suggest", action="suggest",
                        provenance={s: (0.9, "test") for s in spans})


MACHINE_A = [
    ("Tokajev", "ACTOR"), ("20.000", "FIGURE"), ("Almaty", "LOCATION"), ("TASS", "SOURCE"),
    ("26", "FIGURE"), ("Reuters", "SOURCE"),
]


def make_db(path: Path) -> Path:
    """Three documents; the first with suggestions and a paragraph in another language."""
    romanian = DOC_A.index("Președintele")
    with Store.open(path) as store:
        add_document(store, "doc-a", DOC_A, "en", [{"start": romanian, "end": len(DOC_A), "lang": "ro"}])
        add_document(store, "doc-b", DOC_B, "en")
        add_document(store, "doc-c", DOC_C, "en")
        suggest(store, "doc-a", [span(DOC_A, word, label) for word, label in MACHINE_A])
        suggest(store, "doc-b", [span(DOC_B, "Putin", "ACTOR"), span(DOC_B, "3000", "FIGURE"),
                                 span(DOC_B, "Kazakhstan", "LOCATION")])
    return path
