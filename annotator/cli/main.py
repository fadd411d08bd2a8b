"""The ``annotator`` command group. Subcommands live in their own modules and are added here."""

import click
from click_default_group import DefaultGroup

from annotator import __version__
from annotator.cli.common import db_option, user_errors


@click.group(cls=DefaultGroup, default="annotate", default_if_no_args=True)
@click.version_option(__version__, prog_name="annotator")
def main() -> None:
    """Annotate multilingual news articles with ACTOR, FIGURE, LOCATION and SOURCE spans.

    Run without a command to open the annotation screen on the database
    (default data/gold.sqlite, or $ANNOTATOR_DB).
    """


@main.command()
@db_option
@click.option("--annotator", "annotator_name", help="Your layer name (default: your OS user name).")
@click.option("--doc", "doc_id", help="Open this document first.")
@user_errors
def annotate(db_path, annotator_name, doc_id) -> None:
    """Open the annotation screen (the default command)."""
    from annotator.cli.common import open_store
    from annotator.model import validate_layer_name
    from annotator.store.store import default_annotator

    name = validate_layer_name(annotator_name or default_annotator())
    store = open_store(db_path)
    try:
        from annotator.tui.app import run_annotate
    except ImportError:  # the TUI is optional until it lands
        from annotator.cli.status import print_status

        print_status(store)
        return
    run_annotate(store, annotator=name, doc_id=doc_id)


def _register() -> None:
    from annotator.cli import agreement, backup, consistency, curation, export, importing, status, suggesting

    for module in (importing, export, status, suggesting, agreement, curation, backup, consistency):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
