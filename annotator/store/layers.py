"""Layers on documents: spans, statuses and decisions on suggestions (the ``spans``,
``layer_status`` and ``decisions`` tables), read one document at a time or in bulk.

Functions over an open ``sqlite_utils.Database``; ``Store`` is their façade. Writes go through
``annotator.store.changes`` (one event per change), except the columns of spans an event does
not record (``set_provenance``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.model import MACHINE, Span, Status
from annotator.store.events import DecisionChange, LayerChange
from annotator.store.sql import column, in_chunks, pairs, rows, value

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    import sqlite_utils


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A machine-suggested span with its confidence and the rule or entry that produced it."""

    span: Span
    confidence: float | None
    provenance: str | None


def _span(row: sqlite3.Row) -> Span:
    return Span(row["start"], row["end"], row["label"])


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


# -- layers and statuses ----------------------------------------------------------------------
def names(db: sqlite_utils.Database) -> list[str]:
    """Every layer that has a span or a status, sorted."""
    return column(db, "select layer from spans union select layer from layer_status order by 1")


def has_machine_layer(db: sqlite_utils.Database, doc_id: str) -> bool:
    """Whether the document has been suggested: a machine status or a machine span (a document
    where the suggester found nothing has the status ``done`` and no span)."""
    return value(db, "select 1 from layer_status where doc_id=:d and layer=:m union all "
                     "select 1 from spans where doc_id=:d and layer=:m limit 1", {"d": doc_id, "m": MACHINE}) is not None


def machine_layer_among(db: sqlite_utils.Database, doc_ids: Sequence[str]) -> set[str]:
    """Those of the documents that have been suggested (see ``has_machine_layer``), in a few queries."""
    return layer_among(db, MACHINE, doc_ids)


def layer_among(db: sqlite_utils.Database, layer: str, doc_ids: Sequence[str]) -> set[str]:
    """Those of the documents where ``layer`` is not empty (a span, or a status), in a few queries."""
    return {row[0] for row in in_chunks(db, "select doc_id from layer_status where layer=?1 and doc_id in ({ids}) "
                                            "union select doc_id from spans where layer=?1 and doc_id in ({ids})",
                                        doc_ids, [layer])}


def unsuggested_documents(db: sqlite_utils.Database) -> list[str]:
    """Documents with no machine layer yet, in import order (see ``Store.unsuggested_documents``)."""
    return column(
        db,
        "select d.id from documents d where not exists (select 1 from layer_status s where "
        "s.doc_id=d.id and s.layer=:m) and not exists (select 1 from spans p where p.doc_id=d.id "
        "and p.layer=:m) order by d.position",
        {"m": MACHINE},
    )


def status(db: sqlite_utils.Database, doc_id: str, layer: str) -> str:
    return value(db, "select status from layer_status where doc_id=? and layer=?", [doc_id, layer],
                 Status.TODO.value)


def statuses(db: sqlite_utils.Database, layer: str) -> dict[str, str]:
    """doc id -> status for every document where ``layer`` has a recorded status."""
    return pairs(db, "select doc_id, status from layer_status where layer=?", [layer])


def touched_documents(db: sqlite_utils.Database, layer: str, status: str | None = None) -> list[str]:
    """Documents the layer has touched (a span, or a status other than todo), import order."""
    if status is not None:
        if status == Status.TODO.value:
            sql = ("select d.id from documents d where coalesce((select status from layer_status s "
                   "where s.doc_id=d.id and s.layer=:layer), 'todo') = 'todo' order by d.position")
        else:
            sql = ("select d.id from documents d join layer_status s on s.doc_id=d.id "
                   "and s.layer=:layer where s.status=:status order by d.position")
        return column(db, sql, {"layer": layer, "status": status})
    sql = ("select d.id from documents d where exists (select 1 from spans p where p.doc_id=d.id "
           "and p.layer=:layer) or exists (select 1 from layer_status s where s.doc_id=d.id and "
           "s.layer=:layer and s.status != 'todo') order by d.position")
    return column(db, sql, {"layer": layer})


def bulk_statuses(db: sqlite_utils.Database, layers: Sequence[str]) -> dict[str, dict[str, str]]:
    """doc id -> {layer: status} for the given layers (recorded statuses only)."""
    result: dict[str, dict[str, str]] = {}
    for row in rows(db, f"select doc_id, layer, status from layer_status where layer in ({_marks(layers)})",
                    list(layers)):
        result.setdefault(row["doc_id"], {})[row["layer"]] = row["status"]
    return result


# -- spans ------------------------------------------------------------------------------------
def spans(db: sqlite_utils.Database, doc_id: str, layer: str) -> list[Span]:
    """The layer's spans on the document, in reading order."""
    return [_span(r) for r in rows(db, "select start, end, label from spans where doc_id=? and layer=? "
                                       "order by start, end", [doc_id, layer])]


def bulk_spans(db: sqlite_utils.Database, layers: Sequence[str]) -> dict[str, dict[str, list[tuple[int, int, str]]]]:
    """doc id -> {layer: [(start, end, label), ...]} for the given layers, in reading order."""
    result: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
    for row in rows(db, f"select doc_id, layer, start, end, label from spans where layer in ({_marks(layers)}) "
                        "order by doc_id, layer, start, end", list(layers)):
        result.setdefault(row["doc_id"], {}).setdefault(row["layer"], []).append(
            (row["start"], row["end"], row["label"]))
    return result


def span_counts(db: sqlite_utils.Database, layer: str) -> dict[str, dict[str, int]]:
    """doc id -> {label: count} for the layer."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows(db, "select doc_id, label, count(*) as n from spans where layer=? group by doc_id, label",
                    [layer]):
        counts.setdefault(row["doc_id"], {})[row["label"]] = row["n"]
    return counts


def suggestions(db: sqlite_utils.Database, doc_id: str) -> list[Suggestion]:
    """Every machine suggestion on the document with confidence and provenance."""
    return [Suggestion(_span(r), r["confidence"], r["provenance"]) for r in rows(
        db, "select start, end, label, confidence, provenance from spans where doc_id=? and layer=? "
            "order by start, end", [doc_id, MACHINE])]


def span_provenance(db: sqlite_utils.Database, doc_id: str, layer: str) -> dict[Span, str | None]:
    """The layer's spans on the document with their provenance (None where none is recorded)."""
    return {_span(r): r["provenance"] for r in rows(
        db, "select start, end, label, provenance from spans where doc_id=? and layer=? order by start, end",
        [doc_id, layer])}


def bulk_provenance(db: sqlite_utils.Database, layer: str) -> dict[str, dict[Span, str]]:
    """doc id -> {span: provenance} for the layer's spans that have a provenance."""
    result: dict[str, dict[Span, str]] = {}
    for row in rows(db, "select doc_id, start, end, label, provenance from spans "
                        "where layer=? and provenance is not null", [layer]):
        result.setdefault(row["doc_id"], {})[_span(row)] = row["provenance"]
    return result


def set_provenance(db: sqlite_utils.Database, doc_id: str, layer: str,
                   provenance: Mapping[Span, tuple[float | None, str | None]]) -> None:
    """Give spans of the layer their (confidence, provenance) columns, as stored (no event)."""
    db.conn.executemany(
        "update spans set confidence=?, provenance=? where doc_id=? and layer=? and start=? and end=? and label=?",
        [(conf, prov, doc_id, layer, s.start, s.end, s.label) for s, (conf, prov) in provenance.items()],
    )


def provenance_of(db: sqlite_utils.Database, doc_id: str, layer: str, wanted: Iterable[Span]) -> dict[Span, str | None]:
    """The provenance of some of the layer's spans on the document."""
    chosen = set(wanted)
    return {s: p for s, p in span_provenance(db, doc_id, layer).items() if s in chosen}


# -- decisions on suggestions -----------------------------------------------------------------
def decisions(db: sqlite_utils.Database, doc_id: str, layer: str) -> dict[Span, str]:
    """The annotator's decisions on suggestions: span -> ``accepted``/``rejected``."""
    return {_span(r): r["decision"] for r in rows(
        db, "select start, end, label, decision from decisions where doc_id=? and layer=?", [doc_id, layer])}


def all_decisions(db: sqlite_utils.Database) -> list[tuple[str, str, Span, str]]:
    """Every recorded decision on a suggestion: (doc id, annotator layer, span, decision)."""
    return [(r["doc_id"], r["layer"], _span(r), r["decision"]) for r in rows(
        db, "select doc_id, layer, start, end, label, decision from decisions order by doc_id, layer, start, end")]


def bulk_decisions(db: sqlite_utils.Database, layer: str) -> dict[str, dict[Span, str]]:
    """doc id -> {span: ``accepted``/``rejected``} for every decision recorded on the layer."""
    result: dict[str, dict[Span, str]] = {}
    for row in rows(db, "select doc_id, start, end, label, decision from decisions where layer=?", [layer]):
        result.setdefault(row["doc_id"], {})[_span(row)] = row["decision"]
    return result


def pending_suggestions(db: sqlite_utils.Database, doc_id: str, layer: str) -> list[Suggestion]:
    """Suggestions the annotator has not decided and that no span of theirs overlaps."""
    decided = decisions(db, doc_id, layer)
    own = spans(db, doc_id, layer)
    return [s for s in suggestions(db, doc_id)
            if s.span not in decided and not any(s.span.overlaps(o) for o in own)]


def everything_of(db: sqlite_utils.Database, doc_id: str, layer: str) -> LayerChange:
    """What the layer loses on the document when all of it is dropped (a replaced text, a deleted
    layer): its spans, decisions and status."""
    before = status(db, doc_id, layer)
    return LayerChange(
        removed=tuple(spans(db, doc_id, layer)),
        decisions=tuple(DecisionChange(s, d, None) for s, d in sorted(decisions(db, doc_id, layer).items())),
        status=(before, Status.TODO.value) if before != Status.TODO.value else None,
    )
