"""``annotator merge``, ``annotator curate`` and ``annotator report``: curation into gold, and
feedback for annotators against it."""

from __future__ import annotations

import click
import orjson

from annotator.cli.common import (
    current_settings,
    db_option,
    emit_rich,
    emit_text,
    open_store,
    output_option,
    user_errors,
)
from annotator.curation.merge import MergeSummary, Strategy
from annotator.curation.report import (
    ERROR_KINDS,
    ERROR_NAMES,
    Example,
    LayerReport,
    context_pieces,
    printable,
    report_table,
)
from annotator.model import GOLD, UnknownDocument, quoted, validate_layer_name
from annotator.store.team import CURATOR


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    return names or None


def _curator(name: str | None) -> str:
    from annotator.store.store import default_annotator

    return validate_layer_name(name or default_annotator())


layers_option = click.option(
    "--layers", help="Comma-separated annotator layers to compare (default: every layer but machine and gold)."
)
curator_option = click.option(
    "--curator", help="Your name, recorded with every change to gold (default: your OS user name)."
)


# -- merge -------------------------------------------------------------------------------------------
@click.command("merge")
@db_option
@click.option("--into", "into", type=click.Choice([GOLD]), default=GOLD, show_default=True,
              help="The layer that receives the merged spans.")
@click.option("--strategy", type=click.Choice([s.value for s in Strategy]), default=Strategy.UNANIMOUS.value,
              show_default=True,
              help="unanimous: every done layer has the span; majority: more than half of them do.")
@click.option("--min-votes", type=click.IntRange(min=1),
              help="majority: merge spans at least this many done layers have (instead of more than half); "
                   "unanimous: only documents at least this many layers have done (default 2).")
@layers_option
@curator_option
@click.option("--dry-run", is_flag=True, help="Show what would be merged without changing anything.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A summary, or JSON with every merged span and every open conflict.")
@user_errors
def merge_command(db_path, into, strategy, min_votes, layers, curator, dry_run, fmt) -> None:
    """Merge what the annotators agree on (same span, same label) into gold.

    Only documents at least two of the layers have marked done take part, and only the layers
    done on a document vote there. Curators' decisions are never overridden: a span rejected by
    a curator, or overlapping a different gold span, stays out. Merged spans keep their
    provenance (e.g. merge:unanimous:alice,bob). Running the merge again changes nothing. What
    is left in conflict is listed: resolve it with 'annotator curate'.
    """
    from annotator.curation.loading import compared_layers, merge_into_gold

    store = open_store(db_path, read_only=dry_run)
    name = _curator(curator)
    if not dry_run:
        store.require_role(name, CURATOR, "merge into gold")
    chosen = compared_layers(store, _names(layers), into)
    if len(chosen) < 2:
        raise click.UsageError(f"a merge needs at least two annotator layers, got {', '.join(chosen) or 'none'}")
    summary = merge_into_gold(store, strategy, actor=name, layers=chosen, min_votes=min_votes, gold=into,
                              dry_run=dry_run)
    if fmt == "json":
        click.echo(orjson.dumps(summary.to_json(), option=orjson.OPT_INDENT_2).decode())
        return
    _say_not_started(store, layers)
    print_merge(summary)


def _say_not_started(store, layers: str | None) -> None:
    """Name the layers left out by default because no document of theirs is done."""
    if _names(layers):
        return
    from annotator.agreement.loading import not_started_layers

    stray = not_started_layers(store)
    if stray:
        click.echo(f"Not started (no document done, left out): {', '.join(stray)}", err=True)


def print_merge(summary: MergeSummary, console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console(highlight=False)
    verb = "Would merge" if summary.dry_run else "Merged"
    per_label = ", ".join(f"{label} {n}" for label, n in summary.merged_per_label().items())
    changed = sum(1 for p in summary.plans if p.added)
    console.print(Text.assemble(
        (f"{verb} {summary.merged} span{'s' if summary.merged != 1 else ''}", "bold"),
        f" into gold ({summary.strategy}; layers {', '.join(summary.layers) or 'none'})",
        f" on {changed} of {len(summary.plans)} document{'s' if len(summary.plans) != 1 else ''}",
        f": {per_label}" if per_label else "",
    ))
    kept_rejected = sum(len(p.kept_rejected) for p in summary.plans)
    kept_gold = sum(len(p.kept_gold) for p in summary.plans)
    ambiguous = sum(len(p.ambiguous) for p in summary.plans)
    already = sum(p.already for p in summary.plans)
    if already:
        console.print(Text(f"Already in gold: {already}"))
    if kept_rejected or kept_gold:
        console.print(Text(f"Curators' decisions kept: {kept_rejected} rejected span(s) not merged, "
                           f"{kept_gold} span(s) overlapping a different gold span not merged"))
    if ambiguous:
        console.print(Text(f"Overlapping candidates left in conflict: {ambiguous}"))
    if summary.skipped:
        console.print(Text(f"Skipped {len(summary.skipped)} document(s) fewer than two of the layers have done"))
    open_plans = [p for p in summary.plans if p.open_conflicts]
    if not open_plans:
        console.print(Text("No conflict left.", style="green"))
        return
    console.print(Text.assemble(
        (f"{summary.open_conflicts} conflict(s) left", "bold yellow"),
        f" in {len(open_plans)} document(s): resolve them with 'annotator curate'",
    ))
    table = Table(show_edge=False, pad_edge=False)
    for name, justify in (("document", "left"), ("layers", "left"), ("merged", "right"), ("conflicts", "right"),
                          ("missing", "right"), ("boundary", "right"), ("label", "right")):
        table.add_column(Text(name), justify=justify)
    for plan in open_plans:
        kinds = [k for c in plan.open_conflicts for k in c.kinds]
        table.add_row(
            Text(printable(plan.doc_id)), Text(", ".join(plan.layers)), Text(str(len(plan.added))),
            Text(str(len(plan.open_conflicts))),
            *(Text(str(kinds.count(k))) for k in ("missing", "boundary", "label")),
        )
    console.print(table)


# -- curate ------------------------------------------------------------------------------------------
@click.command("curate")
@db_option
@curator_option
@layers_option
@click.option("--anonymous", is_flag=True, help="Show the layers as annotator 1, 2, ... instead of their names.")
@click.option("--doc", "doc_id", help="Start at this document's conflicts.")
@click.option("--merge/--no-merge", "auto_merge", default=True, show_default=True,
              help="First merge what every done layer agrees on (as 'annotator merge --strategy unanimous'), "
                   "so that only conflicts are left to decide.")
@user_errors
def curate_command(db_path, curator, layers, anonymous, doc_id, auto_merge) -> None:
    """Open the curator screen: every conflict between the annotators, documents an annotator
    flagged as unsure first (their notes beside the conflict), then the worst-agreeing, with
    each layer's version side by side. Layers with no done document are left out unless named.

    Keys: tab / shift+tab next / previous conflict, 1..9 take that layer's version, m take the
    majority, x reject every version, e edit gold by hand, u undo, r an annotator's report
    against gold, a the agreement between the layers, q quit. Every decision is saved at once,
    with who made it and which layers it followed.
    """
    from annotator.curation.loading import compared_layers, has_conflicts, merge_into_gold
    from annotator.curation.session import CurationSession

    name = _curator(curator)
    store = open_store(db_path)
    store.require_role(name, CURATOR, "curate")
    chosen = compared_layers(store, _names(layers))
    _say_not_started(store, layers)
    if len(chosen) < 2:
        raise click.UsageError(f"curation needs at least two annotator layers, got {', '.join(chosen) or 'none'}")
    if doc_id is not None:  # every argument is checked before the merge writes anything
        if not store.has_document(doc_id):
            raise UnknownDocument(doc_id)
        if not has_conflicts(store, doc_id, chosen):
            raise click.UsageError(f"document {quoted(doc_id)} has no conflict between done layers")
    merged = None
    if auto_merge:
        merged = merge_into_gold(store, Strategy.UNANIMOUS, actor=name, layers=chosen)
    session = CurationSession(store, name, chosen, anonymous=anonymous)
    if doc_id is not None and not session.go_to_document(doc_id):
        raise click.UsageError(f"document {quoted(doc_id)} has no conflict between done layers")
    from annotator.tui.curate import run_curate

    run_curate(session, merged=merged.merged if merged else 0, settings=current_settings())


# -- report ------------------------------------------------------------------------------------------
@click.command("report")
@db_option
@click.option("--layer", required=True, help="The annotator's layer to compare with gold.")
@click.option("--examples", "n_examples", type=click.IntRange(min=0), default=5, show_default=True,
              help="How many examples of each kind of error to show.")
@click.option("--all-documents", is_flag=True,
              help="Also compare on documents whose curation is still in progress (default: gold done only).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Tables and examples, or JSON.")
@output_option()
@click.option("--tui", is_flag=True, help="Show the report on screen (scroll, switch layers) instead of printing it.")
@user_errors
def report_command(db_path, layer, n_examples, all_documents, fmt, output, tui) -> None:
    """Feedback for an annotator: their spans against gold, on the documents both have finished.

    Counts misses (a gold span they do not have), extras (a span of theirs gold does not
    have), boundary errors and label errors; exact precision, recall and F1 per label; and
    examples of each error in context. Then the layer's consistency across the documents it has
    touched, as 'annotator consistency' reports it.
    """
    from annotator.curation.loading import layer_report

    store = open_store(db_path, read_only=True)
    validate_layer_name(layer)
    if tui:
        from annotator.tui.curate_report import run_report

        layer_report(store, layer, include_unfinished=all_documents)  # fail here, before the screen opens
        run_report(store, [layer], include_unfinished=all_documents)
        return
    from annotator.curation.consistency import layer_consistency, render_text

    report, texts = layer_report(store, layer, include_unfinished=all_documents)
    consistency = layer_consistency(store, layer)
    if fmt == "json":
        data = {**report.to_json(texts, n_examples), "consistency": consistency.to_json()}
        emit_text(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n", output)
        return

    def render(console) -> None:
        from rich.text import Text

        print_report(report, texts, console, n_examples)
        console.print()
        for line in render_text(consistency, limit=n_examples):  # printable text, never markup
            console.print(Text(line), soft_wrap=True)

    emit_rich(render, output, highlight=False)


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def print_report(report: LayerReport, texts: dict[str, str], console, n_examples: int = 5) -> None:
    """The report as Rich tables and examples. Every piece of document text or id goes in as a
    ``Text`` object (printable characters only), never as markup."""
    from rich.text import Text

    from annotator.tui.tables import rich_table

    total = report.total()
    scores = total.scores()
    console.print(Text.assemble(
        ("Layer ", "bold"), (report.layer, "bold cyan"), " against gold on ",
        (str(len(report.documents)), "bold"), f" document{'s' if len(report.documents) != 1 else ''}",
        f" · exact F1 {_figure(scores.f1.value)} (precision {_figure(scores.precision.value)}, "
        f"recall {_figure(scores.recall.value)})",
    ), soft_wrap=True)
    if not report.documents:
        console.print(Text("No document is finished by both this layer and gold: nothing to compare yet.",
                           style="yellow"))
        return
    spec = report_table(report)
    console.print(rich_table(spec, show_edge=False, no_wrap=True, colour_figures=False))
    if report.label_confusions:
        pairs = ", ".join(f"gold {g} → {a} {n}" for (g, a), n in
                          sorted(report.label_confusions.items(), key=lambda kv: -kv[1]))
        console.print(Text(f"Label confusions: {pairs}"))
    console.print(Text(spec.note or "", style="dim"))
    if n_examples <= 0:
        return
    for kind in ERROR_KINDS:
        examples = report.examples_of(kind)
        if not examples:
            continue
        console.print(Text.assemble(
            ("\n" + ERROR_NAMES[kind].capitalize(), "bold underline"),
            f" ({len(examples)}; {min(n_examples, len(examples))} shown)",
        ))
        for example in examples[:n_examples]:
            for line in example_lines(example, texts.get(example.doc_id, ""), report.layer):
                console.print(line, soft_wrap=True)


def example_lines(example: Example, text: str, layer: str) -> list:
    """An example as Rich ``Text`` lines: where it is, then gold's and the layer's version in the
    same stretch of context, spans as ``[A ...]`` with the label's colour."""
    from rich.text import Text

    from annotator.tui.theme import LABEL_THEMES

    head = Text.assemble(("  " + printable(example.doc_id), "cyan"), f" @{example.start}-{example.end}")
    lines = [head]
    width = max(4, len(layer), len("gold"))
    for name, spans in (("gold", example.gold), (layer, example.layer)):
        line = Text(f"    {name:<{width}}  ", style="dim")
        lo, hi = example.context
        if lo > 0:
            line.append("…")
        for piece, span in context_pieces(text, example.context, spans):
            if span is None:
                line.append(piece)
            else:
                look = LABEL_THEMES.get(span.label)
                style = look.mark_style() if look is not None else "reverse"  # the TUI's colours
                line.append(f"[{span.label[:1]} ", style=style)
                line.append(piece, style=style)
                line.append("]", style=style)
        if hi < len(text):
            line.append("…")
        if not spans:
            line.append("   (none)", style="dim italic")
        lines.append(line)
    return lines


COMMANDS = [merge_command, curate_command, report_command]
