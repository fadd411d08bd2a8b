"""``annotator export``."""

import click

from annotator.cli.common import db_option, open_store, output_option, user_errors
from annotator.formats.exporting import FORMATS, export_lines
from annotator.formats.output import STDIO, open_output
from annotator.model import STATUSES


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="conll", show_default=True,
              help="conll: token<TAB>tag lines; jsonl: one record per document and layer.")
@click.option("--layer", "layers", multiple=True, help="Layer to export (repeatable; default: gold).")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status in the layer.")
@click.option("--scheme", type=click.Choice(["iob2", "bioes"]), default="iob2", show_default=True,
              help="Tagging scheme for CoNLL.")
@output_option("the export")
@user_errors
def export_command(db_path, fmt, layers, status, scheme, output) -> None:
    """Export a layer as CoNLL (IOB2 by default) or JSONL.

    Exports every document the layer has touched (a span, or a status other than todo), or only
    those with --status. Where a span boundary falls inside a token, the token is split and a
    warning is printed on standard error.
    """
    store = open_store(db_path, read_only=True)

    def warn(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    lines = export_lines(store, fmt, list(layers) or None, status, scheme, warn)
    first = next(lines, None)  # validate options before creating the file
    with open_output(output or STDIO) as handle:
        if first is not None:
            handle.write(first)
        for line in lines:
            handle.write(line)


COMMANDS = [export_command]
