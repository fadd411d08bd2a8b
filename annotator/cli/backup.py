"""``annotator backup``."""

import contextlib
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click

from annotator.cli.common import db_option, open_store, user_errors
from annotator.formats.output import STDOUT_NAME, OutputError, open_output, output_kind, reason


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@user_errors
def backup_command(target: Path, db_path: Path | None) -> None:
    """Copy the database to TARGET with SQLite's online backup (safe while others annotate).

    A file is replaced atomically (through a symlink, its target); to a FIFO, a device or - (standard
    output, not a terminal) the copy is taken into a temporary file ($TMPDIR) and then streamed.
    """
    kind = output_kind(target)
    if kind == "stdout" and sys.stdout.isatty():
        raise OutputError(target, "will not write a binary database to a terminal; redirect it to a file or a pipe")
    store = open_store(db_path, read_only=True)
    if kind == "file":
        with _errors_named(target):
            store.backup(target)
    else:
        with tempfile.TemporaryDirectory(prefix="annotator-backup-") as folder:
            with _errors_named(Path(folder)):
                copy = store.backup(Path(folder) / "copy.sqlite")
            with copy.open("rb") as source, open_output(target, binary=True) as out:
                shutil.copyfileobj(source, out, 1 << 20)
    shown = STDOUT_NAME if kind == "stdout" else target
    click.echo(f"Backed up {store.path} to {shown}", err=kind == "stdout")


@contextlib.contextmanager
def _errors_named(path: Path) -> Iterator[None]:
    """OS and SQLite errors while SQLite writes the copy, as one line naming ``path``."""
    try:
        yield
    except (OutputError, BrokenPipeError):
        raise
    except OSError as exc:
        raise OutputError(path, reason(exc)) from None
    except sqlite3.Error as exc:
        raise OutputError(path, f"backup failed: {exc}") from None


COMMANDS = [backup_command]
