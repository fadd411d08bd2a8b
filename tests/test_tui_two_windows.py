"""Two windows as the same annotator on the same document (issue 17): each notices the other's
changes through the event log, shows them and says so; nothing is lost or applied to a stale view."""

from __future__ import annotations

import pytest

from annotator.store import Change, Store
from annotator.tui.app import AnnotateScreen, AnnotatorApp
from annotator.tui.article import ArticleView
from annotator.tui.panels import InfoLine, SpanPanel
from tests.test_tui_support import ANNOTATOR, DOC_A, SIZE, find, make_db, notices_into, span

pytestmark = pytest.mark.anyio


def info(app) -> str:
    return app.screen.query_one(InfoLine).render().plain


async def test_a_change_from_another_window_is_shown_before_anything_else_happens(tmp_path, monkeypatch):
    import annotator.tui.app

    monkeypatch.setattr(annotator.tui.app, "POSITION_SAVE_INTERVAL", 3600)  # no refresh by the timer here
    db = make_db(tmp_path / "two.sqlite")
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    notices: list[str] = []
    async with app.run_test(size=SIZE, message_hook=notices_into(notices)) as pilot:
        view = app.screen.query_one(ArticleView)
        view.move_cursor(find(DOC_A, "people").start)
        await pilot.pause()
        with Store.open(db) as other:  # the other window labels "people" FIGURE
            other.apply("doc-a", ANNOTATOR, Change(added=[span(DOC_A, "people", "FIGURE")]),
                        actor=ANNOTATOR, action="label")
        await pilot.press("1")  # meant for the stale view: not applied
        await pilot.pause()
        assert "changed this document elsewhere" in info(app) and "press the key again" in info(app)
        assert "Error" not in info(app) and not notices
        assert app.session.own == [span(DOC_A, "people", "FIGURE")] == view.own
        assert span(DOC_A, "people", "FIGURE") in [s for s, _ in app.screen.query_one(SpanPanel).items]
        await pilot.press("1")  # now on what the database holds: a relabel
        await pilot.pause()
        with Store.open(db) as check:
            assert check.spans("doc-a", ANNOTATOR) == [span(DOC_A, "people", "ACTOR")]


async def test_an_idle_window_refreshes_by_itself(tmp_path):
    db = make_db(tmp_path / "idle.sqlite")
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        screen._tick()  # nothing happened elsewhere: nothing said
        assert "elsewhere" not in info(app)
        with Store.open(db) as other:
            other.apply("doc-a", ANNOTATOR, Change(added=[span(DOC_A, "Almaty", "LOCATION")]),
                        actor="curator-bot", action="add")
        screen._tick()  # what the interval timer does every few seconds
        await pilot.pause()
        assert "curator-bot changed this document elsewhere (add)" in info(app)
        assert span(DOC_A, "Almaty", "LOCATION") in app.screen.query_one(ArticleView).own
