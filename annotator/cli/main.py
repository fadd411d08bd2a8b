"""The ``annotator`` command group. Subcommands live in their own modules and are added here.

A bare ``annotator`` (options only) opens the annotation screen: the group is invoked without a
subcommand (click's ``invoke_without_command``), so a mistyped command is an error with a
suggestion rather than an argument of the screen, and shell completion sees every subcommand.
``--db`` and ``--annotator`` may be given before the command as well as after it.
"""

from difflib import get_close_matches

import click

from annotator import __version__
from annotator.cli.common import current_settings, db_option, load_cli_settings, user_errors
from annotator.model import quoted

ANNOTATOR_HELP = "Your layer name (default: your OS user name)."


class AnnotatorGroup(click.Group):
    """The command group; an unknown command is an error that names the nearest commands."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            name = args[0] if args else ""
            if "Did you mean" not in exc.format_message() and name and not name.startswith("-"):
                close = get_close_matches(name, list(self.commands))
                if close:
                    exc.message = f"{exc.message} Did you mean {quoted(close[0])}?"
            raise


@click.group(cls=AnnotatorGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="annotator")
@db_option
@click.option("--annotator", "annotator_name", help=ANNOTATOR_HELP)
@click.option("--doc", "doc_id", help="Without a command: open this document first.")
@click.pass_context
def main(ctx: click.Context, db_path, annotator_name, doc_id) -> None:
    """Annotate multilingual news articles with ACTOR, FIGURE, LOCATION and SOURCE spans.

    Without a command, opens the annotation screen on the database (default data/gold.sqlite,
    or $ANNOTATOR_DB, or db in ~/.config/annotator/config.toml) as the annotator (default: your
    OS user name). --db given here applies to the command that follows: annotator --db
    corpus.sqlite status.
    """
    load_cli_settings()  # once, before any command: a bad configuration file stops here
    if ctx.invoked_subcommand is None:
        ctx.invoke(annotate, db_path=db_path, annotator_name=annotator_name, doc_id=doc_id)


@main.command()
@db_option
@click.option("--annotator", "annotator_name", help=ANNOTATOR_HELP)
@click.option("--doc", "doc_id", help="Open this document first.")
@user_errors
def annotate(db_path, annotator_name, doc_id) -> None:
    """Open the annotation screen (what a bare 'annotator' does)."""
    from annotator.cli.common import open_store
    from annotator.model import validate_annotator_name
    from annotator.store.store import default_annotator

    root = click.get_current_context().find_root()
    annotator_name = annotator_name or root.params.get("annotator_name")
    name = validate_annotator_name(annotator_name or default_annotator())
    store = open_store(db_path)
    store.require_role(name)  # with a team, members only
    from annotator.tui.app import run_annotate

    run_annotate(store, annotator=name, doc_id=doc_id, settings=current_settings())


def _register() -> None:
    from annotator.cli import (
        agreement,
        backup,
        consistency,
        curation,
        export,
        importing,
        search,
        status,
        suggesting,
        team,
    )

    for module in (importing, export, status, suggesting, agreement, curation, backup, consistency, team, search):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
