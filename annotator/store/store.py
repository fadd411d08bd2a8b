"""The store's API: every read and write the CLI, the TUI, curation and the formats make goes
through ``Store``, a thin façade over one module per concern:

- ``documents``: documents, their metadata and tokens; importing and replacing them;
- ``layers``: spans, statuses and decisions on suggestions, one document at a time or in bulk;
- ``changes``: every change to a layer, one transaction and one event each;
- ``history``: undo and redo, and reading the event log;
- ``events``: the event log's typed payloads, their one encoder and decoder, the one writer;
- ``stacks``: each (document, layer)'s undo and redo stacks, kept as the log is written;
- ``positions``: where each annotator was; ``overview``: progress and the document list;
- ``search``: corpus search; ``team`` (mixed in): members, assignments, layers, flags;
- ``database``, ``schema``, ``sql``: opening, migrations, small query helpers.

Every change to a layer is one write transaction that also appends an event to ``events``
(who, when, what was removed and added, decisions and status before and after: a typed
``LayerChange``). Undo and redo are events too; each (document, layer)'s undo and redo stacks
are kept in step with the log as it is written, so a document's history survives switching
documents and restarting, and an undo reads the top of a stack instead of replaying the log.
When a method returns, its change is committed to disk.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from annotator.model import Span
from annotator.store import changes as _changes
from annotator.store import documents, events, history, overview, positions, search
from annotator.store import layers as _layers
from annotator.store.changes import UNDOABLE_BARRIERS, Change
from annotator.store.database import (
    StoreError,
    backup_committed,
    backup_database,
    open_database,
    schema_version,
    write_transaction,
)
from annotator.store.documents import DocumentRow, checksum
from annotator.store.events import Event, LayerChange
from annotator.store.layers import Suggestion
from annotator.store.sql import has_table, now
from annotator.store.team import TeamMixin
from annotator.text.tokenize import Token

__all__ = ["UNDOABLE_BARRIERS", "Change", "DocumentRow", "Store", "Suggestion", "checksum", "default_annotator", "now"]


def default_annotator() -> str:
    """The OS user name, the default annotator name."""
    try:
        return getpass.getuser() or "annotator"
    except Exception:
        return os.environ.get("USER") or "annotator"


class Store(TeamMixin):
    """An open annotator database."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None, *, read_only: bool = False):
        self.db = db
        self.path = path
        self.read_only = read_only
        self._search_index: bool | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True, read_only: bool = False,
             fast_sync: bool = False, private: bool = False) -> Store:
        """Open the database at ``path``: to write (creating and migrating it as needed), or
        ``read_only`` as it is (never created, migrated or switched to WAL; an older schema is
        read as it is, see ``has_table``). ``fast_sync`` and ``private`` (a ``NewDatabase``'s
        file): see ``open_database``."""
        return cls(open_database(path, create=create, read_only=read_only, fast_sync=fast_sync, private=private),
                   Path(path), read_only=read_only)

    def has_table(self, name: str) -> bool:
        """Whether the database has this table. A read-only command may open a database with
        an older schema: code reading a table added by a later migration checks this first and
        treats a missing table as empty."""
        return has_table(self.db, name)

    def schema_version(self) -> int:
        """How many of annotator's migrations this database has."""
        return schema_version(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self):
        """A write transaction (``BEGIN IMMEDIATE``); nested calls become savepoints."""
        return write_transaction(self.db)

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """A consistent copy of the database, taken while it may be in use."""
        return backup_database(self.db, target)

    def backup_before(self, what: str) -> Path:
        """A copy of the database as last committed, beside it (``<db>.before-<what>-<time>.bak``),
        taken before a change that drops annotations; works inside an open write transaction."""
        if self.path is None:
            raise StoreError("this database has no file to back up")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        return backup_committed(self.path, self.path.with_name(f"{self.path.name}.before-{what}-{stamp}.bak"))

    # for the team mixin: plain queries, the log, what a dropped layer loses
    def _q(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        return self.db.execute(sql, params).fetchall()

    def _log(self, actor: str, doc_id: str | None, layer: str | None, action: str,
             payload: LayerChange | Mapping, reverts: int | None = None) -> int:
        return events.log(self.db, actor, doc_id, layer, action, payload, reverts)

    def _everything_of(self, doc_id: str, layer: str) -> LayerChange:
        return _layers.everything_of(self.db, doc_id, layer)

    # -- documents (annotator.store.documents) ---------------------------------------------
    def document_count(self) -> int:
        return documents.count(self.db)

    def document_ids(self) -> list[str]:
        """Every document id in import order."""
        return documents.ids(self.db)

    def has_document(self, doc_id: str) -> bool:
        return documents.exists(self.db, doc_id)

    def document_checksum(self, doc_id: str) -> str | None:
        """The stored text's checksum, or None if there is no such document."""
        return documents.checksum_of(self.db, doc_id)

    def document_checksums(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """doc id -> the stored text's checksum, for those of the documents that exist."""
        return documents.checksums_of(self.db, doc_ids)

    def document(self, doc_id: str) -> DocumentRow:
        return documents.get(self.db, doc_id)

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[DocumentRow]:
        """Documents in import order (all, or those in ``ids``), streamed."""
        return documents.stream(self.db, ids)

    def document_layers(self, doc_id: str) -> dict[str, dict]:
        """Every layer with something on the document: ``{layer: {"spans": n, "status": s,
        "decisions": n}}`` (what replacing the document's text would drop), sorted by layer."""
        return documents.layers_on(self.db, doc_id)

    def document_sizes(self) -> list[tuple[str, int]]:
        """(id, length in characters) of every document, in import order."""
        return documents.sizes(self.db)

    def documents_containing(self, query: str) -> set[str]:
        """Ids of the documents whose text contains ``query`` (case-insensitive for ASCII
        letters, as SQLite's LIKE; other letters must match exactly)."""
        return documents.containing(self.db, query)

    def insert_document(self, doc: DocumentRow, *, actor: str, replace: bool = False, savepoint: bool = True) -> str:
        """Store a new document; returns ``"added"``, ``"unchanged"`` or ``"replaced"``.

        The same id with the same text is a no-op; with another text it is an error unless
        ``replace`` (then every layer's spans, statuses and decisions on it, and the flags on
        it, are dropped, since their offsets refer to the old text; each layer's loss is logged,
        and the document's event lists the spans dropped per layer and the flags). Whether that
        may happen (``document_layers``) is the caller's decision.

        ``savepoint=False``: inside a transaction that its caller rolls back whole on any error
        (an import), the document's writes get no savepoint of their own. A savepoint makes the
        search index write out its pending terms, so one per document cost a third of storing it.
        """
        return documents.insert(self.db, doc, actor=actor, replace=replace, savepoint=savepoint,
                                search_index=self.has_search_index())

    def update_meta(self, doc_id: str, meta: dict, *, actor: str, replace: bool = False) -> str:
        """For a document imported again with the same text, merge the metadata given into what is
        stored, never losing a value silently: ``"unchanged"`` if every key given has the stored
        value (compared exactly: ``1`` is not ``1.0``); new keys are added; a key whose value
        differs is an error naming it unless ``replace``. Keys not given are kept. A change is
        logged with the metadata before and after; returns ``"meta_updated"``."""
        return documents.update_meta(self.db, doc_id, meta, actor=actor, replace=replace)

    def token_offsets(self, doc_id: str) -> list[tuple[int, int]]:
        """The document's own tokenization, as stored at import: (start, end) pairs."""
        return documents.token_offsets(self.db, doc_id)

    def tokens(self, doc_id: str) -> list[Token]:
        """The document's tokens with their text."""
        return documents.tokens(self.db, doc_id)

    def bulk_token_offsets(self, ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """doc id -> stored token offsets, for many documents at once."""
        return documents.bulk_token_offsets(self.db, ids)

    def layer_documents(self, layer: str, ids: Sequence[str], chunk: int = 200
                        ) -> Iterator[tuple[DocumentRow, str, list[Span], list[tuple[int, int]]]]:
        """(document, status, spans, token offsets) of a layer for many documents, in the order
        of ``ids``, fetched in chunks (a few queries per chunk instead of several per document)."""
        return documents.layer_documents(self.db, layer, ids, chunk)

    # -- corpus search (annotator.store.search) --------------------------------------------
    def has_search_index(self) -> bool:
        """Whether the database has the corpus search index (an older one opened without
        migrating may not; search then reads every document)."""
        if self._search_index is None:
            self._search_index = search.has_index(self.db.conn)
        return self._search_index

    def search(self, query: str, *, regex: bool = False, fold: bool = False, layer: str | None = None,
               limit: int | None = None, context: int = search.CONTEXT, method: str = "auto") -> search.SearchResult:
        """Every match of ``query`` in every document, in import order, with the spans of
        ``layer`` that overlap each hit (see ``annotator.store.search``). ``fold`` ignores case
        and diacritics; ``regex`` takes ``query`` as a Python regular expression."""
        return search.search(self.db.conn, query, regex=regex, fold_text=fold, layer=layer, limit=limit,
                             context=context, method=method)

    # -- layers, statuses, spans, decisions (annotator.store.layers) -----------------------
    def layers(self) -> list[str]:
        """Every layer that has a span or a status, sorted."""
        return _layers.names(self.db)

    def has_machine_layer(self, doc_id: str) -> bool:
        """Whether the document has been suggested: a machine status or a machine span (a
        document where the suggester found nothing has the status ``done`` and no span)."""
        return _layers.has_machine_layer(self.db, doc_id)

    def machine_layer_among(self, doc_ids: Sequence[str]) -> set[str]:
        """Those of the documents that have been suggested (see ``has_machine_layer``)."""
        return _layers.machine_layer_among(self.db, doc_ids)

    def unsuggested_documents(self) -> list[str]:
        """Documents with no machine layer yet, in import order: new ones, and any whose
        suggestions an error, a kill or ``--no-suggest`` left out (``import`` and ``suggest``
        fill these in)."""
        return _layers.unsuggested_documents(self.db)

    def status(self, doc_id: str, layer: str) -> str:
        return _layers.status(self.db, doc_id, layer)

    def statuses(self, layer: str) -> dict[str, str]:
        """doc id -> status for every document where ``layer`` has a recorded status."""
        return _layers.statuses(self.db, layer)

    def touched_documents(self, layer: str, status: str | None = None) -> list[str]:
        """Documents the layer has touched (a span, or a status other than todo), import order."""
        return _layers.touched_documents(self.db, layer, status)

    def bulk_statuses(self, layers: Sequence[str]) -> dict[str, dict[str, str]]:
        """doc id -> {layer: status} for the given layers (recorded statuses only)."""
        return _layers.bulk_statuses(self.db, layers)

    def spans(self, doc_id: str, layer: str) -> list[Span]:
        """The layer's spans on the document, in reading order."""
        return _layers.spans(self.db, doc_id, layer)

    def bulk_spans(self, layers: Sequence[str]) -> dict[str, dict[str, list[tuple[int, int, str]]]]:
        """doc id -> {layer: [(start, end, label), ...]} for the given layers, in reading order."""
        return _layers.bulk_spans(self.db, layers)

    def span_counts(self, layer: str) -> dict[str, dict[str, int]]:
        """doc id -> {label: count} for the layer."""
        return _layers.span_counts(self.db, layer)

    def suggestions(self, doc_id: str) -> list[Suggestion]:
        """Every machine suggestion on the document with confidence and provenance."""
        return _layers.suggestions(self.db, doc_id)

    def pending_suggestions(self, doc_id: str, layer: str) -> list[Suggestion]:
        """Suggestions the annotator has not decided and that no span of theirs overlaps."""
        return _layers.pending_suggestions(self.db, doc_id, layer)

    def decisions(self, doc_id: str, layer: str) -> dict[Span, str]:
        """The annotator's decisions on suggestions: span -> ``accepted``/``rejected``."""
        return _layers.decisions(self.db, doc_id, layer)

    def all_decisions(self) -> list[tuple[str, str, Span, str]]:
        """Every recorded decision on a suggestion: (doc id, annotator layer, span, decision)."""
        return _layers.all_decisions(self.db)

    def bulk_decisions(self, layer: str) -> dict[str, dict[Span, str]]:
        """doc id -> {span: ``accepted``/``rejected``} for every decision recorded on the layer."""
        return _layers.bulk_decisions(self.db, layer)

    def span_provenance(self, doc_id: str, layer: str) -> dict[Span, str | None]:
        """The layer's spans on the document with their provenance (None where none is recorded)."""
        return _layers.span_provenance(self.db, doc_id, layer)

    def bulk_provenance(self, layer: str) -> dict[str, dict[Span, str]]:
        """doc id -> {span: provenance} for the layer's spans that have a provenance."""
        return _layers.bulk_provenance(self.db, layer)

    def set_provenance(self, doc_id: str, layer: str, provenance: Mapping[Span, tuple[float | None, str | None]]
                       ) -> None:
        """Give spans of the layer their (confidence, provenance) columns, as stored (no event)."""
        _layers.set_provenance(self.db, doc_id, layer, provenance)

    # -- changes (annotator.store.changes) -------------------------------------------------
    def apply(self, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
              note: Mapping | None = None, provenance: Mapping[Span, tuple] | None = None) -> int | None:
        """Apply one user action atomically and log it; returns the event id (None if no-op).
        The whole contract (status, notes, provenance) is ``annotator.store.changes.apply``'s."""
        return _changes.apply(self.db, doc_id, layer, change, actor=actor, action=action, note=note,
                             provenance=provenance)

    def write_change(self, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
                     note: Mapping | None = None) -> int | None:
        """Apply ``change`` exactly as given (no status of its own) and log it as one event;
        None if it is empty. Curation writes through here (``annotator.curation.loading``)."""
        return _changes.write_change(self.db, doc_id, layer, change, actor=actor, action=action, note=note)

    def apply_group(self, layer: str, changes: Sequence[tuple[str, Change]], *, actor: str, action: str,
                    note: Mapping | None = None) -> int | None:
        """Apply one user action that changes many documents of a layer (label every search hit)
        in one transaction; returns the group's id (None if nothing changed). How the group is
        logged and undone is ``annotator.store.changes.apply_group``'s contract."""
        return _changes.apply_group(self.db, layer, changes, actor=actor, action=action, note=note)

    def add_span(self, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
        return _changes.add_span(self.db, doc_id, layer, span, actor=actor)

    def remove_span(self, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
        return _changes.remove_span(self.db, doc_id, layer, span, actor=actor)

    def replace_span(self, doc_id: str, layer: str, old: Span, new: Span, *, actor: str,
                     action: str = "relabel") -> int | None:
        """Swap one span for another (relabel, or new boundaries) in one step."""
        return _changes.replace_span(self.db, doc_id, layer, old, new, actor=actor, action=action)

    def accept_suggestions(self, doc_id: str, layer: str, spans: Sequence[Span], *, actor: str,
                           action: str = "accept") -> int | None:
        """Copy suggestions into the annotator's layer and record them as accepted."""
        return _changes.accept_suggestions(self.db, doc_id, layer, spans, actor=actor, action=action)

    def accept_all(self, doc_id: str, layer: str, *, actor: str) -> int | None:
        """Accept every pending suggestion of the document (one undoable step)."""
        return _changes.accept_all(self.db, doc_id, layer, actor=actor)

    def reject_suggestion(self, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
        return _changes.reject_suggestion(self.db, doc_id, layer, span, actor=actor)

    def set_status(self, doc_id: str, layer: str, status: str, *, actor: str) -> int | None:
        return _changes.set_status(self.db, doc_id, layer, status, actor=actor)

    def replace_layer(self, doc_id: str, layer: str, spans: Sequence[Span], status: str | None, *,
                      actor: str, action: str = "import", provenance: dict[Span, tuple] | None = None) -> int | None:
        """Make the layer's spans on the document exactly ``spans`` (import, suggest, merge);
        ``provenance`` gives spans their (confidence, provenance), not recorded in the event."""
        return _changes.replace_layer(self.db, doc_id, layer, spans, status, actor=actor, action=action,
                                     provenance=provenance)

    def write_new_layers(self, layer: str, items: Sequence[tuple[str, Sequence[_changes.SpanRow]]],
                         status: str | None, *, actor: str, action: str) -> list[Exception | None]:
        """``replace_layer`` for many documents whose ``layer`` is empty, in a few statements (the
        machine layers of an import's new documents); the contract is
        ``annotator.store.changes.write_new_layers``'s."""
        return _changes.write_new_layers(self.db, layer, items, status, actor=actor, action=action)

    def take_back_new_layers(self, layer: str, doc_ids: Sequence[str]) -> None:
        """Undo ``write_new_layers`` for documents added in the open transaction; the contract is
        ``annotator.store.changes.take_back_new_layers``'s."""
        _changes.take_back_new_layers(self.db, layer, doc_ids)

    # -- undo, redo and the log (annotator.store.history) ----------------------------------
    def can_undo(self, doc_id: str, layer: str) -> bool:
        return history.can_undo(self.db, doc_id, layer)

    def step_target(self, doc_id: str, layer: str, *, backwards: bool) -> tuple[str, str] | None:
        """(actor, action) of the change an undo (``backwards``) or a redo would revert now."""
        return history.step_target(self.db, doc_id, layer, backwards=backwards)

    def undo(self, doc_id: str, layer: str, *, actor: str) -> str | None:
        """Revert the layer's latest change on the document; returns the undone action or None."""
        return history.undo(self.db, doc_id, layer, actor=actor)

    def redo(self, doc_id: str, layer: str, *, actor: str) -> str | None:
        """Re-apply the latest undone change; returns the redone action or None."""
        return history.redo(self.db, doc_id, layer, actor=actor)

    def last_event(self, doc_id: str, layer: str) -> tuple[int, str, str] | None:
        """(id, actor, action) of the latest event on one document's layer, or None: a window
        compares it with what it saw to notice another writer."""
        return history.last_event(self.db, doc_id, layer)

    def latest_change(self, doc_id: str, layer: str) -> LayerChange | None:
        """What the latest event on one document's layer did to it (an undo: what undoing did)."""
        return history.latest_change(self.db, doc_id, layer)

    def event_log(self, doc_id: str | None = None, layer: str | None = None, limit: int | None = None
                  ) -> list[Event]:
        """Events, oldest first (optionally for one document and layer), with typed payloads."""
        return history.event_log(self.db, doc_id, layer, limit)

    def history(self, doc_id: str | None = None, layer: str | None = None, limit: int | None = None) -> list[dict]:
        """Events, oldest first (optionally for one document and layer), as JSON objects."""
        return history.history(self.db, doc_id, layer, limit)

    # -- positions (annotator.store.positions) ---------------------------------------------
    def save_position(self, annotator: str, doc_id: str, offset: int) -> None:
        """Remember where the annotator is, so reopening returns there, and where they were in
        this document, so coming back to it returns there."""
        positions.save(self.db, annotator, doc_id, offset)

    def document_position(self, annotator: str, doc_id: str) -> int | None:
        """Where ``annotator`` last was in ``doc_id`` (None if never there, or in a database
        older than the table, opened read-only)."""
        return positions.in_document(self.db, annotator, doc_id)

    def position(self, annotator: str) -> tuple[str, int] | None:
        """The document the annotator was in last and where, if it still exists."""
        return positions.last(self.db, annotator)

    # -- overviews (annotator.store.overview) ----------------------------------------------
    def overview(self) -> dict:
        """Documents, languages, and each layer's progress and spans per label."""
        return overview.overview(self.db)

    def document_list(self, layer: str) -> list[dict]:
        """One row per document for the document list: id, language, status, span counts."""
        return overview.document_list(self.db, layer)
