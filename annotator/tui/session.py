"""One annotator's working session on the store: the open document and every change to it.

No Textual here. The screen calls these methods and redraws only after they return, and every
method that changes something has committed it to SQLite before returning (``Store`` commits
each call). The session shows the annotator only the machine suggestions and their own layer
(blind annotation): other annotators' layers are never read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from annotator.model import Span, Status, validate_annotator_name
from annotator.store import Change, DocumentRow, Store
from annotator.tui import editing


@dataclass(frozen=True)
class Outcome:
    """What a change did, for the status line and for moving the cursor."""

    message: str
    changed: bool
    focus: Span | None = None  # where the change happened (to put the cursor there)


class Session:
    """The store, the annotator's layer, and the document they have open."""

    def __init__(self, store: Store, annotator: str):
        self.store = store
        self.annotator = validate_annotator_name(annotator)  # never machine or gold
        self.all_ids: list[str] = store.document_ids()  # ids only: texts are read one at a time
        # The annotator's queue: the documents assigned to them. With one, n/p/d and the
        # document list walk it; ``all_documents`` adds every other document after it.
        self.assigned: list[str] = store.assigned_documents(annotator)
        self.all_documents = not self.assigned
        self.order: list[str] = []
        self._index: dict[str, int] = {}
        self._set_order()
        self.flags: dict[tuple[int, int] | None, str] = {}  # this document's flags: place -> note
        self.doc: DocumentRow | None = None
        self.tokens: list[tuple[int, int]] = []
        self.suggestions: list[Span] = []
        self.own: list[Span] = []
        self.pending: list[Span] = []
        self.decisions: dict[Span, str] = {}
        # What the last change touched: (span, is_suggestion) added or removed from view;
        # None when everything was re-read (a new document, undo, redo, accept all).
        self.changes: list[tuple[Span, bool]] | None = None
        self.status: str = Status.TODO.value
        self._statuses: dict[str, str] | None = None
        # The latest event on the open document's layer that this session has seen (its own
        # changes, or what it read): a later one was written by someone else.
        self.seen_event: int | None = None

    # -- documents ------------------------------------------------------------------------------
    def _set_order(self) -> None:
        if self.all_documents:
            queued = set(self.assigned)
            self.order = [*self.assigned, *(d for d in self.all_ids if d not in queued)]
        else:
            self.order = list(self.assigned)
        self._index = {doc_id: i for i, doc_id in enumerate(self.order)}

    def toggle_all_documents(self) -> str:
        """Switch between the annotator's queue and every document (the queue first)."""
        if not self.assigned:
            return "No documents are assigned to you: you see every document"
        self.all_documents = not self.all_documents
        self._set_order()
        if self.all_documents:
            return f"Every document: your {len(self.assigned)} assigned first, then the other {len(self.order) - len(self.assigned)}"
        return f"Your queue: the {len(self.assigned)} documents assigned to you"

    def is_assigned(self, doc_id: str) -> bool:
        return not self.assigned or doc_id in set(self.assigned)

    @property
    def layer(self) -> str:
        return self.annotator

    @property
    def doc_id(self) -> str | None:
        return self.doc.id if self.doc else None

    @property
    def text(self) -> str:
        return self.doc.text if self.doc else ""

    @property
    def index(self) -> int:
        return self._index.get(self.doc_id, -1) if self.doc else -1

    def number(self, doc_id: str) -> int:
        """1-based position of the document in import order (0 if unknown)."""
        return self._index.get(doc_id, -1) + 1

    def starting_point(self, doc_id: str | None = None) -> tuple[str, int] | None:
        """Where to open: the given document, else where the annotator left off, else the
        first document they have not finished."""
        if not self.order:
            return None
        saved = self.store.position(self.annotator)
        if doc_id is not None:
            if doc_id not in self._index and doc_id in set(self.all_ids):
                self.all_documents = True  # asked for a document outside the queue: show them all
                self._set_order()
            if doc_id not in self._index:
                raise KeyError(doc_id)
            return doc_id, saved[1] if saved and saved[0] == doc_id else 0
        if saved is not None and saved[0] in self._index:
            return saved
        statuses = self.statuses()
        for candidate in self.order:
            if statuses.get(candidate, Status.TODO.value) not in (Status.DONE.value, Status.SKIPPED.value):
                return candidate, 0
        return self.order[0], 0

    def open(self, doc_id: str) -> DocumentRow:
        """Load one document, its tokens, the suggestions and the annotator's spans."""
        doc = self.store.document(doc_id)
        self.tokens = self.store.token_offsets(doc_id)  # the tokenization stored at import
        self.doc = doc
        self.suggestions = [s.span for s in self.store.suggestions(doc_id)]
        self.reload()
        self.read_flags()
        return doc

    def read_flags(self) -> None:
        """This annotator's flags on the open document."""
        if self.doc is not None:
            self.flags = {(None if f.start is None else (f.start, f.end)): f.note
                          for f in self.store.flags(self.doc.id, self.layer)}

    def flag(self, target: tuple[int, int] | None, note: str) -> Outcome:
        """Flag ``target`` (None: the document) as unsure with ``note``; an empty note removes
        the flag."""
        if self.doc is None:
            return Outcome("", False)
        where = "the document" if target is None else _quote_plain(self.text[target[0]:target[1]])
        if not note.strip():
            removed = self.store.clear_flag(self.doc.id, self.layer, target, actor=self.annotator)
            self.read_flags()
            return Outcome(f"Removed the flag on {where}" if removed else "Nothing was flagged there", removed)
        self.store.set_flag(self.doc.id, self.layer, note, target, actor=self.annotator)
        self.read_flags()
        return Outcome(f"Flagged {where}: {note.strip()}", True)

    def reload(self) -> None:
        """Read the annotator's spans, decisions and status again (after every change)."""
        if self.doc is None:
            return
        self.own = self.store.spans(self.doc.id, self.layer)
        self.decisions = self.store.decisions(self.doc.id, self.layer)
        self.pending = editing.compute_pending(self.suggestions, self.decisions, self.own)
        self.status = self.store.status(self.doc.id, self.layer)
        self.changes = None
        self.seen_event = self._latest_event()

    def _latest_event(self) -> int | None:
        latest = self.store.last_event(self.doc.id, self.layer) if self.doc is not None else None
        return latest[0] if latest else None

    def outside_change(self) -> tuple[str, str] | None:
        """(actor, action) of the latest change to the open document's layer made elsewhere
        (another window, another process) since this session last looked; None if there is
        none. The caller reloads (``reload``) before changing anything."""
        if self.doc is None:
            return None
        latest = self.store.last_event(self.doc.id, self.layer)
        if latest is None or latest[0] == self.seen_event:
            return None
        return latest[1], latest[2]

    def _apply_locally(self, edit: editing.Edit) -> None:
        """Mirror a committed edit in memory (cheaper than re-reading a long document's layer);
        only the suggestions near the edit are re-examined."""
        own = self.own
        for span in edit.removed:
            i = bisect.bisect_left(own, span)
            if i >= len(own) or own[i] != span:
                raise LookupError(span)
            del own[i]
        for span in edit.added:
            bisect.insort(own, span)
        for span, decision in edit.decisions:
            self.decisions[span] = decision
        touched = [*edit.removed, *edit.added, *(span for span, _ in edit.decisions)]
        lo, hi = min(s.start for s in touched), max(s.end for s in touched)
        window = editing.overlapping(self.suggestions, lo, hi)
        if window:
            lo, hi = min(lo, window[0].start), max(hi, window[-1].end)
        fresh = editing.compute_pending(window, self.decisions, editing.overlapping(own, lo, hi))
        first = bisect.bisect_right(self.pending, lo, key=lambda s: s.end)
        last = first
        while last < len(self.pending) and self.pending[last].start < hi:
            last += 1
        stale = self.pending[first:last]
        self.pending[first:last] = fresh
        self.changes = [(span, False) for span in (*edit.removed, *edit.added)]
        self.changes += [(span, True) for span in set(stale) ^ set(fresh)]
        self.status = self.store.status(self.doc.id, self.layer) if self.doc else self.status

    def statuses(self) -> dict[str, str]:
        """doc id -> this annotator's recorded status (cached until a status changes)."""
        if self._statuses is None:
            self._statuses = self.store.statuses(self.layer)
        return self._statuses

    def progress(self) -> tuple[int, int]:
        """(done, total) for this annotator, over the documents they walk (their queue, or all)."""
        statuses = self.statuses()
        return sum(1 for d in self.order if statuses.get(d) == Status.DONE.value), len(self.order)

    def neighbour(self, step: int) -> str | None:
        """The document ``step`` places away in import order, or None past the ends."""
        i = self.index + step
        return self.order[i] if 0 <= i < len(self.order) else None

    def next_unfinished(self) -> str | None:
        """The next document (wrapping around) that is neither done nor skipped; failing that,
        the next one not done; None if every other document is done."""
        if not self.order:
            return None
        statuses = self.statuses()
        n = len(self.order)
        here = self.index
        candidates = ([self.order[(here + k) % n] for k in range(1, n)] if here >= 0 else list(self.order))
        for wanted in ({Status.TODO.value, Status.IN_PROGRESS.value}, {Status.SKIPPED.value}):
            for doc_id in candidates:
                if statuses.get(doc_id, Status.TODO.value) in wanted:
                    return doc_id
        return None

    def last_offset(self, doc_id: str) -> int:
        """Where this annotator last was in ``doc_id`` (its start if never there)."""
        return self.store.document_position(self.annotator, doc_id) or 0

    def save_position(self, offset: int) -> None:
        if self.doc is not None:
            self.store.save_position(self.annotator, self.doc.id, offset)

    # -- changes --------------------------------------------------------------------------------
    def apply(self, edit: editing.Edit, *, position: int | None = None) -> Outcome:
        """Commit one edit (and the cursor position, in the same transaction), then re-read
        the layer."""
        if self.doc is None or edit.is_empty():
            return Outcome(edit.message, False)
        change = Change(removed=list(edit.removed), added=list(edit.added), decisions=edit.decision_map())
        with self.store.transaction():
            self.store.apply(self.doc.id, self.layer, change, actor=self.annotator, action=edit.action)
            if position is not None:
                self.store.save_position(self.annotator, self.doc.id, position)
            self.seen_event = self._latest_event()
        try:
            self._apply_locally(edit)
        except LookupError:  # the layer changed under us (another window?): read it again
            self.reload()
        self._update_status_cache()
        focus = (edit.added or edit.removed or tuple(s for s, _ in edit.decisions) or (None,))[0]
        return Outcome(edit.message, True, focus)

    def label(self, target: tuple[int, int], label: str, *, position: int | None = None) -> Outcome:
        return self.apply(editing.plan_label(target, label, self.own, self.pending, self.text), position=position)

    def adjust(self, caret: editing.Caret, how: str, *, position: int | None = None) -> Outcome:
        """Move a boundary of the span under the cursor by a token (``editing.ADJUSTMENTS``)."""
        return self.apply(editing.plan_adjust(caret, how, self.own, self.pending, self.text), position=position)

    def accept(self, target: tuple[int, int], *, position: int | None = None) -> Outcome:
        return self.apply(editing.plan_accept(target, self.pending, self.text), position=position)

    def delete(self, target: tuple[int, int], *, position: int | None = None) -> Outcome:
        return self.apply(editing.plan_delete(target, self.own, self.pending, self.text), position=position)

    def accept_all(self, *, position: int | None = None) -> Outcome:
        if self.doc is None or not self.pending:
            return Outcome("No suggestions left in this document", False)
        before = list(self.own)
        with self.store.transaction():
            self.store.accept_all(self.doc.id, self.layer, actor=self.annotator)
            if position is not None:
                self.store.save_position(self.annotator, self.doc.id, position)
        self._after_change()
        added = editing.changed_spans(before, self.own)
        return Outcome(f"Accepted {editing.count(len(added), 'suggestion')}", True, added[0] if added else None)

    def undo(self, *, position: int | None = None) -> Outcome:
        return self._step(backwards=True, position=position)

    def redo(self, *, position: int | None = None) -> Outcome:
        return self._step(backwards=False, position=position)

    def _step(self, *, backwards: bool, position: int | None) -> Outcome:
        if self.doc is None:
            return Outcome("", False)
        before_own, before_pending = list(self.own), list(self.pending)
        step = self.store.undo if backwards else self.store.redo
        with self.store.transaction():
            action = step(self.doc.id, self.layer, actor=self.annotator)
            if action is not None and position is not None:
                self.store.save_position(self.annotator, self.doc.id, position)
        if action is None:
            return Outcome("Nothing to undo" if backwards else "Nothing to redo", False)
        self._after_change()
        changed = editing.changed_spans(before_own, self.own) or editing.changed_spans(before_pending, self.pending)
        verb = "Undid" if backwards else "Redid"
        return Outcome(f"{verb} {action.replace('_', ' ')}", True, changed[0] if changed else None)

    def set_status(self, status: str) -> Outcome:
        """Set the document's status. Marking it done with suggestions still pending records
        them as rejected, in the same step (one undo brings back both)."""
        if self.doc is None:
            return Outcome("", False)
        if self.status == status:
            return Outcome(f"Already {status.replace('_', ' ')}", False)
        rejected = list(self.pending) if status == Status.DONE.value else []
        change = Change(status=Status(status).value, decisions={span: "rejected" for span in rejected})
        self.store.apply(self.doc.id, self.layer, change, actor=self.annotator, action="status")
        self._after_change()
        extra = f" ({len(rejected)} pending suggestion(s) rejected)" if rejected else ""
        return Outcome(f"Marked {status.replace('_', ' ')}{extra}", True)

    def _after_change(self) -> None:
        self.reload()
        self._update_status_cache()

    def _update_status_cache(self) -> None:
        if self._statuses is not None and self.doc is not None:
            if self.status == Status.TODO.value:
                self._statuses.pop(self.doc.id, None)
            else:
                self._statuses[self.doc.id] = self.status

    # -- reading --------------------------------------------------------------------------------
    def items(self) -> list[tuple[Span, bool]]:
        """The annotator's spans and pending suggestions in reading order."""
        return editing.merge_items(self.own, self.pending)


def _quote_plain(text: str, limit: int = 30) -> str:
    """A stretch of document text for a message (shortened, on one line)."""
    text = " ".join(text.split())
    return "«" + (text if len(text) <= limit else text[: limit - 1] + "…") + "»"
