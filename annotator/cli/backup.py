"""``annotator backup``."""

from pathlib import Path

import click

from annotator.cli.common import db_option, open_store, user_errors


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@user_errors
def backup_command(target: Path, db_path: Path | None) -> None:
    """Copy the database to TARGET with SQLite's online backup (safe while others annotate)."""
    store = open_store(db_path, read_only=True)
    path = store.backup(target)
    click.echo(f"Backed up {store.path} to {path}")


COMMANDS = [backup_command]
