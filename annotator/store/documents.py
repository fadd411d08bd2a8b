"""Documents: their text, languages, metadata and tokens (the ``documents`` table), imported once
and replaced only on request.

Functions over an open ``sqlite_utils.Database``; ``Store`` is their façade.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from annotator.model import Span, Status, exactjson, quoted
from annotator.model.errors import InputError, UnknownDocument
from annotator.store import events, layers, search
from annotator.store.database import write_transaction
from annotator.store.sql import column, has_table, in_chunks, json_text, now, rows, stream_rows, value
from annotator.store.team import flags
from annotator.text.tokenize import Token, pack_offsets, token_spans, tokens_from_offsets, unpack_offsets

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    import sqlite_utils

#: The columns a ``DocumentRow`` is read from.
COLUMNS = "id, text, lang, paragraph_langs, meta, checksum, position, n_tokens"


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
    folded: str | None = None  # the text folded for the search index, if known; only set when inserting

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DocumentRow:
        """A document from a row of ``COLUMNS``, read by name."""
        return cls(id=row["id"], text=row["text"], lang=row["lang"],
                   paragraph_langs=orjson.loads(row["paragraph_langs"]), meta=exactjson.loads(row["meta"]),
                   checksum=row["checksum"], position=row["position"], n_tokens=row["n_tokens"] or 0)


def count(db: sqlite_utils.Database) -> int:
    return value(db, "select count(*) from documents")


def ids(db: sqlite_utils.Database) -> list[str]:
    """Every document id in import order."""
    return column(db, "select id from documents order by position")


def exists(db: sqlite_utils.Database, doc_id: str) -> bool:
    return value(db, "select 1 from documents where id = ?", [doc_id]) is not None


def checksum_of(db: sqlite_utils.Database, doc_id: str) -> str | None:
    """The stored text's checksum, or None if there is no such document."""
    return value(db, "select checksum from documents where id = ?", [doc_id])


def checksums_of(db: sqlite_utils.Database, doc_ids: Sequence[str]) -> dict[str, str]:
    """doc id -> the stored text's checksum, for those of the documents that exist."""
    return dict(in_chunks(db, "select id, checksum from documents where id in ({ids})", doc_ids))


def get(db: sqlite_utils.Database, doc_id: str) -> DocumentRow:
    found = rows(db, f"select {COLUMNS} from documents where id = ?", [doc_id])
    if not found:
        raise UnknownDocument(doc_id)
    return DocumentRow.from_row(found[0])


def stream(db: sqlite_utils.Database, doc_ids: Iterable[str] | None = None) -> Iterator[DocumentRow]:
    """Documents in import order (all, or those in ``doc_ids``), streamed."""
    if doc_ids is None:
        for row in stream_rows(db, f"select {COLUMNS} from documents order by position"):
            yield DocumentRow.from_row(row)
    else:
        for doc_id in doc_ids:
            yield get(db, doc_id)


def sizes(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    """(id, length in characters) of every document, in import order."""
    return [(r["id"], r["n_chars"]) for r in rows(db, "select id, n_chars from documents order by position")]


def containing(db: sqlite_utils.Database, query: str) -> set[str]:
    """Ids of the documents whose text contains ``query`` (case-insensitive for ASCII letters, as
    SQLite's LIKE; other letters must match exactly)."""
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return set(column(db, "select id from documents where text like ? escape '\\'", [pattern]))


def layers_on(db: sqlite_utils.Database, doc_id: str) -> dict[str, dict]:
    """Every layer with something on the document: ``{layer: {"spans": n, "status": s,
    "decisions": n}}`` (what replacing the document's text would drop), sorted by layer."""
    result: dict[str, dict] = {}

    def entry(layer: str) -> dict:
        return result.setdefault(layer, {"spans": 0, "status": Status.TODO.value, "decisions": 0})

    for row in rows(db, "select layer, count(*) as n from spans where doc_id=? group by layer", [doc_id]):
        entry(row["layer"])["spans"] = row["n"]
    for row in rows(db, "select layer, status from layer_status where doc_id=?", [doc_id]):
        entry(row["layer"])["status"] = row["status"]
    for row in rows(db, "select layer, count(*) as n from decisions where doc_id=? group by layer", [doc_id]):
        entry(row["layer"])["decisions"] = row["n"]
    return dict(sorted(result.items()))


# -- tokens -----------------------------------------------------------------------------------
def _token_blob(doc: DocumentRow) -> bytes:
    return doc.tokens if doc.tokens is not None else pack_offsets(token_spans(doc.text))


def token_offsets(db: sqlite_utils.Database, doc_id: str) -> list[tuple[int, int]]:
    """The document's own tokenization, as stored at import: (start, end) pairs."""
    found = rows(db, "select tokens, text from documents where id = ?", [doc_id])
    if not found:
        raise UnknownDocument(doc_id)
    blob = found[0]["tokens"]
    return unpack_offsets(blob) if blob is not None else token_spans(found[0]["text"])


def tokens(db: sqlite_utils.Database, doc_id: str) -> list[Token]:
    """The document's tokens with their text."""
    return tokens_from_offsets(value(db, "select text from documents where id = ?", [doc_id]),
                               token_offsets(db, doc_id))


def bulk_token_offsets(db: sqlite_utils.Database, doc_ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """doc id -> stored token offsets, for many documents at once."""
    return {doc_id: unpack_offsets(blob) if blob is not None else token_spans(text)
            for doc_id, blob, text in in_chunks(db, "select id, tokens, case when tokens is null then text end "
                                                    "from documents where id in ({ids})", doc_ids)}


# -- writing ----------------------------------------------------------------------------------
def insert(db: sqlite_utils.Database, doc: DocumentRow, *, actor: str, replace: bool = False,
           savepoint: bool = True, search_index: bool = True) -> str:
    """Store a new document; returns ``"added"``, ``"unchanged"`` or ``"replaced"`` (see
    ``Store.insert_document``). ``search_index``: whether the database has the search index."""
    existing = checksum_of(db, doc.id)
    if existing == doc.checksum:
        return "unchanged"
    if existing and not replace:
        raise InputError(f"document {quoted(doc.id)} already exists with a different text (use --replace)")
    own = savepoint or not db.conn.in_transaction
    with write_transaction(db) if own else contextlib.nullcontext():
        payload: dict = {}
        if existing:
            payload["dropped"] = {layer: info["spans"] for layer, info in layers_on(db, doc.id).items()}
            _log_dropped_layers(db, doc.id, actor)
            for table in ("spans", "layer_status", "decisions"):
                db.execute(f"delete from {table} where doc_id = ?", [doc.id])
            if has_table(db, "flags"):
                dropped = [flag.to_json() | {"layer": flag.layer} for flag in flags(db, doc.id)]
                if dropped:
                    payload["flags"] = dropped
                    db.execute("delete from flags where doc_id = ?", [doc.id])
            db.execute(
                "update documents set text=?, lang=?, paragraph_langs=?, meta=?, checksum=?, "
                "n_chars=?, n_tokens=?, tokens=?, imported_at=? where id=?",
                [doc.text, doc.lang, json_text(doc.paragraph_langs), json_text(doc.meta), doc.checksum,
                 len(doc.text), doc.n_tokens, _token_blob(doc), now(), doc.id],
            )
            if search_index:
                position = value(db, "select position from documents where id = ?", [doc.id])
                search.index_write(db.conn, position, doc.text, replace=True, folded=doc.folded)
            outcome = "replaced"
        else:
            position = value(db, "select coalesce(max(position), -1) + 1 from documents")
            db.execute(
                "insert into documents (id, text, lang, paragraph_langs, meta, checksum, "
                "n_chars, n_tokens, tokens, position, imported_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                [doc.id, doc.text, doc.lang, json_text(doc.paragraph_langs), json_text(doc.meta),
                 doc.checksum, len(doc.text), doc.n_tokens, _token_blob(doc), position, now()],
            )
            if search_index:
                search.index_write(db.conn, position, doc.text, replace=False, folded=doc.folded)
            outcome = "added"
        events.log(db, actor, doc.id, None, "import", {"document": outcome, "checksum": doc.checksum, **payload})
    return outcome


def _log_dropped_layers(db: sqlite_utils.Database, doc_id: str, actor: str) -> None:
    """Before a document's text is replaced, log what each layer loses (its spans, decisions and
    status) as an ``import`` event: the log still replays to the tables, and undo cannot reach
    back to changes whose offsets refer to the old text."""
    for layer in column(
        db,
        "select layer from spans where doc_id=:d union select layer from layer_status where doc_id=:d "
        "union select layer from decisions where doc_id=:d order by 1",
        {"d": doc_id},
    ):
        events.log(db, actor, doc_id, layer, "import", layers.everything_of(db, doc_id, layer))


def update_meta(db: sqlite_utils.Database, doc_id: str, meta: dict, *, actor: str, replace: bool = False) -> str:
    """Merge the metadata given into what is stored (see ``Store.update_meta``)."""
    found = rows(db, "select meta from documents where id = ?", [doc_id])
    if not found:
        raise UnknownDocument(doc_id)
    before = exactjson.loads(found[0]["meta"])
    changed = [key for key in meta if key in before and json_text(before[key]) != json_text(meta[key])]
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
    with write_transaction(db):
        db.execute("update documents set meta=? where id=?", [json_text(after), doc_id])
        events.log(db, actor, doc_id, None, "import", {"document": "meta_updated", "meta": [before, after]})
    return "meta_updated"


def _short_json(value: object, limit: int = 80) -> str:
    """A value as JSON for a message, cut at ``limit`` characters."""
    text = exactjson.dumps(value)
    return text if len(text) <= limit else text[:limit] + "..."


def layer_documents(db: sqlite_utils.Database, layer: str, doc_ids: Sequence[str], chunk: int = 200
                    ) -> Iterator[tuple[DocumentRow, str, list[Span], list[tuple[int, int]]]]:
    """(document, status, spans, token offsets) of a layer for many documents, in the order of
    ``doc_ids``, fetched in chunks (a few queries per chunk instead of several per document)."""
    for i in range(0, len(doc_ids), chunk):
        part = list(doc_ids[i : i + chunk])
        marks = ",".join("?" * len(part))
        docs = {row["id"]: row for row in rows(db, f"select {COLUMNS}, tokens from documents where id in ({marks})",
                                               part)}
        statuses = {row["doc_id"]: row["status"] for row in rows(
            db, f"select doc_id, status from layer_status where layer=? and doc_id in ({marks})", [layer, *part])}
        spans: dict[str, list[Span]] = {}
        for row in rows(db, f"select doc_id, start, end, label from spans where layer=? and doc_id in ({marks}) "
                            "order by doc_id, start, end", [layer, *part]):
            spans.setdefault(row["doc_id"], []).append(Span(row["start"], row["end"], row["label"]))
        for doc_id in part:
            row = docs[doc_id]
            blob = row["tokens"]
            offsets = unpack_offsets(blob) if blob is not None else token_spans(row["text"])
            yield DocumentRow.from_row(row), statuses.get(doc_id, Status.TODO.value), spans.get(doc_id, []), offsets
