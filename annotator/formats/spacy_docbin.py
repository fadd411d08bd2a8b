"""spaCy's binary ``.spacy`` files (``DocBin``), in and out; needs spaCy (``annotator[spacy]``).

Read: each ``Doc``'s text and entities (``doc.ents``). The id, metadata and layer come from the
doc's ``user_data`` (``annotator_id``, ``annotator_meta``, ``annotator_layer``, as written by the
export), else ``<stem>-<n>``, no metadata and ``--layer``. Span groups (``doc.spans``) and text
categories (``doc.cats``) are annotations annotator does not store: a file holding any is refused.

Write: one ``Doc`` per (document, layer), its tokens annotator's own (split at span boundaries),
its whitespace exactly the document's, so ``doc.text`` is the stored text and every span is an
entity with exactly its characters.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import pairwise

from annotator.formats.conll import aligned_offsets
from annotator.formats.foreign import ForeignDoc, ForeignLayer, ForeignSpan, layer_name, shown
from annotator.formats.reading import InputError
from annotator.model import Span
from annotator.store.store import DocumentRow
from annotator.text.tokenize import token_spans

KEY_ID, KEY_META, KEY_LAYER = "annotator_id", "annotator_meta", "annotator_layer"


def _spacy():
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
    except ImportError:
        raise InputError("spaCy is not installed: install it with pip install 'annotator[spacy]'") from None
    return spacy, Doc, DocBin


def read_docbin(data: bytes, name: str, stem: str) -> list[ForeignDoc]:
    """The documents of a ``.spacy`` file."""
    spacy, _Doc, DocBin = _spacy()
    try:
        docs = list(DocBin(store_user_data=True).from_bytes(data).get_docs(spacy.blank("xx").vocab))
    except Exception as exc:  # spaCy raises many kinds on a damaged file
        raise InputError(f"{name}: not a spaCy DocBin file ({type(exc).__name__}: {shown(str(exc))})") from None
    result = []
    width = len(str(len(docs)))
    for n, doc in enumerate(docs, start=1):
        where = f"{name}: doc {n}"
        groups = [key for key, group in doc.spans.items() if len(group)]
        if groups:
            raise InputError(f"{where}: span group(s) {', '.join(map(repr, groups))} are annotations annotator "
                             "does not import (it reads doc.ents)")
        if doc.cats:
            raise InputError(f"{where}: text categories (doc.cats) are annotations annotator does not import")
        doc_id = doc.user_data.get(KEY_ID)
        if not isinstance(doc_id, str):
            doc_id = stem if len(docs) == 1 else f"{stem}-{n:0{width}d}"
        meta = doc.user_data.get(KEY_META) or {}
        if not isinstance(meta, dict):
            raise InputError(f"{where}: user_data[{KEY_META!r}] must be a dict")
        layer = doc.user_data.get(KEY_LAYER)
        name_ = None if layer is None else layer_name(layer, where, "the layer")
        spans = [ForeignSpan(ent.start_char, ent.end_char, ent.label_, f"{where}: entity {i}")
                 for i, ent in enumerate(doc.ents)]
        result.append(ForeignDoc(doc_id, doc.text, dict(meta), [ForeignLayer(name_, spans, where=where)], where))
    return result


def docbin_bytes(items: Iterable[tuple[DocumentRow, str, str, list[Span], list[tuple[int, int]]]]) -> bytes:
    """A ``DocBin`` with one ``Doc`` per (document, layer)."""
    spacy, Doc, DocBin = _spacy()
    vocab = spacy.blank("xx").vocab
    docbin = DocBin(store_user_data=True)
    for doc_row, layer, _status, spans, offsets in items:
        doc = _doc(Doc, vocab, doc_row.text, spans, offsets or token_spans(doc_row.text))
        doc.user_data[KEY_ID] = doc_row.id
        _check_msgpack_ints(doc_row.id, doc_row.meta)
        doc.user_data[KEY_META] = doc_row.meta
        doc.user_data[KEY_LAYER] = layer
        docbin.add(doc)
    return docbin.to_bytes()


def _check_msgpack_ints(doc_id: str, meta: object) -> None:
    """Refuse, naming the document and key, a meta integer that msgpack (the DocBin's encoding)
    cannot hold: outside [-2**63, 2**64). Without this the export ended in a traceback."""
    stack: list[tuple[str, object]] = [("meta", meta)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed(value.items()))  # the first key is looked at first
        elif isinstance(value, list):
            stack.extend((key, v) for v in reversed(value))
        elif type(value) is int and not -(2**63) <= value < 2**64:
            raise InputError(f"document {doc_id!r}: meta key {key!r} holds an integer wider than 64 bits, "
                             "which spaCy's DocBin cannot store; export it as jsonl instead")


def _doc(Doc, vocab, text: str, spans: list[Span], offsets: list[tuple[int, int]]):
    """A spaCy Doc whose text is ``text`` exactly: annotator's tokens, whitespace other than one
    trailing space as spaCy's own whitespace tokens, every span an entity."""
    aligned, _ = aligned_offsets(text, spans, offsets)
    words: list[str] = []
    spaces: list[bool] = []
    position = 0

    starts = {s.start for s in spans}
    bounds = sorted(starts | {s.end for s in spans})

    def gap(until: int) -> None:
        # whitespace between tokens, cut where a span begins or ends inside it (a span should
        # not, but may, begin or end with whitespace)
        cuts = bounds[bisect.bisect_right(bounds, position) : bisect.bisect_left(bounds, until)]
        for a, b in pairwise([position, *cuts, until]):
            piece = text[a:b]
            if words and piece.startswith(" ") and not spaces[-1] and a not in starts:
                spaces[-1] = True
                piece = piece[1:]
            if piece:
                words.append(piece)
                spaces.append(False)

    for start, end in aligned:
        gap(start)
        words.append(text[start:end])
        spaces.append(False)
        position = end
    gap(len(text))
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != text:  # cannot happen: the words and spaces spell the text
        raise ValueError("spaCy Doc text differs from the document text")
    ents = []
    for span in spans:
        ent = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if ent is None:
            raise ValueError(f"span [{span.start}, {span.end}) does not align with the Doc's tokens")
        ents.append(ent)
    doc.ents = ents
    return doc
