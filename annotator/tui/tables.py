"""Rich and Textual renderings of a table description (:mod:`annotator.agreement.tables`).

The description fixes the columns and the rows in their order; these functions only decide the
look: figures coloured by value (``figure_styles``), undefined ones dimmed, total rows in bold.
Every cell goes into a ``rich.text.Text`` after
:func:`~annotator.agreement.report.safe_text`, never into markup, so a document id such as
``[bold]x`` or one holding an escape sequence is shown literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from annotator.agreement.report import safe_text
from annotator.agreement.tables import FIGURE, NOT_AVAILABLE, Cell, TableSpec

if TYPE_CHECKING:
    from textual.widgets import DataTable

NOT_AVAILABLE_STYLE = "dim"


def figure_style(value: float) -> str:
    """Green from 0.8, yellow from 0.6, red below: how agreement figures are coloured."""
    return "green" if value >= 0.8 else "yellow" if value >= 0.6 else "red"


def cell_text(cell: Cell, *, colour_figures: bool = True, bold: bool = False) -> Text:
    """One cell as Rich ``Text`` (printable characters only)."""
    style = ""
    if cell.kind == FIGURE and colour_figures and cell.value is not None:
        style = figure_style(cell.value)
    elif cell.kind == NOT_AVAILABLE:
        style = NOT_AVAILABLE_STYLE
    if bold:
        style = f"bold {style}".strip()
    return Text(safe_text(cell.text), style=style)


def rich_table(spec: TableSpec, *, title: bool = True, colour_figures: bool = True, no_wrap: bool = False,
               **options: Any) -> Table:
    """The description as a Rich ``Table`` (``options`` go to ``Table``, e.g. ``show_edge``)."""
    table = Table(title=Text(spec.title) if title and spec.title else None, title_justify="left", **options)
    for column in spec.columns:
        table.add_column(Text(safe_text(column.name)), justify="right" if column.numeric else "left", no_wrap=no_wrap)
    for row in spec.rows:
        table.add_row(*(cell_text(cell, colour_figures=colour_figures, bold=row.total) for cell in row.cells))
    return table


def fill_data_table(widget: DataTable, spec: TableSpec, *, colour_figures: bool = True) -> None:
    """Replace a Textual ``DataTable``'s columns and rows with the description's."""
    widget.clear(columns=True)
    for column in spec.columns:
        widget.add_column(Text(safe_text(column.name), justify="right" if column.numeric else "left"))
    for row in spec.rows:
        cells = []
        for cell, column in zip(row.cells, spec.columns, strict=True):
            shown = cell_text(cell, colour_figures=colour_figures, bold=row.total)
            shown.justify = "right" if column.numeric else "left"
            cells.append(shown)
        widget.add_row(*cells)
