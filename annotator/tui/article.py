"""The article view: the wrapped document with spans, suggestions, cursor and selection.

A line-API widget: Textual asks for one screen row at a time (``render_line``), and only for the
rows it shows. Rows come from ``Layout`` (computed once per document and width, then re-wrapped
per paragraph when span marks change) and are cached per row, keyed on everything that changes
the row. A cursor move redraws the two or three rows involved; nothing rebuilds the text.

Document text is drawn from ``display_text`` as plain ``Segment`` objects: no markup is parsed,
escape sequences and control characters show as symbols.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.model import Span
from annotator.tui import editing, theme
from annotator.tui.compat import set_virtual_size_quietly
from annotator.tui.keys import ARTICLE_KEYS, bindings_for
from annotator.tui.layout import Layout, display_text

RIGHT_MARGIN = 1


class ArticleView(theme.LabelLooks, ScrollView, can_focus=True):
    """The document, wrapped, with the annotator's spans and the pending suggestions."""

    ALLOW_SELECT = False  # mouse drags make annotation selections, not clipboard selections
    BINDINGS = bindings_for(ARTICLE_KEYS)
    COMPONENT_CLASSES = theme.COMPONENT_CLASSES
    DEFAULT_CSS = """
    ArticleView {
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """ + theme.component_css("ArticleView")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.display_string = ""
        self.caret = editing.Caret([], [])
        self.text_layout: Layout | None = None
        self.own: list[Span] = []
        self.pending: list[Span] = []
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._foreign: list[tuple[int, int, str]] = []
        self._foreign_starts: list[int] = []
        self._gutter = 1
        self._before: dict[int, int] = {}
        self._after: dict[int, int] = {}
        self._version = 0
        self._cache: LRUCache[tuple, Strip] = LRUCache(512)
        self._dragging = False
        self._drag_moved = False
        self.rendered_rows = 0  # how many rows were rendered (not served from the cache)
        self.no_color = False  # NO_COLOR: styles without colour (set from the app on mount)
        # Called synchronously after every cursor or selection change, with True when the change
        # was not a key press of the user (a jump after a change or a search, whose message stays
        # on the status line). A callback, not a message: a message reaches the screen after
        # the article has been drawn, so the status line and the span panel would be drawn a
        # frame later (measured: key to screen 2.4 ms -> 32 ms median in bench_tui.py).
        self.cursor_listener: Callable[[bool], None] | None = None

    # -- content ------------------------------------------------------------------------------
    def load(self, text: str, tokens: Sequence[tuple[int, int]], own: Sequence[Span], pending: Sequence[Span],
             *, paragraph_langs: Sequence[dict] = (), offset: int = 0) -> None:
        """Show a new document with the cursor at ``offset``."""
        self.text = text
        self.display_string = display_text(text)
        self.caret = editing.Caret.for_tokens(tokens)
        self.caret.move_to_offset(offset)
        self.own, self.pending = list(own), list(pending)
        self.matches, self._match_starts = [], []
        self._foreign = sorted(
            (int(p["start"]), int(p["end"]), str(p.get("lang", "?"))) for p in paragraph_langs
            if isinstance(p, dict) and "start" in p and "end" in p
        )
        self._foreign_starts = [p[0] for p in self._foreign]
        self._gutter = 4 if self._foreign else 1
        before, after = self._marks()
        self._before, self._after = dict(before), dict(after)
        self.text_layout = Layout(text, self._wrap_width(), before=before, after=after, display=self.display_string)
        self._changed()
        self.scroll_to(y=0, animate=False)
        self.call_after_refresh(self.scroll_cursor_visible, center=True)

    def set_spans(self, own: Sequence[Span], pending: Sequence[Span],
                  changes: Sequence[tuple[Span, bool]] | None = None) -> None:
        """The annotator's spans or the suggestions changed: move the marks of the spans that
        changed, re-wrap only their paragraphs and redraw only the rows that moved.

        ``changes`` lists the (span, is_suggestion) pairs added or removed, if known; otherwise
        the old and new lists are compared.
        """
        if changes is None:
            old = {(s, False) for s in self.own} | {(s, True) for s in self.pending}
            new = {(s, False) for s in own} | {(s, True) for s in pending}
            changes = list(old ^ new)
        self.own, self.pending = list(own), list(pending)
        layout = self.text_layout
        if layout is None or not changes:
            return
        before_changes: dict[int, int] = {}
        after_changes: dict[int, int] = {}
        for span, suggestion in changes:
            present = _contains(self.pending if suggestion else self.own, span)
            sign = 1 if present else -1
            open_width, close_width = _mark_widths(span.label, suggestion)
            before_changes[span.start] = before_changes.get(span.start, self._before.get(span.start, 0)) + sign * open_width
            after_changes[span.end] = after_changes.get(span.end, self._after.get(span.end, 0)) + sign * close_width
        for marks, updates in ((self._before, before_changes), (self._after, after_changes)):
            for offset, width in updates.items():
                if width > 0:
                    marks[offset] = width
                else:
                    marks.pop(offset, None)
                    updates[offset] = 0
        height = layout.height
        # A change may move its words to another row, forwards or backwards: redraw from the
        # earlier of the rows the spans started on before and after re-wrapping.
        first = min(layout.row_of(span.start) for span, _ in changes)
        moved = layout.update_marks(before_changes, after_changes)
        first = min(first, *(layout.row_of(span.start) for span, _ in changes))
        last = max(layout.row_of(max(span.start, span.end - 1)) for span, _ in changes)
        if layout.height != height:
            self._set_virtual_size(quiet=True)
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        if moved and layout.height != height:  # rows below the change shifted: redraw them
            last = bottom
        elif moved:  # re-wrapped in place: redraw the paragraphs involved
            last = max(last, *(layout.row_of(layout.paragraphs[layout.paragraph_of(span.start)][1])
                               for span, _ in changes))
        first, last = max(first, top), min(last, bottom)
        if last >= first:
            self.refresh_lines(first, last - first + 1)

    def set_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        self.matches = list(matches)
        self._match_starts = [m[0] for m in self.matches]
        self._changed()

    def _changed(self) -> None:
        """Everything may look different: forget every cached row and redraw."""
        self._version += 1
        self._set_virtual_size()
        self.refresh()

    def _set_virtual_size(self, *, quiet: bool = False) -> None:
        """Keep the scrollable height equal to the number of rows.

        ``quiet`` updates the scrollbar without a layout pass of the whole screen (setting the
        ``virtual_size`` reactive asks for one, which costs tens of milliseconds per key on a
        screen with a footer); the vertical scrollbar is always shown, so nothing else moves.
        """
        if self.text_layout is None:
            return
        size = Size(self._wrap_width() + self._gutter, self.text_layout.height)
        if size == self.virtual_size:
            return
        if quiet and self.is_mounted and self.container_size:
            set_virtual_size_quietly(self, size)
        else:
            self.virtual_size = size

    def _marks(self) -> tuple[dict[int, int], dict[int, int]]:
        before: dict[int, int] = {}
        after: dict[int, int] = {}
        for spans, suggestion in ((self.own, False), (self.pending, True)):
            for span in spans:
                open_width, close_width = _mark_widths(span.label, suggestion)
                before[span.start] = before.get(span.start, 0) + open_width
                after[span.end] = after.get(span.end, 0) + close_width
        return before, after

    def _wrap_width(self) -> int:
        width = self.scrollable_content_region.width or self.app.size.width
        return max(8, width - self._gutter - RIGHT_MARGIN)

    def on_resize(self, event: events.Resize) -> None:
        if self.text_layout is not None and self.text_layout.set_width(self._wrap_width()):
            self._changed()
            self.scroll_cursor_visible()

    # -- cursor -------------------------------------------------------------------------------
    @property
    def cursor_offset(self) -> int:
        return self.caret.offset

    def span_under_cursor(self) -> tuple[Span, bool] | None:
        """The annotator's span or the pending suggestion under the cursor token."""
        start, end = self.caret.token
        for spans, suggestion in ((self.own, False), (self.pending, True)):
            hit = editing.first_overlap(spans, start, end)
            if hit is not None:
                return hit, suggestion
        return None

    def _rows_of_caret(self) -> range:
        if self.text_layout is None or self.caret.empty:
            return range(0)
        start, end = self.caret.target()
        return self.text_layout.rows_between(start, end)

    def _caret_changed(self, old_rows: range, *, keep_message: bool = False) -> None:
        new_rows = self._rows_of_caret()
        for rows in (old_rows, new_rows):
            if rows:
                self.refresh_lines(rows.start, len(rows))
        self.scroll_cursor_visible()
        if self.cursor_listener is not None:
            self.cursor_listener(keep_message)

    def move_cursor(self, offset: int, *, select: tuple[int, int] | None = None) -> None:
        """Put the cursor on the token at ``offset`` (and optionally select a range)."""
        if self.caret.empty:
            return
        old = self._rows_of_caret()
        if select is not None:
            self.caret.select(*select)
        else:
            self.caret.move_to_offset(offset)
        self._caret_changed(old, keep_message=True)

    def _move(self, index: int, *, extend: bool = False, goal: int | None = None) -> None:
        if self.caret.empty:
            return
        old = self._rows_of_caret()
        self.caret.move_to(index, extend=extend)
        self.caret.goal_column = goal
        self._caret_changed(old)

    def scroll_cursor_visible(self, center: bool = False) -> None:
        """Scroll only when the cursor leaves the view, then by a jump (the cursor lands a third
        of the way in), so that walking through a document repaints the view rarely."""
        if self.text_layout is None or self.caret.empty:
            return
        row = self.text_layout.row_of(self.caret.offset)
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if top <= row < top + height:
            return
        if center or abs(row - top) > 2 * height:
            target = row - height // 3
        elif row < top:
            target = row - (2 * height) // 3
        else:
            target = row - height // 3
        self.scroll_to(y=max(0, target), animate=False)

    def _vertical_index(self, rows: int) -> tuple[int, int] | None:
        """Token index ``rows`` rows away from the cursor, nearest the goal column."""
        layout, caret = self.text_layout, self.caret
        if layout is None or caret.empty:
            return None
        row, column = layout.position(caret.offset)
        goal = caret.goal_column if caret.goal_column is not None else column
        target = max(0, min(layout.height - 1, row + rows))
        step = 1 if rows > 0 else -1
        while 0 <= target < layout.height:
            if target == row:
                return None
            offset = layout.offset_at(target, goal)
            index = caret.token_index_at(offset)
            best = None
            for candidate in (index - 1, index):
                if 0 <= candidate < caret.count and layout.row_of(caret.starts[candidate]) == target:
                    distance = abs(layout.column_of(caret.starts[candidate], target) - goal)
                    if caret.starts[candidate] <= offset < caret.ends[candidate]:
                        distance = -1
                    if best is None or distance < best[0]:
                        best = (distance, candidate)
            if best is not None:
                return best[1], goal
            target += step  # an empty row: keep going
        return None

    def action_cursor_left(self) -> None:
        self._move(self.caret.index - 1)

    def action_cursor_right(self) -> None:
        self._move(self.caret.index + 1)

    def action_select_left(self) -> None:
        self._move(self.caret.index - 1, extend=True)

    def action_select_right(self) -> None:
        self._move(self.caret.index + 1, extend=True)

    def _vertical(self, rows: int, *, extend: bool = False) -> None:
        found = self._vertical_index(rows)
        if found is not None:
            self._move(found[0], extend=extend, goal=found[1])

    def action_cursor_up(self) -> None:
        self._vertical(-1)

    def action_cursor_down(self) -> None:
        self._vertical(1)

    def action_select_up(self) -> None:
        self._vertical(-1, extend=True)

    def action_select_down(self) -> None:
        self._vertical(1, extend=True)

    def action_page_up(self) -> None:
        self._vertical(-max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self._vertical(max(1, self.scrollable_content_region.height - 1))

    def _row_tokens(self) -> tuple[int, int] | None:
        layout, caret = self.text_layout, self.caret
        if layout is None or caret.empty:
            return None
        row = layout.row_of(caret.offset)
        first = caret.token_index_at(layout.starts[row])
        last = max(first, bisect.bisect_left(caret.starts, layout.ends[row]) - 1)
        return first, last

    def action_line_start(self) -> None:
        found = self._row_tokens()
        if found:
            self._move(found[0])

    def action_line_end(self) -> None:
        found = self._row_tokens()
        if found:
            self._move(found[1])

    def action_document_start(self) -> None:
        self._move(0)

    def action_document_end(self) -> None:
        self._move(self.caret.count - 1)

    def action_clear_selection(self) -> None:
        if self.caret.has_selection:
            old = self._rows_of_caret()
            self.caret.clear_selection()
            self._caret_changed(old)
        elif self.matches:
            self.set_matches([])

    def go_to_item(self, forward: bool, *, pending_only: bool = True, offset: int | None = None) -> Span | None:
        """Move to the next (previous) pending suggestion, or with ``pending_only`` False to
        any span or suggestion, after ``offset`` (default: the cursor), wrapping around.
        Returns the item moved to; None (and a bell) when there is none."""
        if pending_only:
            spans = list(self.pending)
        else:
            spans = [span for span, _ in editing.merge_items(self.own, self.pending)]
        under = self.span_under_cursor()
        target = editing.next_item(spans, self.caret.offset if offset is None else offset, forward=forward,
                                   current=under[0] if under else None)
        if target is None or self.caret.empty:
            self.app.bell()
            return None
        old = self._rows_of_caret()
        self.caret.move_to_offset(target.start)
        self._caret_changed(old)  # the status line describes the item now under the cursor
        return target

    def action_next_item(self) -> None:
        self.go_to_item(True)

    def action_previous_item(self) -> None:
        self.go_to_item(False)

    def action_next_any(self) -> None:
        self.go_to_item(True, pending_only=False)

    def action_previous_any(self) -> None:
        self.go_to_item(False, pending_only=False)

    # -- mouse --------------------------------------------------------------------------------
    def _offset_at_mouse(self, event: events.MouseEvent) -> int | None:
        if self.text_layout is None or self.caret.empty:
            return None
        position = event.get_content_offset_capture(self)
        row = position.y + round(self.scroll_y)
        if row >= self.text_layout.height:
            return len(self.text)
        return self.text_layout.offset_at(max(0, row), position.x - self._gutter)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        offset = self._offset_at_mouse(event)
        if offset is None:
            return
        self.focus()
        self._dragging, self._drag_moved = True, False
        self.capture_mouse()
        self.move_cursor(offset)
        event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        self._drag_to(event)

    def _drag_to(self, event: events.MouseEvent) -> None:
        offset = self._offset_at_mouse(event)
        if offset is None:
            return
        index = self.caret.token_index_at(offset)
        if index != self.caret.index or self.caret.has_selection:
            self._drag_moved = True
            if self.caret.anchor is None:
                self.caret.anchor = self.caret.index
            old = self._rows_of_caret()
            self.caret.index = index
            if self.caret.anchor == index:
                pass  # a one-token selection is still a selection while dragging
            self._caret_changed(old)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._drag_to(event)
        self._dragging = False
        self.release_mouse()
        if not self._drag_moved:
            # A click: on a span or suggestion, select the whole of it.
            under = self.span_under_cursor()
            if under is not None:
                span = under[0]
                self.move_cursor(span.start, select=(span.start, span.end))
        event.stop()

    # -- rendering ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_y = round(self.scroll_y)
        row = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.visual_style.rich_style
        layout = self.text_layout
        if layout is None or row >= layout.height or width <= 0:
            return Strip.blank(width, base)
        start, end = layout.starts[row], layout.ends[row]
        cursor = self.caret.token if not self.caret.empty else (0, 0)
        cursor_key = cursor if cursor[0] < end and cursor[1] > start else None
        selection = self.caret.selection()
        selection_key = selection if selection and selection[0] <= end and selection[1] > start else None
        own = tuple(editing.overlapping(self.own, start, end)) if end > start else ()
        pending = tuple(editing.overlapping(self.pending, start, end)) if end > start else ()
        matches = tuple(self._matches_in(start, end))
        gutter = self._gutter_key(row, start)
        key = (start, end, width, self._version, own, pending, matches, gutter, cursor_key, selection_key,
               self.has_focus, base)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, start, end, width, base, cursor_key, selection_key)
            self._cache[key] = strip
        return strip

    def _render_row(self, row: int, start: int, end: int, width: int, base: Style,
                    cursor: tuple[int, int] | None, selection: tuple[int, int] | None) -> Strip:
        self.rendered_rows += 1
        segments: list[Segment] = [self._gutter_segment(row, start, base)]
        own = editing.overlapping(self.own, start, end) if end > start else []
        pending = editing.overlapping(self.pending, start, end) if end > start else []
        matches = self._matches_in(start, end)
        points = {start, end}
        for spans in (own, pending):
            for span in spans:
                points.add(max(start, span.start))
                points.add(min(end, span.end))
        for lo, hi in [r for r in (cursor, selection) if r is not None] + matches:
            if hi > start and lo < end:
                points.add(max(start, lo))
                points.add(min(end, hi))
        ordered = sorted(points)
        opening = {s.start: (s, False) for s in own if s.start >= start}
        opening.update({s.start: (s, True) for s in pending if s.start >= start})
        closing = {s.end: (s, False) for s in own if s.end <= end}
        closing.update({s.end: (s, True) for s in pending if s.end <= end})
        display = self.display_string
        cursor_on = cursor if self.has_focus else None
        mono = self.no_color
        for i, point in enumerate(ordered):
            if point in closing and point > start:
                span, suggestion = closing[point]
                label = theme.label_theme(span.label)
                style = self.label_style(span.label, suggestion=suggestion, mark=True)
                segments.append(Segment(label.close_mark(suggestion), base + style))
            if point in opening and point < end:
                span, suggestion = opening[point]
                label = theme.label_theme(span.label)
                style = self.label_style(span.label, suggestion=suggestion, mark=True)
                segments.append(Segment(label.open_mark(suggestion), base + style))
            if i + 1 >= len(ordered):
                break
            nxt = ordered[i + 1]
            style = base
            reversed_ = False
            span = _covering(own, point) or None
            if span is not None:
                style = style + self.label_style(span.label)
            else:
                span = _covering(pending, point)
                if span is not None:
                    style = style + self.label_style(span.label, suggestion=True)
            if any(lo <= point < hi for lo, hi in matches):
                style = style + theme.search_style(mono)
                reversed_ = mono
            if selection is not None and selection[0] <= point < selection[1]:
                style = style + theme.selection_style(mono)
                reversed_ = mono
            if cursor_on is not None and cursor_on[0] <= point < cursor_on[1]:
                style = style + (theme.NO_COLOR_CURSOR_ON_REVERSE_STYLE if reversed_ else theme.CURSOR_STYLE)
            elif cursor is not None and cursor[0] <= point < cursor[1]:
                style = style + Style(underline=True)
            segments.append(Segment(display[point:nxt], style))
        return Strip(segments).crop_extend(0, width, base)

    def _gutter_key(self, row: int, start: int) -> tuple[str, bool] | None:
        """(language, first row of its paragraph) for a row in a paragraph in another language."""
        if self._gutter == 1:
            return None
        i = bisect.bisect_right(self._foreign_starts, start) - 1
        if i >= 0:
            p_start, p_end, lang = self._foreign[i]
            if start <= p_end:
                layout = self.text_layout
                return lang, layout is not None and layout.row_of(p_start) == row
        return None

    def _gutter_segment(self, row: int, start: int, base: Style) -> Segment:
        if self._gutter == 1:
            return Segment(" ", base)
        foreign = self._gutter_key(row, start)
        if foreign is None:
            return Segment(" " * self._gutter, base)
        lang, first_row = foreign
        first_style, other_style = theme.gutter_styles(self.no_color)
        if first_row:
            return Segment(f"{lang[:3]:<3}▏", base + first_style)
        return Segment("   ▏", base + other_style)

    def _matches_in(self, start: int, end: int) -> list[tuple[int, int]]:
        if not self.matches:
            return []
        i = max(0, bisect.bisect_right(self._match_starts, start) - 1)
        found = []
        while i < len(self.matches) and self.matches[i][0] < max(end, start + 1):
            if self.matches[i][1] > start:
                found.append(self.matches[i])
            i += 1
        return found

    # -- testing and benchmarks ------------------------------------------------------------------
    def row_text(self, row: int) -> str:
        """The plain text drawn on layout row ``row`` (marks and gutter included)."""
        if self.text_layout is None or not 0 <= row < self.text_layout.height:
            return ""
        width = max(1, self.scrollable_content_region.width)
        strip = self._render_row(row, self.text_layout.starts[row], self.text_layout.ends[row], width, Style(), None, None)
        return strip.text


@functools.lru_cache(maxsize=64)
def _mark_widths(label: str, suggestion: bool) -> tuple[int, int]:
    """Cells taken by the marks before and after a span."""
    look = theme.label_theme(label)
    return cell_len(look.open_mark(suggestion)), cell_len(look.close_mark(suggestion))


def _contains(spans: Sequence[Span], span: Span) -> bool:
    i = bisect.bisect_left(spans, span)
    return i < len(spans) and spans[i] == span


def _covering(spans: Sequence[Span], offset: int) -> Span | None:
    return editing.span_at(spans, offset)
