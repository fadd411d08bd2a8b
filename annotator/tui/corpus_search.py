"""The corpus search screen, shared by the annotation and curator apps: search every document,
list the hits in context, open a document at a hit, and label every listed (or marked) hit at
once in the app's own layer, as one undoable step.

The same list shows the curator the consistency findings of gold (``FindingsScreen``): each
finding is a place where a name carries another label than its usual one, or none.

Thin: the search is ``Store.search``, the labelling ``annotator.curation.label_all``; hits and
document text reach the screen as ``rich.text.Text`` cells (never markup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input

from annotator.curation.consistency import layer_consistency
from annotator.curation.label_all import LabelAllPlan, label_hits
from annotator.curation.report import printable
from annotator.model import AnnotatorError
from annotator.store import Store
from annotator.tui.panels import HeaderBar, InfoLine, KeyBar
from annotator.tui.theme import LABEL_THEMES

LIMIT = 2000  # hits listed (all are counted)
CONTEXT = 32  # characters of context shown either side


def _label_cell(label: str | None) -> Text:
    if label is None:
        return Text("–", style="dim")
    theme = LABEL_THEMES.get(label)
    return Text(label, style=f"bold {theme.text_colour} on {theme.colour}" if theme else "bold")


def _context_cell(left: str, text: str, right: str) -> Text:
    left = printable(left)[-CONTEXT:]
    right = printable(right)[:CONTEXT]
    cell = Text(left.rjust(CONTEXT), style="dim", no_wrap=True)
    cell.append(printable(text), style="bold reverse")
    cell.append(right, style="dim")
    return cell


class HitList(Screen[tuple[str, int, int] | None]):
    """A list of places in the corpus (search hits or findings) that can be opened and labelled.

    Dismissed with ``(doc_id, start, end)`` when a place is opened (enter), None on escape. The
    host passes ``on_labelled(plan, group)`` to learn what a label-all changed, and ``undo_step``
    if u and ctrl+y should go through its own history (the curator's)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="hits.close"),
        Binding("space", "mark", "Mark", id="hits.mark", tooltip="Mark or unmark the hit (label keys then label the marked ones)"),
        *(Binding(t.key, f"label_all('{t.label}')", t.label.title(), id=f"hits.label.{t.label.lower()}",
                  show=t.key == "1", key_display="1-4" if t.key == "1" else None)
          for t in LABEL_THEMES.values()),
        Binding("u,ctrl+z", "undo", "Undo", id="hits.undo", tooltip="Undo the last label-all (in every document)"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="hits.redo"),
    ]
    DEFAULT_CSS = """
    HitList DataTable { height: 1fr; }
    HitList #query { height: 3; }
    """

    def __init__(self, store: Store, *, layer: str, actor: str, provenance: str | None = None,
                 on_labelled: Callable[[LabelAllPlan, int | None], None] | None = None,
                 undo_step: Callable[[bool], str] | None = None) -> None:
        super().__init__()
        self.store = store
        self.own_layer = layer
        self.actor = actor
        self.provenance = provenance
        self.on_labelled = on_labelled
        self.undo_step = undo_step  # the host's own undo (True) and redo (False), if it keeps a history
        self.hits: list = []
        self.message = ""  # the status line
        self.last_action = ""  # what the last label-all, undo or redo did
        self._carried_message = ""  # the same, shown again with the hits read afresh
        self.marked: set[int] = set()
        self._group_doc: str | None = None  # a document of the last label-all, for undo and redo

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield from self.compose_top()
        yield DataTable(cursor_type="row", zebra_stripes=True, id="hits")
        yield InfoLine(id="info")
        yield KeyBar()

    def compose_top(self) -> ComposeResult:
        return iter(())

    def setup(self) -> None:
        """The table's columns and the header (subclasses call it first when mounted; Textual
        calls every class's ``on_mount`` itself)."""
        table = self.query_one(DataTable)
        for name in ("", "document", "lang", self.own_layer, "in context"):
            table.add_column(Text(name), key=name or "mark")
        self.query_one(HeaderBar).show(self.header())

    def header(self) -> Content:
        return Content("")

    def say(self, message: str, style: str = "") -> None:
        self.message = message
        self.query_one(InfoLine).show(Content.styled(message, style))

    def show_hits(self, hits: Sequence) -> None:
        """List ``hits`` (objects with doc_id, start, end, text, left, right, label, lang)."""
        self.hits = list(hits)
        self.marked.clear()
        table = self.query_one(DataTable)
        table.clear()
        for n, hit in enumerate(self.hits):
            table.add_row(Text(" "), Text(printable(hit.doc_id)), Text(getattr(hit, "lang", "") or ""),
                          _label_cell(hit.label), _context_cell(hit.left, hit.text, hit.right), key=str(n))

    # -- actions ----------------------------------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        hit = self.hits[int(event.row_key.value)]
        self.dismiss((hit.doc_id, hit.start, hit.end))

    def action_mark(self) -> None:
        table = self.query_one(DataTable)
        if not self.hits:
            return
        row = table.cursor_row
        if row in self.marked:
            self.marked.discard(row)
        else:
            self.marked.add(row)
        table.update_cell(str(row), "mark", Text("●" if row in self.marked else " ", style="bold"))
        if row + 1 < len(self.hits):
            table.move_cursor(row=row + 1)
        self.say(f"{len(self.marked)} marked: the label keys label the marked hits only")

    def targets(self) -> list:
        return [self.hits[i] for i in sorted(self.marked)] if self.marked else list(self.hits)

    def action_label_all(self, label: str) -> None:
        targets = self.targets()
        if not targets:
            self.app.bell()
            return
        self.label_targets(targets, label)

    def label_targets(self, targets: list, label) -> None:
        """Label ``targets`` (with ``label``, or ``label(target)``) as one undoable step."""
        try:
            plan, group = label_hits(self.store, self.own_layer, targets, label, actor=self.actor,
                                     provenance=self.provenance)
        except AnnotatorError as exc:  # nothing is half-written: one transaction
            self.app.bell()
            self.say(f"Not saved: {exc}", "bold")
            return
        if group is not None:
            self._group_doc = next(iter(plan.changes))
        if self.on_labelled is not None:
            self.on_labelled(plan, group)
        message = plan.summary()
        if plan.skipped:
            first = plan.skipped[0]
            message += f" · first skipped: {printable(first.doc_id)} @{first.start}: {first.reason}"
        self.last_action = message + (" · u undoes it" if group is not None else "")
        self.say(self.last_action)
        self._carried_message = self.last_action
        self.refresh_hits()

    def _step(self, backwards: bool) -> None:
        if self.undo_step is not None:
            self.last_action = self._carried_message = self.undo_step(backwards)
            self.say(self.last_action)
            self.refresh_hits()
            return
        if self._group_doc is None:
            self.app.bell()
            self.say("Nothing to undo here" if backwards else "Nothing to redo here", "italic")
            return
        step = self.store.undo if backwards else self.store.redo
        action = step(self._group_doc, self.own_layer, actor=self.actor)
        if action is None:
            self.say("Nothing to undo" if backwards else "Nothing to redo", "italic")
            return
        self.last_action = self._carried_message = f"{'Undid' if backwards else 'Redid'} {action.replace('_', ' ')}"
        self.say(self.last_action)
        self.refresh_hits()

    def action_undo(self) -> None:
        self._step(True)

    def action_redo(self) -> None:
        self._step(False)

    def refresh_hits(self) -> None:
        """Read the hits again (their labels changed)."""


class CorpusSearchScreen(HitList):
    """Search every document (enter runs the query; ctrl+t ignores case and diacritics, ctrl+r
    takes it as a regular expression)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *HitList.BINDINGS,
        Binding("ctrl+t", "toggle_fold", "Ignore case", id="search.fold",
                tooltip="Ignore case and diacritics (Almaty = ałmaty)"),
        Binding("ctrl+r", "toggle_regex", "Regex", id="search.regex", tooltip="Take the query as a regular expression"),
        Binding("slash", "focus_query", "Query", show=False, id="search.query"),
    ]

    def __init__(self, store: Store, *, layer: str, actor: str, query: str = "", fold: bool = True,
                 **options) -> None:
        super().__init__(store, layer=layer, actor=actor, **options)
        self.query_text = query
        self.fold = fold
        self.regex = False
        self.result = None
        self._focus_hits = False  # move to the hits when the search that is running ends

    def compose_top(self) -> ComposeResult:
        yield Input(value=self.query_text, placeholder="Search every document (enter)", id="query")

    def on_mount(self) -> None:
        self.setup()
        self.query_one(Input).focus()
        self.say("Type, enter searches; ↓ to the hits: enter opens, space marks, 1-4 label every listed (or "
                 "marked) hit, u undoes; escape goes back")
        if self.query_text:
            self.run_search()

    def header(self) -> Content:
        flags = [name for name, on in (("ignoring case and diacritics", self.fold), ("regular expression",
                                                                                     self.regex)) if on]
        return Content.assemble(("Corpus search", "bold"), f" · labels in layer {self.own_layer}",
                                f" · {', '.join(flags) if flags else 'exact'} (ctrl+t, ctrl+r)")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self._focus_hits = True
        self.run_search()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one(Input) and self.hits:
            self.query_one(DataTable).focus()
            event.stop()

    def run_search(self, *, keep_cursor: bool = False) -> None:
        """Search in a thread with a connection of its own (a regular expression or a common
        word reads thousands of documents), then list the hits; at once for a store without
        a file."""
        if not self.query_text:
            return
        cursor = self.query_one(DataTable).cursor_row if keep_cursor else 0
        query = (self.query_text, self.regex, self.fold)
        if self.store.path is None:
            self._show_result(query, cursor, *self._search(self.store, query))
            return
        self.say("Searching…", "italic")
        self._search_in_thread(query, cursor)

    def _search(self, store: Store, query: tuple[str, bool, bool]):
        text, regex, fold = query
        try:
            return store.search(text, regex=regex, fold=fold, layer=self.own_layer, limit=LIMIT), None
        except AnnotatorError as exc:
            return None, str(exc)

    @work(thread=True, exclusive=True, group="corpus-search")
    def _search_in_thread(self, query: tuple[str, bool, bool], cursor: int) -> None:
        with Store.open(self.store.path, read_only=True) as store:
            result, error = self._search(store, query)
        self.app.call_from_thread(self._show_result, query, cursor, result, error)

    def _show_result(self, query: tuple[str, bool, bool], cursor: int, result, error: str | None) -> None:
        if error is not None:
            self.app.bell()
            self.say(error, "bold")
            return
        self.result = result
        self.show_hits(result.hits)
        table = self.query_one(DataTable)
        if self.hits:
            table.move_cursor(row=min(cursor, len(self.hits) - 1))
            if self._focus_hits:
                table.focus()
        self._focus_hits = False
        shown = f" (the first {len(result.hits)} listed)" if result.truncated else ""
        message = (f"{result.total} hit(s) in {result.documents} document(s){shown} · enter opens · space marks · "
                   "1-4 label every listed (or marked) hit · u undoes")
        if self._carried_message:
            message = self._carried_message + " · " + message
            self._carried_message = ""
        self.say(message)

    def refresh_hits(self) -> None:
        self.run_search(keep_cursor=True)

    def _toggle(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))
        self.query_one(HeaderBar).show(self.header())
        self.run_search()

    def action_toggle_fold(self) -> None:
        self._toggle("fold")

    def action_toggle_regex(self) -> None:
        self._toggle("regex")

    def action_focus_query(self) -> None:
        self.query_one(Input).focus()


class FindingsScreen(HitList):
    """The consistency findings of a layer (for the curator: gold), as a queue after the
    conflicts: each place a labelled name carries another label than its usual one, or none.
    The label keys label the listed (or marked) findings; m gives each its name's usual label."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *HitList.BINDINGS,
        Binding("m", "majority", "Usual label", id="findings.majority",
                tooltip="Give each listed (or marked) unlabelled finding its name's usual label"),
    ]

    def on_mount(self) -> None:
        self.setup()
        self.refresh_hits()
        self.query_one(DataTable).focus()

    def header(self) -> Content:
        return Content.assemble(("Consistency findings", "bold"), f" · layer {self.own_layer}",
                                " · enter opens · space marks · 1-4 label · m usual label · u undo")

    def refresh_hits(self) -> None:
        """Check the layer again, in a thread with a connection of its own (the check reads
        every document the layer touched: seconds on a large corpus), then list the findings."""
        self.say("Checking the consistency of every document…", "italic")
        if self.store.path is None:
            self._show_report(layer_consistency(self.store, self.own_layer))
        else:
            self._check()

    @work(thread=True, exclusive=True, group="consistency")
    def _check(self) -> None:
        with Store.open(self.store.path, read_only=True) as store:
            report = layer_consistency(store, self.own_layer)
        self.app.call_from_thread(self._show_report, report)

    def _show_report(self, report) -> None:
        rows = []
        for group, occurrence in report.findings():
            rows.append(_Finding(occurrence.doc_id, occurrence.start, occurrence.end, occurrence.text,
                                 occurrence.left, occurrence.right, occurrence.label, group.majority))
        cursor = self.query_one(DataTable).cursor_row
        self.show_hits(rows)
        total = report.total()
        figure = "–" if total.consistency is None else f"{total.consistency:.2f}"
        message = f"{len(rows)} finding(s) · consistency {figure} · m gives unlabelled findings their usual label"
        if self._carried_message:
            message = self._carried_message + " · " + message
            self._carried_message = ""
        self.say(message)
        if rows:
            self.query_one(DataTable).move_cursor(row=min(cursor, len(rows) - 1))

    def action_majority(self) -> None:
        targets = [t for t in self.targets() if t.label is None]
        if not targets:
            self.app.bell()
            self.say("No unlabelled finding listed (or marked)", "italic")
            return
        self.label_targets(targets, lambda finding: finding.majority)


class _Finding:
    """A consistency finding as a row of the list."""

    __slots__ = ("doc_id", "end", "label", "lang", "left", "majority", "right", "start", "text")

    def __init__(self, doc_id, start, end, text, left, right, label, majority):
        self.doc_id, self.start, self.end, self.text = doc_id, start, end, text
        self.left, self.right, self.label, self.majority = left, right, label, majority
        self.lang = ""
