"""The other screens: help, guidelines, the document list and the flag note."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, RichLog, Select, Static

import annotator
from annotator.model import STATUSES, Status
from annotator.tui.keys import ALL_KEYS, MOUSE_HELP, SECTIONS, effective_keys
from annotator.tui.panels import KeyBar
from annotator.tui.session import Session
from annotator.tui.theme import LABEL_THEMES


def key_display(app, keys: str) -> str:
    """Keys as the user reads them: ``question_mark,f1`` -> ``? / f1``."""
    from textual.binding import Binding as _Binding

    shown = []
    names = [key.strip() for key in keys.split(",")]
    for key in names:
        if len(key) == 1 and key.isupper():
            shown.append(f"{key} (shift+{key.lower()})")
        elif key.startswith("shift+") and key[6:].upper() in names:
            continue
        else:
            shown.append(app.get_key_display(_Binding(key, "")))
    return " / ".join(shown)


class HelpScreen(ModalScreen[None]):
    """Every key, generated from the key table (so it always matches the keys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close", show=True),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 112; max-width: 100%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { height: 1; text-style: bold; }
    HelpScreen VerticalScroll { height: 1fr; }
    """

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Keys — escape closes this screen"), id="help-title")
            with VerticalScroll():
                yield Static(self._content(), id="help-body")
        yield KeyBar()

    def _content(self) -> Content:
        parts: list[Content] = []
        key_style, heading = "bold $accent", "bold underline"
        for section in SECTIONS:
            parts.append(Content.styled(f"\n{section}\n", heading))
            for key in (k for k in ALL_KEYS if k.section == section):
                keys = key_display(self.app, effective_keys(key, self.keymap))
                parts.append(Content.assemble((f"  {keys:<18}", key_style), key.help, "\n"))
        parts.append(Content.styled("\nLabels\n", heading))
        mono = self.app.no_color
        for label in LABEL_THEMES.values():
            mark, text = label.markup_style(mark=True, no_color=mono), label.markup_style(no_color=mono)
            suggestion_mark = label.markup_style(suggestion=True, mark=True, no_color=mono)
            parts.append(Content.assemble(
                (f"  {label.key:<18}", key_style),
                (f"[{label.letter} ", mark), (label.label.lower(), text), ("]", mark),
                "   suggestion: ",
                (f"[{label.letter}? ", suggestion_mark),
                (label.label.lower(), label.markup_style(suggestion=True, no_color=mono)),
                ("]", suggestion_mark),
                "\n",
            ))
        parts.append(Content.styled("\nMouse\n", heading))
        for what, does in MOUSE_HELP:
            parts.append(Content.assemble((f"  {what:<18}", key_style), does, "\n"))
        parts.append(Content.styled("\nEverywhere\n", heading))
        parts.append(Content.assemble((f"  {'ctrl+p':<18}", key_style), "Command palette: every action by name\n"))
        parts.append(Content.assemble((f"  {'ctrl+q':<18}", key_style), "Quit\n"))
        parts.append(Content(
            "\nEvery change is saved to the database before it is shown. Keys can be remapped by\n"
            "binding id in a keymap file (~/.config/annotator/keymap.toml; docs/configuration.md).\n"
            "Right-to-left scripts are shown in logical order (the terminal does no BiDi)."
        ))
        return Content("").join(parts)


def find_guidelines() -> Path | None:
    """docs/guidelines.md next to the package (a checkout or editable install), the copy a
    wheel carries inside the package (``setup.py`` puts it there), or under the current
    directory."""
    package = Path(annotator.__file__).resolve().parent
    for candidate in (package.parent / "docs" / "guidelines.md", package / "docs" / "guidelines.md",
                      Path.cwd() / "docs" / "guidelines.md"):
        if candidate.is_file():
            return candidate
    return None


class GuidelinesScreen(ModalScreen[None]):
    """The annotation guidelines (docs/guidelines.md), rendered as Markdown.

    Rendered once by Rich into lines shown by a line-API log (Textual's Markdown widget builds a
    widget per block and takes seconds on a document this size).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,g", "app.pop_screen", "Close", show=True)]
    DEFAULT_CSS = """
    GuidelinesScreen { align: center middle; }
    GuidelinesScreen > Vertical {
        width: 100; max-width: 100%; height: 100%; border: round $primary; background: $surface;
    }
    GuidelinesScreen RichLog { height: 1fr; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._markdown: str | None = None
        self._rendered_width = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            # min_width: RichLog renders at 78 cells at least by default, wider than the box on
            # an 80-column terminal (lines then end mid-word past the edge).
            yield RichLog(wrap=True, auto_scroll=False, min_width=20, id="guidelines")
        yield KeyBar()

    def on_mount(self) -> None:
        log = self.query_one(RichLog)
        path = find_guidelines()
        if path is None:
            log.write(Text(
                "No guidelines found: this installation of annotator has no guidelines.md inside "
                "the package, and there is no docs/guidelines.md here. Reinstall it from a checkout "
                "('pip install .'), or run it in the checkout.\n\nPress escape to go back."
            ))
        else:
            try:
                self._markdown = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                log.write(Text(f"Cannot read {path}: {exc}"))
            else:
                self._render_markdown()
        log.focus()

    def _render_markdown(self) -> None:
        """Render the guidelines wrapped to the window (again after the window's width changed)."""
        if self._markdown is None:
            return
        log = self.query_one(RichLog)
        width = log.scrollable_content_region.width
        if width == self._rendered_width:
            return
        if self._rendered_width < 0 and width:  # the first write waited for this width
            self._rendered_width = width
            return
        from rich.markdown import Markdown  # not needed until the guidelines are opened

        top = log.scroll_y
        log.clear()
        log.write(Markdown(self._markdown), scroll_end=False)
        self._rendered_width = width or -1  # -1: RichLog renders it once its width is known
        log.scroll_to(y=top, animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._render_markdown)

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._render_markdown)


_STATUS_STYLE = {
    Status.DONE.value: "green",
    Status.IN_PROGRESS.value: "yellow",
    Status.SKIPPED.value: "dim",
    Status.TODO.value: "",
}
_ALL = "all"


class FilterInput(Input):
    """The document list's id/text filter: enter, down or escape go back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down,escape", "to_list", "To the list", show=True),
    ]

    def action_to_list(self) -> None:
        self.screen.query_one(DataTable).focus()


class DocumentListScreen(Screen[str | None]):
    """Every document with this annotator's status and counts; enter opens one. Filters: status,
    language, and a piece of the id or the text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l", "close", "Back", show=True),
        Binding("f", "cycle_status", "Status filter", show=True),
        Binding("shift+f,F", "cycle_language", "Language filter", show=True, key_display="F"),
        Binding("slash", "filter_text", "Id/text filter", show=True, key_display="/"),
        Binding("t", "toggle_queue", "Queue/all", show=True),
    ]
    DEFAULT_CSS = """
    DocumentListScreen #filters { height: 3; }
    DocumentListScreen #filters Select { width: 20; }
    DocumentListScreen #text-filter { width: 1fr; }
    DocumentListScreen .filter-label { width: auto; padding: 1 1 0 2; }
    DocumentListScreen #progress { height: 1; padding: 0 1; background: $primary-muted; }
    DocumentListScreen DataTable { height: 1fr; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows = self._rows()
        self.languages = sorted({r["lang"] for r in self.rows})
        self.status_filter = _ALL
        self.language_filter = _ALL
        self.text_filter = ""
        self._text_matches: set[str] = set()

    def _rows(self) -> list[dict]:
        """The rows in the order the annotator walks them (their queue first), each with
        whether it is assigned to them and their flag notes."""
        session = self.session
        by_id = {row["id"]: row for row in session.store.document_list(session.layer)}
        notes: dict[str, list[str]] = {}
        for flag in session.store.flags(layer=session.layer):
            notes.setdefault(flag.doc_id, []).append(flag.note)
        rows = []
        for doc_id in session.order:
            row = dict(by_id[doc_id])
            row["assigned"] = bool(session.assigned) and session.is_assigned(doc_id)
            row["flags"] = notes.get(doc_id, [])
            rows.append(row)
        return rows

    def action_toggle_queue(self) -> None:
        message = self.session.toggle_all_documents()
        self.rows = self._rows()
        self.query_one("#progress", Static).update(self._progress())
        self._fill()
        self.notify(message, markup=False)

    def compose(self) -> ComposeResult:
        yield Static(self._progress(), id="progress")
        with Horizontal(id="filters"):
            yield Static(Content("Status"), classes="filter-label")
            yield Select([(Text(s), s) for s in (_ALL, *STATUSES)], value=_ALL, allow_blank=False,
                         id="status-filter", prompt="Status")
            yield Static(Content("Language"), classes="filter-label")
            yield Select([(Text(lang), lang) for lang in (_ALL, *self.languages)], value=_ALL,
                         allow_blank=False, id="language-filter", prompt="Language")
            yield FilterInput(placeholder="/ id or text", id="text-filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="documents")
        yield KeyBar()

    def _progress(self) -> Content:
        counts = {s: 0 for s in STATUSES}
        for row in self.rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        total = len(self.rows)
        session = self.session
        scope = ("   your queue" if not session.all_documents else "   every document, yours first") \
            if session.assigned else ""
        return Content.assemble(
            ("Documents", "bold"), (scope, "bold"), ("   annotator ", "dim"), (self.session.annotator, "bold"),
            f"   done {counts['done']}/{total}",
            f" · in progress {counts['in_progress']} · skipped {counts['skipped']} · todo {counts['todo']}",
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("#", justify="right"), key="n")
        table.add_column(Text("document"), key="id")
        table.add_column(Text("lang"), key="lang")
        table.add_column(Text("status"), key="status")
        table.add_column(Text("spans", justify="right"), key="spans")
        table.add_column(Text("machine", justify="right"), key="machine")
        table.add_column(Text("chars", justify="right"), key="chars")
        table.add_column(Text("flag"), key="flag")
        self._fill()
        table.focus()

    def visible_rows(self) -> list[dict]:
        return [
            row for row in self.rows
            if (self.status_filter == _ALL or row["status"] == self.status_filter)
            and (self.language_filter == _ALL or row["lang"] == self.language_filter)
            and (not self.text_filter or row["id"] in self._text_matches)
        ]

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        current = self.session.doc_id
        cursor_row = 0
        rows = self.visible_rows()
        for i, row in enumerate(rows):
            if row["id"] == current:
                cursor_row = i
            table.add_row(
                Text(str(self.session.number(row["id"])), justify="right"),
                Text(row["id"], style=("bold" if row["id"] == current else "")
                     + ("" if row["assigned"] or not self.session.assigned else " dim")),
                Text(row["lang"]),
                Text(row["status"].replace("_", " "), style=_STATUS_STYLE.get(row["status"], "")),
                Text(str(row["spans"]), justify="right"),
                Text(str(row["suggestions"]), justify="right"),
                Text(str(row["n_chars"]), justify="right"),
                Text(("⚑ " + "; ".join(row["flags"]))[:60] if row["flags"] else ""),
                key=row["id"],
            )
        if rows:
            table.move_cursor(row=cursor_row, animate=False, scroll=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else _ALL
        if event.select.id == "status-filter":
            self.status_filter = value
        elif event.select.id == "language-filter":
            self.language_filter = value
        self._fill()

    @on(Input.Changed, "#text-filter")
    def _text_filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value.strip()
        if self.text_filter:
            query = self.text_filter.casefold()
            by_id = {row["id"] for row in self.rows if query in row["id"].casefold()}
            self._text_matches = by_id | self.session.store.documents_containing(self.text_filter)
        self._fill()

    def action_filter_text(self) -> None:
        self.query_one(FilterInput).focus()

    def action_cycle_status(self) -> None:
        options = [_ALL, *STATUSES]
        self.query_one("#status-filter", Select).value = options[(options.index(self.status_filter) + 1) % len(options)]

    def action_cycle_language(self) -> None:
        options = [_ALL, *self.languages]
        self.query_one("#language-filter", Select).value = options[(options.index(self.language_filter) + 1) % len(options)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_close(self) -> None:
        self.dismiss(None)


class FlagScreen(ModalScreen[str | None]):
    """One line to type the note of a flag (the document's, or a span's); enter saves, escape
    cancels; an empty note removes the flag."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=True)]
    DEFAULT_CSS = """
    FlagScreen { align: center middle; }
    FlagScreen > Vertical { width: 80%; max-width: 90; height: auto; border: round $accent; padding: 0 1; }
    FlagScreen Static { height: auto; }
    """

    def __init__(self, where: str, note: str = "") -> None:
        super().__init__()
        self.where = where
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(("Flag ", "bold"), (self.where, "bold"),
                                          " as unsure: a short note (enter saves, empty removes, escape cancels)"))
            yield Input(value=self.note, placeholder="why are you unsure?", max_length=200, id="note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
