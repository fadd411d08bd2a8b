"""``annotator agreement``."""

import sys
from dataclasses import replace
from pathlib import Path

import click
import orjson

from annotator.agreement import check_thresholds, compute_agreement, render_markdown
from annotator.agreement.loading import default_layers, load_documents, not_started_layers
from annotator.agreement.results import AgreementResult
from annotator.cli.common import db_option, emit_rich, emit_text, open_store, output_option, user_errors
from annotator.model import LABELS, quoted
from annotator.store import unknown_layer


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    return names or None


@click.command("agreement")
@db_option
@click.option("--layers", help="Comma-separated layers to compare (default: every human layer with a done "
              "document; the others are listed as not started). "
              "'machine' and 'gold' may be named.")
@click.option("--labels", help=f"Comma-separated labels to compare (default: {','.join(LABELS)}).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Rich tables, Markdown (for a CI job summary) or JSON.")
@output_option()
@click.option("--min-f1", type=float, help="Fail (exit 1) if any pair's exact span F1 is lower.")
@click.option("--min-kappa", type=float, help="Fail (exit 1) if any Cohen's kappa or Fleiss' kappa is lower.")
@click.option("--min-alpha", type=float, help="Fail (exit 1) if Krippendorff's alpha is lower.")
@click.option("--tui", is_flag=True, help="Show the tables on screen (scroll; r recomputes, q quits) instead of "
              "printing them. Not with --format, --output or the minimums.")
@user_errors
def agreement_command(db_path, layers, labels, fmt, output, min_f1, min_kappa, min_alpha, tui) -> None:
    """Inter-annotator agreement: span F1 (exact and overlap), Cohen's and Fleiss' kappa and
    Krippendorff's alpha, overall and per label.

    Only documents a layer has marked done count for it. With --min-f1, --min-kappa or
    --min-alpha the exit status is 1 when a figure is below its minimum (for CI gates);
    usage errors exit with 2. With --tui the same tables open in a screen (also reachable in the
    curator with a or its command palette; not from the annotation screen, where annotators work
    blind). Definitions: docs/agreement.md.
    """
    if tui and (fmt != "text" or output is not None or any(v is not None for v in (min_f1, min_kappa, min_alpha))):
        raise click.UsageError("--tui shows the report on screen: it cannot be combined with --format, "
                               "--output, --min-f1, --min-kappa or --min-alpha")
    store = open_store(db_path, read_only=True)
    known = set(store.layers())
    chosen = _names(layers) or default_layers(store)
    unknown = [layer for layer in chosen if layer not in known]
    if unknown:
        raise unknown_layer(unknown[0], known)
    if len(chosen) < 2:
        raise click.UsageError(f"agreement needs at least two layers, got {', '.join(chosen) or 'none'}")
    chosen_labels = _names(labels) or list(LABELS)
    bad = [label for label in chosen_labels if label not in LABELS]
    if bad:
        raise click.UsageError(f"unknown label {quoted(bad[0])} (labels: {', '.join(LABELS)})")
    if tui:
        from annotator.tui.agreement_screen import run_agreement

        path = store.path
        store.close()  # the screen computes in a worker thread, on a connection of its own
        run_agreement(path, layers=chosen if _names(layers) else None, labels=chosen_labels)
        return
    result = compute_agreement(load_documents(store, chosen), chosen, chosen_labels)
    if not _names(layers):
        result = replace(result, not_started=not_started_layers(store))
    failures = check_thresholds(result, min_f1=min_f1, min_kappa=min_kappa, min_alpha=min_alpha)
    _write(result, fmt, output)
    if failures:
        for failure in failures:
            click.echo(f"Below minimum: {failure}", err=True)
        sys.exit(1)


def _write(result: AgreementResult, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        emit_text(orjson.dumps(result.to_json(), option=orjson.OPT_INDENT_2).decode() + "\n", output)
    elif fmt == "markdown":
        emit_text(render_markdown(result), output)
    else:
        from annotator.tui.agreement_tables import render_text

        emit_rich(lambda console: render_text(result, console), output)


COMMANDS = [agreement_command]
