"""doccano sequence-labelling JSONL, in and out.

Read: the classic ``{"id", "text", "label": [[start, end, LABEL], ...]}`` and the newer
``{"text", "entities": [{"start_offset", "end_offset", "label"}], "relations"}``; ids may be
integers or strings (a record without one gets a digest of its text). doccano writes one file
per annotator and does not name the annotator inside it, hence ``--layer``; annotator's own
export adds a ``layer`` field that the import reads back. Fields that are not annotations go to
the document's metadata; fields holding annotations the importer cannot store (relations,
categories) refuse the record.

Write: one line per document and layer, ``{"id", "text", "label", "meta", "layer"}``, the
format doccano's sequence-labelling import reads (``id``, ``meta`` and ``layer`` become
doccano metadata).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.formats.foreign import (
    ForeignDoc,
    ForeignLayer,
    ForeignSpan,
    layer_name,
    merge_meta,
    record_text,
    shown,
    text_id,
)
from annotator.formats.reading import InputError
from annotator.model import Span, exactjson
from annotator.store.store import DocumentRow

_READ = {"id", "text", "label", "entities", "meta", "layer"}
# Annotation fields the importer does not read: a record with a non-empty one is refused.
_UNREAD_ANNOTATIONS = ("relations", "cats", "categories")


def looks_like_doccano(data: object) -> bool:
    """A JSONL record in doccano's sequence-labelling form."""
    return isinstance(data, dict) and "text" in data and (
        isinstance(data.get("label"), list) or isinstance(data.get("entities"), list))


def read_doccano(items: Iterable[tuple[str, object]]) -> Iterator[ForeignDoc]:
    """Documents from ``(where, record)`` pairs of a doccano JSONL file."""
    for where, data in items:
        data, text = record_text(data, where)
        for key in _UNREAD_ANNOTATIONS:
            if data.get(key):
                raise InputError(f"{where}: field {shown(key)} holds annotations annotator does not import "
                                 "(it stores labelled spans only); remove it to import the spans")
        doc_id = data.get("id")
        if doc_id is None:
            doc_id = text_id(text)
        elif type(doc_id) is int:
            doc_id = str(doc_id)
        spans = _spans(data, where)
        extra = {k: v for k, v in data.items() if k not in _READ and k not in _UNREAD_ANNOTATIONS}
        meta = merge_meta(data.get("meta"), extra, where)
        layers = []
        named = data.get("layer")
        if spans or named is not None:
            layers.append(ForeignLayer(None if named is None else layer_name(named, where, "layer"), spans,
                                       where=where))
        yield ForeignDoc(doc_id, text, meta, layers, where)


def _spans(data: dict, where: str) -> list[ForeignSpan]:
    spans: list[ForeignSpan] = []
    label = data.get("label")
    entities = data.get("entities")
    if label is not None and entities is not None and (label or entities):
        raise InputError(f"{where}: both \"label\" and \"entities\": one record, one form")
    if label is not None:
        if not isinstance(label, list):
            raise InputError(f"{where}: \"label\" must be a list of [start, end, label]")
        for i, item in enumerate(label):
            if isinstance(item, str):
                raise InputError(f"{where}: \"label\" holds categories (text classification), not spans")
            if not isinstance(item, list) or len(item) != 3 or not isinstance(item[2], str):
                raise InputError(f"{where}: label {i}: {shown(item)} is not [start, end, label]")
            spans.append(_span(item[0], item[1], item[2], f"{where}: label {i}"))
    if entities is not None:
        if not isinstance(entities, list):
            raise InputError(f"{where}: \"entities\" must be a list")
        for i, item in enumerate(entities):
            if not isinstance(item, dict) or not isinstance(item.get("label"), str):
                raise InputError(f"{where}: entity {i}: needs start_offset, end_offset and a string label")
            spans.append(_span(item.get("start_offset"), item.get("end_offset"), item["label"],
                               f"{where}: entity {i}"))
    return spans


def _span(start: object, end: object, label: str, where: str) -> ForeignSpan:
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: offsets must be integers (got {shown(start)}, {shown(end)})")
    return ForeignSpan(start, end, label, where)


def doccano_lines(items: Iterable[tuple[DocumentRow, str, str, list[Span]]]) -> Iterator[str]:
    """One doccano record per (document, layer)."""
    for doc, layer, _status, spans in items:
        record = {"id": doc.id, "text": doc.text, "label": [[s.start, s.end, s.label] for s in spans],
                  "meta": doc.meta, "layer": layer}
        yield exactjson.dumps(record) + "\n"  # meta integers of any size
