"""Spans: half-open ``[start, end)`` ranges of code points with one label."""

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.model.errors import SpanError
from annotator.model.labels import LABELS
from annotator.model.quoting import quoted

__all__ = ["Span", "SpanError", "check_spans", "sort_spans"]


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

    Raises SpanError naming the first offending span.
    """
    ordered = sort_spans(spans)
    previous: Span | None = None
    for span in ordered:
        if span.label not in LABELS:
            raise SpanError(f"span [{span.start}, {span.end}): unknown label {quoted(span.label)}")
        if not (0 <= span.start < span.end <= text_length):
            raise SpanError(
                f"span [{span.start}, {span.end}) {span.label}: out of range for a text of "
                f"{text_length} characters"
            )
        if previous is not None and not allow_overlap and previous.overlaps(span):
            raise SpanError(
                f"span [{span.start}, {span.end}) {span.label} overlaps "
                f"[{previous.start}, {previous.end}) {previous.label}"
            )
        previous = span
    return ordered
