"""What every importer of another tool's format shares: the documents it reads, label maps, the
layer a file's annotations go to, UTF-16 offsets, and the notes an import summary reports.

A reader turns a file into ``ForeignDoc`` objects: the raw text, an id, metadata and the spans of
each layer, in code points of that raw text, each span checked against the text it quotes where the
format quotes it. ``records_from`` then maps labels and hands each layer to ``record_from_json``,
the same validation and canonicalisation (with its offset mapping) as annotator's own JSONL, so
that no format can store what the native import would refuse.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from annotator.formats.reading import Record, check_id, prepare
from annotator.formats.spans import InputError, RawSpan, canonical_spans
from annotator.model import LABELS, Status, quoted, validate_layer_name

IMPORT_FORMATS = ("txt", "jsonl", "doccano", "labelstudio", "prodigy", "brat", "conll", "spacy")



def shown(value: object) -> str:
    """``repr`` of a value for a message, cut at about 80 characters (``annotator.model.quoted``)."""
    return quoted(value)


def record_text(data: object, where: str) -> tuple[dict, str]:
    """A JSONL record of another tool and its ``text``, or one line naming ``where``."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: \"text\" must be a string")
    return data, text


def parse_label_map(spec: str | None) -> dict[str, str | None]:
    """``"PER=ACTOR,LOC=LOCATION,MISC="`` as ``{"PER": "ACTOR", "LOC": "LOCATION", "MISC": None}``.

    An empty target drops the label. Raises ValueError naming the bad entry."""
    mapping: dict[str, str | None] = {}
    if not spec:
        return mapping
    for entry in spec.split(","):
        if not entry.strip():
            continue
        source, sep, target = entry.partition("=")
        source, target = source.strip(), target.strip()
        if not sep or not source:
            raise InputError(f"--label-map: {shown(entry)} is not SOURCE=TARGET (an empty TARGET drops the label)")
        if target and target not in LABELS:
            raise InputError(f"--label-map: {shown(source)} maps to unknown label {shown(target)} "
                             f"(labels: {', '.join(LABELS)}; an empty target drops it)")
        if source in mapping and mapping[source] != (target or None):
            raise InputError(f"--label-map: {shown(source)} is mapped twice")
        mapping[source] = target or None
    return mapping


@dataclass
class ImportNotes:
    """What an import of other formats did beyond storing records, for the summary line."""

    formats: Counter = field(default_factory=Counter)  # format -> files
    dropped: Counter = field(default_factory=Counter)  # label -> spans dropped by --label-map
    mapped: Counter = field(default_factory=Counter)  # "PER->ACTOR" -> spans
    answers: Counter = field(default_factory=Counter)  # Prodigy answer -> records
    utf16: int = 0  # Label Studio spans whose offsets were UTF-16 units, converted
    rebuilt: int = 0  # documents whose text was rebuilt from tokens (CoNLL)
    schemes: Counter = field(default_factory=Counter)  # CoNLL tagging scheme -> files

    def parts(self) -> list[str]:
        """Phrases for the summary line, empty when there is nothing to say."""
        parts: list[str] = []
        if set(self.formats) - {"txt", "jsonl"}:
            parts.append("format " + ", ".join(f"{k} ({v} file(s))" for k, v in sorted(self.formats.items())))
        if self.mapped:
            parts.append("labels mapped: " + ", ".join(f"{k} {v}" for k, v in sorted(self.mapped.items())))
        if self.dropped:
            parts.append("spans dropped by --label-map: " + ", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items())))
        if self.answers:
            kept = self.answers.get("accept", 0)
            others = ", ".join(f"{k} {v}" for k, v in sorted(self.answers.items()) if k != "accept")
            parts.append(f"answers: accept {kept} imported" + (f"; not imported: {others}" if others else ""))
        if self.utf16:
            parts.append(f"{self.utf16} span(s) had UTF-16 offsets, converted to code points")
        if self.rebuilt:
            schemes = ", ".join(sorted(self.schemes))
            parts.append(f"text of {self.rebuilt} document(s) rebuilt from tokens (tokens joined by spaces, "
                         f"sentences by newlines; tags read as {schemes})")
        return parts


@dataclass
class ImportOptions:
    """How to read files of other formats: the format (None: detect), the layer for files that
    do not say who annotated, and the label map."""

    fmt: str | None = None
    layer: str | None = None
    label_map: dict[str, str | None] = field(default_factory=dict)
    notes: ImportNotes = field(default_factory=ImportNotes)


@dataclass(slots=True)
class ForeignSpan:
    """A span as read, in code points of the raw text, with a label not yet mapped."""

    start: int
    end: int
    label: str
    where: str  # "file:line", naming the span for messages


@dataclass(slots=True)
class ForeignLayer:
    """One annotator's spans of a document; ``name`` None when the file does not say who."""

    name: str | None
    spans: list[ForeignSpan] = field(default_factory=list)
    status: str = Status.DONE.value
    where: str = ""


@dataclass(slots=True)
class ForeignDoc:
    """A document read from another tool's file, before validation."""

    id: str
    text: str
    meta: dict
    layers: list[ForeignLayer]
    where: str


def text_id(text: str) -> str:
    """An id for a document whose format has none: a digest of its text, so that the records of
    several annotators on the same text become one document with several layers."""
    return "t" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def merge_meta(meta: object, extra: dict, where: str) -> dict:
    """A record's ``meta`` object with the record's other, unread fields added (nothing lost)."""
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{where}: \"meta\" must be an object")
    merged = dict(meta)
    for key, value in extra.items():
        if key in merged and merged[key] != value:
            raise InputError(f"{where}: field {shown(key)} is both in \"meta\" and beside it, with different values")
        merged[key] = value
    return merged


def layer_name(name: object, where: str, what: str) -> str:
    """A layer name taken from a file (an annotator id): valid as it is, or refused."""
    if not isinstance(name, str):
        name = str(name)
    try:
        return validate_layer_name(name)
    except ValueError:
        raise InputError(f"{where}: {what} {shown(name)} is not a usable layer name (1-64 letters, digits, "
                         "'.', '_' or '-'); import such files with --layer NAME") from None


def check_labels(docs: list[ForeignDoc], options: ImportOptions, name: str) -> None:
    """Refuse a file with labels that are neither annotator's nor mapped, naming all of them."""
    unknown: Counter = Counter()
    first: dict[str, str] = {}
    for doc in docs:
        for layer in doc.layers:
            for span in layer.spans:
                if span.label not in LABELS and span.label not in options.label_map:
                    unknown[span.label] += 1
                    first.setdefault(span.label, span.where)
    if not unknown:
        return
    listed = ", ".join(f"{shown(label)} ({n}, first at {first[label]})" for label, n in unknown.most_common(8))
    more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
    example = ",".join(f"{label}=LABEL" for label in list(unknown)[:3])
    raise InputError(
        f"{name}: label(s) with no mapping: {listed}{more}; annotator's labels are {', '.join(LABELS)}: "
        f"map them with --label-map {example} (an empty target drops a label)"
    )


def check_layer_option(where: str, named: str | None, options: ImportOptions) -> None:
    """Refuse ``--layer`` for annotations whose file names another layer, rather than ignore it:
    the option names the layer only where the file does not say who annotated."""
    if options.layer is not None and named is not None and named != options.layer:
        raise InputError(f"{where}: the file names the layer {shown(named)}; --layer names the layer only in "
                         "files that do not say who annotated: import without --layer, or rename the "
                         "layer in the file")


def records_from(docs: Iterable[ForeignDoc], options: ImportOptions) -> Iterator[Record]:
    """Validated records: the document, then one record per layer, labels mapped. The text is
    canonicalised and every span carried through it (or refused) exactly as for annotator's own
    JSONL (``annotator.formats.spans``)."""
    for doc in docs:
        doc_id = check_id(doc.id, doc.where)
        canon, meta = prepare(doc.text, doc.where, doc.meta)
        yield Record(id=doc_id, text=canon.text, meta=meta, where=doc.where, meta_given=bool(meta))
        seen: set[str] = set()
        for layer in doc.layers:
            where = layer.where or doc.where
            check_layer_option(where, layer.name, options)
            name = layer.name if layer.name is not None else options.layer
            if name is None:
                raise InputError(f"{where}: the file does not say who annotated document {shown(doc.id)}: "
                                 "name the layer with --layer NAME")
            if name in seen:
                raise InputError(f"{where}: document {shown(doc.id)} has two annotations for layer {shown(name)}")
            seen.add(name)
            raw_spans = []
            for span in layer.spans:
                label = map_label(span.label, options)
                if label is not None:
                    _place, _, what = span.where.rpartition(": ")
                    raw_spans.append(RawSpan(span.start, span.end, label, None, name=what if _place else "span"))
            spans, notes = canonical_spans(raw_spans, canon, len(doc.text), where)
            yield Record(id=doc_id, text=canon.text, meta=meta, layer=name, spans=spans, status=layer.status,
                         where=where, notes=notes, meta_given=bool(meta))


def map_label(label: str, options: ImportOptions) -> str | None:
    """The annotator label for ``label`` (None: dropped); counted in the notes."""
    if label in options.label_map:
        target = options.label_map[label]
        if target is None:
            options.notes.dropped[label] += 1
        elif target != label:
            options.notes.mapped[f"{label}->{target}"] += 1
        return target
    return label


def utf16_to_code_points(text: str) -> dict[int, int] | None:
    """Map UTF-16 offsets to code point offsets, or None when they are the same (no character
    outside the Basic Multilingual Plane)."""
    if text.isascii() or max(map(ord, text)) < 0x10000:
        return None
    mapping: dict[int, int] = {}
    units = 0
    for index, ch in enumerate(text):
        mapping[units] = index
        units += 2 if ord(ch) >= 0x10000 else 1
    mapping[units] = len(text)
    return mapping


def resolve_span(text: str, start: object, end: object, quoted: object, where: str,
                 units: dict[int, int] | None, notes: ImportNotes) -> tuple[int, int]:
    """Offsets in code points for a span that quotes its text and may count UTF-16 units.

    Taken as code points when the quote matches there, converted when it matches as UTF-16
    units, refused when it matches neither; without a quote, accepted only where both readings
    agree."""
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: \"start\" and \"end\" must be integers (got {shown(start)}, {shown(end)})")
    if not (0 <= start < end):
        raise InputError(f"{where}: empty or negative span [{start}, {end})")
    if quoted is not None and not isinstance(quoted, str):
        raise InputError(f"{where}: the quoted \"text\" must be a string")
    if end <= len(text) and (quoted is None or text[start:end] == quoted):
        if quoted is None and units is not None and any(ord(ch) >= 0x10000 for ch in text[:end]):
            raise InputError(f"{where}: span [{start}, {end}) quotes no text and follows characters outside "
                             "the BMP: cannot tell code points from UTF-16 units")
        return start, end
    if units is not None and start in units and end in units:
        cs, ce = units[start], units[end]
        if quoted is not None and text[cs:ce] == quoted:
            notes.utf16 += 1
            return cs, ce
    if end > len(text) and quoted is None:
        raise InputError(f"{where}: span [{start}, {end}) out of range (text has {len(text)} characters)")
    raise InputError(f"{where}: span [{start}, {end}) quotes {shown(quoted)} but the text there is "
                     f"{shown(text[start:end])} (neither as code points nor as UTF-16 units)")
