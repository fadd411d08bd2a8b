"""The store's API: every read and write the CLI and the TUI make goes through ``Store``.

Every change to a layer is one write transaction that also appends an event to ``events``
(who, when, what was removed and added, decisions and status before and after: a typed
``LayerChange``, see ``annotator.store.events``). Undo and redo are events too; each (document,
layer)'s undo and redo stacks are kept in step with the log as it is written
(``annotator.store.stacks``), so a document's history survives switching documents and
restarting, and an undo reads the top of a stack instead of replaying the log. When a method
returns, its change is committed to disk.
"""

from __future__ import annotations

import bisect
import contextlib
import getpass
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import orjson
import sqlite_utils

from annotator.model import (
    MACHINE,
    Span,
    SpanError,
    Status,
    check_spans,
    exactjson,
    is_human_layer,
    quoted,
    sort_spans,
)
from annotator.model.errors import InputError, UnknownDocument
from annotator.store import events, search, stacks
from annotator.store.database import (
    StoreError,
    backup_committed,
    backup_database,
    open_database,
    schema_version,
    write_transaction,
)
from annotator.store.events import DecisionChange, Event, LayerChange, ProvenanceRecord
from annotator.store.sql import now, rows, where_clause
from annotator.store.team import TeamMixin
from annotator.text.tokenize import Token, pack_offsets, token_spans, tokens_from_offsets, unpack_offsets

UNDOABLE_BARRIERS = stacks.BARRIERS


def default_annotator() -> str:
    """The OS user name, the default annotator name."""
    try:
        return getpass.getuser() or "annotator"
    except Exception:
        return os.environ.get("USER") or "annotator"


def checksum(text: str) -> str:
    """sha256 of the stored text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document as stored."""

    id: str
    text: str
    lang: str
    paragraph_langs: list[dict]
    meta: dict
    checksum: str
    position: int
    n_tokens: int = 0
    tokens: bytes | None = None  # packed token offsets; only set when inserting


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A machine-suggested span with its confidence and the rule or entry that produced it."""

    span: Span
    confidence: float | None
    provenance: str | None


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


def _spans_from(rows: Iterable[Sequence]) -> list[Span]:
    return [Span(int(r[0]), int(r[1]), str(r[2])) for r in rows]


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
             fast_sync: bool = False) -> Store:
        """Open the database at ``path``: to write (creating and migrating it as needed), or
        ``read_only`` as it is (never created, migrated or switched to WAL; an older schema is
        read as it is, see ``has_table``). ``fast_sync``: see ``open_database``."""
        return cls(open_database(path, create=create, read_only=read_only, fast_sync=fast_sync), Path(path),
                   read_only=read_only)

    def has_table(self, name: str) -> bool:
        """Whether the database has this table. A read-only command may open a database with
        an older schema: code reading a table added by a later migration checks this first and
        treats a missing table as empty."""
        return bool(self._q("select 1 from sqlite_master where type = 'table' and name = ?", [name]))

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

    def _q(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        return self.db.execute(sql, params).fetchall()

    def _rows(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        """The rows of a query, each read by column name."""
        return rows(self.db, sql, params)

    # -- documents -------------------------------------------------------------------------
    def document_count(self) -> int:
        return self._q("select count(*) from documents")[0][0]

    def document_ids(self) -> list[str]:
        """Every document id in import order."""
        return [r[0] for r in self._q("select id from documents order by position")]

    def has_document(self, doc_id: str) -> bool:
        return bool(self._q("select 1 from documents where id = ?", [doc_id]))

    def document_checksum(self, doc_id: str) -> str | None:
        """The stored text's checksum, or None if there is no such document."""
        rows = self._q("select checksum from documents where id = ?", [doc_id])
        return rows[0][0] if rows else None

    def document(self, doc_id: str) -> DocumentRow:
        rows = self._q(
            "select id, text, lang, paragraph_langs, meta, checksum, position, n_tokens "
            "from documents where id = ?",
            [doc_id],
        )
        if not rows:
            raise UnknownDocument(doc_id)
        return _document(rows[0])

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[DocumentRow]:
        """Documents in import order (all, or those in ``ids``), streamed."""
        sql = (
            "select id, text, lang, paragraph_langs, meta, checksum, position, n_tokens "
            "from documents order by position"
        )
        if ids is None:
            for row in self.db.execute(sql):
                yield _document(row)
        else:
            for doc_id in ids:
                yield self.document(doc_id)

    def document_layers(self, doc_id: str) -> dict[str, dict]:
        """Every layer with something on the document: ``{layer: {"spans": n, "status": s,
        "decisions": n}}`` (what replacing the document's text would drop), sorted by layer."""
        result: dict[str, dict] = {}
        for layer, n in self._q("select layer, count(*) from spans where doc_id=? group by layer", [doc_id]):
            result.setdefault(layer, {"spans": 0, "status": Status.TODO.value, "decisions": 0})["spans"] = n
        for layer, status in self._q("select layer, status from layer_status where doc_id=?", [doc_id]):
            result.setdefault(layer, {"spans": 0, "status": Status.TODO.value, "decisions": 0})["status"] = status
        for layer, n in self._q("select layer, count(*) from decisions where doc_id=? group by layer", [doc_id]):
            result.setdefault(layer, {"spans": 0, "status": Status.TODO.value, "decisions": 0})["decisions"] = n
        return dict(sorted(result.items()))

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
        existing = self.document_checksum(doc.id)
        if existing == doc.checksum:
            return "unchanged"
        if existing and not replace:
            raise InputError(
                f"document {quoted(doc.id)} already exists with a different text (use --replace)"
            )
        own = savepoint or not self.db.conn.in_transaction
        with self.transaction() if own else contextlib.nullcontext():
            payload: dict = {}
            if existing:
                payload["dropped"] = {layer: info["spans"] for layer, info in self.document_layers(doc.id).items()}
                self._log_dropped_layers(doc.id, actor)
                for table in ("spans", "layer_status", "decisions"):
                    self.db.execute(f"delete from {table} where doc_id = ?", [doc.id])
                if self._has_table("flags"):
                    flags = [flag.to_json() | {"layer": flag.layer} for flag in self.flags(doc.id)]
                    if flags:
                        payload["flags"] = flags
                        self.db.execute("delete from flags where doc_id = ?", [doc.id])
                self.db.execute(
                    "update documents set text=?, lang=?, paragraph_langs=?, meta=?, checksum=?, "
                    "n_chars=?, n_tokens=?, tokens=?, imported_at=? where id=?",
                    [doc.text, doc.lang, _json(doc.paragraph_langs), _json(doc.meta), doc.checksum,
                     len(doc.text), doc.n_tokens, self._token_blob(doc), now(), doc.id],
                )
                if self.has_search_index():
                    position = self._q("select position from documents where id = ?", [doc.id])[0][0]
                    search.index_write(self.db.conn, position, doc.text, replace=True)
                outcome = "replaced"
            else:
                position = self._q("select coalesce(max(position), -1) + 1 from documents")[0][0]
                self.db.execute(
                    "insert into documents (id, text, lang, paragraph_langs, meta, checksum, "
                    "n_chars, n_tokens, tokens, position, imported_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                    [doc.id, doc.text, doc.lang, _json(doc.paragraph_langs), _json(doc.meta),
                     doc.checksum, len(doc.text), doc.n_tokens, self._token_blob(doc), position, now()],
                )
                if self.has_search_index():
                    search.index_write(self.db.conn, position, doc.text, replace=False)
                outcome = "added"
            self._log(actor, doc.id, None, "import", {"document": outcome, "checksum": doc.checksum, **payload})
        return outcome

    # -- corpus search ---------------------------------------------------------------------
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

    def update_meta(self, doc_id: str, meta: dict, *, actor: str, replace: bool = False) -> str:
        """For a document imported again with the same text, merge the metadata given into what is
        stored, never losing a value silently: ``"unchanged"`` if every key given has the stored
        value (compared exactly: ``1`` is not ``1.0``); new keys are added; a key whose value
        differs is an error naming it unless ``replace``. Keys not given are kept. A change is
        logged with the metadata before and after; returns ``"meta_updated"``."""
        rows = self._q("select meta from documents where id = ?", [doc_id])
        if not rows:
            raise UnknownDocument(doc_id)
        before = exactjson.loads(rows[0][0])
        changed = [key for key in meta if key in before and _json(before[key]) != _json(meta[key])]
        added = [key for key in meta if key not in before]
        if not changed and not added:
            return "unchanged"
        if changed and not replace:
            key = changed[0]
            raise InputError(
                f"document {quoted(doc_id)} already has meta {_short_json(key)}: {_short_json(before[key])}, "
                f"this input gives {_short_json(meta[key])} (use --replace)"
            )
        after = {**before, **meta}
        with self.transaction():
            self.db.execute("update documents set meta=? where id=?", [_json(after), doc_id])
            self._log(actor, doc_id, None, "import", {"document": "meta_updated", "meta": [before, after]})
        return "meta_updated"

    def _log_dropped_layers(self, doc_id: str, actor: str) -> None:
        """Before a document's text is replaced, log what each layer loses (its spans, decisions
        and status) as an ``import`` event: the log still replays to the tables, and undo cannot
        reach back to changes whose offsets refer to the old text."""
        layers = self._q(
            "select layer from spans where doc_id=:d union select layer from layer_status where doc_id=:d "
            "union select layer from decisions where doc_id=:d order by 1",
            {"d": doc_id},
        )
        for (layer,) in layers:
            self._log(actor, doc_id, layer, "import", self._everything_of(doc_id, layer))

    def _everything_of(self, doc_id: str, layer: str) -> LayerChange:
        """What the layer loses on the document when all of it is dropped (a replaced text, a
        deleted layer): its spans, decisions and status."""
        status = self.status(doc_id, layer)
        return LayerChange(
            removed=tuple(self.spans(doc_id, layer)),
            decisions=tuple(DecisionChange(s, d, None) for s, d in sorted(self.decisions(doc_id, layer).items())),
            status=(status, Status.TODO.value) if status != Status.TODO.value else None,
        )

    @staticmethod
    def _token_blob(doc: DocumentRow) -> bytes:
        return doc.tokens if doc.tokens is not None else pack_offsets(token_spans(doc.text))

    def token_offsets(self, doc_id: str) -> list[tuple[int, int]]:
        """The document's own tokenization, as stored at import: (start, end) pairs."""
        rows = self._q("select tokens, text from documents where id = ?", [doc_id])
        if not rows:
            raise UnknownDocument(doc_id)
        blob, text = rows[0]
        return unpack_offsets(blob) if blob is not None else token_spans(text)

    def tokens(self, doc_id: str) -> list[Token]:
        """The document's tokens with their text."""
        text = self._q("select text from documents where id = ?", [doc_id])[0][0]
        return tokens_from_offsets(text, self.token_offsets(doc_id))

    # -- layers and statuses ---------------------------------------------------------------
    def has_machine_layer(self, doc_id: str) -> bool:
        """Whether the document has been suggested: a machine status or a machine span (a
        document where the suggester found nothing has the status ``done`` and no span)."""
        return bool(self._q(
            "select 1 from layer_status where doc_id=:d and layer=:m union all "
            "select 1 from spans where doc_id=:d and layer=:m limit 1",
            {"d": doc_id, "m": MACHINE},
        ))

    def unsuggested_documents(self) -> list[str]:
        """Documents with no machine layer yet, in import order: new ones, and any whose
        suggestions an error, a kill or ``--no-suggest`` left out (``import`` and ``suggest``
        fill these in)."""
        return [r[0] for r in self._q(
            "select d.id from documents d where not exists (select 1 from layer_status s where "
            "s.doc_id=d.id and s.layer=:m) and not exists (select 1 from spans p where p.doc_id=d.id "
            "and p.layer=:m) order by d.position",
            {"m": MACHINE},
        )]

    def layers(self) -> list[str]:
        """Every layer that has a span or a status, sorted."""
        rows = self._q("select layer from spans union select layer from layer_status order by 1")
        return [r[0] for r in rows]

    def status(self, doc_id: str, layer: str) -> str:
        rows = self._q("select status from layer_status where doc_id=? and layer=?", [doc_id, layer])
        return rows[0][0] if rows else Status.TODO.value

    def statuses(self, layer: str) -> dict[str, str]:
        """doc id -> status for every document where ``layer`` has a recorded status."""
        return dict(self._q("select doc_id, status from layer_status where layer=?", [layer]))

    def touched_documents(self, layer: str, status: str | None = None) -> list[str]:
        """Documents the layer has touched (a span, or a status other than todo), import order."""
        if status is not None:
            if status == Status.TODO.value:
                sql = (
                    "select d.id from documents d where coalesce((select status from layer_status s "
                    "where s.doc_id=d.id and s.layer=:layer), 'todo') = 'todo' order by d.position"
                )
            else:
                sql = (
                    "select d.id from documents d join layer_status s on s.doc_id=d.id "
                    "and s.layer=:layer where s.status=:status order by d.position"
                )
            return [r[0] for r in self._q(sql, {"layer": layer, "status": status})]
        sql = (
            "select d.id from documents d where exists (select 1 from spans p where p.doc_id=d.id "
            "and p.layer=:layer) or exists (select 1 from layer_status s where s.doc_id=d.id and "
            "s.layer=:layer and s.status != 'todo') order by d.position"
        )
        return [r[0] for r in self._q(sql, {"layer": layer})]

    def layer_documents(self, layer: str, ids: Sequence[str], chunk: int = 200
                        ) -> Iterator[tuple[DocumentRow, str, list[Span], list[tuple[int, int]]]]:
        """(document, status, spans, token offsets) of a layer for many documents, in the order
        of ``ids``, fetched in chunks (a few queries per chunk instead of several per document)."""
        for i in range(0, len(ids), chunk):
            part = list(ids[i : i + chunk])
            marks = ",".join("?" * len(part))
            docs = {
                row[0]: row
                for row in self._q(
                    "select id, text, lang, paragraph_langs, meta, checksum, position, n_tokens, tokens "
                    f"from documents where id in ({marks})",
                    part,
                )
            }
            statuses = dict(self._q(
                f"select doc_id, status from layer_status where layer=? and doc_id in ({marks})", [layer, *part]
            ))
            spans: dict[str, list[Span]] = {}
            for doc_id, start, end, label in self._q(
                f"select doc_id, start, end, label from spans where layer=? and doc_id in ({marks}) "
                "order by doc_id, start, end",
                [layer, *part],
            ):
                spans.setdefault(doc_id, []).append(Span(start, end, label))
            for doc_id in part:
                row = docs[doc_id]
                offsets = unpack_offsets(row[8]) if row[8] is not None else token_spans(row[1])
                yield (_document(row[:8]), statuses.get(doc_id, Status.TODO.value), spans.get(doc_id, []), offsets)

    def bulk_statuses(self, layers: Sequence[str]) -> dict[str, dict[str, str]]:
        """doc id -> {layer: status} for the given layers (recorded statuses only)."""
        result: dict[str, dict[str, str]] = {}
        marks = ",".join("?" * len(layers))
        for doc_id, layer, status in self._q(
            f"select doc_id, layer, status from layer_status where layer in ({marks})", list(layers)
        ):
            result.setdefault(doc_id, {})[layer] = status
        return result

    def bulk_spans(self, layers: Sequence[str]) -> dict[str, dict[str, list[tuple[int, int, str]]]]:
        """doc id -> {layer: [(start, end, label), ...]} for the given layers, in reading order."""
        result: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
        marks = ",".join("?" * len(layers))
        for doc_id, layer, start, end, label in self._q(
            f"select doc_id, layer, start, end, label from spans where layer in ({marks}) "
            "order by doc_id, layer, start, end",
            list(layers),
        ):
            result.setdefault(doc_id, {}).setdefault(layer, []).append((start, end, label))
        return result

    def document_sizes(self) -> list[tuple[str, int]]:
        """(id, length in characters) of every document, in import order."""
        return [(r[0], r[1]) for r in self._q("select id, n_chars from documents order by position")]

    def bulk_token_offsets(self, ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """doc id -> stored token offsets, for many documents at once."""
        result = {}
        wanted = list(ids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, blob, text in self._q(f"select id, tokens, case when tokens is null then text end from documents where id in ({marks})", chunk):
                result[doc_id] = unpack_offsets(blob) if blob is not None else token_spans(text)
        return result

    # -- spans -----------------------------------------------------------------------------
    def spans(self, doc_id: str, layer: str) -> list[Span]:
        """The layer's spans on the document, in reading order."""
        return _spans_from(
            self._q(
                "select start, end, label from spans where doc_id=? and layer=? order by start, end",
                [doc_id, layer],
            )
        )

    def suggestions(self, doc_id: str) -> list[Suggestion]:
        """Every machine suggestion on the document with confidence and provenance."""
        rows = self._q(
            "select start, end, label, confidence, provenance from spans "
            "where doc_id=? and layer=? order by start, end",
            [doc_id, MACHINE],
        )
        return [Suggestion(Span(r[0], r[1], r[2]), r[3], r[4]) for r in rows]

    def decisions(self, doc_id: str, layer: str) -> dict[Span, str]:
        """The annotator's decisions on suggestions: span -> ``accepted``/``rejected``."""
        rows = self._q(
            "select start, end, label, decision from decisions where doc_id=? and layer=?",
            [doc_id, layer],
        )
        return {Span(r[0], r[1], r[2]): r[3] for r in rows}

    def all_decisions(self) -> list[tuple[str, str, Span, str]]:
        """Every recorded decision on a suggestion: (doc id, annotator layer, span, decision)."""
        rows = self._q(
            "select doc_id, layer, start, end, label, decision from decisions order by doc_id, layer, start, end"
        )
        return [(r[0], r[1], Span(r[2], r[3], r[4]), r[5]) for r in rows]

    def pending_suggestions(self, doc_id: str, layer: str) -> list[Suggestion]:
        """Suggestions the annotator has not decided and that no span of theirs overlaps."""
        decided = self.decisions(doc_id, layer)
        own = self.spans(doc_id, layer)
        result = []
        for suggestion in self.suggestions(doc_id):
            span = suggestion.span
            if span in decided or any(span.overlaps(s) for s in own):
                continue
            result.append(suggestion)
        return result

    def span_counts(self, layer: str) -> dict[str, dict[str, int]]:
        """doc id -> {label: count} for the layer."""
        counts: dict[str, dict[str, int]] = {}
        for doc_id, label, n in self._q(
            "select doc_id, label, count(*) from spans where layer=? group by doc_id, label", [layer]
        ):
            counts.setdefault(doc_id, {})[label] = n
        return counts

    def span_provenance(self, doc_id: str, layer: str) -> dict[Span, str | None]:
        """The layer's spans on the document with their provenance (None where none is recorded)."""
        rows = self._q(
            "select start, end, label, provenance from spans where doc_id=? and layer=? order by start, end",
            [doc_id, layer],
        )
        return {Span(r[0], r[1], r[2]): r[3] for r in rows}

    def bulk_provenance(self, layer: str) -> dict[str, dict[Span, str]]:
        """doc id -> {span: provenance} for the layer's spans that have a provenance."""
        result: dict[str, dict[Span, str]] = {}
        for doc_id, start, end, label, provenance in self._q(
            "select doc_id, start, end, label, provenance from spans where layer=? and provenance is not null",
            [layer],
        ):
            result.setdefault(doc_id, {})[Span(start, end, label)] = provenance
        return result

    def bulk_decisions(self, layer: str) -> dict[str, dict[Span, str]]:
        """doc id -> {span: ``accepted``/``rejected``} for every decision recorded on the layer."""
        result: dict[str, dict[Span, str]] = {}
        for doc_id, start, end, label, decision in self._q(
            "select doc_id, start, end, label, decision from decisions where layer=?", [layer]
        ):
            result.setdefault(doc_id, {})[Span(start, end, label)] = decision
        return result

    # -- changes ---------------------------------------------------------------------------
    def apply(self, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
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
        with self.transaction():
            change = self._starting(doc_id, layer, change, action)
            return self.write_change(doc_id, layer, change, actor=actor, action=action, note=note, columns=provenance)

    def _starting(self, doc_id: str, layer: str, change: Change, action: str) -> Change:
        """``change``, or a copy that also sets ``in_progress`` if it is an annotator's first
        change to a ``todo`` document."""
        if (change.status is None and is_human_layer(layer) and action not in UNDOABLE_BARRIERS
                and (change.added or change.removed) and self.status(doc_id, layer) == Status.TODO.value):
            return replace(change, status=Status.IN_PROGRESS.value)
        return change

    def write_change(self, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
                     note: Mapping | None = None, group: int | None = None,
                     columns: Mapping[Span, tuple] | None = None) -> int | None:
        """Apply ``change`` exactly as given (no status of its own) and log it as one event;
        None if it is empty. The curation's writes and ``apply`` go through here. ``columns``:
        (confidence, provenance) of added spans, written with them, not recorded."""
        if change.is_empty():
            return None
        with self.transaction():
            applied = self._apply_unlogged(doc_id, layer, change, actor=actor, columns=columns)
            return self._log(actor, doc_id, layer, action, replace(applied, note=dict(note or {}), group=group))

    def _apply_unlogged(self, doc_id: str, layer: str, change: Change, *, actor: str,
                        columns: Mapping[Span, tuple] | None = None) -> LayerChange:
        text_length = self._q("select n_chars from documents where id=?", [doc_id])
        if not text_length:
            raise UnknownDocument(doc_id)
        stamp = now()
        before_provenance = (self._provenance_of(doc_id, layer, change.removed)
                             if change.provenance is not None and change.removed else {})
        removed = []
        for span in change.removed:
            cur = self.db.execute(
                "delete from spans where doc_id=? and layer=? and start=? and end=? and label=?",
                [doc_id, layer, span.start, span.end, span.label],
            )
            if cur.rowcount:
                removed.append(span)
        added = check_spans(change.added, text_length[0][0])
        if added:
            existing = self.spans(doc_id, layer)  # sorted, non-overlapping: ends increase too
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
            self.db.conn.executemany(
                "insert into spans (doc_id, layer, start, end, label, confidence, provenance, created_by, created_at) "
                "values (?,?,?,?,?,?,?,?,?)",
                [(doc_id, layer, span.start, span.end, span.label, *given.get(span, (None, None)), actor, stamp)
                 for span in added],
            )
        decisions = []
        for span, decision in change.decisions.items():
            before = self._q(
                "select decision from decisions where doc_id=? and layer=? and start=? and end=? and label=?",
                [doc_id, layer, span.start, span.end, span.label],
            )
            before_value = before[0][0] if before else None
            if before_value == decision:
                continue
            if decision is None:
                self.db.execute(
                    "delete from decisions where doc_id=? and layer=? and start=? and end=? and label=?",
                    [doc_id, layer, span.start, span.end, span.label],
                )
            else:
                self.db.execute(
                    "insert or replace into decisions (doc_id, layer, start, end, label, decision, decided_at) "
                    "values (?,?,?,?,?,?,?)",
                    [doc_id, layer, span.start, span.end, span.label, decision, stamp],
                )
            decisions.append(DecisionChange(span, before_value, decision))
        status = None
        if change.status is not None:
            before_status = self.status(doc_id, layer)
            if before_status != change.status:
                self._set_status_row(doc_id, layer, change.status, actor, stamp)
                status = (before_status, change.status)
        provenance = None
        if change.provenance is not None:
            provenance = ProvenanceRecord(
                added=tuple((s, change.provenance[s]) for s in added if change.provenance.get(s)),
                removed=tuple((s, before_provenance[s]) for s in removed if before_provenance.get(s)),
            )
        return LayerChange(removed=tuple(removed), added=tuple(added), decisions=tuple(decisions), status=status,
                           provenance=provenance)

    def _provenance_of(self, doc_id: str, layer: str, spans: Iterable[Span]) -> dict[Span, str | None]:
        wanted = set(spans)
        return {s: p for s, p in self.span_provenance(doc_id, layer).items() if s in wanted}

    def _set_status_row(self, doc_id: str, layer: str, status: str, actor: str, stamp: str) -> None:
        if status not in {s.value for s in Status}:
            raise InputError(f"unknown status {quoted(status)}")
        self.db.execute(
            "insert into layer_status (doc_id, layer, status, updated_at, updated_by) values (?,?,?,?,?) "
            "on conflict(doc_id, layer) do update set status=excluded.status, "
            "updated_at=excluded.updated_at, updated_by=excluded.updated_by",
            [doc_id, layer, status, stamp, actor],
        )

    def _log(self, actor: str, doc_id: str | None, layer: str | None, action: str,
             payload: LayerChange | Mapping, reverts: int | None = None) -> int:
        """Append one event (the one place that writes ``events``) and keep the pair's undo and
        redo stacks in step with it."""
        cur = self.db.execute(
            "insert into events (at, actor, doc_id, layer, action, payload, reverts) values (?,?,?,?,?,?,?)",
            [now(), actor, doc_id, layer, action, events.encode(payload), reverts],
        )
        event_id = int(cur.lastrowid)
        stacks.record(self.db, event_id, doc_id, layer, action, reverts)
        return event_id

    # -- common actions --------------------------------------------------------------------
    def add_span(self, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
        return self.apply(doc_id, layer, Change(added=[span]), actor=actor, action="add")

    def remove_span(self, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
        return self.apply(doc_id, layer, Change(removed=[span]), actor=actor, action="remove")

    def replace_span(self, doc_id: str, layer: str, old: Span, new: Span, *, actor: str,
                     action: str = "relabel") -> int | None:
        """Swap one span for another (relabel, or new boundaries) in one step."""
        return self.apply(doc_id, layer, Change(removed=[old], added=[new]), actor=actor, action=action)

    def accept_suggestions(self, doc_id: str, layer: str, spans: Sequence[Span], *, actor: str,
                           action: str = "accept") -> int | None:
        """Copy suggestions into the annotator's layer and record them as accepted."""
        return self.apply(
            doc_id, layer,
            Change(added=list(spans), decisions={s: "accepted" for s in spans}),
            actor=actor, action=action,
        )

    def accept_all(self, doc_id: str, layer: str, *, actor: str) -> int | None:
        """Accept every pending suggestion of the document (one undoable step)."""
        # One transaction from reading what is pending to writing it: another process working on
        # the same layer cannot accept the same suggestions in between (that was an overlap error).
        with self.transaction():
            pending = [s.span for s in self.pending_suggestions(doc_id, layer)]
            chosen: list[Span] = []
            for span in pending:  # pending suggestions could overlap each other: keep the first
                if not any(span.overlaps(c) for c in chosen):
                    chosen.append(span)
            return self.accept_suggestions(doc_id, layer, chosen, actor=actor, action="accept_all")

    def apply_group(self, layer: str, changes: Sequence[tuple[str, Change]], *, actor: str, action: str,
                    note: Mapping | None = None) -> int | None:
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
        with self.transaction():
            for doc_id, change in changes:
                if change.is_empty():
                    continue
                change = self._starting(doc_id, layer, change, action)
                applied = replace(self._apply_unlogged(doc_id, layer, change, actor=actor), note=note)
                if group is None:
                    group = self._log(actor, doc_id, layer, action, applied)
                    self.db.execute("update events set payload=? where id=?",
                                    [events.encode(replace(applied, group=group)), group])
                else:
                    self._log(actor, doc_id, layer, action, replace(applied, group=group))
        return group

    def reject_suggestion(self, doc_id: str, layer: str, span: Span, *, actor: str) -> int | None:
        return self.apply(doc_id, layer, Change(decisions={span: "rejected"}), actor=actor, action="reject")

    def set_status(self, doc_id: str, layer: str, status: str, *, actor: str) -> int | None:
        return self.apply(doc_id, layer, Change(status=Status(status).value), actor=actor, action="status")

    def replace_layer(self, doc_id: str, layer: str, spans: Sequence[Span], status: str | None, *,
                      actor: str, action: str = "import", provenance: dict[Span, tuple] | None = None) -> int | None:
        """Make the layer's spans on the document exactly ``spans`` (import, suggest, merge);
        ``provenance`` gives spans their (confidence, provenance), not recorded in the event."""
        with self.transaction():
            current = set(self.spans(doc_id, layer))
            wanted = set(spans)
            change = Change(removed=sort_spans(current - wanted), added=sort_spans(wanted - current), status=status)
            event = self.apply(doc_id, layer, change, actor=actor, action=action, provenance=provenance)
            kept = {s: p for s, p in provenance.items() if s in current} if provenance and current else None
            if kept:  # the added spans got theirs with them
                self.set_provenance(doc_id, layer, kept)
            return event

    def set_provenance(self, doc_id: str, layer: str, provenance: Mapping[Span, tuple[float | None, str | None]]
                       ) -> None:
        """Give spans of the layer their (confidence, provenance) columns, as stored (no event)."""
        self.db.conn.executemany(
            "update spans set confidence=?, provenance=? where doc_id=? and layer=? and start=? and end=? and label=?",
            [(conf, prov, doc_id, layer, s.start, s.end, s.label) for s, (conf, prov) in provenance.items()],
        )

    # -- undo / redo -----------------------------------------------------------------------
    def can_undo(self, doc_id: str, layer: str) -> bool:
        return stacks.top(self.db, doc_id, layer, stacks.UNDO) is not None

    def undo(self, doc_id: str, layer: str, *, actor: str) -> str | None:
        """Revert the layer's latest change on the document; returns the undone action or None."""
        return self._step(doc_id, layer, actor=actor, backwards=True)

    def redo(self, doc_id: str, layer: str, *, actor: str) -> str | None:
        """Re-apply the latest undone change; returns the redone action or None."""
        return self._step(doc_id, layer, actor=actor, backwards=False)

    def _step(self, doc_id: str, layer: str, *, actor: str, backwards: bool) -> str | None:
        stack = stacks.UNDO if backwards else stacks.REDO
        with self.transaction():
            target = stacks.top(self.db, doc_id, layer, stack)
            if target is None:
                return None
            row = self._rows("select action, payload from events where id=?", [target])[0]
            change = events.decode(row["payload"], layer=layer)
            if change.group is None:
                self._revert(doc_id, layer, target, change, actor=actor, backwards=backwards)
                return row["action"]
            # a change to many documents: undo (redo) it wherever it is still the latest change
            for member in self._rows(
                "select id, doc_id, payload from events where id >= ? and layer = ? and action = ? "
                "and json_extract(payload, '$.group') = ? order by id",
                [change.group, layer, row["action"], change.group],
            ):
                if member["doc_id"] != doc_id and stacks.top(self.db, member["doc_id"], layer, stack) != member["id"]:
                    continue  # changed since: left as it is
                self._revert(member["doc_id"], layer, member["id"], events.decode(member["payload"], layer=layer),
                             actor=actor, backwards=backwards)
            return row["action"]

    def _revert(self, doc_id: str, layer: str, target: int, change: LayerChange, *, actor: str,
                backwards: bool) -> None:
        """Undo (or redo) one event on its document, give the spans it puts back the provenance
        they had, and log that."""
        applied = self._apply_unlogged(doc_id, layer, _reverting(change, backwards=backwards), actor=actor)
        if change.provenance:
            restored = change.provenance.restored(backwards=backwards)
            self.set_provenance(doc_id, layer, {s: (None, p) for s, p in restored.items()})
        self._log(actor, doc_id, layer, "undo" if backwards else "redo", applied, reverts=target)

    def last_event(self, doc_id: str, layer: str) -> tuple[int, str, str] | None:
        """(id, actor, action) of the latest event on one document's layer, or None: a window
        compares it with what it saw to notice another writer."""
        rows = self._rows("select id, actor, action from events where doc_id=? and layer=? order by id desc limit 1",
                          [doc_id, layer])
        return (int(rows[0]["id"]), rows[0]["actor"], rows[0]["action"]) if rows else None

    def latest_change(self, doc_id: str, layer: str) -> LayerChange | None:
        """What the latest event on one document's layer did to it (an undo: what undoing did)."""
        rows = self._rows("select payload from events where doc_id=? and layer=? order by id desc limit 1",
                          [doc_id, layer])
        return events.decode(rows[0]["payload"], layer=layer) if rows else None

    def event_log(self, doc_id: str | None = None, layer: str | None = None, limit: int | None = None
                  ) -> list[Event]:
        """Events, oldest first (optionally for one document and layer), with typed payloads."""
        where, params = where_clause(doc_id=doc_id, layer=layer)
        sql = "select id, at, actor, doc_id, layer, action, payload, reverts from events" + where + " order by id"
        if limit:
            sql += f" limit {int(limit)}"
        return [Event(id=r["id"], at=r["at"], actor=r["actor"], doc_id=r["doc_id"], layer=r["layer"],
                      action=r["action"], payload=events.decode(r["payload"], layer=r["layer"]), reverts=r["reverts"])
                for r in self._rows(sql, params)]

    def history(self, doc_id: str | None = None, layer: str | None = None, limit: int | None = None) -> list[dict]:
        """Events, oldest first (optionally for one document and layer), as JSON objects."""
        return [event.to_json() for event in self.event_log(doc_id, layer, limit)]

    # -- positions -------------------------------------------------------------------------
    def save_position(self, annotator: str, doc_id: str, offset: int) -> None:
        """Remember where the annotator is, so reopening returns there, and where they were in
        this document, so coming back to it returns there."""
        stamp = now()
        with self.transaction():
            self.db.execute(
                "insert into positions (annotator, doc_id, offset, updated_at) values (?,?,?,?) "
                "on conflict(annotator) do update set doc_id=excluded.doc_id, offset=excluded.offset, "
                "updated_at=excluded.updated_at",
                [annotator, doc_id, offset, stamp],
            )
            self.db.execute(
                "insert into document_positions (annotator, doc_id, offset, updated_at) values (?,?,?,?) "
                "on conflict(annotator, doc_id) do update set offset=excluded.offset, "
                "updated_at=excluded.updated_at",
                [annotator, doc_id, offset, stamp],
            )

    def document_position(self, annotator: str, doc_id: str) -> int | None:
        """Where ``annotator`` last was in ``doc_id`` (None if never there, or in a database
        older than the table, opened read-only)."""
        try:
            rows = self._q("select offset from document_positions where annotator=? and doc_id=?",
                           [annotator, doc_id])
        except sqlite3.OperationalError:
            return None
        return int(rows[0][0]) if rows else None

    def position(self, annotator: str) -> tuple[str, int] | None:
        rows = self._q("select doc_id, offset from positions where annotator=?", [annotator])
        if rows and self.has_document(rows[0][0]):
            return rows[0][0], int(rows[0][1])
        return None

    # -- overview --------------------------------------------------------------------------
    def overview(self) -> dict:
        """Documents, languages, and each layer's progress and spans per label."""
        total = self.document_count()
        languages = dict(self._q("select lang, count(*) from documents group by lang order by 2 desc, 1"))
        layers = {}
        for layer in self.layers():
            status_counts = dict(self._q("select status, count(*) from layer_status where layer=? group by status", [layer]))
            labels = dict(self._q("select label, count(*) from spans where layer=? group by label order by label", [layer]))
            recorded = sum(status_counts.values())
            status_counts["todo"] = status_counts.get("todo", 0) + total - recorded
            layers[layer] = {
                "done": status_counts.get("done", 0),
                "total": total,
                "statuses": {s.value: status_counts.get(s.value, 0) for s in Status},
                "spans": labels,
                "n_spans": sum(labels.values()),
            }
        return {"documents": total, "languages": languages, "layers": layers}

    def document_list(self, layer: str) -> list[dict]:
        """One row per document for the document list: id, language, status, span counts."""
        statuses = self.statuses(layer)
        counts = {d: n for d, n in self._q("select doc_id, count(*) from spans where layer=? group by doc_id", [layer])}
        machine = {d: n for d, n in self._q("select doc_id, count(*) from spans where layer=? group by doc_id", [MACHINE])}
        rows = []
        for doc_id, lang, n_chars in self._q("select id, lang, n_chars from documents order by position"):
            rows.append({
                "id": doc_id, "lang": lang, "n_chars": n_chars,
                "status": statuses.get(doc_id, Status.TODO.value),
                "spans": counts.get(doc_id, 0), "suggestions": machine.get(doc_id, 0),
            })
        return rows

    def documents_containing(self, query: str) -> set[str]:
        """Ids of the documents whose text contains ``query`` (case-insensitive for ASCII
        letters, as SQLite's LIKE; other letters must match exactly)."""
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return {r[0] for r in self._q("select id from documents where text like ? escape '\\'", [pattern])}


def _reverting(change: LayerChange, *, backwards: bool) -> Change:
    """The change that undoes (``backwards``) or redoes a logged one."""
    decisions = {d.span: d.before if backwards else d.after for d in change.decisions}
    status = None if change.status is None else change.status[0 if backwards else 1]
    if backwards:
        return Change(removed=change.added, added=change.removed, decisions=decisions, status=status)
    return Change(removed=change.removed, added=change.added, decisions=decisions, status=status)


def _document(row: Sequence) -> DocumentRow:
    return DocumentRow(
        id=row[0], text=row[1], lang=row[2], paragraph_langs=orjson.loads(row[3]),
        meta=exactjson.loads(row[4]), checksum=row[5], position=row[6], n_tokens=row[7] or 0,
    )


def _short_json(value: object, limit: int = 80) -> str:
    """A value as JSON for a message, cut at ``limit`` characters."""
    text = exactjson.dumps(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _json(value: object) -> str:
    """Compact JSON with sorted keys; integers of any size written exactly (``meta``)."""
    return exactjson.dumps(value, sort_keys=True)
