"""The corpus search screen in the annotation app (pilot): search, open a hit, label every hit
in one step that one u undoes, hits in the way of another label skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from annotator.model import Span
from annotator.store import Store
from annotator.tui.app import AnnotateScreen, AnnotatorApp
from annotator.tui.article import ArticleView
from annotator.tui.corpus_search import CorpusSearchScreen
from annotator.tui.keys import ALL_KEYS
from tests.test_tui_support import ANNOTATOR, DOC_A, SIZE, find, make_db

pytestmark = pytest.mark.anyio


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = make_db(tmp_path / "tui.sqlite")
    with Store.open(path) as store:
        store.add_span("doc-b", ANNOTATOR, Span(0, 5, "ACTOR"), actor=ANNOTATOR)  # "Putin"
    return path


async def search(pilot, app, query: str) -> CorpusSearchScreen:
    await pilot.press("F")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CorpusSearchScreen)
    screen.query_one(Input).value = query
    await pilot.press("enter")
    await settled(app, pilot)
    return screen


def info(app) -> str:
    return app.screen.last_action


async def settled(app, pilot) -> None:
    """Wait for the search's thread and for what it shows."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_label_every_hit_and_undo_it_with_one_key(db):
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, app, "almaty")
        assert [(h.doc_id, h.start) for h in screen.hits] == [("doc-a", find(DOC_A, "Almaty").start),
                                                              ("doc-a", find(DOC_A, "Almaty", 1).start)]
        assert app.screen.focused is screen.query_one(DataTable)
        await pilot.press("3")  # LOCATION, every listed hit
        await settled(app, pilot)
        store = app.session.store
        almaty = [Span(s.start, s.end, "LOCATION") for s in (find(DOC_A, "Almaty"), find(DOC_A, "Almaty", 1))]
        assert [s for s in store.spans("doc-a", ANNOTATOR) if s.label == "LOCATION"] == almaty
        assert "Labelled 2 hit(s) LOCATION in 1 document(s)" in info(app)
        assert [h.label for h in screen.hits] == ["LOCATION", "LOCATION"]
        await pilot.press("u")
        await settled(app, pilot)
        assert store.spans("doc-a", ANNOTATOR) == []
        # label again, go back to the document: one u there undoes every hit
        await pilot.press("3")
        await settled(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        assert len(app.session.own) == 2
        await pilot.press("u")
        await pilot.pause()
        assert store.spans("doc-a", ANNOTATOR) == [] and app.session.own == []


async def test_hits_overlapping_another_label_are_skipped_and_reported(db):
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, app, "t")  # one letter: every "t", by a scan
        assert screen.result.method == "scan"
        screen.action_toggle_regex()
        await search_again(pilot, app, screen, "putin|TOKAJEV")
        assert [(h.doc_id, h.text, h.label) for h in screen.hits] == [("doc-a", "Tokajev", None),
                                                                      ("doc-b", "Putin", "ACTOR")]
        screen.query_one(DataTable).focus()
        await pilot.press("4")  # SOURCE: Putin is ACTOR already, not overwritten
        await settled(app, pilot)
        store = app.session.store
        assert store.spans("doc-b", ANNOTATOR) == [Span(0, 5, "ACTOR")]
        assert store.spans("doc-a", ANNOTATOR) == [Span(0, 7, "SOURCE")]
        assert "skipped 1 (1 overlapping a span of another label)" in info(app)
        # marked hits only
        await pilot.press("u")
        await settled(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("1")
        await settled(app, pilot)
        assert store.spans("doc-a", ANNOTATOR) == [Span(0, 7, "ACTOR")]


async def search_again(pilot, app, screen, query: str) -> None:
    screen.query_one(Input).value = query
    screen.query_text = query
    screen.run_search()
    await settled(app, pilot)


async def test_enter_opens_the_document_at_the_hit(db):
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR, doc_id="doc-b")
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, "Reuters")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        assert app.session.doc_id == "doc-a"
        assert app.screen.query_one(ArticleView).cursor_offset == find(DOC_A, "Reuters").start


def test_the_key_is_in_the_key_table_and_so_in_the_palette_and_help():
    key = next(k for k in ALL_KEYS if k.id == "search.corpus")
    assert key.action == "corpus_search" and key.keys.split(",")[0] == "F"
