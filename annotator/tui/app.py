"""The annotation app: ``annotator`` / ``annotator annotate`` open it on the database.

Screen layout: a header line (annotator, document, language, status, progress), the article
with the span panel beside it, a status line, a search bar (hidden until ``/``) and the footer.

Every change goes through ``Session`` (and so through ``Store``), which commits before
returning; only then is the view updated. The position (document and cursor) is saved when
switching documents, after changes, a moment after the cursor stops, and on quitting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from annotator.model import AnnotatorError, Status, UnknownDocument
from annotator.settings import Settings
from annotator.store import Store
from annotator.tui import theme
from annotator.tui.article import ArticleView
from annotator.tui.commands import AnnotatorCommands
from annotator.tui.editing import _quote, count, label_target
from annotator.tui.keys import SCREEN_KEYS, Key, bindings_for, label_keys_shown, load_keymap, shown_key
from annotator.tui.panels import HeaderBar, InfoLine, KeyBar, SpanPanel
from annotator.tui.screens import DocumentListScreen, FlagScreen, GuidelinesScreen, HelpScreen
from annotator.tui.session import Outcome, Session

POSITION_SAVE_INTERVAL = 2.0
NARROW = 90  # below this width the span panel is hidden


class SearchInput(Input):
    """The search bar: typing searches, enter/down go to the next match, up to the previous,
    escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", show=True),
        Binding("down", "step(1)", "Next match", show=True),
        Binding("up", "step(-1)", "Previous match", show=True),
    ]

    class Closed(Message):
        """Escape: the screen hides the search bar."""

    class Step(Message):
        """Go to the next (1) or previous (-1) match."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_step(self, step: int) -> None:
        self.post_message(self.Step(step))


class AnnotateScreen(Screen[None]):
    """The main screen."""

    BINDINGS = bindings_for(SCREEN_KEYS)
    DEFAULT_CSS = """
    AnnotateScreen #main { height: 1fr; }
    AnnotateScreen ArticleView { width: 1fr; height: 1fr; }
    AnnotateScreen SpanPanel {
        width: 38; height: 1fr; border-left: vkey $foreground 20%;
    }
    AnnotateScreen SpanPanel:focus { border-left: vkey $accent; }
    /* Narrow: the span panel is hidden; `v` shows it in the article's place until escape. */
    AnnotateScreen.-narrow SpanPanel { display: none; }
    AnnotateScreen.-narrow.-spans-open SpanPanel { display: block; width: 1fr; border-left: none; }
    AnnotateScreen.-narrow.-spans-open ArticleView { display: none; }
    AnnotateScreen #search { dock: bottom; display: none; height: 3; }
    AnnotateScreen #search.visible { display: block; }
    """

    def __init__(self, session: Session, start: tuple[str, int] | None) -> None:
        super().__init__()
        self.session = session
        self.start = start
        self._search_origin = 0
        self._saved_position: tuple[str, int] | None = None
        self._message: Content | None = None
        self._confirm_done: str | None = None  # d pressed once on this document with suggestions pending
        self._undo_done: str | None = None  # the document d just marked done (u right after undoes it)

    # -- composition ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="main"):
            yield ArticleView(id="article")
            yield SpanPanel(id="spans")
        yield InfoLine(id="info")
        yield SearchInput(placeholder="Search the text (enter/↓ next, ↑ previous, escape close)", id="search")
        yield KeyBar()

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SpanPanel:
        return self.query_one(SpanPanel)

    def on_resize(self) -> None:
        # On a narrow terminal the article needs every column: the span panel is hidden, and
        # `v` shows it instead of the article.
        self.set_class(self.size.width < NARROW, "-narrow")
        self._update_header()

    def on_mount(self) -> None:
        self.article.cursor_listener = self._cursor_moved
        self.set_interval(POSITION_SAVE_INTERVAL, self._tick)
        if self.start is None:
            self.query_one(HeaderBar).show(self._header())
            self.say(Content("No documents in this database: add some with 'annotator import FILES', then reopen."))
        else:
            self.open_document(*self.start, initial=True)
        self.article.focus()

    # -- documents ------------------------------------------------------------------------------
    def open_document(self, doc_id: str, offset: int = 0, *, initial: bool = False) -> None:
        """Show a document (saving where we were in the previous one).

        ``initial``: the document the app opens on. Its position is where the annotator was (or
        where they would start), so nothing is written until they move: opening a database and
        quitting leaves the file as it was."""
        session = self.session
        self._confirm_done = self._undo_done = None
        if session.doc is not None:
            self.save_position()
        doc = self._guard(lambda: session.open(doc_id), title="Cannot open the document")
        if doc is None:
            return
        article = self.article
        article.load(doc.text, session.tokens, session.own, session.pending,
                     paragraph_langs=doc.paragraph_langs, offset=offset)
        self.panel.set_flags(session.flags)
        self.panel.set_items(session.items(), doc.text, top=True)
        search = self.query_one(SearchInput)
        if search.has_class("visible") and search.value:
            self._search(search.value, jump=False)
        self._message = None
        self._update_header()
        self._update_info()
        if initial:
            self._saved_position = (doc.id, article.cursor_offset)
        else:
            self.save_position()

    def _switch(self, doc_id: str | None, *, none_message: str) -> None:
        if self.session.doc is None:
            return
        if doc_id is None:
            self.app.bell()
            self.say(Content(none_message))
            return
        self.open_document(doc_id, self.session.last_offset(doc_id))

    def action_next_document(self) -> None:
        self._switch(self.session.neighbour(1), none_message="This is the last document")

    def action_previous_document(self) -> None:
        self._switch(self.session.neighbour(-1), none_message="This is the first document")

    def _finish(self, status: str) -> None:
        if self.session.doc is None:
            return
        outcome = self._guard(lambda: self.session.set_status(status))
        if outcome is None:
            return
        self._update_header()
        following = self.session.next_unfinished()
        if following is None:
            self.say(Content(f"{outcome.message}. Every document is done or skipped."))
            return
        message = outcome.message
        finished = self.session.doc_id
        self.open_document(following, self.session.last_offset(following))
        self.say(Content(f"{message}; opened the next document not done" + ("; u undoes it" if status == Status.DONE.value else "")))
        if status == Status.DONE.value:
            self._undo_done = finished

    def action_done(self) -> None:
        session = self.session
        if session.doc is None:
            return
        pending = len(session.pending)
        if pending and session.status != Status.DONE.value and self._confirm_done != session.doc_id:
            self.say(Content.assemble(
                (f"{count(pending, 'suggestion')} pending: ", "bold"),
                "press d again to mark the document done (they count as rejected), or tab to review them",
            ))
            self._confirm_done = session.doc_id
            return
        self._confirm_done = None
        self._finish(Status.DONE.value)

    def action_toggle_queue(self) -> None:
        message = self.session.toggle_all_documents()
        self._update_header()
        self.say(Content(message))

    def action_flag(self) -> None:
        """Flag the span (or selection) under the cursor, else the document, with a note."""
        session, article = self.session, self.article
        if session.doc is None or article.caret.empty:
            return
        selection = article.caret.selection()
        under = article.span_under_cursor()
        target: tuple[int, int] | None = None
        if selection is not None:
            target = selection
        elif under is not None:
            target = (under[0].start, under[0].end)
        where = "the document" if target is None else _quote(session.text[target[0]:target[1]])

        def done(note: str | None) -> None:
            self.article.focus()
            if note is None:
                return
            outcome = self._guard(lambda: session.flag(target, note))
            if outcome is None:
                return
            self.panel.set_flags(session.flags)
            self._update_header()
            self.say(Content(outcome.message))

        self.app.push_screen(FlagScreen(where, session.flags.get(target, "")), done)

    def action_skip(self) -> None:
        self._finish(Status.SKIPPED.value)

    def action_corpus_search(self) -> None:
        """Search every document (``annotator.tui.corpus_search``); enter there opens a hit here."""
        from annotator.tui.corpus_search import CorpusSearchScreen

        session = self.session
        selection = self.article.caret.selection() if session.doc is not None and not self.article.caret.empty else None
        query = session.text[selection[0]:selection[1]] if selection else ""

        def back(hit: tuple[str, int, int] | None) -> None:
            if hit is not None:
                self.open_document(hit[0], hit[1])
            elif session.doc is not None:  # a label-all may have changed this document
                self.open_document(session.doc.id, self.article.cursor_offset)
            self.article.focus()

        self.app.push_screen(CorpusSearchScreen(session.store, layer=session.layer, actor=session.annotator,
                                                query=query), back)

    def action_document_list(self) -> None:
        if self.session.doc is None and not self.session.order:
            return

        def chosen(doc_id: str | None) -> None:
            if doc_id is not None and doc_id != self.session.doc_id:
                self.open_document(doc_id, self.session.last_offset(doc_id))
            self.article.focus()

        self.app.push_screen(DocumentListScreen(self.session), chosen)

    # -- changes --------------------------------------------------------------------------------
    def _guard(self, work: Callable, *, title: str = "Not saved"):
        """Run a store call; show a user error (the ``AnnotatorError`` family: a refused span, a
        full disk, a busy database) as its message instead of crashing; nothing is half-saved,
        every store call is one transaction. Any other exception is a bug and is not caught."""
        try:
            return work()
        except AnnotatorError as exc:
            self.app.bell()
            self.notify(str(exc), title=title, severity="error", markup=False)
            return None

    def _commit(self, work: Callable[[int], Outcome | None], *, jump: bool = False) -> Outcome | None:
        """Run one change (committed together with the cursor position), then redraw. If someone
        else changed the document meanwhile, show their change first and do nothing."""
        self._confirm_done = self._undo_done = None
        if self.session.doc is None:
            return None
        if self.notice_outside_change(acting=True):
            return None
        position = (self.session.doc.id, self.article.cursor_offset)
        outcome = self._guard(lambda: work(position[1]))
        if outcome is None:  # not saved (the error is shown): show what the database holds now
            try:
                self.session.reload()
            except AnnotatorError:
                return
            self.article.set_spans(self.session.own, self.session.pending)
            self.panel.set_items(self.session.items(), self.session.text)
            self._update_header()
            return None
        if outcome.changed:
            session = self.session
            article = self.article
            changes = session.changes
            article.set_spans(session.own, session.pending, changes)
            if changes is not None:
                self.panel.apply_changes(changes, session.own, session.pending)
            else:
                self.panel.set_items(session.items(), session.text)
            if jump and outcome.focus is not None:
                article.move_cursor(outcome.focus.start)
            else:
                article.move_cursor(article.cursor_offset)  # clears the selection
            self._update_header()
            self._saved_position = position  # saved in the change's transaction
        self.say(Content(outcome.message) if outcome.message else None)
        return outcome

    def notice_outside_change(self, *, acting: bool = False) -> bool:
        """If another window or process changed this document's layer (the event log says who),
        show the database's version and say so; True if it did."""
        try:
            outside = self.session.outside_change()
            if outside is None:
                return False
            self.session.reload()
        except AnnotatorError:  # a busy or vanished database: the next change will say so
            return False
        actor, action = outside
        self.article.set_spans(self.session.own, self.session.pending)
        self.panel.set_items(self.session.items(), self.session.text)
        self._update_header()
        message = f"{actor} changed this document elsewhere ({action.replace('_', ' ')}): showing it now"
        if acting:
            message += "; nothing was done, press the key again"
            self.app.bell()
        self.say(Content(message))
        return True

    def _target(self) -> tuple[int, int] | None:
        if self.session.doc is None or self.article.caret.empty:
            return None
        return self.article.caret.target()

    def action_label(self, label: str) -> None:
        if self.session.doc is None or self.article.caret.empty:
            return
        target = label_target(self.article.caret, self.session.own, self.session.pending)
        self._commit(lambda position: self.session.label(target, label, position=position))

    def action_adjust(self, how: str) -> None:
        """Move the start or the end of the span under the cursor by one token."""
        if self.session.doc is None or self.article.caret.empty:
            return
        caret = self.article.caret
        self._commit(lambda position: self.session.adjust(caret, how, position=position), jump=True)

    def action_accept(self) -> None:
        """Accept the suggestion under the cursor, then go to the next pending one."""
        target = self._target()
        if target is None:
            return
        outcome = self._commit(lambda position: self.session.accept(target, position=position))
        if outcome is None or not outcome.changed:
            return
        if not self.session.pending:
            self.say(Content.assemble(outcome.message, ("   no suggestions left · d done", "dim")))
            return
        if self.article.go_to_item(True, offset=target[0]) is not None:
            self.say(Content.assemble(("✓ ", "bold"), self._context_line()))

    def action_remove(self) -> None:
        target = self._target()
        if target is not None:
            self._commit(lambda position: self.session.delete(target, position=position))

    def action_accept_all(self) -> None:
        self._commit(lambda position: self.session.accept_all(position=position))

    def action_undo(self) -> None:
        finished = self._undo_done
        if finished is not None and finished != self.session.doc_id:
            self.open_document(finished)  # u right after d: back to that document, and undo the d
        self._commit(lambda position: self.session.undo(position=position), jump=True)

    def action_redo(self) -> None:
        self._commit(lambda position: self.session.redo(position=position), jump=True)

    # -- search ---------------------------------------------------------------------------------
    def action_search(self) -> None:
        if self.session.doc is None:
            return
        search = self.query_one(SearchInput)
        self._search_origin = self.article.cursor_offset
        search.add_class("visible")
        search.focus()
        if search.value:
            search.action_select_all()

    def close_search(self) -> None:
        self.query_one(SearchInput).remove_class("visible")
        self.article.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._search(event.value, jump=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.step_match(1)

    @on(SearchInput.Closed)
    def _search_closed(self) -> None:
        self.close_search()

    @on(SearchInput.Step)
    def _search_step(self, event: SearchInput.Step) -> None:
        self.step_match(event.step)

    def _search(self, query: str, *, jump: bool) -> None:
        article = self.article
        if not query:
            article.set_matches([])
            self.say(None)
            return
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        matches = [m.span() for m in pattern.finditer(self.session.text) if m.end() > m.start()]
        article.set_matches(matches)
        if not matches:
            self.say(Content.assemble(("No match for ", ""), (query, "bold")))
            return
        if jump:
            following = [m for m in matches if m[0] >= self._search_origin]
            self._go_to_match((following or matches)[0], matches)

    def step_match(self, step: int) -> None:
        matches = self.article.matches
        if not matches:
            self.app.bell()
            return
        here = self.article.cursor_offset
        if step > 0:
            candidates = [m for m in matches if m[0] > here] or matches[:1]
            self._go_to_match(candidates[0], matches)
        else:
            candidates = [m for m in matches if m[1] <= here] or matches[-1:]
            self._go_to_match(candidates[-1], matches)

    def _go_to_match(self, match: tuple[int, int], matches: list[tuple[int, int]]) -> None:
        self.article.move_cursor(match[0], select=match)
        number = matches.index(match) + 1
        self.say(Content(f"Match {number} of {len(matches)}"))

    def action_search_next(self) -> None:
        self.step_match(1)

    def action_search_previous(self) -> None:
        self.step_match(-1)

    # -- panels ---------------------------------------------------------------------------------
    def action_focus_spans(self) -> None:
        self.add_class("-spans-open")  # shown in the article's place on a narrow terminal
        self.panel.focus()

    def _back_to_article(self) -> None:
        self.remove_class("-spans-open")
        self.article.focus()

    @on(SpanPanel.Chosen)
    def _span_chosen(self, event: SpanPanel.Chosen) -> None:
        self._back_to_article()
        self.article.move_cursor(event.span.start)

    @on(SpanPanel.Left)
    def _panel_left(self) -> None:
        self._back_to_article()

    @on(events.DescendantBlur)
    def _panel_blurred(self, event: events.DescendantBlur) -> None:
        if event.widget is self.panel and self.has_class("-spans-open"):
            self.remove_class("-spans-open")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(getattr(self.app, "keymap", {})))

    def action_guidelines(self) -> None:
        # Installed once: the Markdown is parsed on first use only, later opens are instant.
        if not self.app.is_screen_installed("guidelines"):
            self.app.install_screen(GuidelinesScreen(), "guidelines")
        self.app.push_screen("guidelines")

    def action_quit(self) -> None:
        self.save_position()
        self.app.exit()

    async def run_key_action(self, key: Key) -> None:
        """Run a key's action as if the key was pressed (for the command palette)."""
        target = self.article if key.target == "article" else self
        await target.run_action(key.action)

    # -- position -------------------------------------------------------------------------------
    def _tick(self) -> None:
        """Every few seconds: save the position if it moved, notice other writers."""
        self.save_position()
        self.notice_outside_change()

    def save_position(self) -> None:
        session = self.session
        if session.doc is None:
            return
        position = (session.doc.id, self.article.cursor_offset)
        if position == self._saved_position:
            return
        def save() -> bool:
            session.save_position(position[1])
            return True

        if self._guard(save):
            self._saved_position = position

    # -- header and status line -----------------------------------------------------------------
    def say(self, message: Content | None) -> None:
        self._message = message
        self._update_info()

    def _cursor_moved(self, keep_message: bool) -> None:
        if not keep_message:
            self._message = None
            self._confirm_done = self._undo_done = None
        self._update_info()
        under = self.article.span_under_cursor()
        self.panel.highlight_span(under[0] if under else None)

    def _update_info(self) -> None:
        info = self.query_one(InfoLine)
        if self._message is not None:
            info.show(self._message)
            return
        info.show(self._context_line())

    def _context_line(self) -> Content:
        article, session = self.article, self.session
        if session.doc is None or article.caret.empty:
            return Content("")
        keymap = getattr(self.app, "keymap", {}) or {}

        def key(key_id: str) -> str:
            return shown_key(key_id, keymap)

        labels = label_keys_shown(keymap)
        selection = article.caret.selection()
        if selection is not None:
            text = session.text[selection[0]:selection[1]]
            hint = f"   {labels} label · {key('span.remove')} remove · {key('select.clear')} clear"
            return Content.assemble(("selection ", "bold"), _quote(text), (hint, "dim"))
        under = article.span_under_cursor()
        if under is None:
            start, end = article.caret.token
            hint = f"   {labels} label · {key('item.next')} next suggestion · {key('item.next_any')} next span"
            return Content.assemble(_quote(session.text[start:end]), (hint, "dim"))
        span, suggestion = under
        label = theme.label_theme(span.label)
        quoted = _quote(session.text[span.start:span.end])
        mono = self.app.no_color
        if suggestion:
            hint = f"   {key('suggestion.accept')} accept · {key('span.remove')} reject · {labels} label as"
            line = Content.assemble(
                (f"[{label.letter}? {span.label}] ", label.markup_style(suggestion=True, mark=True, no_color=mono)),
                "suggestion ", quoted, (hint, "dim"),
            )
        else:
            line = Content.assemble(
                (f"[{label.letter} {span.label}] ", label.markup_style(mark=True, no_color=mono)), quoted,
                (f"   {labels} relabel · {key('span.remove')} remove", "dim"),
            )
        note = session.flags.get((span.start, span.end))  # the annotator's flag on this item
        if note is not None:
            line = Content.assemble(line, ("   ⚑ ", "bold"), (note, "italic"))
        return line

    def _header(self, width: int | None = None) -> Content:
        """The top line, fitted to ``width`` cells: when space is short the span counts go
        first, then the other paragraphs' languages, the language and the status; the
        annotator, the document and the done n/N progress always stay (the id shortened)."""
        session = self.session
        done, total = session.progress()
        width = width if width is not None else max(20, (self.size.width or self.app.size.width) - 2)
        me = Content.styled(f" {session.annotator} ", "reverse bold")
        progress = Content.assemble(("done ", "dim" if not self.app.no_color else ""), f"{done}/{total}")
        doc = session.doc
        if doc is None:
            return Content.assemble(me, "  │  ", progress)
        # (drop order, piece): higher numbers are dropped first; None is never dropped.
        pieces: list[tuple[int | None, Content]] = [
            (4, Content.styled(doc.lang or "?", "bold")),
            (3, Content.styled(session.status.replace("_", " "), "bold")),
            (6, Content(f"{count(len(session.own), 'span')}, {count(len(session.pending), 'suggestion')}")),
            (None, progress),
        ]
        if doc.paragraph_langs:
            others = sorted({str(p.get("lang", "?")) for p in doc.paragraph_langs if isinstance(p, dict)})
            pieces[0] = (4, Content.assemble(pieces[0][1], (" (+" + ",".join(others) + ")", "dim")))
        if None in session.flags:  # the document is flagged: before the progress, which always stays
            pieces.insert(len(pieces) - 1, (5, Content.styled("⚑ flagged", "bold")))
        sep = Content("  │  ")
        number = f" {session.index + 1}/{total} "

        def assemble(doc_id: str) -> Content:
            return Content.assemble(me, number, (doc_id, "bold"), *(part for _, piece in pieces for part in (sep, piece)))

        while assemble(doc.id).cell_length > width and any(rank is not None for rank, _ in pieces):
            pieces.remove(max((p for p in pieces if p[0] is not None), key=lambda p: p[0]))
        doc_id = doc.id
        excess = assemble(doc_id).cell_length - width
        if excess > 0:
            keep = max(4, len(doc_id) - excess - 1)
            doc_id = doc_id[:keep] + "…"
        return assemble(doc_id)

    def _update_header(self) -> None:
        self.query_one(HeaderBar).show(self._header())


class AnnotatorApp(App[None]):
    """The annotation app on one store, for one annotator."""

    TITLE = "annotator"
    COMMANDS = App.COMMANDS | {AnnotatorCommands}

    def __init__(self, store: Store, *, annotator: str, doc_id: str | None = None,
                 keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.session = Session(store, annotator)
        try:
            self.start = self.session.starting_point(doc_id)
        except KeyError:
            raise UnknownDocument(doc_id or "") from None
        self.keymap = dict(keymap or {})
        self.annotate_screen: AnnotateScreen | None = None

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if not self.is_headless and self.console.color_system in ("standard", "windows"):
            # A 16-colour terminal: send the labels' ANSI colours as they are (the terminal's
            # own palette) rather than approximating the theme's RGB versions of them.
            self.ansi_color = True

    def get_default_screen(self) -> Screen:
        self.annotate_screen = AnnotateScreen(self.session, self.start)
        return self.annotate_screen

    def action_quit(self) -> None:
        if self.annotate_screen is not None:
            self.annotate_screen.save_position()
        self.exit()


def run_annotate(store: Store, *, annotator: str, settings: Settings, doc_id: str | None = None) -> None:
    """Open the annotation app (the ``annotate`` command), with the keymap the settings name."""
    app = AnnotatorApp(store, annotator=annotator, doc_id=doc_id, keymap=load_keymap(settings.keymap))
    try:
        app.run()
    finally:
        store.close()
