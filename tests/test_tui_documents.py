"""Moving between documents (issue 17): each document opens where this annotator last was in it;
the document list filters by a piece of the id or of the text."""

from __future__ import annotations

import pytest

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.article import ArticleView
from annotator.tui.screens import DocumentListScreen
from tests.test_tui_support import ANNOTATOR, DOC_A, DOC_B, SIZE, find, make_db

pytestmark = pytest.mark.anyio


def token(app) -> str:
    view = app.screen.query_one(ArticleView)
    return view.text[slice(*view.caret.token)]


async def go_to(pilot, app, word: str) -> None:
    view = app.screen.query_one(ArticleView)
    view.move_cursor(find(view.text, word).start)
    await pilot.pause()


async def test_n_p_and_the_list_return_to_where_the_annotator_was(tmp_path):
    db = make_db(tmp_path / "d.sqlite")
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "Reuters")
        await pilot.press("n")
        assert app.session.doc_id == "doc-b" and token(app) == "Putin"  # never there: its start
        await go_to(pilot, app, "troops")
        await pilot.press("p")
        assert app.session.doc_id == "doc-a" and token(app) == "Reuters"
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")  # doc-b from the list
        await pilot.pause()
        assert app.session.doc_id == "doc-b" and token(app) == "troops"
        await pilot.press("q")
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)  # and after a restart
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.doc_id == "doc-b"
        await pilot.press("p")
        assert token(app) == "Reuters"
    with Store.open(db) as store:
        assert store.document_position(ANNOTATOR, "doc-a") == DOC_A.index("Reuters")
        assert store.document_position(ANNOTATOR, "doc-b") == DOC_B.index("troops")
        assert store.document_position("someone-else", "doc-a") is None


async def test_the_document_list_filters_by_id_and_by_text(tmp_path):
    app = AnnotatorApp(Store.open(make_db(tmp_path / "f.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentListScreen)
        assert [r["id"] for r in screen.visible_rows()] == ["doc-a", "doc-b", "doc-c"]
        await pilot.press("slash", *"doc-c")
        await pilot.pause()
        assert [r["id"] for r in screen.visible_rows()] == ["doc-c"]
        await pilot.press(*["backspace"] * 5, *"kazakhstan")  # in the text of doc-b only, any case
        await pilot.pause()
        assert [r["id"] for r in screen.visible_rows()] == ["doc-b"]
        await pilot.press("enter", "enter")  # to the list, then open
        await pilot.pause()
        assert app.session.doc_id == "doc-b"
