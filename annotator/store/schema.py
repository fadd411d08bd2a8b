"""The schema, as sqlite-utils migrations. Add a new function at the end to change it; never edit
an applied one. ``SCHEMA_VERSION`` is the number of migrations."""

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIONS = Migrations("annotator")


@MIGRATIONS()
def m001_initial(db: sqlite_utils.Database) -> None:
    """Documents, spans per layer, statuses, suggestion decisions, the event log, positions."""
    db["documents"].create(
        {
            "id": str,
            "text": str,
            "lang": str,
            "paragraph_langs": str,  # JSON: [{"start","end","lang"}] for paragraphs that differ
            "meta": str,  # JSON object, e.g. {"date": "2022-01"}
            "checksum": str,  # sha256 of text
            "n_chars": int,
            "n_tokens": int,
            "tokens": bytes,  # the document's own tokenization: int32 (start, end) pairs
            "position": int,  # import order
            "imported_at": str,
        },
        pk="id",
        not_null={"text", "lang", "paragraph_langs", "meta", "checksum", "n_chars", "n_tokens", "position"},
    )
    db["documents"].create_index(["position"], unique=True)
    db["spans"].create(
        {
            "id": int,
            "doc_id": str,
            "layer": str,
            "start": int,
            "end": int,
            "label": str,
            "confidence": float,  # machine suggestions only
            "provenance": str,  # rule or entry that produced a suggestion; curation source for gold
            "created_by": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"doc_id", "layer", "start", "end", "label"},
    )
    db["spans"].create_index(["doc_id", "layer", "start"])
    db["spans"].create_index(["doc_id", "layer", "start", "end", "label"], unique=True)
    db["spans"].create_index(["layer", "label"])
    db["layer_status"].create(
        {"doc_id": str, "layer": str, "status": str, "updated_at": str, "updated_by": str},
        pk=("doc_id", "layer"),
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"status"},
    )
    db["layer_status"].create_index(["layer", "status"])
    db["decisions"].create(
        {
            "doc_id": str,
            "layer": str,  # the annotator who decided
            "start": int,
            "end": int,
            "label": str,
            "decision": str,  # accepted | rejected
            "decided_at": str,
        },
        pk=("doc_id", "layer", "start", "end", "label"),
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["events"].create(
        {
            "id": int,
            "at": str,
            "actor": str,  # who made the change (annotator or curator name, or a command)
            "doc_id": str,
            "layer": str,
            "action": str,  # add, remove, relabel, accept, reject, accept_all, status, undo, redo, import, ...
            "payload": str,  # JSON: {"removed": [...], "added": [...], "decisions": ..., "status": ...}
            "reverts": int,  # for undo/redo: the event id being undone or redone
        },
        pk="id",
    )
    db["events"].create_index(["doc_id", "layer", "id"])
    db["positions"].create(
        {"annotator": str, "doc_id": str, "offset": int, "updated_at": str},
        pk="annotator",
    )


@MIGRATIONS()
def m002_team_members_assignments_flags(db: sqlite_utils.Database) -> None:
    """Team work: members and their roles, which annotators each document is assigned to, and
    annotators' flags (a document or a span marked unsure, with a short note)."""
    db["members"].create(
        {"name": str, "role": str, "added_at": str, "added_by": str},  # role: annotator | curator
        pk="name",
        not_null={"role"},
    )
    db["assignments"].create(
        {"doc_id": str, "annotator": str, "assigned_at": str, "assigned_by": str},
        pk=("doc_id", "annotator"),
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["assignments"].create_index(["annotator", "doc_id"])
    db["flags"].create(
        {
            "id": int,
            "doc_id": str,
            "layer": str,  # the annotator who flagged
            "start": int,  # null for a flag on the whole document
            "end": int,
            "note": str,
            "created_at": str,
            "created_by": str,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"doc_id", "layer", "note"},
    )
    db["flags"].create_index(["doc_id", "layer"])


@MIGRATIONS()
def m003_corpus_search_index(db: sqlite_utils.Database) -> None:
    """Corpus search: an FTS5 trigram index over each document's folded text (case, diacritics:
    ``annotator.text.canonical.fold``), rowid = the document's ``position`` (stable, unlike
    the implicit rowid of ``documents``, which VACUUM may renumber). It only selects candidate
    documents (``annotator.store.search``), so ``detail=none`` suffices and keeps it small.
    Written by ``Store.insert_document`` alongside the document."""
    from annotator.text.canonical import fold

    db.execute(
        "create virtual table documents_fts using fts5(folded, tokenize='trigram case_sensitive 1', detail=none)"
    )
    rows = db.execute("select position, text from documents").fetchall()
    db.conn.executemany("insert into documents_fts (rowid, folded) values (?, ?)",
                        ((position, fold(text)) for position, text in rows))


@MIGRATIONS()
def tui_document_positions(db: sqlite_utils.Database) -> None:
    """Where each annotator last was in each document, so that moving between documents returns
    there (``positions`` keeps only the document they were in last)."""
    db["document_positions"].create(
        {"annotator": str, "doc_id": str, "offset": int, "updated_at": str},
        pk=("annotator", "doc_id"),
    )
    db.execute(
        "insert into document_positions (annotator, doc_id, offset, updated_at) "
        "select annotator, doc_id, offset, updated_at from positions"
    )


@MIGRATIONS()
def store_undo_stack_table(db: sqlite_utils.Database) -> None:
    """Each (document, layer)'s undo and redo stacks as rows (``annotator.store.stacks``), kept
    up to date as events are logged, so that undo no longer replays the layer's whole log; filled
    here by replaying the log once. ``depth`` counts from the bottom of the stack."""
    from annotator.store.stacks import rebuild

    db["undo_stack"].create(
        {"doc_id": str, "layer": str, "stack": str, "depth": int, "event_id": int},  # stack: undo | redo
        pk=("doc_id", "layer", "stack", "depth"),
        not_null={"event_id"},
    )
    rebuild(db)


@MIGRATIONS()
def store_drop_spans_start_index(db: sqlite_utils.Database) -> None:
    """Drop the index on spans (doc_id, layer, start): it is a prefix of the unique index on
    (doc_id, layer, start, end, label), which serves every query it served, in the same way
    (``explain query plan`` of each query on spans: the same searches, on the wider index) and
    in the same order (no two spans of one layer share a start: they may not overlap). Each
    span written maintained it for nothing: a sixth of the suggestions' write."""
    db.execute("drop index if exists idx_spans_doc_id_layer_start")


SCHEMA_VERSION = len(MIGRATIONS._migrations)
