"""``annotator suggest`` and ``annotator evaluate``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
import orjson

from annotator.cli.common import current_settings, db_option, open_store, stdout_console, user_errors
from annotator.model import GOLD, LABELS, MACHINE, UnknownDocument, quoted
from annotator.store import unknown_layer

if TYPE_CHECKING:
    from annotator.agreement.evaluate import Evaluation, SpanError


@click.command("suggest")
@db_option
@click.option("--all", "all_docs", is_flag=True, help="Every document (the default when no --doc is given).")
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
@click.option("--rerun", is_flag=True, help="Recompute suggestions that already exist.")
@click.option("--no-gold", is_flag=True, help="Do not learn surface forms from the gold layer.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A one-line summary, or JSON for scripts.")
@user_errors
def suggest_command(db_path, all_docs, doc_ids, rerun, no_gold, fmt) -> None:
    """Compute machine suggestions (the machine layer) with the multilingual suggester.

    Documents that already have a machine layer are skipped unless --rerun, so without options
    it fills in every document that has none yet (new documents imported with --no-suggest, or
    whose suggestions an error or an interruption left out). A document whose suggestion fails
    is reported and the others are stored (exit 1). Surface forms curated in the gold layer of
    other documents are suggested too (unless --no-gold). Annotators' layers are never touched.
    """
    from annotator.suggest.runner import suggest_documents

    if all_docs and doc_ids:
        raise click.UsageError("use either --all or --doc, not both")
    store = open_store(db_path)
    for doc_id in doc_ids:
        if not store.has_document(doc_id):
            raise UnknownDocument(doc_id)
    summary = suggest_documents(store, list(doc_ids) or None, rerun=rerun, learn_from_gold=not no_gold,
                                workers=current_settings().workers)
    failed = summary["failed"]
    if fmt == "json":
        click.echo(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode())
        if failed:
            sys.exit(1)
        return
    labels = ", ".join(f"{label} {summary['labels'].get(label, 0)}" for label in LABELS)
    line = (f"Suggested {summary['documents']} document(s), skipped {summary['skipped']}: "
            f"{summary['spans']} spans ({labels})")
    if failed:
        raise click.ClickException(f"{line}; failed for {len(failed)} document(s) (first: {quoted(failed[0]['id'])}: "
                                   f"{failed[0]['error']}); run 'annotator suggest' again to fill them in")
    click.echo(line)


@click.command("evaluate")
@db_option
@click.option("--layer", default=MACHINE, show_default=True, help="The layer to score.")
@click.option("--against", default=GOLD, show_default=True,
              help="The reference layer; only documents where it is done count.")
@click.option("--show-errors", is_flag=True, help="List misses and false alarms with their context.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Rich tables, or JSON for scripts.")
@click.option("--min-f1", type=float, help="Fail (exit 1) if the overall exact-match F1 is lower.")
@user_errors
def evaluate_command(db_path, layer, against, show_errors, fmt, min_f1) -> None:
    """Precision, recall and F1 of one layer against another (by default the machine
    suggestions against gold), exact and overlap, overall, per label and per language.

    Exact: same start, end and label. Overlap: same label and intersecting, matched one to one.
    Scores are micro-averaged over the documents both layers are done on, as 'annotator
    agreement --layers AGAINST,LAYER' counts them (the same figures); a figure that is undefined
    (nothing to divide by) is shown as – and given with its reason in JSON.
    """
    from annotator.agreement.evaluate import errors, evaluate

    store = open_store(db_path, read_only=True)
    known = set(store.layers())
    for name in (layer, against):
        if name not in known:
            raise unknown_layer(name, known)
    result = evaluate(store, layer, against)
    error_list = errors(store, layer, against) if show_errors else None
    if fmt == "json":
        payload = result.to_json()
        if error_list is not None:
            payload["errors"] = [e.to_json() for e in error_list]
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
    else:
        _print_text(result, error_list)
    if min_f1 is not None:
        f1, reason = result.overall.exact.f1
        if result.documents == 0:
            click.echo(f"Below minimum: no document is done by both {layer} and {against}, so exact F1 cannot "
                       f"meet the minimum {min_f1:.3f}", err=True)
            sys.exit(1)
        if f1 is None:
            click.echo(f"Below minimum: exact F1 is undefined ({reason}), so it cannot meet the "
                       f"minimum {min_f1:.3f}", err=True)
            sys.exit(1)
        if f1 < min_f1:
            click.echo(f"Below minimum: exact F1 {f1:.3f} < {min_f1:.3f} over {result.documents} document(s)",
                       err=True)
            sys.exit(1)


def _print_text(result: Evaluation, error_list: list[SpanError] | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from annotator.agreement.tables import evaluation_table
    from annotator.curation.report import printable
    from annotator.tui.tables import rich_table

    console = stdout_console()
    console.print(f"[bold]{escape(str(result.layer))}[/] against [bold]{escape(str(result.against))}[/]: "
                  f"{result.documents} document(s) done by both", highlight=False)
    console.print(rich_table(evaluation_table(result), colour_figures=False))
    if error_list is None:
        return
    errors_table = Table(title="Errors (exact match)", title_justify="left")
    for column in ("document", "kind", "label", "text", "context", "overlapping"):
        errors_table.add_column(column)
    for e in error_list:  # document text shown as `report` shows it: no control character reaches the terminal
        overlapping = ", ".join(f"{o.label} {printable(repr(o.text))}" for o in e.overlapping)
        errors_table.add_row(escape(e.doc_id), e.kind, e.label, escape(printable(e.text)),
                             escape(printable(e.context)), escape(overlapping))
    console.print(errors_table)


COMMANDS = [suggest_command, evaluate_command]
