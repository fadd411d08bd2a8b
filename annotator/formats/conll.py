"""The CoNLL export: ``token<TAB>tag`` lines, IOB2 (default) or BIOES.

Each document starts with ``-DOCSTART- -X- O O`` and a blank line; sentences are separated by a
blank line. Every span becomes exactly one entity whose tokens spell its text: where a span
boundary falls inside a token, the token is split there and a warning is reported. No token
contains whitespace, and no sentence break falls inside a span.
"""

import bisect
from collections.abc import Callable, Iterator
from itertools import pairwise

from annotator.model import Span
from annotator.text.sentences import split_sentences
from annotator.text.tokenize import Token, tokenize

SCHEMES = ("iob2", "bioes")
DOCSTART = "-DOCSTART- -X- O O"


def aligned_tokens(text: str, spans: list[Span], warn: Callable[[str], None] | None = None,
                   doc_id: str = "", tokens: list[Token] | None = None) -> list[Token]:
    """The document's tokens, split wherever a span boundary falls inside one."""
    boundaries = sorted({s.start for s in spans} | {s.end for s in spans})
    if tokens is None:
        tokens = tokenize(text)
    if not boundaries:
        return tokens
    result: list[Token] = []
    for token in tokens:
        lo = bisect.bisect_right(boundaries, token.start)
        hi = bisect.bisect_left(boundaries, token.end)
        inner = boundaries[lo:hi]
        if not inner:
            result.append(token)
            continue
        if warn:
            warn(f"{doc_id}: token {token.text!r} at {token.start} split at a span boundary")
        cuts = [token.start, *inner, token.end]
        for a, b in pairwise(cuts):
            result.append(Token(a, b, text[a:b]))
    return result


def tags_for(tokens: list[Token], spans: list[Span], scheme: str = "iob2") -> list[str]:
    """One tag per token; tokens are aligned to the spans (see ``aligned_tokens``)."""
    tags = ["O"] * len(tokens)
    ordered = sorted(spans, key=lambda s: s.start)
    i = 0
    for span in ordered:
        while i < len(tokens) and tokens[i].end <= span.start:
            i += 1
        members = []
        j = i
        while j < len(tokens) and tokens[j].start < span.end:
            members.append(j)
            j += 1
        for k, index in enumerate(members):
            if scheme == "bioes":
                if len(members) == 1:
                    prefix = "S"
                elif k == 0:
                    prefix = "B"
                elif k == len(members) - 1:
                    prefix = "E"
                else:
                    prefix = "I"
            else:
                prefix = "B" if k == 0 else "I"
            tags[index] = f"{prefix}-{span.label}"
        i = j
    return tags


def conll_document(doc_id: str, text: str, spans: list[Span], scheme: str = "iob2",
                   warn: Callable[[str], None] | None = None, tokens: list[Token] | None = None) -> Iterator[str]:
    """Lines (with newlines) of one document (``tokens``: its stored tokenization, if known)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (choose from {', '.join(SCHEMES)})")
    tokens = aligned_tokens(text, spans, warn, doc_id, tokens)
    tags = tags_for(tokens, spans, scheme)
    tag_of = {(t.start, t.end): tag for t, tag in zip(tokens, tags, strict=True)}
    yield DOCSTART + "\n"
    yield "\n"
    for sentence in split_sentences(text, tokens, protected=[(s.start, s.end) for s in spans]):
        for token in sentence:
            yield f"{token.text}\t{tag_of[(token.start, token.end)]}\n"
        yield "\n"
