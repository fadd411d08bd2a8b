"""Options and error handling shared by every command."""

import functools
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from annotator.model import SpanError
from annotator.store import Store, StoreError, resolve_db_path

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ANNOTATOR_DB",
    default=None,
    help="The database file (default: $ANNOTATOR_DB, else data/gold.sqlite).",
)


def open_store(db_path: Path | None, *, create: bool = False) -> Store:
    """Open the store for a command; a missing database is a clear error unless ``create``."""
    return Store.open(resolve_db_path(db_path), create=create)


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a one-line ``Error: ...`` and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (StoreError, SpanError, ValueError) as exc:
            raise click.ClickException(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"database error: {exc}") from exc
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)

    return wrapper
