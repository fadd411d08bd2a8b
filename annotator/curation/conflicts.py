"""Conflicts: where the annotators' layers differ on a document, cluster by cluster.

Pure: plain values in, plain values out, no store and no Textual.

The spans of every compared layer that is done on a document, and the current gold spans, are
grouped into *clusters*: connected groups of overlapping spans (two spans in one cluster are
linked by a chain of overlaps). In a cluster each done layer has a *version*: the tuple of its
spans there, possibly empty ("none"). A cluster where every done layer has the identical version
is agreed; otherwise it is a conflict.

A conflict is resolved when the gold layer has a span in the cluster (a curator's or a merge's
decision), or when the curator rejected every span any layer proposed there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from operator import attrgetter

from annotator.model import Span, Status

#: A layer's spans in one cluster, in reading order; ``()`` is "no span here".
Version = tuple[Span, ...]

#: Sort key of spans in reading order (faster than comparing the dataclasses).
SPAN_ORDER = attrgetter("start", "end", "label")

ACCEPTED = "accepted"
REJECTED = "rejected"

#: Kinds of disagreement in a conflict.
MISSING = "missing"  # some layers have a span here, others none
BOUNDARY = "boundary"  # the layers' spans cover different stretches
LABEL = "label"  # overlapping spans with different labels
KIND_NAMES = {MISSING: "missing in some layers", BOUNDARY: "boundaries differ", LABEL: "labels differ"}


@dataclass(frozen=True, slots=True)
class CurationDocument:
    """One document as the curator sees it: the done layers' spans and the gold layer.

    ``layers`` are the compared layers that are done on the document, in comparison order;
    ``spans`` maps each of them to its spans. ``decisions`` are the curator's decisions recorded
    on the gold layer (span -> ``accepted``/``rejected``); ``provenance`` maps gold spans to where
    they came from.
    """

    doc_id: str
    layers: tuple[str, ...]
    spans: Mapping[str, Sequence[Span]] = field(default_factory=dict)
    gold: Sequence[Span] = ()
    decisions: Mapping[Span, str] = field(default_factory=dict)
    provenance: Mapping[Span, str | None] = field(default_factory=dict)
    gold_status: str = Status.TODO.value

    def layer_spans(self, layer: str) -> tuple[Span, ...]:
        return tuple(sorted(self.spans.get(layer, ()), key=SPAN_ORDER))

    def rejected(self) -> frozenset[Span]:
        return frozenset(s for s, d in self.decisions.items() if d == REJECTED)

    def with_gold(self, gold: Iterable[Span], decisions: Mapping[Span, str],
                  provenance: Mapping[Span, str | None] | None = None) -> CurationDocument:
        """The same document with another gold layer (to see what a change would do)."""
        return CurationDocument(self.doc_id, self.layers, self.spans, tuple(sorted(gold, key=SPAN_ORDER)), dict(decisions),
                                dict(provenance if provenance is not None else self.provenance), self.gold_status)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A group of overlapping spans on one document, with each done layer's version of it."""

    doc_id: str
    start: int
    end: int
    versions: tuple[tuple[str, Version], ...]
    gold: Version = ()
    rejected: frozenset[Span] = frozenset()

    @property
    def layers(self) -> tuple[str, ...]:
        return tuple(layer for layer, _ in self.versions)

    def version(self, layer: str) -> Version | None:
        """The layer's spans here (``()``: none), or None if the layer is not done on the document."""
        for name, version in self.versions:
            if name == layer:
                return version
        return None

    def holders(self, version: Version) -> tuple[str, ...]:
        """The layers whose version is exactly ``version``, in comparison order."""
        return tuple(layer for layer, v in self.versions if v == version)

    @property
    def candidates(self) -> tuple[Span, ...]:
        """Every span some layer proposes here, in reading order."""
        return tuple(sorted({s for _, v in self.versions for s in v}, key=SPAN_ORDER))

    @property
    def is_conflict(self) -> bool:
        """True if the done layers do not all have the identical version."""
        if not self.versions:
            return False
        first = self.versions[0][1]
        return any(v != first for _, v in self.versions)

    @property
    def agreed(self) -> bool:
        """Every done layer has the same, non-empty, version."""
        return not self.is_conflict and bool(self.versions) and bool(self.versions[0][1])

    @property
    def resolution(self) -> str | None:
        """``gold`` (gold has spans here), ``rejected`` (the curator rejected every proposed span)
        or None (still open)."""
        if self.gold:
            return "gold"
        candidates = self.candidates
        if candidates and all(s in self.rejected for s in candidates):
            return REJECTED
        return None

    @property
    def resolved(self) -> bool:
        return self.resolution is not None

    @property
    def kinds(self) -> tuple[str, ...]:
        """What differs: ``missing``, ``boundary``, ``label`` (in that order; empty if agreed)."""
        if not self.is_conflict:
            return ()
        found = []
        versions = [v for _, v in self.versions]
        present = [v for v in versions if v]
        if len(present) < len(versions):
            found.append(MISSING)
        if len({tuple((s.start, s.end) for s in v) for v in present}) > 1:
            found.append(BOUNDARY)
        if any(a.label != b.label and a.overlaps(b) for v, w in combinations(present, 2) for a in v for b in w):
            found.append(LABEL)
        return tuple(found)

    def majority(self) -> tuple[Version, tuple[str, ...]] | None:
        """The version more than half of the done layers share, with those layers; else None."""
        counts = Counter(v for _, v in self.versions)
        if not counts:
            return None
        version, n = counts.most_common(1)[0]
        if n * 2 <= len(self.versions):
            return None
        return version, self.holders(version)


def clusters(doc: CurationDocument) -> list[Cluster]:
    """Every cluster of the document (agreed ones too), in reading order."""
    layers = doc.layers
    n = len(layers)
    # (start, end, label, source, span): source is the layer's index, n for gold. A layer has a
    # span once, so the sort never reaches the Span objects.
    items = [(s.start, s.end, s.label, i, s) for i, layer in enumerate(layers) for s in doc.spans.get(layer, ())]
    items.extend((s.start, s.end, s.label, n, s) for s in doc.gold)
    items.sort(key=lambda item: item[:4])
    rejected = doc.rejected()
    result: list[Cluster] = []
    group: list[tuple] = []
    reach = -1
    for item in items:
        if group and item[0] >= reach:
            result.append(_cluster(doc.doc_id, layers, group, reach, rejected))
            group = []
        if not group:
            reach = item[1]
        group.append(item)
        reach = max(reach, item[1])
    if group:
        result.append(_cluster(doc.doc_id, layers, group, reach, rejected))
    return result


def _cluster(doc_id: str, layers: tuple[str, ...], group: list[tuple], end: int,
             rejected: frozenset[Span]) -> Cluster:
    buckets: list[list[Span]] = [[] for _ in range(len(layers) + 1)]
    for item in group:  # in reading order, so every version comes out sorted
        buckets[item[3]].append(item[4])
    versions = tuple(zip(layers, map(tuple, buckets[:-1]), strict=True))
    chosen_rejected = frozenset(s for b in buckets[:-1] for s in b if s in rejected) if rejected else frozenset()
    return Cluster(doc_id, group[0][0], end, versions, tuple(buckets[-1]), chosen_rejected)


def conflicts(doc: CurationDocument) -> list[Cluster]:
    """The clusters where the done layers differ, in reading order."""
    return [c for c in clusters(doc) if c.is_conflict]


def unresolved(doc: CurationDocument) -> int:
    """How many conflicts of the document are still open."""
    return sum(1 for c in conflicts(doc) if not c.resolved)


def document_agreement(doc: CurationDocument) -> float | None:
    """Mean exact-span F1 over the pairs of done layers that have any span (the figure of
    ``annotator agreement``'s lowest documents); None when no pair has a span."""
    scores = []
    for a, b in combinations(doc.layers, 2):
        sa, sb = set(doc.spans.get(a, ())), set(doc.spans.get(b, ()))
        if sa or sb:
            scores.append(2 * len(sa & sb) / (len(sa) + len(sb)))
    return sum(scores) / len(scores) if scores else None
