"""Fixtures for the TUI tests: a small deterministic database (no tests in this module)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from rich.cells import cell_len
from textual.app import App
from textual.message import Message
from textual.notifications import Notify

from annotator.model import Span
from annotator.store import Store
from annotator.store.store import DocumentRow, checksum

ANNOTATOR = "tester"
SIZE = (120, 40)

DOC_A = (
    "Tokajev said that 20.000 people gathered in Almaty, TASS reported.\n"
    "\n"
    "The police of Almaty said 26 people died. Reuters could not confirm it.\n"
    "\n"
    "Președintele Tokaiev a vorbit despre trei zile de doliu."
)
DOC_B = "Putin sent 3000 troops to Kazakhstan, said RIA Novosti."
DOC_C = "Nothing to see here: no names, no numbers."


def find(text: str, word: str, nth: int = 0) -> Span:
    """The [start, end) of the ``nth`` occurrence of ``word`` (label left empty)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), "")


def span(text: str, word: str, label: str, nth: int = 0) -> Span:
    found = find(text, word, nth)
    return Span(found.start, found.end, label)


def add_document(store: Store, doc_id: str, text: str, lang: str = "en",
                 paragraph_langs: list[dict] | None = None) -> None:
    row = DocumentRow(doc_id, text, lang, paragraph_langs or [], {}, checksum(text), 0)
    store.insert_document(row, actor="test")


def suggest(store: Store, doc_id: str, spans: list[Span]) -> None:
    store.replace_layer(doc_id, "machine", spans, None, actor="suggest", action="suggest",
                        provenance={s: (0.9, "test") for s in spans})


MACHINE_A = [
    ("Tokajev", "ACTOR"), ("20.000", "FIGURE"), ("Almaty", "LOCATION"), ("TASS", "SOURCE"),
    ("26", "FIGURE"), ("Reuters", "SOURCE"),
]


def make_db(path: Path) -> Path:
    """Three documents; the first with suggestions and a paragraph in another language."""
    romanian = DOC_A.index("Președintele")
    with Store.open(path) as store:
        add_document(store, "doc-a", DOC_A, "en", [{"start": romanian, "end": len(DOC_A), "lang": "ro"}])
        add_document(store, "doc-b", DOC_B, "en")
        add_document(store, "doc-c", DOC_C, "en")
        suggest(store, "doc-a", [span(DOC_A, word, label) for word, label in MACHINE_A])
        suggest(store, "doc-b", [span(DOC_B, "Putin", "ACTOR"), span(DOC_B, "3000", "FIGURE"),
                                 span(DOC_B, "Kazakhstan", "LOCATION")])
    return path


def notices_into(notices: list[str]) -> Callable[[Message], None]:
    """A ``run_test(message_hook=...)`` that appends the text of every notification posted."""

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(str(message.notification.message))

    return hook


# Rich's SVG export: one <text> element per run of visible characters, placed by its column (x)
# and row (y); spaces are written as &#160;, runs of spaces are left out.
_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([0-9.]+)" y="([0-9.]+)" textLength="[^"]*" clip-path="[^"]*">([^<]*)</text>')
_CHAR_WIDTH = 20 * 0.61  # rich.console.Console.export_svg: char_height 20, font_aspect_ratio 0.61
_LINE_HEIGHT = 20 * 1.22


def screen_lines(app: App) -> list[str]:
    """What the terminal shows, one string per row padded to the width, read from Textual's
    public ``export_screenshot()`` rather than from its private compositor."""
    width, height = app.size
    cells: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, y, content in _SVG_TEXT.findall(app.export_screenshot()):
        row = round((float(y) - 20) / _LINE_HEIGHT)
        text = html.unescape(content.replace("&#160;", " "))
        cells[row].append((round(float(x) / _CHAR_WIDTH), text))
    lines = []
    for runs in cells:
        line, used = "", 0
        for column, text in sorted(runs):
            line += " " * (column - used) + text
            used = column + cell_len(text)
        lines.append(line + " " * (width - used))
    return lines


def screen_text(app: App) -> str:
    """The whole screen as one string, rows joined by newlines."""
    return "\n".join(screen_lines(app))
