"""Spans: half-open ``[start, end)`` ranges of code points with one label."""

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.model.errors import SpanError
from annotator.model.labels import LABELS
from annotator.model.quoting import quoted

__all__ = ["Span", "SpanError", "check_span_triples", "check_spans", "sort_spans"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A labelled stretch of a document's text, in code points."""

    start: int
    end: int
    label: str

    def text(self, document_text: str) -> str:
        """The covered text."""
        return document_text[self.start : self.end]

    def overlaps(self, other: "Span") -> bool:
        """True if the two ranges share at least one code point."""
        return self.start < other.end and other.start < self.end

    def contains(self, offset: int) -> bool:
        """True if ``offset`` falls inside the span."""
        return self.start <= offset < self.end


def sort_spans(spans: Iterable[Span]) -> list[Span]:
    """Spans in reading order (start, then end)."""
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))


def check_spans(spans: Iterable[Span], text_length: int, *, allow_overlap: bool = False) -> list[Span]:
    """Validate spans against a text of ``text_length`` code points; return them sorted.

    Raises SpanError naming the first offending span (``check_span_triples``).
    """
    ordered = sort_spans(spans)
    check_span_triples(((s.start, s.end, s.label) for s in ordered), text_length, allow_overlap=allow_overlap)
    return ordered


def check_span_triples(spans: Iterable[tuple[int, int, str]], text_length: int, *,
                       allow_overlap: bool = False) -> None:
    """Validate (start, end, label) triples, in reading order, against a text of ``text_length``
    code points: raises SpanError naming the first offending span. ``check_spans`` on ``Span``
    objects, and the store's batched writes on the rows they are given (no ``Span`` made of each:
    a document has dozens of suggestions)."""
    previous: tuple[int, int, str] | None = None
    for triple in spans:
        start, end, label = triple
        if label not in LABELS:
            raise SpanError(f"span [{start}, {end}): unknown label {quoted(label)}")
        if not (0 <= start < end <= text_length):
            raise SpanError(f"span [{start}, {end}) {label}: out of range for a text of {text_length} characters")
        if previous is not None and not allow_overlap and previous[0] < end and start < previous[1]:
            raise SpanError(f"span [{start}, {end}) {label} overlaps [{previous[0]}, {previous[1]}) {previous[2]}")
        previous = triple
