"""Small pieces shared by the store's modules: timestamps, optional filters, rows by name."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils


def now() -> str:
    """UTC timestamp with microseconds, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def where_clause(**columns: object) -> tuple[str, list]:
    """``" where a = ? and b = ?"`` and its parameters for the columns given a value (None means
    "any"); an empty string when none is. Column names come from code, never from input."""
    given = {column: value for column, value in columns.items() if value is not None}
    if not given:
        return "", []
    return " where " + " and ".join(f"{column} = ?" for column in given), list(given.values())


def rows(db: sqlite_utils.Database, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
    """The rows of a query, each read by column name (``row["start"]``).

    ``sqlite3.Row`` on a cursor of its own, not on the connection (which sqlite-utils and the
    rest of the code share) and not sqlite-utils' ``db.query`` (which wraps every query in a
    savepoint of its own: two more statements on the paths a key press takes)."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()
