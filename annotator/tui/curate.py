"""The curator screen: the conflict queue, each conflict with every layer's version side by side.

The screen only shows what ``CurationSession`` (no Textual, in ``annotator.curation``) computes
and turns keys into its calls; every decision is saved by the session before the screen redraws.
The article is the annotation screen's ``ArticleView`` (showing the gold layer, the conflict
selected); document text and ids always reach the screen as ``Content``/``Text`` built from
literal strings, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from annotator.curation import provenance as prov
from annotator.curation.conflicts import KIND_NAMES, Cluster
from annotator.curation.report import context_pieces
from annotator.curation.session import MAX_KEYED_LAYERS, CurationSession, Outcome
from annotator.model import Span
from annotator.settings import Settings
from annotator.tui.article import ArticleView
from annotator.tui.commands import agreement_command
from annotator.tui.editing import count
from annotator.tui.keys import CURATE_KEYS, CURATE_SECTIONS, bindings_for, effective_keys, load_keymap
from annotator.tui.layout import display_text
from annotator.tui.panels import HeaderBar, InfoLine, KeyBar
from annotator.tui.screens import key_display
from annotator.tui.theme import label_theme

NARROW = 100  # below this width the queue panel is hidden
SHORT = 30  # below this height the conflict panel leaves its key hint to the footer


def _one_line(text: str) -> str:
    """Text for a single screen row: controls visible (``display_text``), newlines as ⏎."""
    return display_text(text).replace("\n", "⏎")


def label_style(label: str, *, mark: bool = False, no_color: bool = False) -> str:
    """The look of an accepted span of ``label`` (or of its marks), as a style string."""
    return label_theme(label).markup_style(mark=mark, no_color=no_color)


def spans_in_context(text: str, window: tuple[int, int], spans: Sequence[Span], *,
                     no_color: bool = False) -> Content:
    """The stretch ``window`` of the text with ``spans`` marked ``[A ...]`` in their label's colour
    (in bold and reverse video without colour)."""
    lo, hi = window
    parts: list[str | tuple[str, str]] = ["…" if lo > 0 else " "]
    for piece, span in context_pieces(text, window, spans, show=_one_line):
        if span is None:
            parts.append(piece)
            continue
        style = label_style(span.label, no_color=no_color)
        mark = label_style(span.label, mark=True, no_color=no_color)
        letter = label_theme(span.label).letter
        parts.append((f"[{letter} ", mark))
        parts.append((piece, style))
        parts.append(("]", mark))
    parts.append("…" if hi < len(text) else "")
    return Content.assemble(*parts)


class GoldView(ArticleView, can_focus=False):
    """The article with the gold spans; the conflict is shown as the selection. Not focusable:
    the curator's keys belong to the screen."""


class ConflictPanel(Widget):
    """The current conflict: what differs, each layer's version in the same context, and gold."""

    DEFAULT_CSS = """
    ConflictPanel {
        height: auto;
        min-height: 3;
        border-top: solid $primary;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, session: CurationSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def render(self) -> Content:
        session = self.session
        item = session.current
        if item is None:
            return Content("No conflicts: the done layers agree everywhere (or fewer than two layers are done "
                           "on every document).")
        cluster = item.cluster
        doc, _ = session.document(item.doc_id)
        text = doc.text
        names = {layer: session.alias(layer) for layer in session.layers}
        name_width = max([len("gold"), *(len(n) for n in names.values())])
        number = session.document_items(item.doc_id).index(item) + 1
        total = len(session.document_items(item.doc_id))
        kinds = ", ".join(KIND_NAMES[k] for k in cluster.kinds)
        lines: list[Content] = [Content.assemble(
            (f"Conflict {number} of {total}", "bold"), " · ", (kinds, "italic"), " · ",
            self._resolution(item.doc_id, cluster),
        )]
        for layer, note in session.notes(item):  # the annotators' flags, beside the conflict
            lines.append(Content.assemble(("⚑ ", "bold $warning"), (session.alias(layer), "bold"), ": ",
                                          (note, "italic")))
        window = self._window(text, cluster, self.size.width - name_width - 16)
        majority = cluster.majority()
        for layer in session.layers:
            key = session.key_of(layer) or " "
            version = cluster.version(layer)
            head = Content.assemble((f"{key} ", "bold $accent"), (f"{names[layer]:<{name_width}} ", "bold"))
            if version is None:
                lines.append(Content.assemble(head, ("not done on this document", "dim italic")))
                continue
            row = spans_in_context(text, window, version, no_color=self.app.no_color)
            if not version:
                row = Content.assemble(row, ("   (no span)", "italic $warning"))
            if majority is not None and layer in majority[1]:
                row = Content.assemble(row, ("   majority", "dim"))
            lines.append(Content.assemble(head, row))
        gold_head = Content.assemble(("  ", ""), (f"{'gold':<{name_width}} ", "bold $success"))
        if cluster.gold:
            lines.append(Content.assemble(gold_head, spans_in_context(text, window, cluster.gold,
                                                                      no_color=self.app.no_color)))
        elif cluster.resolution == "rejected":
            lines.append(Content.assemble(gold_head, ("no span (every version rejected)", "italic")))
        else:
            lines.append(Content.assemble(gold_head, ("nothing yet", "dim italic")))
        hint = ("m majority (" + ", ".join(names[layer] for layer in majority[1]) + ")"
                if majority else "no majority")
        keys = f"1-{min(len(session.layers), MAX_KEYED_LAYERS)}"
        if self.app.size.height >= SHORT:  # on a short terminal the footer shows the keys
            lines.append(Content.styled(f"{keys} take a version · {hint} · x no span · e edit gold · u undo", "dim"))
        return Content("\n").join(lines)

    def _resolution(self, doc_id: str, cluster: Cluster) -> Content:
        if cluster.resolution == "gold":
            session = self.session
            origins = sorted({prov.describe(session.provenance(doc_id, s), session.alias) for s in cluster.gold})
            return Content.assemble(("✓ gold: ", "bold $success"), ("; ".join(origins), "dim"))
        if cluster.resolution == "rejected":
            return Content.styled("✓ no span (every version rejected)", "bold $success")
        return Content.styled("open", "bold $warning")

    @staticmethod
    def _window(text: str, cluster: Cluster, width: int) -> tuple[int, int]:
        marks = 4 * max([len(v) for _, v in cluster.versions] + [len(cluster.gold), 1])
        room = max(0, width - (cluster.end - cluster.start) - marks - 2)
        before = room // 2
        return max(0, cluster.start - before), min(len(text), cluster.end + room - before)


class QueuePanel(Widget):
    """The documents of the queue, worst-agreeing first, with how many conflicts are resolved."""

    DEFAULT_CSS = """
    QueuePanel {
        width: 34;
        border-left: solid $primary;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class Chosen(Message):
        """A document of the queue was clicked: the screen goes to it."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    def __init__(self, session: CurationSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._rows: dict[int, str] = {}  # screen row -> document shown there

    def render(self) -> Content:
        session = self.session
        current = session.current.doc_id if session.current else None
        lines = [Content.styled("Flagged, then worst agreement" if session.flags else "Worst agreement first", "bold"),
                 Content.styled("  F1   resolved  document", "dim")]
        rows = []
        for doc_id in session.order:
            done, total = session.document_progress(doc_id)
            f1 = session.agreement.get(doc_id)
            mark = "▶" if doc_id == current else ("✓" if done == total else " ")
            style = "reverse" if doc_id == current else ("dim" if done == total else "")
            rows.append(Content.assemble(
                (f"{mark} {'  – ' if f1 is None else f'{f1:.2f}'}  {done:>3}/{total:<3}  ", style),
                ("⚑ " if doc_id in session.flags else "", style),
                (_one_line(doc_id), style),
            ))
        height = max(1, self.size.height - len(lines))
        top = 0
        if current in session.order:
            top = max(0, min(session.order.index(current) - height // 2, len(rows) - height))
        self._rows = {len(lines) + i: doc_id for i, doc_id in enumerate(session.order[top: top + height])}
        return Content("\n").join([*lines, *rows[top: top + height]])

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        doc_id = self._rows.get(offset.y) if offset is not None else None
        if doc_id is not None:
            self.post_message(self.Chosen(doc_id))


class CurateScreen(Screen):
    """The curator's screen."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(CURATE_KEYS)
    DEFAULT_CSS = """
    CurateScreen #main { height: 1fr; }
    CurateScreen GoldView { height: 1fr; }
    /* Narrow: the conflict gets every column; the header names the document and its F1. */
    CurateScreen.-narrow QueuePanel { display: none; }
    """

    def __init__(self, session: CurationSession, *, merged: int = 0) -> None:
        super().__init__()
        self.session = session
        self.merged = merged
        self._loaded: str | None = None

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="main"):
            with Vertical():
                yield GoldView(id="article")
                yield ConflictPanel(self.session, id="conflict")
            yield QueuePanel(self.session, id="queue")
        yield InfoLine(id="info")
        yield KeyBar()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        self.query_one(HeaderBar).show(self._header())

    def on_mount(self) -> None:
        message = "Curator mode: decide each conflict; every decision is saved at once."
        if self.merged:
            message = f"Merged {count(self.merged, 'span')} every done layer agrees on. " + message
        self.show(Outcome(message, False))

    # -- drawing ----------------------------------------------------------------------------------
    def show(self, outcome: Outcome | None = None) -> None:
        session = self.session
        item = session.current
        article = self.query_one(GoldView)
        if item is not None:
            doc, tokens = session.document(item.doc_id)
            gold = session.gold_spans(item.doc_id)
            cluster = item.cluster
            if self._loaded != item.doc_id:
                article.load(doc.text, tokens, gold, [], paragraph_langs=doc.paragraph_langs, offset=cluster.start)
                self._loaded = item.doc_id
            else:
                article.set_spans(gold, [])
            article.move_cursor(cluster.start, select=(cluster.start, cluster.end))
            article.scroll_cursor_visible(center=True)
        self.query_one(HeaderBar).show(self._header())
        self.query_one(ConflictPanel).refresh(layout=True)
        self.query_one(QueuePanel).refresh()
        if outcome is not None:
            style = "" if outcome.changed else "italic"
            self.query_one(InfoLine).show(Content.styled(outcome.message, style))

    def _header(self) -> Content:
        """The top line, fitted to the width: the documents done and the document's F1 go
        first when space is short; who curates, the document and the conflicts resolved stay."""
        session = self.session
        progress = session.progress()
        item = session.current
        width = max(20, (self.size.width or self.app.size.width) - 2)
        head = Content.assemble(("Curating as ", "bold"), (session.curator, "bold"))
        resolved = Content(f" · resolved {progress.resolved}/{progress.conflicts}")
        documents = Content(f" · documents done {progress.documents_finished}/{progress.documents}")
        if item is None:
            return Content.assemble(head, resolved, documents)
        f1 = session.agreement.get(item.doc_id)
        score = Content(f" (F1 {'–' if f1 is None else f'{f1:.2f}'})")
        conflict = Content(f" · conflict {session.index + 1}/{len(session.items)}")

        def assemble(doc_id: str, *optional: Content) -> Content:
            return Content.assemble(head, " · ", (doc_id, "bold"), *optional[:1], conflict, resolved, *optional[1:])

        doc_id = _one_line(item.doc_id)
        for optional in ((score, documents), (score,), ()):
            line = assemble(doc_id, *optional)
            if line.cell_length <= width:
                return line
        excess = line.cell_length - width
        return assemble(doc_id[:max(4, len(doc_id) - excess - 1)] + "…")

    # -- actions ----------------------------------------------------------------------------------
    def action_next(self) -> None:
        self.session.move(1)
        self.show()

    def action_previous(self) -> None:
        self.session.move(-1)
        self.show()

    def action_next_open(self) -> None:
        if not self.session.next_open():
            self.show(Outcome("No other open conflict (c: the consistency findings)", False))
            return
        self.show()

    def action_document(self, step: int) -> None:
        self.session.move_document(step)
        self.show()

    def jump_to_document(self, doc_id: str) -> None:
        if self.session.go_to_document(doc_id):
            self.show()

    def on_queue_panel_chosen(self, event: QueuePanel.Chosen) -> None:
        self.jump_to_document(event.doc_id)

    def action_take(self, number: int) -> None:
        self.show(self.session.take(number))

    def action_majority(self) -> None:
        self.show(self.session.take_majority())

    def action_reject(self) -> None:
        self.show(self.session.reject())

    def action_undo(self) -> None:
        self.show(self.session.undo())

    def action_redo(self) -> None:
        self.show(self.session.redo())

    def action_edit(self) -> None:
        item = self.session.current
        if item is None:
            self.app.bell()
            return
        from annotator.tui.curate_edit import GoldEditScreen

        def back(outcome: Outcome | None) -> None:
            self._loaded = None
            self.show(outcome)

        self.app.push_screen(GoldEditScreen(self.session, item.doc_id, (item.cluster.start, item.cluster.end)), back)

    def action_corpus_search(self) -> None:
        from annotator.tui.corpus_search import CorpusSearchScreen

        self._hit_list(CorpusSearchScreen)

    def action_consistency(self) -> None:
        from annotator.tui.corpus_search import FindingsScreen

        self._hit_list(FindingsScreen)

    def _hit_list(self, screen_class) -> None:
        """Corpus search or consistency findings on gold; enter opens the gold editor at the place."""
        session = self.session

        def back(place: tuple[str, int, int] | None) -> None:
            self._loaded = None
            if place is None:
                self.show()
                return
            from annotator.tui.curate_edit import GoldEditScreen

            def edited(outcome: Outcome | None) -> None:
                self._loaded = None
                self.show(outcome)

            self.app.push_screen(GoldEditScreen(session, place[0], (place[1], place[2])), edited)

        self.app.push_screen(screen_class(
            session.store, layer=session.gold, actor=session.curator,
            provenance=f"curator:{session.curator}:label-all",
            on_labelled=lambda plan, group: session.labelled_all(list(plan.changes)),
            undo_step=lambda backwards: (session.undo() if backwards else session.redo()).message,
        ), back)

    def action_report(self) -> None:
        from annotator.tui.curate_report import ReportScreen

        self.app.push_screen(ReportScreen(self.session.store, self.session.layers, alias=self.session.alias))

    def action_help(self) -> None:
        self.app.push_screen(CurateHelpScreen())

    def action_quit(self) -> None:
        self.app.exit()


class CurateHelpScreen(ModalScreen[None]):
    """The curator's keys, generated from the screen's bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    CurateHelpScreen { align: center middle; }
    CurateHelpScreen > Static {
        width: 90; max-width: 100%; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "keymap", {}) or {}
        rows = [Content.styled("Curator keys — escape closes", "bold")]
        for section in CURATE_SECTIONS:
            rows.append(Content.styled(f"\n{section}", "bold underline"))
            for key in (k for k in CURATE_KEYS if k.section == section and k.help):
                keys = key.key_display if key.id not in keymap and key.key_display else key_display(
                    self.app, effective_keys(key, keymap))
                rows.append(Content.assemble((f"  {keys:<12}", "bold $accent"), key.help))
        rows.append(Content(
            "\nEvery decision is saved at once, as an event on the gold layer with your name, the time and the\n"
            "layers it followed; gold spans keep their provenance. Layers done on a document vote there."
        ))
        yield Static(Content("\n").join(rows))


class CurateApp(App[None]):
    """``annotator curate``."""

    TITLE = "annotator curate"

    def __init__(self, session: CurationSession, *, merged: int = 0, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.session = session
        self.merged = merged
        self.keymap = dict(keymap or {})

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.push_screen(CurateScreen(self.session, merged=self.merged))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from annotator.tui.agreement_screen import AgreementScreen

        if not isinstance(screen, AgreementScreen):
            yield agreement_command(self.action_agreement)
        if isinstance(screen, CurateScreen):
            yield SystemCommand("Corpus search", "Search every document; label every hit in gold at once (f)",
                                screen.action_corpus_search)
            yield SystemCommand("Consistency findings", "Where a name gold labels has another label or none (c)",
                                screen.action_consistency)

    def action_agreement(self) -> None:
        """The agreement report, computed in the background. Every human layer; in anonymous
        curation only the curated layers, under the same names as on the curator screen."""
        from annotator.tui.agreement_screen import AgreementScreen

        if isinstance(self.screen, AgreementScreen):
            return
        session = self.session
        layers = names = None
        if session.anonymous:
            layers = session.layers
            names = {layer: session.alias(layer) for layer in session.layers}
        self.push_screen(AgreementScreen(session.store.path, layers=layers, names=names))


def run_curate(session: CurationSession, *, settings: Settings, merged: int = 0) -> None:
    """Open the curator app (the ``curate`` command), with the keymap the settings name."""
    CurateApp(session, merged=merged, keymap=load_keymap(settings.keymap)).run()
