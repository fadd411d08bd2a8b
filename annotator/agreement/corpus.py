"""Flat numpy arrays for the documents being compared: tokens, spans and token labels.

All documents are laid end to end on one global character axis, each shifted by an offset and
separated from the next by a one-character gap. On that axis a document's tokens and spans keep
their order, and ranges of different documents can never touch, so "which tokens does this span
cover" and "which spans of B overlap this span of A" become a couple of ``searchsorted`` calls
over the whole corpus instead of a Python loop per document.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from annotator.agreement.document import AgreementDocument
from annotator.model import quoted

#: Token label for "missing": the layer has not done the token's document.
MISSING = -1


@dataclass(frozen=True, slots=True)
class SpanSet:
    """One layer's spans, sorted by (start, end, label) on the global axis, without duplicates."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    def __len__(self) -> int:
        return int(self.start.shape[0])

    def restricted_to(self, documents: np.ndarray) -> "SpanSet":
        """The spans of the documents where the boolean per-document mask is True."""
        keep = documents[self.doc]
        if keep.all():
            return self
        return SpanSet(self.doc[keep], self.start[keep], self.end[keep], self.label[keep])


@dataclass(frozen=True, slots=True)
class Corpus:
    """The documents done by at least two compared layers, as flat arrays.

    ``done[d, k]`` says whether layer k has done document d. Token arrays are indexed by a global
    token number; ``token_labels[k][t]`` is a category index (labels, then O) or MISSING.
    """

    ids: list[str]
    done: np.ndarray
    token_doc: np.ndarray
    token_start: np.ndarray
    token_end: np.ndarray
    spans: list[SpanSet]
    token_labels: list[np.ndarray]

    @property
    def n_documents(self) -> int:
        return len(self.ids)

    @property
    def n_tokens(self) -> int:
        return int(self.token_doc.shape[0])


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i, j) with lo[i] <= j < hi[i], as two index arrays, in order of i then j."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    owner = np.repeat(np.arange(lo.shape[0]), counts)
    if total == 0:
        return owner, np.zeros(0, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    inner = np.arange(total) - np.repeat(starts, counts)
    return owner, inner + np.repeat(lo, counts)


def _first_bad(mask: np.ndarray) -> int | None:
    bad = np.flatnonzero(~mask)
    return int(bad[0]) if bad.shape[0] else None


def _int_array(values: Sequence[object], what: str) -> np.ndarray:
    array = np.asarray(values)
    if array.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise ValueError(f"{what} must be integers")
    return array.astype(np.int64, copy=False)


def _tokens(documents: Sequence[AgreementDocument], offsets: np.ndarray, n_chars: np.ndarray):
    counts = np.fromiter((len(d.tokens) for d in documents), dtype=np.int64, count=len(documents))
    total = int(counts.sum())
    sizes = np.fromiter(
        map(len, chain.from_iterable(d.tokens for d in documents)), dtype=np.int64, count=total
    )
    if (sizes != 2).any():
        raise ValueError("tokens must be (start, end) pairs of integers")
    try:
        # Read as float64 (exact for offsets below 2**53) so that non-integers are caught, not truncated.
        values = np.fromiter(
            chain.from_iterable(chain.from_iterable(d.tokens for d in documents)),
            dtype=np.float64,
            count=2 * total,
        )
    except (ValueError, TypeError) as error:
        raise ValueError(f"tokens must be (start, end) pairs of integers: {error}") from None
    flat = values.astype(np.int64)
    if not np.array_equal(flat, values):
        raise ValueError("tokens must be (start, end) pairs of integers")
    token_doc = np.repeat(np.arange(len(documents)), counts)
    start, end = flat[0::2], flat[1::2]
    ok = (start >= 0) & (end > start) & (end <= n_chars[token_doc])
    bad = _first_bad(ok)
    if bad is None:
        start = start + offsets[token_doc]
        end = end + offsets[token_doc]
        ordered = np.ones(total, dtype=bool)
        ordered[1:] = start[1:] >= end[:-1]
        bad = _first_bad(ordered)
    if bad is not None:
        doc = documents[int(token_doc[bad])]
        local = bad - int(np.searchsorted(token_doc, token_doc[bad]))
        raise ValueError(
            f"document {quoted(doc.doc_id)}: token {local} {tuple(doc.tokens[local])} is empty, out of range "
            f"for {doc.n_chars} characters, or not after the previous token"
        )
    return token_doc, start, end


def _spans(
    documents: Sequence[AgreementDocument],
    layer: str,
    which: np.ndarray,
    offsets: np.ndarray,
    n_chars: np.ndarray,
    label_index: Mapping[str, int],
) -> SpanSet:
    rows: list[Sequence[object]] = []
    owners: list[int] = []
    for d in which.tolist():
        spans = documents[d].spans.get(layer)
        if spans:
            rows.extend(spans)
            owners.extend([d] * len(spans))
    doc = np.asarray(owners, dtype=np.int64)
    if rows:
        try:
            starts, ends, names = zip(*rows, strict=True)
        except (TypeError, ValueError):
            raise ValueError(f"layer {quoted(layer)}: spans must be (start, end, label) triples") from None
    else:
        starts, ends, names = (), (), ()
    start = _int_array(starts, f"layer {quoted(layer)}: span starts")
    end = _int_array(ends, f"layer {quoted(layer)}: span ends")
    # Labels outside the compared set are ignored: they are neither spans nor token labels here.
    label = np.array([label_index.get(name, -1) for name in names], dtype=np.int64)
    ok = (start >= 0) & (end > start) & (end <= n_chars[doc])
    bad = _first_bad(ok)
    if bad is not None:
        raise ValueError(
            f"document {quoted(documents[int(doc[bad])].doc_id)}, layer {quoted(layer)}: span {tuple(rows[bad])} is empty "
            f"or out of range for {int(n_chars[doc[bad]])} characters"
        )
    keep = label >= 0
    doc, start, end, label = (
        doc[keep],
        start[keep] + offsets[doc[keep]],
        end[keep] + offsets[doc[keep]],
        label[keep],
    )
    order = np.lexsort((label, end, start))
    doc, start, end, label = doc[order], start[order], end[order], label[order]
    unique = np.ones(start.shape[0], dtype=bool)
    unique[1:] = (start[1:] != start[:-1]) | (end[1:] != end[:-1]) | (label[1:] != label[:-1])
    if not unique.all():
        doc, start, end, label = doc[unique], start[unique], end[unique], label[unique]
    return SpanSet(doc, start, end, label)


def token_labels(
    token_start: np.ndarray, token_end: np.ndarray, spans: SpanSet, base: np.ndarray
) -> np.ndarray:
    """Each token's label index under ``spans``; tokens no span touches keep ``base``.

    A token takes the label of the span sharing the most characters with it; on a tie the span
    that starts first wins (then the shorter one, then the lower label index), which only matters
    where a layer's spans overlap each other or a span boundary falls inside a token.
    """
    labels = base.copy()
    if len(spans) == 0:
        return labels
    lo = np.searchsorted(token_end, spans.start, side="right")
    hi = np.searchsorted(token_start, spans.end, side="left")
    span, token = expand_ranges(lo, hi)
    if token.shape[0] == 0:
        return labels
    shared = np.minimum(token_end[token], spans.end[span]) - np.maximum(token_start[token], spans.start[span])
    order = np.lexsort((spans.label[span], spans.end[span], spans.start[span], -shared, token))
    token, span = token[order], span[order]
    first = np.ones(token.shape[0], dtype=bool)
    first[1:] = token[1:] != token[:-1]
    labels[token[first]] = spans.label[span[first]]
    return labels


def build_corpus(
    documents: Sequence[AgreementDocument],
    done: np.ndarray,
    layers: Sequence[str],
    label_index: Mapping[str, int],
) -> Corpus:
    """Flatten ``documents`` (with ``done[d, k]``: layer k has done document d) into a Corpus.

    Raises ValueError for a token or span that is empty, out of the document's range, or (for
    tokens) not in order: the store should never produce one, and silently fixing it up would
    change the figures.
    """
    n_chars = np.fromiter((d.n_chars for d in documents), dtype=np.int64, count=len(documents))
    offsets = np.zeros(len(documents), dtype=np.int64)
    if len(documents) > 1:
        offsets[1:] = np.cumsum(n_chars[:-1] + 1)
    token_doc, token_start, token_end = _tokens(documents, offsets, n_chars)
    outside = len(label_index)  # the O category
    span_sets: list[SpanSet] = []
    labels: list[np.ndarray] = []
    for k, layer in enumerate(layers):
        spans = _spans(documents, layer, np.flatnonzero(done[:, k]), offsets, n_chars, label_index)
        base = np.where(done[token_doc, k], np.int8(outside), np.int8(MISSING)).astype(np.int8)
        span_sets.append(spans)
        labels.append(token_labels(token_start, token_end, spans, base))
    return Corpus(
        ids=[d.doc_id for d in documents],
        done=done,
        token_doc=token_doc,
        token_start=token_start,
        token_end=token_end,
        spans=span_sets,
        token_labels=labels,
    )
