"""Rich rendering of an agreement result: ``annotator agreement --format text`` prints it, the
agreement screen of the TUI shows the same renderables.

Only presentation lives here (Rich, no Textual): the figures come from
:func:`annotator.agreement.compute_agreement`, and the tables, their rows and the order of both
from :func:`annotator.agreement.tables.agreement_tables`, which the Markdown report renders too.
Every string that comes from data (document ids, layer names, labels, reasons) goes into a
``rich.text.Text`` after :func:`~annotator.agreement.report.safe_text`, never into markup, so an
id such as ``[bold]x`` or one holding an escape sequence is shown literally.
"""

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from annotator.agreement.report import safe_text, undefined_figures
from annotator.agreement.results import AgreementResult
from annotator.agreement.tables import agreement_tables
from annotator.tui.tables import NOT_AVAILABLE_STYLE, rich_table


def _text(value: object, style: str = "") -> Text:
    return Text(safe_text(value), style=style)


def _count(value: int) -> Text:
    return Text(f"{value:,}")


def _documents(result: AgreementResult) -> Table:
    docs = result.documents
    counts = Table(title="Documents", show_header=False, title_justify="left")
    counts.add_column("what")
    counts.add_column("count", justify="right")
    counts.add_row("total", _count(docs.total))
    counts.add_row("compared (done by at least two layers)", _count(docs.used))
    counts.add_row("excluded", _count(len(docs.excluded)))
    return counts


def report_renderables(result: AgreementResult) -> list[RenderableType]:
    """The report as Rich renderables, in order (what :func:`render_text` prints).

    The heading and the document counts, then every table of
    :func:`~annotator.agreement.tables.agreement_tables` in its order (each with its note), then
    the reason for each n/a.
    """
    layers = Text(", ").join(_text(layer, "bold") for layer in result.layers) or Text("none")
    labels = Text(", ").join(_text(label) for label in result.labels) or Text("none")
    parts: list[RenderableType] = [
        Text.assemble(("Inter-annotator agreement", "bold underline"), "\nlayers: ", layers, "\nlabels: ", labels,
                      *(("\nnot started (no document done, left out): ",
                         Text(", ").join(_text(layer) for layer in result.not_started))
                        if result.not_started else ())),
        _documents(result),
    ]
    for spec in agreement_tables(result):
        table = rich_table(spec)
        parts.append(Group(table, Text(spec.note, style=NOT_AVAILABLE_STYLE)) if spec.note else table)
    notes = list(undefined_figures(result))
    if notes:
        lines = [Text("n/a (undefined figures):", style="bold")]
        lines += [Text.assemble("  ", _text(name), ": ", _text(reason, NOT_AVAILABLE_STYLE)) for name, reason in notes]
        parts.append(Text("\n").join(lines))
    return parts


def render_text(result: AgreementResult, console: Console) -> None:
    """Print the agreement report to ``console`` as Rich tables (see :func:`report_renderables`)."""
    for part in report_renderables(result):
        console.print(part)
