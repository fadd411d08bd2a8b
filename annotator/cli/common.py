"""Options and error handling shared by every command."""

import contextlib
import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from annotator.model.errors import EXIT_ERROR, EXIT_INTERRUPTED, AnnotatorError
from annotator.settings import Settings, SettingsError, load_settings
from annotator.store import DEFAULT_DB, Store, StoreError
from annotator.store.database import database_unusable


def _db_before_the_command(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``annotator --db X status`` means ``annotator status --db X``: a ``--db`` typed before the
    command applies to it, unless the command has its own (the settings come after both)."""
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
    default=None,
    callback=_db_before_the_command,
    help="The database file (default: $ANNOTATOR_DB, else db in the configuration file, else data/gold.sqlite).",
)


def current_settings() -> Settings:
    """The user's settings (``annotator.settings``), read once per command line: the command
    group reads them first, so that a bad configuration file is reported before anything
    runs; a command invoked on its own (in a test) reads them here."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is not None and isinstance(root.obj, Settings):
        return root.obj
    settings = load_settings()
    if root is not None:
        root.obj = settings
    return settings


def load_cli_settings() -> Settings:
    """``current_settings``, a bad setting reported as ``Error: <file>: line N: ...`` (exit 1)."""
    try:
        return current_settings()
    except SettingsError as exc:  # before any command runs, so not through user_errors
        raise _UserError(str(exc), exc.exit_code) from None


def db_path_of(db_path: Path | None) -> Path:
    """The database: ``--db``, else the settings' (``$ANNOTATOR_DB``, else the configuration
    file's ``db``), else ``data/gold.sqlite``."""
    return db_path or current_settings().db or DEFAULT_DB


def output_option(what: str = "the report") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--output/-o PATH``, written with ``annotator.formats.output.open_output``."""
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
        help=f"Write {what} to this file instead of standard output (a file is replaced atomically, never "
             "one holding an SQLite database; "
             "a symlink is followed; a FIFO, a device or - is written as it streams).",
    )


def open_store(db_path: Path | None, *, create: bool = False, read_only: bool = False) -> Store:
    """Open the store for a command; a missing database is a clear error unless ``create``
    (the default path, relative to the current directory, says how to start one).

    A command that only reads passes ``read_only``: the file is then never created, migrated
    or switched to WAL (and an older schema is read as it is)."""
    path = db_path_of(db_path)
    if not create and path == DEFAULT_DB and not path.exists():
        raise StoreError(
            f"{path}: no such database in this directory (the default). Start one with "
            "'annotator import FILES --db corpus.sqlite', then 'annotator --db corpus.sqlite' "
            "(or set $ANNOTATOR_DB, or db in the configuration file)"
        )
    return Store.open(path, create=create, read_only=read_only, fast_sync=current_settings().fast_sync)


class _UserError(click.ClickException):
    """An ``AnnotatorError`` as click shows it: ``Error: <message>``, exit with its code."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The one place where what a command raises becomes what the user sees (every command
    carries it; the exit statuses are listed in ``annotator.model.errors`` and docs/cli.md):

    - the ``AnnotatorError`` family: ``Error: <message>`` on one line, exit its ``exit_code``
      (1; 2 for a layer or document the database lacks);
    - an OS error: one line naming the path (``open_output`` names every file a command writes)
      and the reason, exit 1; a broken pipe (``| head``) exits 1 quietly;
    - SQLite saying the database cannot be used now (full, locked, damaged, unreadable):
      ``Error: database error: ...``, exit 1;
    - Ctrl-C: ``Interrupted``, exit 130;
    - anything else is a bug: it propagates, with its traceback.

    click's own usage errors exit 2 before the command runs. Standard output is flushed here so
    that its errors are reported here too, not as a traceback when the interpreter exits.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()
            return result
        except AnnotatorError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise _UserError(message, exc.exit_code) from exc
        except sqlite3.DatabaseError as exc:
            if not database_unusable(exc):
                raise
            raise _UserError(f"database error: {exc}") from exc
        except BrokenPipeError:
            _drop_stdout()
            sys.exit(EXIT_ERROR)
        except OSError as exc:
            raise _UserError(_os_error_line(exc)) from exc
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper


def _os_error_line(exc: OSError) -> str:
    """``<path>: <reason>`` for an OS error. One without a file name comes from writing to
    standard output (every file a command writes goes through ``open_output``, which names it);
    standard output is then dropped, so that exiting does not fail on it again."""
    from annotator.formats.output import STDOUT_NAME, OutputError, reason
    from annotator.formats.reading import display_path

    if isinstance(exc, OutputError):
        return str(exc)
    if exc.filename is not None:
        return f"{display_path(os.fsdecode(exc.filename))}: {reason(exc)}"
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    _drop_stdout()
    return f"{STDOUT_NAME}: {reason(exc)}"


def _drop_stdout() -> None:
    """Point standard output at the null device: what is still buffered for a reader that went
    away or a full device is discarded instead of failing again at exit (Python's advice for
    SIGPIPE)."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test runner's buffer)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def emit_text(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (a file atomically, ``-`` or a FIFO directly)."""
    from annotator.formats.output import write_output

    if output is None:
        click.echo(text, nl=False)
        return
    write_output(output, text)


PLAIN_WIDTH = 120  # tables written to a file or a pipe: Rich's 80 columns would cut their headers


def stdout_console(**console_options: Any):
    """A Rich console on standard output: the terminal's width, or :data:`PLAIN_WIDTH` columns when
    the output goes to a pipe or a file (``annotator status | less``), unless ``$COLUMNS`` says."""
    from rich.console import Console

    console = Console(**console_options)
    if not console.is_terminal and "width" not in console_options and not os.environ.get("COLUMNS"):
        console.width = PLAIN_WIDTH
    return console


def emit_rich(render: Callable[[Any], None], output: Path | None, **console_options: Any) -> None:
    """Call ``render(console)`` on standard output (:func:`stdout_console`), or on a plain
    :data:`PLAIN_WIDTH`-column console writing to ``output`` with
    :func:`annotator.formats.output.open_output` (no colour codes in files)."""
    from rich.console import Console

    from annotator.formats.output import open_output

    if output is None:
        render(stdout_console(**console_options))
        return
    with open_output(output) as handle:
        render(Console(file=handle, width=PLAIN_WIDTH, force_terminal=False, **console_options))
