"""Small widgets of the annotation screen: the span panel, the header and the status line.

Everything that may contain document text or ids is built from ``Content``/``Segment`` objects,
never from markup strings.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from annotator.model import Span
from annotator.tui import theme
from annotator.tui.compat import set_virtual_size_quietly
from annotator.tui.layout import display_text


class SpanPanel(theme.LabelLooks, ScrollView, can_focus=True):
    """The document's spans and suggestions in reading order; choosing one moves the cursor."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("home", "move(-1000000)", "First", show=False),
        Binding("end", "move(1000000)", "Last", show=False),
        Binding("enter", "choose", "Go to span", show=True),
        Binding("escape", "leave", "Back to text", show=True),
    ]
    COMPONENT_CLASSES = theme.COMPONENT_CLASSES
    DEFAULT_CSS = """
    SpanPanel {
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 0;  /* scrolls (wheel, keys), no scrollbar: cheaper to redraw */
    }
    """ + theme.component_css("SpanPanel")

    class Chosen(Message):
        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class Left(Message):
        """The user left the panel (escape)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[tuple[Span, bool]] = []
        self.text = ""
        self._starts: list[int] = []
        self.highlighted: int | None = None
        self._version = 0
        self._cache: LRUCache[tuple, Strip] = LRUCache(256)
        self.flags: dict = {}  # (start, end) -> note of the annotator's flags (None: the document)

    def set_flags(self, flags: dict) -> None:
        """Mark the items the annotator flagged as unsure (``⚑`` beside them)."""
        if flags != self.flags:
            self.flags = dict(flags)
            self._version += 1
            self.refresh()

    def set_items(self, items: Sequence[tuple[Span, bool]], text: str, *, top: bool = False) -> None:
        """Show ``items`` (spans and suggestions in reading order, never overlapping); ``top``
        (another document) scrolls back to the first item and forgets the highlight."""
        self.items = list(items)
        self._starts = [span.start for span, _ in self.items]
        self.text = text
        self._version += 1
        if top:
            self.highlighted = None
        self._items_resized()
        if top:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def apply_changes(self, changes: Sequence[tuple[Span, bool]], own: Sequence[Span],
                      pending: Sequence[Span]) -> None:
        """Insert and remove the items a change touched (``changes`` as ``Session.changes``);
        redraw only their rows, and the rows below if the count changed."""
        count = len(self.items)
        present = [(span, suggestion) for span, suggestion in changes
                   if _contains(pending if suggestion else own, span)]
        gone = [item for item in changes if item not in present]
        first = len(self.items)
        for span, suggestion in gone:
            i = bisect.bisect_left(self._starts, span.start)
            while i < len(self.items) and self._starts[i] == span.start:
                if self.items[i] == (span, suggestion):
                    del self.items[i]
                    del self._starts[i]
                    first = min(first, i)
                    break
                i += 1
        for span, suggestion in present:
            i = bisect.bisect_left(self._starts, span.start)
            self.items.insert(i, (span, suggestion))
            self._starts.insert(i, span.start)
            first = min(first, i)
        if self.highlighted is not None and self.highlighted >= len(self.items):
            self.highlighted = None
        self._items_resized()
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        last = bottom if count != len(self.items) else first + len(present) + len(gone)
        first, last = max(first, top), min(last, bottom)
        if last >= first:
            self.refresh_lines(first, last - first + 1)

    def _items_resized(self) -> None:
        size = Size(self.scrollable_content_region.width, len(self.items))
        if size != self.virtual_size:
            if self.is_mounted and self.container_size:
                # As in ArticleView: update the scroll limits without a layout of the screen.
                set_virtual_size_quietly(self, size)
            else:
                self.virtual_size = size
        if self.highlighted is not None and self.highlighted >= len(self.items):
            self.highlighted = None

    def highlight_span(self, span: Span | None) -> None:
        """Highlight ``span``'s row (None: no row) without moving focus."""
        index = None
        if span is not None:
            i = bisect.bisect_left(self._starts, span.start)
            while i < len(self.items) and self._starts[i] == span.start:
                if self.items[i][0] == span:
                    index = i
                    break
                i += 1
        self._set_highlight(index)

    def _set_highlight(self, index: int | None) -> None:
        if index == self.highlighted:
            return
        old = self.highlighted
        self.highlighted = index
        for row in (old, index):
            if row is not None:
                self.refresh_line(row)
        if index is not None:
            top = round(self.scroll_y)
            height = max(1, self.scrollable_content_region.height)
            if index < top:
                self.scroll_to(y=index, animate=False)
            elif index >= top + height:
                self.scroll_to(y=index - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        if not self.items:
            return
        current = self.highlighted if self.highlighted is not None else (-1 if delta > 0 else len(self.items))
        self._set_highlight(max(0, min(len(self.items) - 1, current + delta)))

    def action_choose(self) -> None:
        if self.highlighted is not None and self.highlighted < len(self.items):
            self.post_message(self.Chosen(self.items[self.highlighted][0]))

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + round(self.scroll_y)
        if 0 <= index < len(self.items):
            self._set_highlight(index)
            self.post_message(self.Chosen(self.items[index][0]))

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.visual_style.rich_style
        if index >= len(self.items) or width <= 0:
            return Strip.blank(width, base)
        key = (index, self.items[index], width, self._version, index == self.highlighted, self.has_focus, base)
        strip = self._cache.get(key)
        if strip is None:
            span, suggestion = self.items[index]
            label = theme.label_theme(span.label)
            tag = f" {label.letter}? " if suggestion else f" {label.letter}  "
            mono = self.no_color
            tag_style = self.label_style(span.label, suggestion=suggestion, mark=True)
            who = "machine" if suggestion else "you"
            if (span.start, span.end) in self.flags:
                who = "⚑ " + who
            text_style = self.label_style(span.label, suggestion=True) if suggestion else Style()
            row_style = base
            if index == self.highlighted:
                row_style = base + (Style(reverse=True) if self.has_focus else Style(bold=True, underline=True))
            text_width = max(1, width - len(tag) - len(who) - 2)
            segments = [
                Segment(tag, base + tag_style),
                Segment(" ", row_style),
                *Strip([Segment(self.item_text(index), row_style + text_style)]).crop_extend(0, text_width, row_style),
                Segment(" ", row_style),
                Segment(who, row_style + (Style(italic=True) if mono else Style(dim=True))),
            ]
            strip = Strip(segments).crop_extend(0, width, base)
            self._cache[key] = strip
        return strip

    def item_text(self, index: int) -> str:
        """The covered text of item ``index``, on one line, control characters made visible."""
        span = self.items[index][0]
        return " ".join(display_text(self.text[span.start : span.end]).split())

    def on_focus(self) -> None:
        self._version += 1
        if self.highlighted is None and self.items:
            self._set_highlight(0)
        self.refresh()

    def on_blur(self) -> None:
        self._version += 1
        self.refresh()


def _contains(spans: Sequence[Span], span: Span) -> bool:
    i = bisect.bisect_left(spans, span)
    return i < len(spans) and spans[i] == span


class ContentLine(Widget):
    """A widget that draws the ``Content`` last given to :meth:`show` (redrawn only if it changed)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")

    def show(self, content: Content) -> None:
        if content != self._content:
            self._content = content
            self.refresh()

    def render(self) -> Content:
        return self._content


class InfoLine(ContentLine):
    """One line under the article: what is under the cursor, or the result of the last action."""

    DEFAULT_CSS = """
    InfoLine {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    """


class HeaderBar(ContentLine):
    """The top line: annotator, document, language, status, progress, counts."""

    DEFAULT_CSS = """
    HeaderBar {
        height: 1;
        background: $primary-muted;
        padding: 0 1;
    }
    """


ESSENTIAL_ACTIONS = frozenset({"help", "quit"})  # always in the footer, however narrow
# When the footer is too narrow, these keys (binding ids) leave it first, in this order; the
# others leave from the right. Everything stays in the help screen and the command palette.
FOOTER_DROP_ORDER = (
    "suggestion.accept_all", "search.open", "item.next", "documents.list", "history.undo",
    "curate.consistency", "curate.search", "curate.agreement", "curate.report", "curate.edit",
    "curate.next_open", "curate.previous",
)


def _drop_rank(binding_id: str | None) -> int:
    """Higher leaves the footer sooner (1 for keys not in FOOTER_DROP_ORDER)."""
    if binding_id in FOOTER_DROP_ORDER:
        return 2 + len(FOOTER_DROP_ORDER) - FOOTER_DROP_ORDER.index(binding_id)
    return 1


class KeyBar(ContentLine):
    """The footer: the active keys of the focused widget and its screen, on one line.

    Textual's ``Footer`` rebuilds a widget per key whenever the focus moves, which costs a
    noticeable fraction of a second on every focus change; this draws one ``Content`` instead.
    A click on a key runs its action.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: list[tuple[int, int, str, object]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._update)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        self._update()

    def on_resize(self) -> None:
        self._update()

    def _update(self) -> None:
        """Draw the keys that fit. When space is short, keys are dropped from the right, except
        help and quit (always shown, at the end); the palette hint goes first."""
        if not self.is_attached:
            return
        active = self.screen.active_bindings
        seen: set[str] = set()
        shown = [(node, binding, enabled) for node, binding, enabled, _ in active.values()
                 if binding.show and binding.action not in seen and not seen.add(binding.action)]
        # Each item: pieces of (text, style), clickable (start, end, action, node) relative to
        # the item, essential, drop rank.
        items: list[tuple[list[tuple[str, str]], list[tuple[int, int, str, object]], bool, int]] = []
        i = 0
        while i < len(shown):
            node, binding, enabled = shown[i]
            group = binding.group
            members = [shown[i]]
            if group is not None:
                while i + len(members) < len(shown) and shown[i + len(members)][1].group == group:
                    members.append(shown[i + len(members)])
            i += len(members)
            key_style = "bold $accent" if enabled else "dim"
            pieces: list[tuple[str, str]] = []
            targets: list[tuple[int, int, str, object]] = []
            if len(members) > 1 and group is not None:
                pieces.append((" ", ""))
                x = 1
                for m_node, m_binding, _ in members:
                    key = self.app.get_key_display(m_binding)
                    pieces.append((key, key_style))
                    targets.append((x, x + cell_len(key), m_binding.action, m_node))
                    x += cell_len(key)
                label = f" {group.description} "
            else:
                key = f" {self.app.get_key_display(binding)}"
                label = f" {binding.description} "
                pieces.append((key, key_style))
                targets.append((0, cell_len(key) + cell_len(label), binding.action, node))
            pieces.append((label, "" if enabled else "dim"))
            essential = binding.action.rsplit(".", 1)[-1] in ESSENTIAL_ACTIONS
            items.append((pieces, targets, essential, _drop_rank(members[0][1].id)))
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        palette_item = ([(" ^p", "bold $accent"), (" palette", "dim")], [], False, 0) if palette and palette in active else None
        items = [item for item in items if not item[2]] + [item for item in items if item[2]]

        def width_of(item) -> int:
            return sum(cell_len(text) for text, _ in item[0])

        room = self.size.width or self.app.size.width
        total = sum(width_of(item) for item in items)
        if palette_item is not None and total + width_of(palette_item) <= room:
            items.append(palette_item)
            total += width_of(palette_item)
        while total > room and any(not item[2] for item in items):
            # the first of FOOTER_DROP_ORDER shown, else the rightmost key
            drop = max((i for i, item in enumerate(items) if not item[2]), key=lambda i: (items[i][3], i))
            total -= width_of(items.pop(drop))
        parts: list[tuple[str, str]] = []
        targets_all: list[tuple[int, int, str, object]] = []
        x = 0
        for pieces, targets, _, _ in items:
            targets_all.extend((x + a, x + b, action, node) for a, b, action, node in targets)
            parts.extend(pieces)
            x += sum(cell_len(text) for text, _ in pieces)
        self._targets = targets_all
        self.show(Content.assemble(*parts))

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._targets:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
