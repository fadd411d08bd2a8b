"""What the screen says: hint lines that follow remapped keys, counts in the singular when there
is one (issue 17)."""

from __future__ import annotations

import pytest

from annotator.model import Span
from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.article import ArticleView
from annotator.tui.editing import count
from annotator.tui.panels import HeaderBar, InfoLine
from tests.test_tui_support import ANNOTATOR, DOC_A, DOC_B, SIZE, add_document, find, make_db, span, suggest

pytestmark = pytest.mark.anyio


def info(app) -> str:
    return app.screen.query_one(InfoLine).render().plain


async def test_hint_lines_name_the_keys_as_remapped(tmp_path):
    keymap = {"label.actor": "a", "label.figure": "s", "label.location": "d", "label.source": "f",
              "span.remove": "r", "suggestion.accept": "space", "item.next": "j"}
    app = AnnotatorApp(Store.open(make_db(tmp_path / "h.sqlite")), annotator=ANNOTATOR, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.pause()
        view.move_cursor(find(DOC_A, "Tokajev").start)  # a suggestion
        await pilot.pause()
        assert "space accept · r reject · a/s/d/f label as" in info(app)
        view.move_cursor(find(DOC_A, "people").start)  # a plain token
        await pilot.pause()
        assert "a/s/d/f label · j next suggestion · . next span" in info(app)
        assert "1-4" not in info(app)
    default = AnnotatorApp(Store.open(tmp_path / "h.sqlite"), annotator=ANNOTATOR)
    async with default.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "enter accept · x reject · 1-4 label as" in info(default)


async def test_one_span_and_one_suggestion_are_singular(tmp_path):
    db = tmp_path / "one.sqlite"
    with Store.open(db) as store:
        add_document(store, "doc-b", DOC_B)
        suggest(store, "doc-b", [span(DOC_B, "Putin", "ACTOR"), span(DOC_B, "3000", "FIGURE")])
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # accept "Putin": one span, one suggestion left
        await pilot.pause()
        header = app.screen.query_one(HeaderBar).render().plain
        assert "1 span, 1 suggestion " in header + " "
        await pilot.press("A")
        assert "Accepted 1 suggestion" in info(app) and "suggestion(s)" not in info(app)
    assert (count(0, "span"), count(1, "span"), count(2, "span")) == ("0 spans", "1 span", "2 spans")


async def test_bracket_keys_move_a_spans_boundaries_by_a_token(tmp_path):
    app = AnnotatorApp(Store.open(make_db(tmp_path / "b.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        view.move_cursor(find(DOC_A, "20.000").start)
        await pilot.pause()
        await pilot.press("right_square_bracket")  # a suggestion: accepted with the end one token on
        start = find(DOC_A, "20.000").start
        store = app.session.store
        assert store.spans("doc-a", ANNOTATOR) == [Span(start, find(DOC_A, "people").end, "FIGURE")]
        assert "[F 20.000 people]" in view.row_text(0)
        await pilot.press("left_square_bracket")  # the start one token left: "that 20.000 people"
        assert store.spans("doc-a", ANNOTATOR) == [Span(find(DOC_A, "that").start, find(DOC_A, "people").end, "FIGURE")]
        await pilot.press("left_curly_bracket", "right_curly_bracket")  # back in from both sides
        assert store.spans("doc-a", ANNOTATOR) == [Span(start, find(DOC_A, "20.000").end, "FIGURE")]
        await pilot.press("right_curly_bracket")  # never below one token
        assert "at least one token" in info(app)
        assert store.spans("doc-a", ANNOTATOR) == [Span(start, find(DOC_A, "20.000").end, "FIGURE")]
        view.move_cursor(find(DOC_A, "said").start)
        await pilot.press("1")  # ACTOR "said", next to "that"
        view.move_cursor(find(DOC_A, "20.000").start)
        await pilot.press("left_square_bracket", "left_square_bracket")  # would swallow "said": refused
        assert "would overwrite the ACTOR span" in info(app)
        assert Span(find(DOC_A, "said").start, find(DOC_A, "said").end, "ACTOR") in store.spans("doc-a", ANNOTATOR)
        await pilot.press("u")  # one undo per adjustment
        await pilot.pause()
        assert Span(find(DOC_A, "20.000").start, find(DOC_A, "20.000").end, "FIGURE") in store.spans("doc-a", ANNOTATOR)
