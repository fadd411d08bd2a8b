"""Overviews: the corpus and each layer's progress (``annotator status``), and the rows of the
document list.

Functions over an open ``sqlite_utils.Database``; ``Store`` is their façade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import MACHINE, Status
from annotator.store import documents, layers
from annotator.store.sql import pairs, rows

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils


def overview(db: sqlite_utils.Database) -> dict:
    """Documents, languages, and each layer's progress and spans per label."""
    total = documents.count(db)
    languages = pairs(db, "select lang, count(*) from documents group by lang order by 2 desc, 1")
    result = {}
    for layer in layers.names(db):
        status_counts = pairs(db, "select status, count(*) from layer_status where layer=? group by status", [layer])
        labels = pairs(db, "select label, count(*) from spans where layer=? group by label order by label", [layer])
        recorded = sum(status_counts.values())
        status_counts["todo"] = status_counts.get("todo", 0) + total - recorded
        result[layer] = {
            "done": status_counts.get("done", 0),
            "total": total,
            "statuses": {s.value: status_counts.get(s.value, 0) for s in Status},
            "spans": labels,
            "n_spans": sum(labels.values()),
        }
    return {"documents": total, "languages": languages, "layers": result}


def document_list(db: sqlite_utils.Database, layer: str) -> list[dict]:
    """One row per document for the document list: id, language, status, span counts."""
    statuses = layers.statuses(db, layer)
    per_document = "select doc_id, count(*) from spans where layer=? group by doc_id"
    counts = pairs(db, per_document, [layer])
    machine = pairs(db, per_document, [MACHINE])
    return [
        {"id": row["id"], "lang": row["lang"], "n_chars": row["n_chars"],
         "status": statuses.get(row["id"], Status.TODO.value),
         "spans": counts.get(row["id"], 0), "suggestions": machine.get(row["id"], 0)}
        for row in rows(db, "select id, lang, n_chars from documents order by position")
    ]
