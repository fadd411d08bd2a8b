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
    return stream_rows(db, sql, params).fetchall()


def stream_rows(db: sqlite_utils.Database, sql: str, params: Sequence | dict = ()) -> sqlite3.Cursor:
    """``rows``, fetched as they are iterated over."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


#: Ids per query of ``in_chunks`` (SQLite allows 32,766 parameters; a shorter list plans as fast).
CHUNK = 500


def in_chunks(db: sqlite_utils.Database | sqlite3.Connection, sql: str, ids: Sequence, params: Sequence = ()
              ) -> list[tuple]:
    """The rows of a query about many ids, asked ``CHUNK`` ids at a time: each ``{ids}`` in ``sql``
    becomes the list of a chunk's ids as numbered parameters, which follow ``params`` (so
    ``params[0]`` is ``?1`` wherever the query names it, and the ids can appear more than once)."""
    found: list[tuple] = []
    first = len(params) + 1
    for i in range(0, len(ids), CHUNK):
        part = list(ids[i : i + CHUNK])
        marks = ",".join(f"?{first + k}" for k in range(len(part)))
        found.extend(db.execute(sql.format(ids=marks), [*params, *part]).fetchall())
    return found


def column(db: sqlite_utils.Database, sql: str, params: Sequence | dict = ()) -> list:
    """The one column a query selects, as a list."""
    return [row[0] for row in db.execute(sql, params)]


def value(db: sqlite_utils.Database, sql: str, params: Sequence | dict = (), default: object = None) -> object:
    """The one value a query selects (its first row's one column), or ``default`` without a row."""
    row = db.execute(sql, params).fetchone()
    return default if row is None else row[0]


def pairs(db: sqlite_utils.Database, sql: str, params: Sequence | dict = ()) -> dict:
    """A query selecting (key, value) as a dict."""
    return dict(db.execute(sql, params).fetchall())


def has_table(db: sqlite_utils.Database, name: str) -> bool:
    """Whether the database has this table (a read-only command may open an older schema)."""
    return value(db, "select 1 from sqlite_master where type = 'table' and name = ?", [name]) is not None


def json_text(value: object) -> str:
    """Compact JSON with sorted keys; integers of any size written exactly (``meta``)."""
    from annotator.model import exactjson

    return exactjson.dumps(value, sort_keys=True)
