"""Where each annotator is: the document they were in last (``positions``) and where they were in
each document (``document_positions``), so that reopening and coming back return there.

Functions over an open ``sqlite_utils.Database``; ``Store`` is their façade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.store import documents
from annotator.store.database import write_transaction
from annotator.store.sql import has_table, now, rows, value

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils


def save(db: sqlite_utils.Database, annotator: str, doc_id: str, offset: int) -> None:
    """Remember where the annotator is, so reopening returns there, and where they were in this
    document, so coming back to it returns there."""
    stamp = now()
    with write_transaction(db):
        db.execute(
            "insert into positions (annotator, doc_id, offset, updated_at) values (?,?,?,?) "
            "on conflict(annotator) do update set doc_id=excluded.doc_id, offset=excluded.offset, "
            "updated_at=excluded.updated_at",
            [annotator, doc_id, offset, stamp],
        )
        db.execute(
            "insert into document_positions (annotator, doc_id, offset, updated_at) values (?,?,?,?) "
            "on conflict(annotator, doc_id) do update set offset=excluded.offset, updated_at=excluded.updated_at",
            [annotator, doc_id, offset, stamp],
        )


def in_document(db: sqlite_utils.Database, annotator: str, doc_id: str) -> int | None:
    """Where ``annotator`` last was in ``doc_id`` (None if never there, or in a database older
    than the table, opened read-only)."""
    if not has_table(db, "document_positions"):
        return None
    offset = value(db, "select offset from document_positions where annotator=? and doc_id=?", [annotator, doc_id])
    return None if offset is None else int(offset)


def last(db: sqlite_utils.Database, annotator: str) -> tuple[str, int] | None:
    """The document the annotator was in last and where, if it still exists."""
    found = rows(db, "select doc_id, offset from positions where annotator=?", [annotator])
    if found and documents.exists(db, found[0]["doc_id"]):
        return found[0]["doc_id"], int(found[0]["offset"])
    return None
