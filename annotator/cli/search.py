"""``annotator search``: every occurrence of a string or a pattern in the corpus, in context."""

from __future__ import annotations

import click
import orjson

from annotator.cli.common import db_option, emit_text, open_store, user_errors
from annotator.store import unknown_layer


@click.command("search")
@click.argument("query")
@db_option
@click.option("--regex", "-r", is_flag=True, help="QUERY is a (Python) regular expression.")
@click.option("--ignore-case", "-i", "fold", is_flag=True, help="Ignore case and diacritics (Almaty = ałmaty).")
@click.option("--layer", help="Show how this layer labels each hit.")
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Show at most this many hits (all are counted).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="One keyword-in-context line per hit, or JSON.")
@user_errors
def search_command(query, db_path, regex, fold, layer, limit, fmt) -> None:
    """Search every document: one line per hit with the document, its language, the offsets,
    the label LAYER gives the hit (with --layer) and the text around it.

    Hits are in import order; matches do not overlap. A plain query of three characters or more
    uses the trigram index; a regular expression reads every document. The same search is a
    screen in the annotation and curator apps (key F, or the command palette), where every hit
    can be labelled at once.
    """
    from annotator.curation.report import printable

    store = open_store(db_path, read_only=True)
    if layer is not None and layer not in (known := store.layers()):
        raise unknown_layer(layer, known)
    result = store.search(query, regex=regex, fold=fold, layer=layer, limit=limit)
    if fmt == "json":
        data = {"query": query, "regex": regex, "ignore_case": fold, "layer": layer, "total": result.total,
                "documents": result.documents, "hits": [h.to_json() for h in result.hits]}
        emit_text(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n", None)
        return
    lines = []
    for hit in result.hits:
        label = f" {hit.label or '-':<8}" if layer else ""
        lines.append(f"{printable(hit.doc_id)} {hit.lang} @{hit.start}-{hit.end}{label}  "
                     f"{printable(hit.left)}[{printable(hit.text)}]{printable(hit.right)}")
    more = f", {len(result.hits)} shown" if result.truncated else ""
    lines.append(f"{result.total} hit(s) in {result.documents} document(s){more}")
    emit_text("\n".join(lines) + "\n", None)


COMMANDS = [search_command]
