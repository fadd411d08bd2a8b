"""The one place where annotator reaches into Textual below its public API.

An install takes any Textual 8.2.x (``textual~=8.2``); the test extra pins the exact version the
snapshots were taken with. Everything here is what must be checked when either moves, and
``tests/test_tui_compat.py`` checks it.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_virtual_size_quietly(view: ScrollView, size: Size) -> None:
    """Give a mounted ``view`` a new scrollable size without a layout pass of the whole screen.

    Assigning ``view.virtual_size`` asks Textual for a layout of the screen, which costs tens of
    milliseconds per key on a screen with a footer. When only the scroll range changes (the
    scrollbars are always shown, so nothing else moves), it is enough to set the reactive
    without its watchers and update the scrollbars and scroll limits, which is what Textual's
    private ``Widget._scroll_update`` does.
    """
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)
