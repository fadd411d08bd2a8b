"""``annotator consistency``: is the same name labelled the same way in every document?"""

from __future__ import annotations

import sys

import click
import orjson

from annotator.cli.common import db_option, emit_text, open_store, output_option, user_errors
from annotator.model import validate_layer_name
from annotator.store import unknown_layer


@click.command("consistency")
@db_option
@click.option("--layer", required=True, help="The layer to check (an annotator's, or gold).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Plain text, Markdown (for a CI job summary) or JSON.")
@click.option("--examples", "limit", type=click.IntRange(min=0), default=None,
              help="Show at most this many findings per surface (default: all). JSON always has all.")
@output_option()
@click.option("--min-consistency", type=click.FloatRange(0.0, 1.0),
              help="Fail (exit 1) if the overall consistency is lower (or undefined: nothing labelled).")
@user_errors
def consistency_command(db_path, layer, fmt, limit, output, min_consistency) -> None:
    """Consistency of a layer across documents: every surface form the layer labels somewhere
    (matched like the suggester matches names: ignoring case and diacritics, across scripts, with
    the case endings of the document's languages) is looked for in every document the layer has
    touched.

    Lists the places where it carries another label than its usual (majority) one, and the
    places where it is left unlabelled, with context; and per label the consistency: the share
    of the occurrences of its surfaces that carry it. One-letter surfaces, numbers and function
    words are ignored; a name inside a longer labelled span is not counted. With
    --min-consistency the exit status is 1 when the overall figure is lower (for CI gates).
    """
    from annotator.curation.consistency import layer_consistency, render_markdown, render_text

    store = open_store(db_path, read_only=True)
    validate_layer_name(layer)
    known = set(store.layers())
    if layer not in known:
        raise unknown_layer(layer, known)
    report = layer_consistency(store, layer)
    if fmt == "json":
        emit_text(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode() + "\n", output)
    elif fmt == "markdown":
        emit_text(render_markdown(report, limit=limit), output)
    else:
        emit_text("\n".join(render_text(report, limit=limit)) + "\n", output)
    if min_consistency is not None:
        figure = report.total().consistency
        if figure is None:
            click.echo(f"Below minimum: consistency is undefined (no labelled surface), so it cannot meet "
                       f"the minimum {min_consistency}", err=True)
            sys.exit(1)
        if figure < min_consistency:
            click.echo(f"Below minimum: consistency is {figure:.4f}, below the minimum {min_consistency}", err=True)
            sys.exit(1)


COMMANDS = [consistency_command]
