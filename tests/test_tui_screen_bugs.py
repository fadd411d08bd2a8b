"""Screen bugs found by trying the app as an annotator would (issue 17), one pilot test each."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.model import Span
from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.article import ArticleView
from annotator.tui.panels import SpanPanel
from tests.conftest import SEEDS
from tests.test_tui_support import ANNOTATOR, SIZE, add_document, make_db, screen_lines, suggest

pytestmark = pytest.mark.anyio


def article_rows_on_screen(app: AnnotatorApp) -> tuple[list[str], list[str]]:
    """(what the screen shows in the article's region, what a fresh render of its rows gives)."""
    view = app.screen.query_one(ArticleView)
    region = view.content_region
    width = view.scrollable_content_region.width
    lines = screen_lines(app)
    shown = [lines[region.y + y][region.x:region.x + width].rstrip() for y in range(region.height)]
    top = round(view.scroll_y)
    fresh = [view.row_text(top + y).rstrip() for y in range(region.height)]
    return shown, fresh


async def test_a_rewrapped_word_is_not_drawn_twice(runner, tmp_path):
    """The Slovak seed at 120x40: reject the suggested "Reuters" that starts a row (it moves up
    to the row before), then label it SOURCE (it moves back down). Every row on screen must be
    what a fresh render draws: "Reuters" once."""
    db = tmp_path / "sk.sqlite"
    seed = next(SEEDS.glob("000_*.txt"))
    assert runner.invoke(main, ["import", str(seed), "--db", str(db)]).exit_code == 0
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["tab"] * 5)
        view = app.screen.query_one(ArticleView)
        assert view.text[slice(*view.caret.token)] == "Reuters"
        await pilot.press("x")
        await pilot.pause()
        shown, fresh = article_rows_on_screen(app)
        assert shown == fresh
        await pilot.press("4")
        await pilot.pause()
        shown, fresh = article_rows_on_screen(app)
        assert shown == fresh
        assert sum(line.count("Reuters") for line in shown) == sum(line.count("Reuters") for line in fresh)


def many_spans_db(tmp_path: Path) -> Path:
    """Two documents with more suggestions than the span panel has rows."""
    db = make_db(tmp_path / "many.sqlite")
    text = " ".join(f"Town{i} said." for i in range(80))
    with Store.open(db) as store:
        add_document(store, "long-a", text)
        add_document(store, "long-b", text)
        for doc in ("long-a", "long-b"):
            suggest(store, doc, [Span(text.index(f"Town{i} "), text.index(f"Town{i} ") + len(f"Town{i}"), "LOCATION")
                                 for i in range(80)])
    return db


async def test_the_span_panel_starts_at_the_top_of_each_document(tmp_path):
    db = many_spans_db(tmp_path)
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR, doc_id="long-a")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+end", "shift+tab")  # the last suggestion: the panel scrolls to it
        await pilot.pause()
        panel = app.screen.query_one(SpanPanel)
        assert panel.scroll_y > 0
        await pilot.press("n")
        await pilot.pause()
        assert app.session.doc_id == "long-b"
        assert panel.scroll_y == 0 and panel.highlighted in (None, 0)
        await pilot.press("ctrl+end", "shift+tab", "d", "d")  # done (suggestions pending: d twice): opens the next one not done
        await pilot.pause()
        assert app.session.doc_id != "long-b" and panel.scroll_y == 0


async def test_v_on_a_narrow_terminal_shows_the_span_panel_in_the_articles_place(tmp_path):
    app = AnnotatorApp(Store.open(make_db(tmp_path / "n.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel, view = app.screen.query_one(SpanPanel), app.screen.query_one(ArticleView)
        assert not panel.display and view.display
        await pilot.press("v")
        await pilot.pause()
        assert panel.display and panel.has_focus and not view.display
        assert panel.size.width > 60  # the whole width, not a sliver
        text = "\n".join(screen_lines(app))
        assert "Tokajev" in text and "Go to span" in text.splitlines()[-1]
        await pilot.press("down", "enter")  # the second item: 20.000
        await pilot.pause()
        assert view.display and view.has_focus and not panel.display
        assert view.text[slice(*view.caret.token)] == "20.000"
        await pilot.press("v", "escape")
        await pilot.pause()
        assert view.display and view.has_focus and not panel.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert panel.display and view.display


async def test_without_colour_every_label_and_state_is_bold_underlined_or_reversed(tmp_path, monkeypatch):
    """NO_COLOR: no segment of the article or the span panel relies on a colour or on dim."""
    monkeypatch.setenv("NO_COLOR", "1")
    db = make_db(tmp_path / "mono.sqlite")
    app = AnnotatorApp(Store.open(db), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await pilot.press("enter", "tab", "shift+right")  # an accepted span, a selection
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        panel = app.screen.query_one(SpanPanel)
        styled = []
        for widget in (view, panel):
            for y in range(8):
                for segment in widget.render_line(y):
                    if segment.style is not None and segment.text.strip():
                        styled.append(segment)
        marks = [s for s in styled if s.text.startswith("[") or s.text.strip() in {"A?", "F?", "A", "]"}]
        assert marks
        for segment in styled:
            style = segment.style
            own_style = style.without_color if style else style
            assert not own_style.dim, segment
        # every mark is bold (suggestion) or reversed (accepted span), and the texts differ
        assert all(s.style.bold for s in marks)
        accepted = [s for s in styled if s.text == "[A "]
        suggested = [s for s in styled if s.text == "[F? "]
        assert accepted and accepted[0].style.reverse
        assert suggested and not suggested[0].style.reverse


async def test_label_looks_are_component_classes_that_css_can_restyle(tmp_path):
    class Restyled(AnnotatorApp):
        CSS = """
        ArticleView > .label--actor-mark { background: #ff0000; }
        SpanPanel > .suggestion--figure-mark { color: #00ff00; }
        """

    app = Restyled(Store.open(make_db(tmp_path / "css.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # "Tokajev" accepted: an ACTOR span
        await pilot.pause()
        view, panel = app.screen.query_one(ArticleView), app.screen.query_one(SpanPanel)
        mark = next(s for s in view.render_line(0) if s.text == "[A ")
        assert mark.style.bgcolor.triplet == (255, 0, 0) and mark.style.bold  # CSS, and the rest kept
        figure = next(s for s in panel.render_line(1) if s.text.strip() == "F?")
        assert figure.style.color.triplet == (0, 255, 0)
