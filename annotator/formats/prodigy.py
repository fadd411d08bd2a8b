"""Prodigy JSONL (``prodigy db-out``), in and out.

Read: ``{"text", "spans": [{"start", "end", "label"}], "answer", "_annotator_id", "meta"}``.
Only ``accept`` answers are imported; ``reject`` and ``ignore`` are counted in the summary and not
imported. ``_annotator_id`` names the layer (``--layer`` when it is missing); ``meta`` and any
other field that is not Prodigy's own bookkeeping are kept as metadata. Records with annotations
the importer cannot store (relations, chosen options, binary ``ner.teach`` answers) are refused.
A record's id is its ``id`` field, else a digest of its text, so that several annotators'
records of one text become one document with several layers.

Write: one ``ner_manual`` record per (document, layer), with tokens aligned to the spans, ready
for ``prodigy db-in``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from annotator.formats.conll import aligned_offsets
from annotator.formats.foreign import (
    ForeignDoc,
    ForeignLayer,
    ForeignSpan,
    ImportNotes,
    layer_name,
    merge_meta,
    record_text,
    shown,
    text_id,
)
from annotator.formats.reading import InputError
from annotator.model import Span, Status, exactjson
from annotator.store.store import DocumentRow
from annotator.text.tokenize import token_spans

# Prodigy's own bookkeeping, recomputed by Prodigy: not kept.
_BOOKKEEPING = {"_input_hash", "_task_hash", "_session_id", "_timestamp", "_view_id", "_is_binary", "tokens"}
_READ = {"id", "text", "spans", "answer", "_annotator_id", "meta"}
_UNREAD_ANNOTATIONS = ("relations", "accept", "options", "cats", "audio_spans", "label")
_PRODIGY_KEYS = ("answer", "_annotator_id", "_input_hash", "_task_hash", "_session_id", "_view_id")


def looks_like_prodigy(data: object) -> bool:
    """A JSONL record with Prodigy's own fields (annotator's JSONL has ``layer`` instead)."""
    return (isinstance(data, dict) and "text" in data and "layer" not in data
            and any(k in data for k in _PRODIGY_KEYS))


def read_prodigy(items: Iterable[tuple[str, object]], notes: ImportNotes) -> Iterator[ForeignDoc]:
    """Documents from ``(where, record)`` pairs of a Prodigy JSONL file."""
    for where, data in items:
        data, text = record_text(data, where)
        answer = data.get("answer")
        if answer is not None and answer not in ("accept", "reject", "ignore"):
            raise InputError(f"{where}: unknown answer {shown(answer)} (accept, reject or ignore)")
        if answer in ("reject", "ignore"):
            notes.answers[answer] += 1
            continue
        if data.get("_view_id") in ("ner", "spans_binary") or data.get("_is_binary"):
            raise InputError(f"{where}: a binary answer (ner.teach) says only whether one suggested span is "
                             "right, not what the document's spans are: export the manual annotations instead")
        for key in _UNREAD_ANNOTATIONS:
            if data.get(key):
                raise InputError(f"{where}: field {shown(key)} holds annotations annotator does not import "
                                 "(it stores labelled spans only); remove it to import the spans")
        if answer == "accept":
            notes.answers["accept"] += 1
        doc_id = data.get("id")
        if doc_id is None:
            doc_id = text_id(text)
        elif type(doc_id) is int:
            doc_id = str(doc_id)
        extra = {k: v for k, v in data.items()
                 if k not in _READ and k not in _BOOKKEEPING and k not in _UNREAD_ANNOTATIONS}
        meta = merge_meta(data.get("meta"), extra, where)
        raw = data.get("spans")
        layers = []
        annotator = data.get("_annotator_id")
        if raw is not None or annotator is not None:
            if raw is None:
                raw = []
            if not isinstance(raw, list):
                raise InputError(f"{where}: \"spans\" must be a list")
            spans = []
            for i, item in enumerate(raw):
                if not isinstance(item, dict) or not isinstance(item.get("label"), str):
                    raise InputError(f"{where}: span {i}: needs start, end and a string label")
                start, end = item.get("start"), item.get("end")
                if type(start) is not int or type(end) is not int:
                    raise InputError(f"{where}: span {i}: \"start\" and \"end\" must be integers")
                quoted = item.get("text")
                if isinstance(quoted, str) and text[start:end] != quoted:
                    raise InputError(f"{where}: span {i} [{start}, {end}) quotes {shown(quoted)} but the text "
                                     f"there is {shown(text[start:end])}")
                spans.append(ForeignSpan(start, end, item["label"], f"{where}: span {i}"))
            name = None if annotator is None else layer_name(annotator, where, "_annotator_id")
            layers.append(ForeignLayer(name, spans, where=where))
        yield ForeignDoc(doc_id, text, meta, layers, where)


def prodigy_lines(items: Iterable[tuple[DocumentRow, str, str, list[Span], list[tuple[int, int]]]]) -> Iterator[str]:
    """One ``ner_manual`` record per (document, layer)."""
    for doc, layer, status, spans, offsets in items:
        aligned, starts = aligned_offsets(doc.text, spans, offsets if offsets else token_spans(doc.text))
        tokens = [{"text": doc.text[a:b], "start": a, "end": b, "id": i,
                   "ws": b < len(doc.text) and doc.text[b].isspace()} for i, (a, b) in enumerate(aligned)]
        record = {
            "id": doc.id,
            "text": doc.text,
            "meta": doc.meta,
            "tokens": tokens,
            "spans": [{"start": s.start, "end": s.end, "text": doc.text[s.start:s.end], "label": s.label,
                       "token_start": bisect.bisect_left(starts, s.start),
                       "token_end": bisect.bisect_left(starts, s.end) - 1} for s in spans],
            "answer": "ignore" if status == Status.SKIPPED.value else "accept",
            "_view_id": "ner_manual",
            "_annotator_id": layer,
            "_session_id": layer,
        }
        yield exactjson.dumps(record) + "\n"  # meta integers of any size
