"""Rich rendering of an agreement result: ``annotator agreement --format text`` prints it, the
agreement screen of the TUI shows the same renderables.

Only presentation lives here (Rich, no Textual): the figures come from
:func:`annotator.agreement.compute_agreement`.
Every string that comes from data (document ids, layer names, labels, reasons) goes into a
``rich.text.Text`` after :func:`~annotator.agreement.report.safe_text`, never into markup, so an
id such as ``[bold]x`` or one holding an escape sequence is shown literally.
"""

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from annotator.agreement.report import exclusion_groups, number, safe_text, undefined_figures
from annotator.agreement.results import AgreementResult, PairResult

_NA_STYLE = "dim"


def _text(value: object, style: str = "") -> Text:
    return Text(safe_text(value), style=style)


def _figure(value: float | None) -> Text:
    """A coefficient cell: three decimals, ``n/a`` dimmed when undefined (reason in the notes)."""
    if value is None:
        return Text("n/a", style=_NA_STYLE)
    style = "green" if value >= 0.8 else "yellow" if value >= 0.6 else "red"
    return Text(number(value), style=style)


def _count(value: int) -> Text:
    return Text(f"{value:,}")


def _documents(result: AgreementResult) -> Group:
    docs = result.documents
    counts = Table(title="Documents", show_header=False, title_justify="left")
    counts.add_column("what")
    counts.add_column("count", justify="right")
    counts.add_row("total", _count(docs.total))
    counts.add_row("compared (done by at least two layers)", _count(docs.used))
    counts.add_row("excluded", _count(len(docs.excluded)))
    parts: list[Any] = [counts]
    groups = exclusion_groups(result)
    if groups:
        excluded = Table(title="Excluded documents", title_justify="left")
        excluded.add_column("reason")
        excluded.add_column("documents", justify="right")
        excluded.add_column("examples")
        for group in groups:
            examples = Text(", ").join(_text(i) for i in group.examples)
            if group.count > len(group.examples):
                examples.append(", …")
            excluded.add_row(_text(group.reason), _count(group.count), examples)
        parts.append(excluded)
    return Group(*parts)


def _multi_rater(result: AgreementResult) -> Table:
    table = Table(title="All layers", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("tokens", justify="right")
    for name, key in (("Fleiss' κ", "fleiss_kappa"), ("Krippendorff's α", "krippendorff_alpha")):
        figure = getattr(result, key)
        table.add_row(name, _figure(figure.value), _count(figure.documents), _count(figure.tokens))
    return table


def _matrix(result: AgreementResult, title: str, cell) -> Table:
    """A layers x layers table filled symmetrically from the pairs."""
    layers = result.layers
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for layer in layers:
        table.add_column(_text(layer), justify="right")
    cells: dict[tuple[str, str], Text] = {}
    for pair in result.pairs:
        cells[pair.a, pair.b] = cells[pair.b, pair.a] = cell(pair)
    for row in layers:
        table.add_row(
            _text(row, "bold"),
            *(
                Text("—", style=_NA_STYLE) if row == col else cells.get((row, col), Text(""))
                for col in layers
            ),
        )
    return table


def _f1_cell(pair: PairResult) -> Text:
    text = _figure(pair.spans.exact.f1.value)
    text.append(" (")
    text.append_text(_figure(pair.spans.overlap.f1.value))
    text.append(")")
    return text


def _per_label(result: AgreementResult) -> Group:
    overall = Table(title="Per label, all layers", title_justify="left")
    overall.add_column("label")
    overall.add_column("Fleiss' κ", justify="right")
    overall.add_column("Krippendorff's α", justify="right")
    for label in result.labels:
        entry = result.per_label[label]
        overall.add_row(_text(label), _figure(entry.fleiss_kappa.value), _figure(entry.krippendorff_alpha.value))
    parts: list[Any] = [overall]
    if result.pairs:
        pairs = Table(title="Per label and pair", title_justify="left")
        for name in ("label", "pair"):
            pairs.add_column(name)
        for name in ("spans A", "spans B", "exact F1", "overlap F1", "Cohen's κ"):
            pairs.add_column(name, justify="right")
        for label in result.labels:
            for pair in result.pairs:
                spans = pair.spans.per_label[label]
                pairs.add_row(
                    _text(label),
                    _text(pair.name),
                    _count(spans.exact.n_reference),
                    _count(spans.exact.n_other),
                    _figure(spans.exact.f1.value),
                    _figure(spans.overlap.f1.value),
                    _figure(pair.tokens.per_label[label].value),
                )
        parts.append(pairs)
    return Group(*parts)


def _confusion(result: AgreementResult) -> Table:
    table = Table(title="Disagreements per pair (spans of A / spans of B)", title_justify="left")
    table.add_column("pair (A vs B)")
    for name in ("exact", "boundary", "label", "only in A", "only in B"):
        table.add_column(name, justify="right")
    table.add_column("label confusions (A→B)")
    for pair in result.pairs:
        conf = pair.confusion
        confusions = Text(", ").join(
            _text(f"{p.a_label}→{p.b_label} {p.count:,}") for p in conf.label_pairs[:3]
        )
        table.add_row(
            _text(pair.name),
            _count(conf.a.exact),
            Text(f"{conf.a.boundary:,} / {conf.b.boundary:,}"),
            Text(f"{conf.a.label:,} / {conf.b.label:,}"),
            _count(conf.a.miss),
            _count(conf.b.miss),
            confusions or Text("–", style=_NA_STYLE),
        )
    return table


def _lowest(result: AgreementResult) -> Table:
    table = Table(title="Lowest agreement (mean exact F1 over pairs)", title_justify="left")
    table.add_column("document")
    table.add_column("mean exact F1", justify="right")
    table.add_column("pairs", justify="right")
    table.add_column("spans")
    for doc in result.lowest_documents:
        spans = Text(", ").join(_text(f"{layer} {n:,}") for layer, n in doc.spans.items())
        table.add_row(_text(doc.id), _figure(doc.f1), _count(doc.pairs), spans)
    return table


def report_renderables(result: AgreementResult) -> list[RenderableType]:
    """The report as Rich renderables, in order (what :func:`render_text` prints).

    Sections: document counts and exclusions; Fleiss' kappa and Krippendorff's alpha; pairwise
    matrices of exact span F1 (overlap F1) and Cohen's kappa; per-label figures; per-pair
    disagreement summary; the lowest-agreement documents; and the reason for each n/a.
    """
    layers = Text(", ").join(_text(layer, "bold") for layer in result.layers) or Text("none")
    labels = Text(", ").join(_text(label) for label in result.labels) or Text("none")
    parts: list[RenderableType] = [
        Text.assemble(("Inter-annotator agreement", "bold underline"), "\nlayers: ", layers, "\nlabels: ", labels,
                      *(("\nnot started (no document done, left out): ",
                         Text(", ").join(_text(layer) for layer in result.not_started))
                        if result.not_started else ())),
        _documents(result),
        _multi_rater(result),
    ]
    if result.pairs:
        parts.append(_matrix(result, "Exact span F1 (overlap F1)", _f1_cell))
        parts.append(_matrix(result, "Cohen's κ on tokens", lambda pair: _figure(pair.tokens.cohen_kappa.value)))
    parts.append(_per_label(result))
    if result.pairs:
        parts.append(_confusion(result))
        parts.append(
            Text(
                "exact: identical span · boundary: same label, overlapping, other boundaries · "
                "label: overlapping only with other labels · only in A/B: nothing overlaps it",
                style=_NA_STYLE,
            )
        )
    if result.lowest_documents:
        parts.append(_lowest(result))
    notes = list(undefined_figures(result))
    if notes:
        lines = [Text("n/a (undefined figures):", style="bold")]
        lines += [Text.assemble("  ", _text(name), ": ", _text(reason, _NA_STYLE)) for name, reason in notes]
        parts.append(Text("\n").join(lines))
    return parts


def render_text(result: AgreementResult, console: Console) -> None:
    """Print the agreement report to ``console`` as Rich tables (see :func:`report_renderables`)."""
    for part in report_renderables(result):
        console.print(part)
