"""An annotator's layer against gold, on screen: figures per label and examples of each error.

The figures come from ``annotator.curation.loading.layer_report`` (the same as ``annotator
report``); examples are drawn from ``Content`` pieces built from the literal text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from annotator.curation.loading import layer_report
from annotator.curation.report import ERROR_KINDS, ERROR_NAMES, Example, LayerReport, report_table
from annotator.store import Store
from annotator.tui.curate import spans_in_context
from annotator.tui.editing import count
from annotator.tui.layout import display_text
from annotator.tui.panels import HeaderBar, KeyBar
from annotator.tui.tables import fill_data_table


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


class ReportScreen(Screen[None]):
    """One layer's report; n / p switch between layers, escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "switch(1)", "Next layer", id="report.next"),
        Binding("p", "switch(-1)", "Previous layer", id="report.previous"),
        Binding("escape,q,r", "close", "Back", id="report.close"),
    ]
    DEFAULT_CSS = """
    ReportScreen DataTable { height: auto; max-height: 12; }
    ReportScreen #examples { height: auto; }
    ReportScreen VerticalScroll { height: 1fr; }
    """
    EXAMPLES = 10

    def __init__(self, store: Store, layers: Sequence[str], *, alias: Callable[[str], str] = str,
                 include_unfinished: bool = False) -> None:
        super().__init__()
        self.store = store
        self.report_layers = list(layers)
        self.alias = alias
        self.include_unfinished = include_unfinished
        self.position = 0
        self.report: LayerReport | None = None
        self.texts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with VerticalScroll():
            yield DataTable(cursor_type="none", zebra_stripes=True, id="figures")
            yield Static(Content(""), id="examples")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load()

    @property
    def current_layer(self) -> str:
        return self.report_layers[self.position]

    def _load(self) -> None:
        self.report, self.texts = layer_report(self.store, self.current_layer, include_unfinished=self.include_unfinished)
        report = self.report
        total = report.total().scores()
        self.query_one(HeaderBar).show(Content.assemble(
            ("Report ", "bold"), (self.alias(self.current_layer), "bold"), " against gold · ",
            f"{count(len(report.documents), 'document')} · exact F1 {_figure(total.f1.value)}",
            f" · precision {_figure(total.precision.value)} · recall {_figure(total.recall.value)}",
            f" · layer {self.position + 1}/{len(self.report_layers)}" if len(self.report_layers) > 1 else "",
        ))
        fill_data_table(self.query_one(DataTable), report_table(report, self.alias(self.current_layer)),
                        colour_figures=False)
        self.query_one("#examples", Static).update(self._examples())

    def _examples(self) -> Content:
        report = self.report
        assert report is not None
        if not report.documents:
            return Content.styled(
                "\nNo document is finished by both this layer and gold yet: nothing to compare.", "italic")
        parts: list[Content] = []
        name = self.alias(self.current_layer)
        width = max(len(name), 4)
        for kind in ERROR_KINDS:
            examples = report.examples_of(kind)
            if not examples:
                continue
            parts.append(Content.assemble(
                ("\n" + ERROR_NAMES[kind].capitalize(), "bold underline"),
                f"  {len(examples)} ({min(len(examples), self.EXAMPLES)} shown)",
            ))
            for example in examples[: self.EXAMPLES]:
                parts.extend(self._example(example, name, width))
        return Content("\n").join(parts)

    def _example(self, example: Example, name: str, width: int) -> list[Content]:
        text = self.texts.get(example.doc_id, "")
        head = Content.assemble(("  " + display_text(example.doc_id), "$accent"), f" @{example.start}-{example.end}")
        rows = [head]
        for who, spans in (("gold", example.gold), (name, example.layer)):
            shown = spans_in_context(text, example.context, spans, no_color=self.app.no_color)
            row = Content.assemble((f"    {who:<{width}}  ", "dim"), shown)
            if not spans:
                row = Content.assemble(row, ("   (none)", "dim italic"))
            rows.append(row)
        return rows

    def action_switch(self, step: int) -> None:
        if len(self.report_layers) > 1:
            self.position = (self.position + step) % len(self.report_layers)
            self._load()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()


class ReportApp(App[None]):
    """``annotator report --tui``."""

    TITLE = "annotator report"

    def __init__(self, store: Store, layers: Sequence[str], *, include_unfinished: bool = False) -> None:
        super().__init__()
        self.store = store
        self.report_layers = list(layers)
        self.include_unfinished = include_unfinished

    def on_mount(self) -> None:
        self.push_screen(ReportScreen(self.store, self.report_layers, include_unfinished=self.include_unfinished))


def run_report(store: Store, layers: Sequence[str], *, include_unfinished: bool = False) -> None:
    ReportApp(store, layers, include_unfinished=include_unfinished).run()
