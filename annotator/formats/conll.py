"""The CoNLL export: ``token<TAB>tag`` lines, IOB2 (default) or BIOES.

Each document starts with ``-DOCSTART-<TAB>O`` and a blank line (the same separator and number
of columns as the data lines, so that column readers split every line alike); sentences are
separated by a blank line. Every span becomes exactly one entity whose tokens spell its text: where a span
boundary falls inside a token, the token is split there and a warning is reported. No token
contains whitespace, and no sentence break falls inside a span.
"""

import bisect
from collections.abc import Callable, Iterator
from itertools import pairwise

from annotator.model import InputError, Span, quoted
from annotator.text.sentences import sentence_ends
from annotator.text.tokenize import token_spans

SCHEMES = ("iob2", "bioes")
DOCSTART = "-DOCSTART-\tO"


Offsets = list[tuple[int, int]]


def aligned_offsets(text: str, spans: list[Span], offsets: Offsets, warn: Callable[[str], None] | None = None,
                    doc_id: str = "") -> tuple[Offsets, list[int]]:
    """Token offsets, split wherever a span boundary falls inside a token, and their starts."""
    starts = [start for start, _ in offsets]
    if not spans:
        return offsets, starts
    cuts: dict[int, list[int]] = {}
    for boundary in {s.start for s in spans} | {s.end for s in spans}:
        i = bisect.bisect_right(starts, boundary) - 1
        if i >= 0 and offsets[i][0] < boundary < offsets[i][1]:
            cuts.setdefault(i, []).append(boundary)
    if not cuts:
        return offsets, starts
    result: Offsets = []
    for i, (start, end) in enumerate(offsets):
        inner = cuts.get(i)
        if inner is None:
            result.append((start, end))
            continue
        if warn:
            warn(f"{doc_id}: token {quoted(text[start:end])} at {start} split at a span boundary")
        result.extend(pairwise([start, *sorted(inner), end]))
    return result, [start for start, _ in result]


def tags_for(offsets: Offsets, spans: list[Span], scheme: str = "iob2", starts: list[int] | None = None) -> list[str]:
    """One tag per token; the tokens are aligned to the spans (see ``aligned_offsets``)."""
    tags = ["O"] * len(offsets)
    if starts is None:
        starts = [start for start, _ in offsets]
    for span in spans:
        first = bisect.bisect_left(starts, span.start)
        last = bisect.bisect_left(starts, span.end)  # tokens first..last-1 are inside
        count = last - first
        for k in range(count):
            if scheme == "bioes":
                prefix = "S" if count == 1 else "B" if k == 0 else "E" if k == count - 1 else "I"
            else:
                prefix = "B" if k == 0 else "I"
            tags[first + k] = f"{prefix}-{span.label}"
    return tags


def conll_document(doc_id: str, text: str, spans: list[Span], scheme: str = "iob2",
                   warn: Callable[[str], None] | None = None, offsets: Offsets | None = None) -> Iterator[str]:
    """Lines (with newlines) of one document (``offsets``: its stored tokenization, if known)."""
    if scheme not in SCHEMES:
        raise InputError(f"unknown tagging scheme {quoted(scheme)} (choose from {', '.join(SCHEMES)})")
    aligned, starts = aligned_offsets(text, spans, token_spans(text) if offsets is None else offsets, warn, doc_id)
    tags = tags_for(aligned, spans, scheme, starts)
    lines = [f"{text[a:b]}\t{tag}\n" for (a, b), tag in zip(aligned, tags, strict=True)]
    yield DOCSTART + "\n"
    yield "\n"
    begin = 0
    for last in sentence_ends(text, aligned, protected=[(s.start, s.end) for s in spans], starts=starts):
        yield "".join(lines[begin : last + 1]) + "\n"
        begin = last + 1
