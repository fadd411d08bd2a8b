"""Options and error handling shared by every command."""

import functools
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from annotator.model import SpanError
from annotator.store import DEFAULT_DB, Store, StoreError, resolve_db_path


def _db_before_the_command(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``annotator --db X status`` means ``annotator status --db X``: a ``--db`` typed before the
    command applies to it, unless the command has its own (the environment comes last)."""
    if ctx.get_parameter_source(param.name or "") == ParameterSource.COMMANDLINE:
        return value
    parent = ctx.parent
    while parent is not None:
        if parent.params.get("db_path") is not None and parent.get_parameter_source("db_path") == ParameterSource.COMMANDLINE:
            return parent.params["db_path"]
        parent = parent.parent
    return value


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ANNOTATOR_DB",
    default=None,
    callback=_db_before_the_command,
    help="The database file (default: $ANNOTATOR_DB, else data/gold.sqlite).",
)


def open_store(db_path: Path | None, *, create: bool = False, read_only: bool = False) -> Store:
    """Open the store for a command; a missing database is a clear error unless ``create``
    (the default path, relative to the current directory, says how to start one).

    A command that only reads passes ``read_only``: the file is then never created, migrated
    or switched to WAL (and an older schema is read as it is)."""
    path = resolve_db_path(db_path)
    if not create and path == DEFAULT_DB and not path.exists():
        raise StoreError(
            f"{path}: no such database in this directory (the default). Start one with "
            "'annotator import FILES --db corpus.sqlite', then 'annotator --db corpus.sqlite' "
            "(or set $ANNOTATOR_DB)"
        )
    return Store.open(path, create=create, read_only=read_only)


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


def emit_text(text: str, output: Path | None) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    from annotator.formats.atomic import atomic_writer

    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_writer(output) as handle:
        handle.write(text)


def emit_rich(render: Callable[[Any], None], output: Path | None, **console_options: Any) -> None:
    """Call ``render(console)`` on the terminal, or on a plain 120-column console writing
    atomically to ``output`` (no colour codes in files)."""
    from rich.console import Console

    from annotator.formats.atomic import atomic_writer

    if output is None:
        render(Console(**console_options))
        return
    with atomic_writer(output) as handle:
        render(Console(file=handle, width=120, force_terminal=False, **console_options))
