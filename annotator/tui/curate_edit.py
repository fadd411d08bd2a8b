"""Editing the gold layer by hand, with the annotation screen's keys.

The article is the annotation screen's ``ArticleView`` with the gold spans as the layer being
edited (arrows move, shift+arrows select, tab jumps between spans); the label keys and ``x``
plan the change with the annotation screen's own span arithmetic (``annotator.tui.editing``),
and ``CurationSession.edit`` saves it as a curator's edit: new spans get the provenance
``curator:NAME:edited`` and removed ones are recorded as rejected, so no merge brings them back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen

from annotator.curation.session import CurationSession, Outcome
from annotator.tui import editing
from annotator.tui.article import ArticleView
from annotator.tui.panels import HeaderBar, InfoLine, KeyBar
from annotator.tui.theme import LABEL_THEMES


class GoldEditScreen(Screen[Outcome | None]):
    """The document's gold layer, editable; enter or e goes back to the conflicts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(t.key, f"label('{t.label}')", t.label.title(), id=f"gold.label.{t.label.lower()}")
          for t in LABEL_THEMES.values()),
        Binding("x,delete", "remove", "Remove", id="gold.remove"),
        Binding("u", "undo", "Undo", id="gold.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="gold.redo"),
        Binding("enter,e", "done", "Back to conflicts", id="gold.done"),
    ]
    DEFAULT_CSS = """
    GoldEditScreen ArticleView { height: 1fr; }
    """

    def __init__(self, session: CurationSession, doc_id: str, extent: tuple[int, int]) -> None:
        super().__init__()
        self.session = session
        self.doc_id = doc_id
        self.extent = extent
        self.last: Outcome | None = None

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield ArticleView(id="article")
        yield InfoLine(id="info")
        yield KeyBar()

    def on_mount(self) -> None:
        doc, tokens = self.session.document(self.doc_id)
        article = self.query_one(ArticleView)
        start, end = self.extent
        article.load(doc.text, tokens, self.session.gold_spans(self.doc_id), [],
                     paragraph_langs=doc.paragraph_langs, offset=start)
        article.move_cursor(start, select=(start, end))
        article.focus()
        self.query_one(HeaderBar).show(Content.assemble(
            ("Editing gold", "bold"), " · ", (self.doc_id, "bold"), " · curator ", (self.session.curator, "bold"),
        ))
        self.query_one(InfoLine).show(Content(
            "Select with shift+arrows, 1-4 label, x remove, u undo; enter or e goes back to the conflicts."
        ))

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    def _apply(self, edit: editing.Edit) -> None:
        if edit.is_empty():
            self.query_one(InfoLine).show(Content.styled(edit.message or "Nothing to change", "italic"))
            return
        outcome = self.session.edit(self.doc_id, edit.removed, edit.added)
        self.last = Outcome(edit.message, outcome.changed)
        self._redraw(self.last)

    def _redraw(self, outcome: Outcome) -> None:
        self.article.set_spans(self.session.gold_spans(self.doc_id), [])
        self.query_one(InfoLine).show(Content.styled(outcome.message, "" if outcome.changed else "italic"))

    def action_label(self, label: str) -> None:
        own = self.session.gold_spans(self.doc_id)
        target = editing.label_target(self.article.caret, own, [])
        self._apply(editing.plan_label(target, label, own, [], self.article.text))
        self.article.caret.clear_selection()
        self.article.refresh()

    def action_remove(self) -> None:
        own = self.session.gold_spans(self.doc_id)
        self._apply(editing.plan_delete(self.article.caret.target(), own, [], self.article.text))

    def action_undo(self) -> None:
        self.last = self.session.undo()
        self._redraw(self.last)

    def action_redo(self) -> None:
        self.last = self.session.redo()
        self._redraw(self.last)

    def action_done(self) -> None:
        self.dismiss(self.last)
