"""The SQLite store: one file holds documents, every layer's spans, statuses, decisions and the
event log. Built on sqlite-utils; plain tables that any SQLite tool can browse."""

from annotator.store.database import DEFAULT_DB, StoreError, open_database, unknown_layer
from annotator.store.store import Change, DocumentRow, Store, Suggestion

__all__ = [
    "DEFAULT_DB",
    "Change",
    "DocumentRow",
    "Store",
    "StoreError",
    "Suggestion",
    "open_database",
    "unknown_layer",
]
