"""``annotator export``."""

import sys

import click

from annotator.cli.common import db_option, open_store, output_option, user_errors
from annotator.formats.exporting import FORMATS, export_items, export_lines
from annotator.formats.output import STDIO, open_output
from annotator.model import STATUSES

BIOES_WARNING = ("spaCy's `spacy convert --converter ner` reads IOB tags only and would read these BIOES "
                 "tags as wrong entities: for spaCy use --format spacy (or --scheme iob2)")


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="conll", show_default=True,
              help="conll: token<TAB>tag lines; jsonl: one record per document and layer; doccano, "
              "labelstudio (JSON), prodigy (JSONL): those tools' import formats; brat: a new folder of "
              ".txt/.ann files (needs -o FOLDER, one layer); spacy: a DocBin .spacy file.")
@click.option("--layer", "layers", multiple=True, help="Layer to export (repeatable; default: gold).")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status in the layer.")
@click.option("--scheme", type=click.Choice(["iob2", "bioes"]), default="iob2", show_default=True,
              help="Tagging scheme for CoNLL.")
@output_option("the export (for brat: a new folder)")
@user_errors
def export_command(db_path, fmt, layers, status, scheme, output) -> None:
    """Export layers as CoNLL (IOB2 by default), JSONL, doccano, Label Studio, Prodigy, brat or
    spaCy.

    Exports every document the layer has touched (a span, or a status other than todo), or only
    those with --status. Where a span boundary falls inside a token (CoNLL, Prodigy, spaCy), the
    token is split; for CoNLL a warning is printed on standard error.
    """
    store = open_store(db_path, read_only=True)

    def warn(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    if fmt == "brat":
        _export_brat(store, layers, status, output)
        return
    if fmt == "spacy":
        _export_spacy(store, layers, status, output)
        return
    if fmt == "conll" and scheme == "bioes":
        warn(BIOES_WARNING)
    lines = export_lines(store, fmt, list(layers) or None, status, scheme, warn)
    first = next(lines, None)  # validate options before creating the file
    with open_output(output or STDIO) as handle:
        if first is not None:
            handle.write(first)
        for line in lines:
            handle.write(line)


def _export_brat(store, layers, status, output) -> None:
    from annotator.formats.brat import brat_files, write_folder

    if output is None or str(output) == STDIO:
        raise click.UsageError("--format brat writes a folder: give it with -o FOLDER")
    if len(set(layers)) > 1:
        raise click.UsageError("a brat folder holds one annotator's spans: export one --layer at a time")
    items = export_items(store, list(layers) or None, status)
    count = write_folder(output, brat_files(item[:4] for item in items))
    click.echo(f"Wrote {count} document(s) to {output}", err=True)


def _export_spacy(store, layers, status, output) -> None:
    from annotator.formats.spacy_docbin import docbin_bytes

    if (output is None or str(output) == STDIO) and sys.stdout.isatty():
        raise click.UsageError("--format spacy writes a binary file: give it with -o FILE")
    data = docbin_bytes(export_items(store, list(layers) or None, status))
    with open_output(output or STDIO, binary=True) as handle:
        handle.write(data)


COMMANDS = [export_command]
