"""annotator.tui.compat against the pinned Textual: what a Textual upgrade must keep working."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.tui.compat import set_virtual_size_quietly

pytestmark = pytest.mark.anyio


class Rows(ScrollView):
    DEFAULT_CSS = "Rows { height: 10; overflow-y: scroll; }"

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


class RowsApp(App):
    def compose(self) -> ComposeResult:
        yield Rows()


async def test_a_quiet_virtual_size_moves_the_scroll_range_and_the_scrollbar():
    app = RowsApp()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(Rows)
        await pilot.pause()
        set_virtual_size_quietly(view, Size(30, 100))
        assert view.virtual_size == Size(30, 100)
        assert view.max_scroll_y == 100 - view.scrollable_content_region.height
        assert view.vertical_scrollbar.window_virtual_size == 100
        view.scroll_to(y=80, animate=False)
        await pilot.pause()
        assert view.scroll_y == 80
        set_virtual_size_quietly(view, Size(30, 40))  # shrinking clamps the scroll position
        assert view.vertical_scrollbar.window_virtual_size == 40
        assert view.scroll_y == view.max_scroll_y == 40 - view.scrollable_content_region.height
