"""A curator's working session: the conflict queue across documents and the decisions on it.

No Textual here: the curator screen calls these methods and redraws what they return. Every
decision is committed to the store (one event on the gold layer, with who, when, the layers
followed and the provenance of the gold spans) before the method returns.

The queue holds every conflict of every document at least two compared layers have finished,
documents an annotator flagged as unsure first, then the worst-agreeing documents (mean pairwise exact span F1, as ``annotator agreement`` ranks its
lowest documents), then in reading order within a document. Resolved conflicts stay in the
queue, shown with their resolution; after a decision the session moves on to the next open one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.curation.conflicts import SPAN_ORDER, Cluster, CurationDocument, conflicts, document_agreement
from annotator.curation.decisions import (
    DecisionError,
    GoldEdit,
    plan_edit,
    plan_majority,
    plan_reject,
    plan_take_layer,
)
from annotator.curation.loading import apply_edit, compared_layers, load_document, load_documents
from annotator.curation.report import printable
from annotator.model import GOLD, AnnotatorError, Span
from annotator.store import DocumentRow, Store
from annotator.store.team import Flag

MAX_KEYED_LAYERS = 9


@dataclass(frozen=True, slots=True)
class QueueItem:
    doc_id: str
    cluster: Cluster


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action did, for the status line."""

    message: str
    changed: bool


@dataclass(frozen=True, slots=True)
class Progress:
    resolved: int
    conflicts: int
    documents_finished: int
    documents: int


class CurationSession:
    """The store, the curator, the compared layers and the conflict queue."""

    def __init__(self, store: Store, curator: str, layers: Sequence[str] | None = None, *,
                 gold: str = GOLD, anonymous: bool = False):
        self.store = store
        self.curator = curator
        self.gold = gold
        self.anonymous = anonymous
        self.layers: list[str] = compared_layers(store, layers, gold)
        docs = [d for d in load_documents(store, self.layers, gold) if len(d.layers) >= 2]
        self._provenance_read: set[str] = set()  # documents whose gold provenance has been read
        position = {d.doc_id: i for i, d in enumerate(docs)}
        self.docs: dict[str, CurationDocument] = {d.doc_id: d for d in docs}
        self.agreement: dict[str, float | None] = {d.doc_id: document_agreement(d) for d in docs}
        self._conflicts: dict[str, list[Cluster]] = {d.doc_id: conflicts(d) for d in docs}
        # The compared annotators' flags (a document or a span marked unsure, with a note).
        self.flags: dict[str, list[Flag]] = {}
        for flag in store.flags():
            if flag.layer in self.layers and flag.doc_id in self.docs:
                self.flags.setdefault(flag.doc_id, []).append(flag)
        self.order: list[str] = sorted(
            (doc_id for doc_id, found in self._conflicts.items() if found),
            key=lambda d: (d not in self.flags, _rank(self.agreement[d]), -len(self._conflicts[d]), position[d]),
        )
        self.items: list[QueueItem] = []
        self.index = 0
        self._rebuild()
        self._undo_docs: list[str] = []
        self._redo_docs: list[str] = []
        self._groups: dict[str, list[str]] = {}  # a document of a label-all -> all its documents
        self._text_cache: tuple[str, DocumentRow, list[tuple[int, int]]] | None = None
        self.index = self._first_open(0) or 0

    # -- names ----------------------------------------------------------------------------------
    def alias(self, layer: str) -> str:
        """The layer's name on screen: itself, or ``annotator N`` in anonymous curation."""
        if not self.anonymous:
            return layer
        if layer in self.layers:
            return f"annotator {self.layers.index(layer) + 1}"
        return "another annotator"

    def key_of(self, layer: str) -> str | None:
        """The number key that takes the layer's version."""
        i = self.layers.index(layer) if layer in self.layers else -1
        return str(i + 1) if 0 <= i < MAX_KEYED_LAYERS else None

    def notes(self, item: QueueItem) -> list[tuple[str, str]]:
        """(layer, note) of the flags beside a conflict: the document's, and those on a stretch
        overlapping the conflict."""
        cluster = item.cluster
        return [(flag.layer, flag.note) for flag in self.flags.get(item.doc_id, [])
                if flag.start is None or (flag.start < cluster.end and cluster.start < (flag.end or 0))]

    # -- the queue ------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self.items = [QueueItem(doc_id, c) for doc_id in self.order for c in self._conflicts[doc_id]]
        self.index = max(0, min(self.index, len(self.items) - 1))

    @property
    def current(self) -> QueueItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def document_items(self, doc_id: str) -> list[QueueItem]:
        return [item for item in self.items if item.doc_id == doc_id]

    def progress(self) -> Progress:
        resolved = sum(1 for item in self.items if item.cluster.resolved)
        finished = sum(1 for doc_id in self.order if all(c.resolved for c in self._conflicts[doc_id]))
        return Progress(resolved, len(self.items), finished, len(self.order))

    def document_progress(self, doc_id: str) -> tuple[int, int]:
        found = self._conflicts.get(doc_id, [])
        return sum(1 for c in found if c.resolved), len(found)

    def move(self, step: int) -> bool:
        """To the next (``step`` 1) or previous (-1) conflict, wrapping around."""
        if not self.items:
            return False
        self.index = (self.index + step) % len(self.items)
        return True

    def _first_open(self, start: int) -> int | None:
        n = len(self.items)
        for k in range(n):
            i = (start + k) % n
            if not self.items[i].cluster.resolved:
                return i
        return None

    def next_open(self) -> bool:
        """To the next conflict still open (wrapping around); False if none is left."""
        if not self.items:
            return False
        found = self._first_open(self.index + 1)
        if found is None:
            return False
        self.index = found
        return True

    def go_to_document(self, doc_id: str) -> bool:
        """To the document's first open conflict (else its first conflict)."""
        items = [i for i, item in enumerate(self.items) if item.doc_id == doc_id]
        if not items:
            return False
        open_items = [i for i in items if not self.items[i].cluster.resolved]
        self.index = (open_items or items)[0]
        return True

    def move_document(self, step: int) -> bool:
        """To the next (1) or previous (-1) document of the queue, at its first open conflict."""
        if not self.order or self.current is None:
            return False
        i = self.order.index(self.current.doc_id) if self.current.doc_id in self.order else 0
        return self.go_to_document(self.order[(i + step) % len(self.order)])

    def _go_to(self, doc_id: str, start: int, end: int) -> None:
        """To the conflict of the document that overlaps [start, end) (else its nearest one)."""
        best = None
        for i, item in enumerate(self.items):
            if item.doc_id != doc_id:
                continue
            c = item.cluster
            if c.start < max(end, start + 1) and start < c.end:
                self.index = i
                return
            if best is None or (c.start <= start):
                best = i
        if best is not None:
            self.index = best

    # -- document text --------------------------------------------------------------------------
    def document(self, doc_id: str) -> tuple[DocumentRow, list[tuple[int, int]]]:
        """The stored document and its tokens (the last one asked for is cached)."""
        if self._text_cache is None or self._text_cache[0] != doc_id:
            self._text_cache = (doc_id, self.store.document(doc_id),
                                [tuple(t) for t in self.store.token_offsets(doc_id)])
        return self._text_cache[1], self._text_cache[2]

    def gold_spans(self, doc_id: str) -> list[Span]:
        return sorted(self.docs[doc_id].gold, key=SPAN_ORDER)

    def provenance(self, doc_id: str, span: Span) -> str | None:
        """Where a gold span came from (read from the store the first time it is asked for)."""
        if doc_id not in self._provenance_read:
            self.refresh(doc_id)
        return self.docs[doc_id].provenance.get(span)

    # -- decisions ------------------------------------------------------------------------------
    def _fresh(self) -> QueueItem | None:
        """The current conflict as the store has it now (another curator may have been at work)."""
        item = self.current
        if item is not None:
            self.refresh(item.doc_id)
        return self.current

    def take(self, number: int) -> Outcome:
        """Take the version of the layer with key ``number`` (1-based)."""
        item = self._fresh()
        if item is None:
            return Outcome("No conflict to decide", False)
        if not 1 <= number <= min(len(self.layers), MAX_KEYED_LAYERS):
            return Outcome(f"No layer {number}: there are {len(self.layers)}", False)
        layer = self.layers[number - 1]
        try:
            edit = plan_take_layer(self.docs[item.doc_id], item.cluster, layer, self.curator)
        except DecisionError as exc:
            return Outcome(str(exc).replace(layer, self.alias(layer)), False)
        version = item.cluster.version(layer) or ()
        what = self.describe_version(item.doc_id, version)
        return self._decide(item, edit, f"Took {self.alias(layer)}'s version: {what}")

    def take_majority(self) -> Outcome:
        item = self._fresh()
        if item is None:
            return Outcome("No conflict to decide", False)
        try:
            edit = plan_majority(self.docs[item.doc_id], item.cluster, self.curator)
        except DecisionError as exc:
            return Outcome(str(exc).capitalize(), False)
        names = ", ".join(self.alias(layer) for layer in edit.followed)
        found = item.cluster.majority()
        what = self.describe_version(item.doc_id, found[0] if found else ())
        return self._decide(item, edit, f"Took the majority ({names}): {what}")

    def reject(self) -> Outcome:
        item = self._fresh()
        if item is None:
            return Outcome("No conflict to decide", False)
        edit = plan_reject(self.docs[item.doc_id], item.cluster, self.curator)
        n = len(item.cluster.candidates)
        return self._decide(item, edit, f"Rejected all versions ({n} span{'s' if n != 1 else ''}): no span here")

    def _decide(self, item: QueueItem, edit: GoldEdit, message: str) -> Outcome:
        if edit.is_empty():
            moved = self.next_open()
            return Outcome("Gold already has this" + ("; next open conflict" if moved else ""), False)
        try:
            self._write(edit, item.cluster)
        except AnnotatorError as exc:
            self.refresh(item.doc_id)
            return Outcome(f"Not saved: {exc}", False)
        self._go_to(item.doc_id, item.cluster.start, item.cluster.end)
        if not self.next_open():
            message += " · every conflict is resolved (c: the consistency findings)"
        return Outcome(message, True)

    def edit(self, doc_id: str, removed: Iterable[Span], added: Iterable[Span]) -> Outcome:
        """A hand edit of the gold layer (from the gold editor)."""
        self.refresh(doc_id)
        edit = plan_edit(self.docs[doc_id], removed, added, self.curator)
        if edit.is_empty():
            return Outcome("Nothing changed", False)
        spans = [*edit.added, *edit.removed, *edit.decisions]
        lo, hi = min(s.start for s in spans), max(s.end for s in spans)
        try:
            self._write(edit, None, doc_id=doc_id, where=(lo, hi))
        except AnnotatorError as exc:
            self.refresh(doc_id)
            return Outcome(f"Not saved: {exc}", False)
        self._go_to(doc_id, lo, hi)
        return Outcome("Edited gold", True)

    def _write(self, edit: GoldEdit, cluster: Cluster | None, *, doc_id: str | None = None,
               where: tuple[int, int] | None = None) -> None:
        doc_id = doc_id or edit.doc_id
        where = where or ((cluster.start, cluster.end) if cluster else None)
        apply_edit(self.store, edit, actor=self.curator, gold=self.gold,
                   note={"cluster": list(where)} if where else None)
        self._undo_docs.append(doc_id)
        self._redo_docs.clear()
        self.refresh(doc_id)

    def refresh(self, doc_id: str) -> None:
        """Read the document's gold layer again and recompute its conflicts (the queue order of
        documents does not change during a session)."""
        current = self.current
        doc = load_document(self.store, doc_id, self.layers, self.gold)
        self.docs[doc_id] = doc
        self._provenance_read.add(doc_id)
        self._conflicts[doc_id] = conflicts(doc)
        if doc_id not in self.order and self._conflicts[doc_id]:
            self.order.append(doc_id)
        self._rebuild()
        if current is not None:
            self._go_to(current.doc_id, current.cluster.start, current.cluster.end)

    # -- undo -----------------------------------------------------------------------------------
    def undo(self) -> Outcome:
        """Undo the latest curation change of this session (on whichever document), else the
        latest change to gold on the current document."""
        return self._step(backwards=True)

    def redo(self) -> Outcome:
        return self._step(backwards=False)

    def labelled_all(self, doc_ids: Sequence[str]) -> None:
        """After a label-all in gold (``annotator.curation.label_all``): read its documents
        again, and make it the change u undoes (in every one of them at once)."""
        if not doc_ids:
            return
        for doc_id in doc_ids:
            self.refresh(doc_id)
        self._groups[doc_ids[0]] = list(doc_ids)
        self._undo_docs.append(doc_ids[0])
        self._redo_docs.clear()

    def refresh_group(self, doc_id: str) -> None:
        """Read again every document of the label-all ``doc_id`` belongs to (after its undo)."""
        for member in self._groups.get(doc_id, [doc_id]):
            self.refresh(member)

    def _step(self, *, backwards: bool) -> Outcome:
        stack, other = (self._undo_docs, self._redo_docs) if backwards else (self._redo_docs, self._undo_docs)
        if stack:
            doc_id = stack[-1]
        elif self.current is not None:
            doc_id = self.current.doc_id
        else:
            return Outcome("Nothing to undo" if backwards else "Nothing to redo", False)
        step = self.store.undo if backwards else self.store.redo
        with self.store.transaction():
            target = self.store.step_target(doc_id, self.gold, backwards=backwards)
            if target is not None and target[0] != self.curator:
                # another curator's (or a merge's) change came after ours: u used to revert it instead
                self.refresh_group(doc_id)
                return Outcome(f"Not {'undone' if backwards else 'redone'}: the latest change to gold on "
                               f"{doc_id} is {target[0]}'s ({target[1].replace('curate_', '').replace('_', ' ')})",
                               False)
            action = step(doc_id, self.gold, actor=self.curator)
        if action is None:
            if stack:
                stack.pop()
            return Outcome("Nothing to undo" if backwards else "Nothing to redo", False)
        if stack:
            stack.pop()
        other.append(doc_id)
        self.refresh_group(doc_id)
        where = self._where_last_event(doc_id)
        if where is not None:
            self._go_to(doc_id, *where)
        verb = "Undid" if backwards else "Redid"
        return Outcome(f"{verb} {action.replace('curate_', '').replace('_', ' ')}", True)

    def _where_last_event(self, doc_id: str) -> tuple[int, int] | None:
        change = self.store.latest_change(doc_id, self.gold)
        spans = change.spans_touched() if change is not None else []
        if not spans:
            return None
        return min(s.start for s in spans), max(s.end for s in spans)

    # -- text for messages ----------------------------------------------------------------------
    def describe_version(self, doc_id: str, version: Sequence[Span]) -> str:
        if not version:
            return "no span"
        doc, _ = self.document(doc_id)
        return " + ".join(f"{s.label} “{_short(doc.text[s.start:s.end])}”" for s in version)


def _rank(agreement: float | None) -> float:
    return 2.0 if agreement is None else agreement


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
