"""Label every occurrence: one label put on many hits (of a corpus search, or consistency
findings) across documents, as one undoable step.

Each hit is widened to the tokens it touches (as the annotation screen snaps a selection), then

- a span of the layer with the same extent and label already there: nothing to do;
- a span of another label overlapping it: skipped and reported, never overwritten;
- a span of the same label with other boundaries, or another hit just planned, overlapping it:
  skipped and reported;
- otherwise the span is added.

``label_hits`` plans inside the write transaction (what the layer holds cannot change between
reading and writing) and writes with ``Store.apply_group``: one event per document, undone and
redone together.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from annotator.model import Span
from annotator.store import Change, Store

ACTION = "label_all"


class Target(Protocol):
    """Anything with a document and offsets (a search ``Hit``, a consistency ``Occurrence``)."""

    doc_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A hit not labelled, and why."""

    doc_id: str
    start: int
    end: int
    reason: str
    span: Span | None = None  # the span in the way
    other_label: bool = False  # the span in the way has another label


@dataclass(slots=True)
class LabelAllPlan:
    """What labelling the hits does: spans to add per document, hits already so, hits skipped."""

    label: str
    changes: dict[str, list[Span]] = field(default_factory=dict)
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(len(spans) for spans in self.changes.values())

    def summary(self) -> str:
        """One line for the status bar."""
        docs = len(self.changes)
        parts = [f"Labelled {self.added} hit(s) {self.label} in {docs} document(s)"]
        if self.already:
            parts.append(f"{self.already} already {self.label}")
        if self.skipped:
            other = sum(1 for s in self.skipped if s.other_label)
            parts.append(f"skipped {len(self.skipped)} ({other} overlapping a span of another label)")
        return "; ".join(parts)


def snap(start: int, end: int, tokens: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """[start, end) widened (or, at spaces, narrowed) to the tokens it touches; None if it
    touches none (only spaces)."""
    i = bisect.bisect_right(tokens, (start, float("inf"))) - 1  # the last token starting at or before start
    if i < 0 or tokens[i][1] <= start:
        i += 1
    j = bisect.bisect_left(tokens, (end, -1)) - 1  # the last token starting before end
    if i >= len(tokens) or j < i or tokens[i][0] >= end:
        return None
    return tokens[i][0], tokens[j][1]


def plan_label_all(hits: Iterable[Target], label: str | Callable[[Target], str],
                   spans: Mapping[str, Sequence[Span]], tokens: Mapping[str, Sequence[tuple[int, int]]]
                   ) -> LabelAllPlan:
    """The plan for putting ``label`` (or ``label(hit)``: a label per hit) on every hit (see
    the module's docstring)."""
    plan = LabelAllPlan(label if isinstance(label, str) else "(each its own label)")
    planned: dict[str, list[Span]] = {}
    for hit in sorted(hits, key=lambda h: (h.doc_id, h.start, h.end)):
        extent = snap(hit.start, hit.end, tokens.get(hit.doc_id, ()))
        if extent is None:
            plan.skipped.append(Skipped(hit.doc_id, hit.start, hit.end, "not a word"))
            continue
        wanted = label if isinstance(label, str) else label(hit)
        new = Span(extent[0], extent[1], wanted)
        over = [s for s in spans.get(hit.doc_id, ()) if s.overlaps(new)]
        if new in over:
            plan.already += 1
            continue
        if over:
            span = next((s for s in over if s.label != wanted), over[0])
            reason = (f"overlaps {span.label} [{span.start}, {span.end})" if span.label != wanted
                      else f"overlaps a {wanted} span with other boundaries [{span.start}, {span.end})")
            plan.skipped.append(Skipped(hit.doc_id, hit.start, hit.end, reason, span, span.label != wanted))
            continue
        mine = planned.setdefault(hit.doc_id, [])
        if mine and mine[-1].overlaps(new):
            if mine[-1] != new:
                plan.skipped.append(Skipped(hit.doc_id, hit.start, hit.end, "overlaps another hit", mine[-1]))
            continue
        mine.append(new)
    plan.changes = {doc_id: added for doc_id, added in planned.items() if added}
    return plan


def label_hits(store: Store, layer: str, hits: Sequence[Target], label: str | Callable[[Target], str], *,
               actor: str,
               provenance: str | None = None) -> tuple[LabelAllPlan, int | None]:
    """Label every hit (``label``, or ``label(hit)``) in ``layer`` in one transaction and one
    undoable group of events;
    returns the plan carried out and the group's id (None if nothing was added)."""
    ids = list(dict.fromkeys(h.doc_id for h in hits))
    with store.transaction():
        spans = {doc_id: store.spans(doc_id, layer) for doc_id in ids}
        plan = plan_label_all(hits, label, spans, store.bulk_token_offsets(ids))
        changes = [
            (doc_id, Change(added=added, provenance=None if provenance is None else dict.fromkeys(added, provenance)))
            for doc_id, added in plan.changes.items()
        ]
        group = store.apply_group(layer, changes, actor=actor, action=ACTION)
    return plan, group
