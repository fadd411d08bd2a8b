"""Spans as input files give them, turned into stored spans: the one validation every importer
uses, so that no format loses, shifts or silently changes a span.

An importer reads a document's raw text and its spans' raw offsets, puts the text in canonical
form with ``annotator.text.canonical_text`` and hands both to ``canonical_spans``, which for
every span, in this order:

1. checks the label and that ``0 <= start < end <= len(raw text)``;
2. carries the offsets through canonicalisation (a CRLF becoming ``\\n``, NFC, a dropped
   byte-order mark, the date header moved into metadata); a span that starts or ends inside a
   changed stretch, or covers removed text, is refused with the reason;
3. checks the span's stated text, if any, against the canonical text it now covers (the stated
   text may be given raw or canonical: it is compared after canonicalisation);
4. refuses a span that covers only whitespace, and trims whitespace around a span's text,
   returning a note for each trimmed span so the import summary says so (the label spec's spans
   never include surrounding whitespace, and CoNLL cannot express it);
5. refuses spans that overlap or duplicate each other.

Every refusal is an ``InputError`` naming the place (``where``), the span (its ``name``, e.g.
``span 3`` or a brat ``T3``, and its raw offsets and label) and what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from annotator.model import Span, is_label, quoted
from annotator.model.errors import InputError
from annotator.text import canonicalize
from annotator.text.canonical import CanonicalText, OffsetError


@dataclass(frozen=True, slots=True)
class RawSpan:
    """A span as an input gives it: offsets into the raw text (before canonicalisation), a
    label, optionally the text it covers, and how messages name it."""

    start: int
    end: int
    label: str
    text: str | None = None
    name: str = "span"

    def shown(self) -> str:
        """``span 3 [10, 17) ACTOR``: how messages name this span."""
        label = self.label if is_label(self.label) else quoted(self.label)
        return f"{self.name} [{self.start}, {self.end}) {label}"


def canonical_spans(spans: Sequence[RawSpan], canon: CanonicalText, raw_length: int, where: str
                    ) -> tuple[list[Span], list[str]]:
    """Validate raw spans and map them onto the canonical text; see the module docstring.

    Returns the spans sorted in reading order, and one note per span whose surrounding whitespace
    was trimmed (``"<where>: span 2 [4, 12) ACTOR: whitespace around 'Putin' trimmed"``).
    Raises ``InputError`` naming the first span that cannot be stored.
    """
    text = canon.text
    mapped: list[tuple[Span, RawSpan]] = []
    notes: list[str] = []
    for raw in spans:
        if not is_label(raw.label):
            raise InputError(f"{where}: {raw.name} [{raw.start}, {raw.end}): unknown label {quoted(str(raw.label))}")
        if not (0 <= raw.start < raw.end <= raw_length):
            raise InputError(f"{where}: {raw.shown()}: out of range (text has {raw_length} characters)")
        try:
            start, end = canon.offsets.span(raw.start, raw.end)
        except OffsetError as exc:
            raise InputError(f"{where}: {raw.shown()}: {exc}") from None
        covered = text[start:end]
        if raw.text is not None and raw.text != covered and canonicalize(raw.text) != covered:
            raise InputError(f"{where}: {raw.shown()}: text {quoted(covered)} does not match {quoted(raw.text)}")
        stripped = covered.strip()
        if not stripped:
            raise InputError(f"{where}: {raw.shown()}: covers only whitespace ({quoted(covered)})")
        if stripped != covered:
            start += len(covered) - len(covered.lstrip())
            end = start + len(stripped)
            notes.append(f"{where}: {raw.shown()}: whitespace around {quoted(stripped)} trimmed")
        mapped.append((Span(start, end, raw.label), raw))
    mapped.sort(key=lambda item: (item[0].start, item[0].end, item[0].label))
    for (before, first), (span, second) in pairwise(mapped):
        if before == span:
            raise InputError(f"{where}: {second.shown()} duplicates {first.shown()}")
        if before.overlaps(span):
            raise InputError(f"{where}: {second.shown()} overlaps {first.shown()}")
    return [span for span, _ in mapped], notes
