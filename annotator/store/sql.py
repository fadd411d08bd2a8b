"""Small pieces shared by the store's modules: timestamps and optional filters."""

from __future__ import annotations

from datetime import UTC, datetime


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
