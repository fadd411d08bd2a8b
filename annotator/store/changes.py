"""Changes to a layer: every write to spans, decisions and statuses, each one transaction and one
event in the log (``annotator.store.events``).

``apply`` is an annotator's change (their first change to a document starts it: ``in_progress``);
``write_change`` a change exactly as given (curation writes through it); ``apply_group`` one
change to many documents, undone and redone together (``annotator.store.history``). A
``Change`` is never modified: it is frozen, and a status the store adds goes into a copy.

Functions over an open ``sqlite_utils.Database``; ``Store`` is their façade.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.model import (
    STATUSES,
    Span,
    SpanError,
    Status,
    check_span_triples,
    check_spans,
    is_human_layer,
    quoted,
    sort_spans,
)
from annotator.model.errors import InputError, UnknownDocument
from annotator.store import events, layers, stacks
from annotator.store.database import write_transaction
from annotator.store.events import DecisionChange, LayerChange, ProvenanceRecord
from annotator.store.sql import CHUNK, in_chunks, now, value

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils

UNDOABLE_BARRIERS = stacks.BARRIERS


@dataclass(frozen=True, slots=True)
class Change:
    """What one user action does to one (document, layer): spans out, spans in, decisions on
    suggestions, and a status. Empty fields change nothing. Frozen: the store never changes
    the caller's ``Change`` (it makes a new one where it adds a status).

    ``provenance`` (span -> text) is given to the added spans that it names; when it is not
    None, the event also records the provenance of the spans added and removed, so that undo
    and redo restore it (curation's gold spans, labels given to every search hit)."""

    removed: Sequence[Span] = ()
    added: Sequence[Span] = ()
    decisions: Mapping[Span, str | None] = field(default_factory=dict)
    status: str | None = None
    provenance: Mapping[Span, str] | None = None

    def is_empty(self) -> bool:
        return not (self.removed or self.added or self.decisions or self.status)


def apply(db: sqlite_utils.Database, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
          note: Mapping | None = None, provenance: Mapping[Span, tuple] | None = None) -> int | None:
    """Apply one user action atomically and log it; returns the event id (None if no-op).

    A human layer's first change to a ``todo`` document moves it to ``in_progress``.
    Raises SpanError if the result would overlap or fall outside the text. ``note`` is added
    to the event's payload. ``provenance``: (confidence, provenance) of added spans, written
    with them and not recorded in the event (machine suggestions). ``change`` itself is never
    modified.
    """
    if change.is_empty():
        return None
    with write_transaction(db):
        change = starting(db, doc_id, layer, change, action)
        return _write(db, doc_id, layer, change, actor=actor, action=action, note=note, columns=provenance)


def starting(db: sqlite_utils.Database, doc_id: str, layer: str, change: Change, action: str) -> Change:
    """``change``, or a copy that also sets ``in_progress`` if it is an annotator's first
    change to a ``todo`` document."""
    if (change.status is None and is_human_layer(layer) and action not in UNDOABLE_BARRIERS
            and (change.added or change.removed) and layers.status(db, doc_id, layer) == Status.TODO.value):
        return replace(change, status=Status.IN_PROGRESS.value)
    return change


def write_change(db: sqlite_utils.Database, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
                 note: Mapping | None = None, group: int | None = None,
                 columns: Mapping[Span, tuple] | None = None) -> int | None:
    """Apply ``change`` exactly as given (no status of its own) and log it as one event;
    None if it is empty. The curation's writes and ``apply`` go through here. ``columns``:
    (confidence, provenance) of added spans, written with them, not recorded."""
    if change.is_empty():
        return None
    with write_transaction(db):
        return _write(db, doc_id, layer, change, actor=actor, action=action, note=note, group=group, columns=columns)


def _write(db: sqlite_utils.Database, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
           note: Mapping | None = None, group: int | None = None, columns: Mapping[Span, tuple] | None = None) -> int:
    """``write_change`` inside a transaction already open."""
    applied = apply_unlogged(db, doc_id, layer, change, actor=actor, columns=columns)
    if note or group is not None:
        applied = replace(applied, note=dict(note or {}), group=group)
    return events.log(db, actor, doc_id, layer, action, applied)


def apply_unlogged(db: sqlite_utils.Database, doc_id: str, layer: str, change: Change, *, actor: str,
                   columns: Mapping[Span, tuple] | None = None) -> LayerChange:
    """Apply ``change`` (what it actually does: spans that were not there are not removed,
    decisions already so are not recorded) and return it as the ``LayerChange`` to log."""
    text_length = value(db, "select n_chars from documents where id=?", [doc_id])
    if text_length is None:
        raise UnknownDocument(doc_id)
    stamp = now()
    before_provenance = (layers.provenance_of(db, doc_id, layer, change.removed)
                         if change.provenance is not None and change.removed else {})
    removed = []
    for span in change.removed:
        cur = db.execute(
            "delete from spans where doc_id=? and layer=? and start=? and end=? and label=?",
            [doc_id, layer, span.start, span.end, span.label],
        )
        if cur.rowcount:
            removed.append(span)
    added = check_spans(change.added, text_length)
    if added:
        existing = layers.spans(db, doc_id, layer)  # sorted, non-overlapping: ends increase too
        starts = [s.start for s in existing]
        for span in added:
            i = bisect.bisect_left(starts, span.end) - 1  # the last span starting before our end
            clash = existing[i] if i >= 0 and existing[i].end > span.start else None
            if clash is not None:
                raise SpanError(
                    f"{doc_id}: span [{span.start}, {span.end}) {span.label} overlaps "
                    f"[{clash.start}, {clash.end}) {clash.label} in layer {layer}"
                )
        given = dict(columns or {})
        if change.provenance is not None:  # recorded below, so that undo and redo restore it
            given.update((s, (None, change.provenance[s])) for s in added if change.provenance.get(s))
        db.conn.executemany(
            "insert into spans (doc_id, layer, start, end, label, confidence, provenance, created_by, created_at) "
            "values (?,?,?,?,?,?,?,?,?)",
            [(doc_id, layer, span.start, span.end, span.label, *given.get(span, (None, None)), actor, stamp)
             for span in added],
        )
    decisions = []
    for span, decision in change.decisions.items():
        before_value = value(
            db, "select decision from decisions where doc_id=? and layer=? and start=? and end=? and label=?",
            [doc_id, layer, span.start, span.end, span.label],
        )
        if before_value == decision:
            continue
        if decision is None:
            db.execute(
                "delete from decisions where doc_id=? and layer=? and start=? and end=? and label=?",
                [doc_id, layer, span.start, span.end, span.label],
            )
        else:
            db.execute(
                "insert or replace into decisions (doc_id, layer, start, end, label, decision, decided_at) "
                "values (?,?,?,?,?,?,?)",
                [doc_id, layer, span.start, span.end, span.label, decision, stamp],
            )
        decisions.append(DecisionChange(span, before_value, decision))
    status = None
    if change.status is not None:
        before_status = layers.status(db, doc_id, layer)
        if before_status != change.status:
            _set_status_row(db, doc_id, layer, change.status, actor, stamp)
            status = (before_status, change.status)
    provenance = None
    if change.provenance is not None:
        provenance = ProvenanceRecord(
            added=tuple((s, change.provenance[s]) for s in added if change.provenance.get(s)),
            removed=tuple((s, before_provenance[s]) for s in removed if before_provenance.get(s)),
        )
    return LayerChange(removed=tuple(removed), added=tuple(added), decisions=tuple(decisions), status=status,
                       provenance=provenance)


def _set_status_row(db: sqlite_utils.Database, doc_id: str, layer: str, status: str, actor: str, stamp: str) -> None:
    _check_status(status)
    db.execute(
        "insert into layer_status (doc_id, layer, status, updated_at, updated_by) values (?,?,?,?,?) "
        "on conflict(doc_id, layer) do update set status=excluded.status, "
        "updated_at=excluded.updated_at, updated_by=excluded.updated_by",
        [doc_id, layer, status, stamp, actor],
    )


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise InputError(f"unknown status {quoted(status)}")


def add_span(db: sqlite_utils.Database, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
    return apply(db, doc_id, layer, Change(added=[span]), actor=actor, action="add")


def remove_span(db: sqlite_utils.Database, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
    return apply(db, doc_id, layer, Change(removed=[span]), actor=actor, action="remove")


def replace_span(db: sqlite_utils.Database, doc_id: str, layer: str, old: Span, new: Span, *, actor: str,
                 action: str = "relabel") -> int | None:
    """Swap one span for another (relabel, or new boundaries) in one step."""
    return apply(db, doc_id, layer, Change(removed=[old], added=[new]), actor=actor, action=action)


def accept_suggestions(db: sqlite_utils.Database, doc_id: str, layer: str, spans: Sequence[Span], *, actor: str,
                       action: str = "accept") -> int | None:
    """Copy suggestions into the annotator's layer and record them as accepted."""
    return apply(
        db, doc_id, layer,
        Change(added=list(spans), decisions={s: "accepted" for s in spans}),
        actor=actor, action=action,
    )


def accept_all(db: sqlite_utils.Database, doc_id: str, layer: str, *, actor: str) -> int | None:
    """Accept every pending suggestion of the document (one undoable step)."""
    # One transaction from reading what is pending to writing it: another process working on
    # the same layer cannot accept the same suggestions in between (that was an overlap error).
    with write_transaction(db):
        pending = [s.span for s in layers.pending_suggestions(db, doc_id, layer)]
        chosen: list[Span] = []
        for span in pending:  # pending suggestions could overlap each other: keep the first
            if not any(span.overlaps(c) for c in chosen):
                chosen.append(span)
        return accept_suggestions(db, doc_id, layer, chosen, actor=actor, action="accept_all")


def apply_group(db: sqlite_utils.Database, layer: str, changes: Sequence[tuple[str, Change]], *, actor: str,
                action: str, note: Mapping | None = None) -> int | None:
    """Apply one user action that changes many documents of a layer (label every search hit)
    in one transaction; returns the group's id (None if nothing changed).

    Each document gets its own event (the log still replays per document and layer), and
    every event carries ``group``: the id of the group's first event. Undoing or redoing any
    of them undoes or redoes the whole group, in every document where it is still the latest
    change (``undo``). ``note`` is added to each event's payload.
    """
    note = dict(note or {})
    LayerChange(note=note)  # reserved keys refused before anything is written
    group: int | None = None
    with write_transaction(db):
        for doc_id, change in changes:
            if change.is_empty():
                continue
            change = starting(db, doc_id, layer, change, action)
            applied = replace(apply_unlogged(db, doc_id, layer, change, actor=actor), note=note)
            if group is None:
                group = events.log(db, actor, doc_id, layer, action, applied)
                db.execute("update events set payload=? where id=?", [events.encode(replace(applied, group=group)), group])
            else:
                events.log(db, actor, doc_id, layer, action, replace(applied, group=group))
    return group


def reject_suggestion(db: sqlite_utils.Database, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
    return apply(db, doc_id, layer, Change(decisions={span: "rejected"}), actor=actor, action="reject")


def set_status(db: sqlite_utils.Database, doc_id: str, layer: str, status: str, *, actor: str) -> int | None:
    return apply(db, doc_id, layer, Change(status=Status(status).value), actor=actor, action="status")


def replace_layer(db: sqlite_utils.Database, doc_id: str, layer: str, spans: Sequence[Span], status: str | None, *,
                  actor: str, action: str = "import", provenance: dict[Span, tuple] | None = None) -> int | None:
    """Make the layer's spans on the document exactly ``spans`` (import, suggest, merge);
    ``provenance`` gives spans their (confidence, provenance), not recorded in the event."""
    with write_transaction(db):
        current = set(layers.spans(db, doc_id, layer))
        wanted = set(spans)
        change = Change(removed=sort_spans(current - wanted), added=sort_spans(wanted - current), status=status)
        event = apply(db, doc_id, layer, change, actor=actor, action=action, provenance=provenance)
        kept = {s: p for s, p in provenance.items() if s in current} if provenance and current else None
        if kept:  # the added spans got theirs with them
            layers.set_provenance(db, doc_id, layer, kept)
        return event



#: A span as ``write_new_layers`` takes it: (start, end, label, confidence, provenance).
SpanRow = tuple[int, int, str, float | None, str | None]


def write_new_layers(db: sqlite_utils.Database, layer: str, items: Sequence[tuple[str, Sequence[SpanRow]]],
                     status: str | None, *, actor: str, action: str) -> list[Exception | None]:
    """``replace_layer`` on many documents where ``layer`` is still empty (no span and no status:
    checked), for a layer that is not an annotator's and an action that is an undo barrier (the
    suggester's machine layer): the same rows, events and undo stacks as ``replace_layer`` called
    for each document in turn (with each span's confidence and provenance as its ``provenance``;
    a span given twice is written once, with the last of its columns), written with four
    statements for all of them instead of about a dozen for each. ``items``: (doc id, its
    spans as ``SpanRow`` tuples, which are neither made into ``Span`` objects nor hashed as
    such: a document has dozens). A document whose spans are refused (an unknown document, a
    span out of range or overlapping another) gets its error in the list returned, in the
    order of ``items``, and nothing is written for it; the others get None. Call it inside a
    transaction: a statement that fails leaves it to be rolled back."""
    if is_human_layer(layer) or action not in stacks.BARRIERS:
        raise ValueError(f"write_new_layers writes a barrier action on a layer that is not an annotator's, "
                         f"not {quoted(action)} on {quoted(layer)}")
    if status is not None:
        _check_status(status)
    ids = [doc_id for doc_id, _ in items]
    if len(set(ids)) < len(ids):  # its second write would be to a layer no longer empty
        raise ValueError(f"document {quoted(next(i for n, i in enumerate(ids) if i in ids[:n]))} is given twice")
    taken = layers.layer_among(db, layer, ids)
    if taken:
        raise ValueError(f"layer {quoted(layer)} of document {quoted(next(i for i in ids if i in taken))} is not empty")
    lengths = dict(in_chunks(db, "select id, n_chars from documents where id in ({ids})", ids))
    before = Status.TODO.value  # an empty layer's status
    changed = None if status is None or status == before else (before, status)
    outcome: list[Exception | None] = []
    span_rows, status_rows, logged = [], [], []
    for doc_id, rows in items:
        given = {row[:3]: row for row in rows}  # the last of a span given twice
        added = sorted(given)  # reading order, as ``sort_spans``
        try:
            if doc_id not in lengths:
                raise UnknownDocument(doc_id)
            check_span_triples(added, lengths[doc_id])  # what ``check_spans`` refuses, as it says it
        except (SpanError, UnknownDocument) as exc:
            outcome.append(exc)
            continue
        outcome.append(None)
        if not added and status is None:
            continue  # nothing to change: no event, as ``replace_layer`` logs none
        stamp = now()
        span_rows.extend([(doc_id, layer, *given[key], actor, stamp) for key in added])
        if changed is not None:
            status_rows.append((doc_id, layer, status, stamp, actor))
        logged.append((doc_id, layer, action, events.new_spans_json(added, changed)))
    db.conn.executemany(
        "insert into spans (doc_id, layer, start, end, label, confidence, provenance, created_by, created_at) "
        "values (?,?,?,?,?,?,?,?,?)", span_rows)
    db.conn.executemany(
        "insert into layer_status (doc_id, layer, status, updated_at, updated_by) values (?,?,?,?,?)", status_rows)
    events.log_many(db, actor, logged)  # a barrier: it empties both stacks
    return outcome


def take_back_new_layers(db: sqlite_utils.Database, layer: str, doc_ids: Sequence[str]) -> None:
    """Undo ``write_new_layers`` for documents whose ``layer`` it wrote in the transaction still
    open and that had nothing in that layer before (documents that transaction added): their
    spans, status and events of ``layer`` are deleted; their undo stacks were empty before the
    write and after it. An import that wrote its new documents' suggestions as it went calls it
    when one of them must be suggested again after all (its gold forms changed, or a later
    record gives it a layer)."""
    for i in range(0, len(doc_ids), CHUNK):
        part = list(doc_ids[i : i + CHUNK])
        marks = ",".join("?" * len(part))
        for table in ("spans", "layer_status", "events"):
            db.conn.execute(f"delete from {table} where layer=? and doc_id in ({marks})", [layer, *part])
