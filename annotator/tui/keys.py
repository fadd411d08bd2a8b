"""Every key of both apps, in one table: the annotation screen's and the curator's.

The footers, the help screens and the command palette are all generated from this table, so they
cannot disagree with what the keys do. Each key has a binding id: users remap keys with a
keymap file (TOML, ``[keymap]`` table of ``id = "key[,key...]"``), ``Settings.keymap`` of
``annotator.settings``: ``$ANNOTATOR_KEYMAP``, else ``keymap`` in the configuration file, else
``$XDG_CONFIG_HOME/annotator/keymap.toml`` (``~/.config/annotator/keymap.toml``), for example::

    [keymap]
    "label.actor" = "a"
    "history.undo" = "ctrl+z"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding

from annotator.model import InputError
from annotator.tui.theme import LABEL_THEMES


@dataclass(frozen=True)
class Key:
    """One action with its default keys."""

    keys: str  # Textual key names, comma-separated
    action: str
    description: str  # short, for the footer
    help: str  # one line, for the help screen and the command palette
    id: str
    section: str
    target: str = "screen"  # "screen" or "article": which widget runs the action
    show: bool = False  # in the footer
    key_display: str | None = None
    group: str | None = None
    priority: bool = False  # before the focused widget's own bindings


_LABEL_GROUP = Binding.Group("Label", compact=True)

ARTICLE_KEYS: list[Key] = [
    Key("left", "cursor_left", "←", "Cursor to the previous token", "cursor.left", "Move", "article"),
    Key("right", "cursor_right", "→", "Cursor to the next token", "cursor.right", "Move", "article"),
    Key("up", "cursor_up", "↑", "Cursor one line up", "cursor.up", "Move", "article"),
    Key("down", "cursor_down", "↓", "Cursor one line down", "cursor.down", "Move", "article"),
    Key("home", "line_start", "home", "Cursor to the first token of the line", "cursor.line_start", "Move", "article"),
    Key("end", "line_end", "end", "Cursor to the last token of the line", "cursor.line_end", "Move", "article"),
    Key("pageup", "page_up", "pgup", "Cursor one page up", "cursor.page_up", "Move", "article"),
    Key("pagedown", "page_down", "pgdn", "Cursor one page down", "cursor.page_down", "Move", "article"),
    Key("ctrl+home", "document_start", "top", "Cursor to the first token of the document", "cursor.document_start", "Move", "article"),
    Key("ctrl+end", "document_end", "bottom", "Cursor to the last token of the document", "cursor.document_end", "Move", "article"),
    Key("shift+left", "select_left", "select ←", "Extend the selection by one token to the left", "select.left", "Select", "article"),
    Key("shift+right", "select_right", "select →", "Extend the selection by one token to the right", "select.right", "Select", "article"),
    Key("shift+up", "select_up", "select ↑", "Extend the selection one line up", "select.up", "Select", "article"),
    Key("shift+down", "select_down", "select ↓", "Extend the selection one line down", "select.down", "Select", "article"),
    Key("escape", "clear_selection", "clear", "Clear the selection (then the search highlights)", "select.clear", "Select", "article"),
    Key("tab", "next_item", "Next", "Cursor to the next pending suggestion", "item.next", "Suggestions", "article", show=True),
    Key("shift+tab", "previous_item", "Prev", "Cursor to the previous pending suggestion", "item.previous", "Suggestions", "article"),
    Key("full_stop", "next_any", "Next span", "Cursor to the next span or suggestion (every item)",
        "item.next_any", "Suggestions", "article", key_display="."),
    Key("comma", "previous_any", "Prev span", "Cursor to the previous span or suggestion (every item)",
        "item.previous_any", "Suggestions", "article", key_display=","),
]

SCREEN_KEYS: list[Key] = [
    *(
        Key(t.key, f"label('{t.label}')", t.label.title(),
            f"{t.label}: label the selection or what is under the cursor (relabels a span)",
            f"label.{t.label.lower()}", "Label", show=True, group="label")
        for t in LABEL_THEMES.values()
    ),
    Key("enter", "accept", "Accept", "Accept the suggestion under the cursor and go to the next pending one",
        "suggestion.accept", "Suggestions", show=True),
    Key("x,delete", "remove", "Reject",
        "Reject the suggestion or remove the span under the cursor (or in the selection)",
        "span.remove", "Suggestions", show=True),
    Key("A,shift+a", "accept_all", "Accept all", "Accept every remaining suggestion in the document",
        "suggestion.accept_all", "Suggestions", show=True, key_display="A"),
    Key("left_square_bracket", "adjust('grow_start')", "Start ←", "Move the start of the span under the cursor one token left",
        "span.grow_start", "Boundaries", key_display="["),
    Key("left_curly_bracket", "adjust('shrink_start')", "Start →", "Move the start of the span under the cursor one token right",
        "span.shrink_start", "Boundaries", key_display="{"),
    Key("right_square_bracket", "adjust('grow_end')", "End →", "Move the end of the span under the cursor one token right",
        "span.grow_end", "Boundaries", key_display="]"),
    Key("right_curly_bracket", "adjust('shrink_end')", "End ←", "Move the end of the span under the cursor one token left",
        "span.shrink_end", "Boundaries", key_display="}"),
    Key("u,ctrl+z", "undo", "Undo", "Undo the last change to this document (any kind)", "history.undo", "History", show=True),
    Key("ctrl+y", "redo", "Redo", "Redo the last undone change", "history.redo", "History"),
    Key("n", "next_document", "Next doc", "Open the next document", "document.next", "Documents"),
    Key("p", "previous_document", "Prev doc", "Open the previous document", "document.previous", "Documents"),
    Key("d", "done", "Done", "Mark this document done and open the next one not done (with suggestions pending: "
        "press twice; they count as rejected; u right after returns and undoes it)", "document.done", "Documents",
        show=True),
    Key("t", "toggle_queue", "Queue/all", "Walk your assigned documents only, or every document (yours first)",
        "documents.toggle_queue", "Documents"),
    Key("exclamation_mark", "flag", "Flag", "Flag the span under the cursor (or the document) as unsure, with a "
        "note; an empty note removes the flag", "flag.toggle", "Documents", key_display="!"),
    Key("s", "skip", "Skip", "Mark this document skipped and open the next one not done", "document.skip", "Documents"),
    Key("l", "document_list", "Docs", "Show the document list (filter by status and language)", "documents.list", "Documents", show=True),
    Key("slash", "search", "Find", "Search the text (incremental; enter: next match)", "search.open", "Search", show=True),
    Key("f3", "search_next", "Next match", "Cursor to the next search match", "search.next", "Search"),
    Key("shift+f3", "search_previous", "Prev match", "Cursor to the previous search match", "search.previous", "Search"),
    Key("F,shift+f", "corpus_search", "Corpus", "Search every document; label every hit at once (one undo)",
        "search.corpus", "Search", key_display="F"),
    Key("v", "focus_spans", "Spans", "Go to the span panel (enter: jump to the span, escape: back)", "spans.focus", "Panels"),
    Key("g", "guidelines", "Guidelines", "Show the annotation guidelines", "guidelines.show", "Panels"),
    Key("question_mark,f1", "help", "Help", "Show every key", "help.show", "Panels", show=True, key_display="?"),
    Key("q", "quit", "Quit", "Save the position and quit", "app.quit", "Panels", show=True),
]

SECTIONS = ("Move", "Select", "Label", "Suggestions", "Boundaries", "History", "Documents", "Search", "Panels")
ALL_KEYS = sorted(ARTICLE_KEYS + SCREEN_KEYS, key=lambda k: SECTIONS.index(k.section))

MOUSE_HELP = [
    ("click", "Put the cursor on the token"),
    ("drag", "Select tokens"),
    ("click a span", "Select the span or suggestion (then 1-4 relabels, enter accepts, x removes)"),
    ("wheel", "Scroll"),
]


CURATE_SECTIONS = ("Conflicts", "Decide", "History", "Reports", "Panels")
CURATE_KEYS: list[Key] = [
    Key("tab", "next", "Next", "Next conflict (resolved ones included), across documents", "curate.next",
        "Conflicts", show=True, priority=True),
    Key("shift+tab", "previous", "Prev", "Previous conflict", "curate.previous", "Conflicts", show=True, priority=True),
    Key("n", "next_open", "Next open", "Next conflict still open", "curate.next_open", "Conflicts", show=True),
    Key("right_square_bracket", "document(1)", "Next doc", "Next document of the queue (at its first open conflict)",
        "curate.next_document", "Conflicts", key_display="]"),
    Key("left_square_bracket", "document(-1)", "Prev doc", "Previous document of the queue",
        "curate.previous_document", "Conflicts", key_display="["),
    Key("1", "take(1)", "Take", "Take that layer's version (its spans, or no span) into gold", "curate.take1",
        "Decide", show=True, key_display="1-9"),
    *(Key(str(k), f"take({k})", f"Take {k}", "", f"curate.take{k}", "Decide") for k in range(2, 10)),
    Key("m", "majority", "Majority", "Take the version more than half of the layers share", "curate.majority",
        "Decide", show=True),
    Key("x", "reject", "No span", "Reject every version: no span here", "curate.reject", "Decide", show=True),
    Key("e", "edit", "Edit", "Edit gold by hand with the annotation keys (enter or e comes back)", "curate.edit",
        "Decide", show=True),
    Key("u", "undo", "Undo", "Undo the last change to gold (of this session first)", "curate.undo", "History",
        show=True),
    Key("ctrl+y", "redo", "Redo", "Redo what was undone", "curate.redo", "History"),
    Key("r", "report", "Report", "Each annotator against gold: errors, F1 per label, examples (n/p: layer)",
        "curate.report", "Reports", show=True),
    Key("a", "app.agreement", "Agreement",
        "Agreement between the layers: span F1, kappa, alpha (as 'annotator agreement'; r recomputes)",
        "curate.agreement", "Reports", show=True),
    Key("c", "consistency", "Consistency",
        "The queue after the conflicts: where a name gold labels has another label or none",
        "curate.consistency", "Reports", show=True),
    Key("f", "corpus_search", "Search", "Search every document; label every hit in gold at once (u undoes it)",
        "curate.search", "Reports", show=True),
    Key("question_mark", "help", "Help", "Show every key", "curate.help", "Panels", show=True, key_display="?"),
    Key("q", "quit", "Quit", "Quit (every decision is already saved)", "curate.quit", "Panels", show=True),
]


def bindings_for(keys: list[Key]) -> list[Binding]:
    return [
        Binding(k.keys, k.action, k.description, show=k.show, key_display=k.key_display, id=k.id,
                tooltip=k.help, group=_LABEL_GROUP if k.group == "label" else None, priority=k.priority)
        for k in keys
    ]


def load_keymap(path: Path) -> dict[str, str]:
    """Key overrides (binding id -> keys) from a TOML file (the settings' ``keymap``); {} when
    there is none. Ids of neither app are ignored, so one file serves both."""
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the keymap file ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid keymap file ({exc})") from None
    table = data.get("keymap", data)
    if not isinstance(table, dict):
        raise InputError(f"{path}: not a valid keymap file ([keymap] must be a table of id = \"keys\")")
    known = {k.id for k in ALL_KEYS} | {k.id for k in CURATE_KEYS}
    return {str(k): str(v) for k, v in table.items() if k in known and isinstance(v, str)}


def effective_keys(key: Key, keymap: dict[str, str]) -> str:
    return keymap.get(key.id, key.keys)


_SHOWN = {"escape": "esc", "question_mark": "?", "slash": "/", "delete": "del", "enter": "enter",
          "left_square_bracket": "[", "right_square_bracket": "]", "left_curly_bracket": "{",
          "right_curly_bracket": "}", "full_stop": ".", "comma": ",", "exclamation_mark": "!"}


def shown_key(key_id: str, keymap: dict[str, str]) -> str:
    """The first key bound to ``key_id`` (after remapping), as the hint lines write it."""
    key = next(k for k in ALL_KEYS if k.id == key_id)
    first = effective_keys(key, keymap).split(",")[0].strip()
    return _SHOWN.get(first, first)


def label_keys_shown(keymap: dict[str, str]) -> str:
    """The label keys for hint lines: ``1-4`` when they are still 1 to 4, else ``a/s/d/f``."""
    keys = [shown_key(f"label.{theme.label.lower()}", keymap) for theme in LABEL_THEMES.values()]
    numbered = [str(i + 1) for i in range(len(keys))]
    return f"1-{len(keys)}" if keys == numbered else "/".join(keys)
