"""The annotation app driven through Textual's pilot: every key, the mouse, the other screens."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import Span
from annotator.store import Store
from annotator.tui import screens
from annotator.tui.app import AnnotateScreen, AnnotatorApp
from annotator.tui.article import ArticleView
from annotator.tui.commands import AnnotatorCommands
from annotator.tui.keys import ALL_KEYS
from annotator.tui.panels import HeaderBar, InfoLine, SpanPanel
from annotator.tui.screens import DocumentListScreen, GuidelinesScreen, HelpScreen
from tests.test_tui_support import (
    ANNOTATOR,
    DOC_A,
    DOC_B,
    SIZE,
    add_document,
    find,
    make_db,
    notices_into,
    screen_text,
    span,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "tui.sqlite")


def make_app(db: Path, **kwargs) -> AnnotatorApp:
    return AnnotatorApp(Store.open(db), annotator=ANNOTATOR, **kwargs)


def article(app: AnnotatorApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def token(app: AnnotatorApp) -> str:
    view = article(app)
    return view.text[slice(*view.caret.token)]


def selected(app: AnnotatorApp) -> str | None:
    view = article(app)
    selection = view.caret.selection()
    return view.text[slice(*selection)] if selection else None


def own(app: AnnotatorApp, doc_id: str = "doc-a") -> list[Span]:
    return app.session.store.spans(doc_id, ANNOTATOR)


async def go_to(pilot, app: AnnotatorApp, word: str, nth: int = 0) -> None:
    article(app).move_cursor(find(article(app).text, word, nth).start)
    await pilot.pause()


# -- the screen ---------------------------------------------------------------------------------
async def test_opens_the_first_document_with_name_language_and_suggestions(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        header = text.splitlines()[0]
        assert ANNOTATOR in header and "doc-a" in header and "en (+ro)" in header and "todo" in header
        assert "[A? Tokajev]" in text and "[F? 20.000]" in text and "[S? TASS]" in text
        assert "ro ▏Președintele" in text  # the paragraph in another language is marked
        panel = app.screen.query_one(SpanPanel)
        assert [s.label for s, _ in panel.items] == ["ACTOR", "FIGURE", "LOCATION", "SOURCE", "FIGURE", "SOURCE"]
        assert token(app) == "Tokajev"


async def test_arrows_home_end_and_pages_move_the_cursor(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        assert token(app) == "said"
        await pilot.press("left", "left")
        assert token(app) == "Tokajev"
        await pilot.press("down")
        assert token(app) == "reported"  # the paragraph's second row
        # the blank line between paragraphs is skipped; the goal column is that of "Tokajev",
        # drawn after its 4-cell mark "[A? ", so "police" is the nearest token
        await pilot.press("down")
        assert token(app) == "police"
        await pilot.press("end")
        assert token(app) == "not"  # the last token of the row (the sentence wraps after it)
        await pilot.press("home")
        assert token(app) == "The"
        await pilot.press("up", "up")
        assert token(app) == "Tokajev"
        await pilot.press("pagedown")
        assert token(app) in {"Președintele", "a", "."} and article(app).text_layout.row_of(
            article(app).cursor_offset) == article(app).text_layout.height - 1
        await pilot.press("pageup")
        assert article(app).text_layout.row_of(article(app).cursor_offset) == 0
        await pilot.press("ctrl+end")
        assert article(app).cursor_offset == find(DOC_A, "doliu").end
        await pilot.press("ctrl+home")
        assert article(app).cursor_offset == 0


async def test_shift_arrows_select_and_escape_clears(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "20.000")
        await pilot.press("shift+right")
        assert selected(app) == "20.000 people"
        await pilot.press("shift+right", "shift+left", "shift+left", "shift+left")
        assert selected(app) == "that 20.000"
        await pilot.press("escape")
        assert selected(app) is None and token(app) == "that"


async def test_number_keys_label_the_token_and_relabel_a_span(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1")
        assert own(app) == [span(DOC_A, "people", "ACTOR")]
        assert "[A people]" in screen_text(app)
        await pilot.press("3")
        assert own(app) == [span(DOC_A, "people", "LOCATION")]
        await pilot.press("3")
        assert "Already" in str(app.screen.query_one(InfoLine).render())
        assert own(app) == [span(DOC_A, "people", "LOCATION")]


async def test_labelling_a_selection_replaces_overlapping_spans_and_supersedes_suggestions(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1")
        await go_to(pilot, app, "20.000")
        await pilot.press("shift+right", "2")
        start = find(DOC_A, "20.000").start
        assert own(app) == [Span(start, find(DOC_A, "people").end, "FIGURE")]
        assert selected(app) is None
        pending = app.session.pending
        assert span(DOC_A, "20.000", "FIGURE") not in pending  # superseded by the new span
        assert "[F 20.000 people]" in screen_text(app)


async def test_label_key_on_a_suggestion_uses_its_extent(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "TASS")
        await pilot.press("1")  # a different label than suggested: a new span, suggestion superseded
        assert own(app) == [span(DOC_A, "TASS", "ACTOR")]
        await go_to(pilot, app, "Reuters")
        await pilot.press("4")  # the suggested label: an acceptance
        assert app.session.store.decisions("doc-a", ANNOTATOR)[span(DOC_A, "Reuters", "SOURCE")] == "accepted"


async def test_enter_accepts_x_rejects_and_delete_removes(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # on "Tokajev", suggested ACTOR
        assert own(app) == [span(DOC_A, "Tokajev", "ACTOR")]
        assert "[A Tokajev]" in screen_text(app)
        await go_to(pilot, app, "TASS")
        await pilot.press("x")
        assert app.session.store.decisions("doc-a", ANNOTATOR)[span(DOC_A, "TASS", "SOURCE")] == "rejected"
        assert "[S? TASS]" not in screen_text(app)
        await go_to(pilot, app, "Tokajev")
        await pilot.press("delete")
        assert own(app) == []
        await go_to(pilot, app, "people")
        await pilot.press("enter")  # no suggestion here: nothing happens
        assert own(app) == []
        assert "No suggestion here" in str(app.screen.query_one(InfoLine).render())


async def test_full_stop_and_comma_go_to_next_and_previous_suggestion_or_span(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1", "full_stop")
        assert token(app) == "Almaty"
        await pilot.press("comma")
        assert token(app) == "people"  # spans count too
        await pilot.press("comma", "comma")
        assert token(app) == "Tokajev"
        await pilot.press("comma")  # wraps around to the last one
        assert token(app) == "Reuters"
        await pilot.press("full_stop")
        assert token(app) == "Tokajev"


async def test_review_keys_tab_stops_at_pending_suggestions_and_enter_moves_on(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1", "shift+tab")
        assert token(app) == "20.000"  # the span on "people" is skipped: only pending suggestions
        info = app.screen.query_one(InfoLine)
        assert "suggestion" in str(info.render()) and "20.000" in str(info.render())  # what the cursor is on
        await pilot.press("shift+tab")
        assert token(app) == "Tokajev"
        await pilot.press("enter")  # accept, then on to the next pending suggestion
        assert span(DOC_A, "Tokajev", "ACTOR") in own(app)
        assert token(app) == "20.000"
        assert "20.000" in str(info.render())
        await pilot.press("enter", "enter", "enter", "enter")
        assert token(app) == "Reuters"
        await pilot.press("enter")
        assert app.session.pending == []
        assert "no suggestions left" in str(info.render())
        await pilot.press("tab")  # nothing pending: the cursor stays
        assert token(app) == "Reuters"


async def test_done_with_pending_suggestions_asks_twice_and_u_right_after_undoes_it(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        await pilot.press("d")
        assert app.session.doc_id == "doc-a" and store.status("doc-a", ANNOTATOR) == "todo"
        assert "6 suggestions pending" in str(app.screen.query_one(InfoLine).render())
        await pilot.press("d")
        assert store.status("doc-a", ANNOTATOR) == "done"
        assert sorted(set(store.decisions("doc-a", ANNOTATOR).values())) == ["rejected"]  # they count as rejected
        assert app.session.doc_id == "doc-b"
        await pilot.press("u")  # right after d: back to doc-a, and the d undone
        assert app.session.doc_id == "doc-a"
        assert store.status("doc-a", ANNOTATOR) == "todo" and store.decisions("doc-a", ANNOTATOR) == {}
        assert len(app.session.pending) == 6
        await pilot.press("d", "right", "d")  # a move in between: the first d is forgotten
        assert store.status("doc-a", ANNOTATOR) == "todo"


async def test_shift_a_accepts_every_suggestion_and_one_undo_reverts_it(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert len(own(app)) == 6 and app.session.pending == []
        await pilot.press("u")
        assert own(app) == [] and len(app.session.pending) == 6
        await pilot.press("ctrl+y")
        assert len(own(app)) == 6
        await pilot.press("ctrl+z")
        assert own(app) == []


async def test_undo_redo_every_kind_of_change(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1", "2", "x")  # label, relabel, remove
        await go_to(pilot, app, "TASS")
        await pilot.press("x")  # reject
        await pilot.press("u")
        assert span(DOC_A, "TASS", "SOURCE") in app.session.pending
        assert token(app) == "TASS"  # the cursor goes where the change was undone
        await pilot.press("u")
        assert own(app) == [span(DOC_A, "people", "FIGURE")]
        await pilot.press("u")
        assert own(app) == [span(DOC_A, "people", "ACTOR")]
        await pilot.press("u", "u")
        assert own(app) == []
        assert "Nothing to undo" in str(app.screen.query_one(InfoLine).render())
        await pilot.press("ctrl+y", "ctrl+y")
        assert own(app) == [span(DOC_A, "people", "FIGURE")]


async def test_history_survives_switching_documents_and_restarting(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1", "n")
        assert app.session.doc_id == "doc-b"
        await pilot.press("enter", "p")
        assert app.session.doc_id == "doc-a"
        await pilot.press("u")
        assert own(app) == []
        await pilot.press("q")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.doc_id == "doc-a"  # reopened where we left off
        await pilot.press("ctrl+y")
        assert own(app) == [span(DOC_A, "people", "ACTOR")]
        await pilot.press("n", "u")
        assert own(app, "doc-b") == []


async def test_n_p_d_and_s_move_between_documents(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")  # already the first
        assert app.session.doc_id == "doc-a"
        await pilot.press("n", "n", "n")
        assert app.session.doc_id == "doc-c"
        await pilot.press("p", "p")
        await pilot.press("d", "d")  # doc-a has suggestions pending: d twice
        assert app.session.store.status("doc-a", ANNOTATOR) == "done"
        assert app.session.doc_id == "doc-b"
        await pilot.press("s")
        assert app.session.store.status("doc-b", ANNOTATOR) == "skipped"
        assert app.session.doc_id == "doc-c"
        await pilot.press("d")
        assert app.session.doc_id == "doc-b"  # the skipped one is all that is left
        header = app.screen.query_one(HeaderBar).render().plain
        assert "done 2/3" in header and "skipped" in header


async def test_search_is_incremental_with_next_match(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"alm")
        assert selected(app) == "Almaty"
        assert article(app).cursor_offset == find(DOC_A, "Almaty").start
        await pilot.press("enter")  # next match
        assert article(app).cursor_offset == find(DOC_A, "Almaty", 1).start
        await pilot.press("enter")  # wraps
        assert article(app).cursor_offset == find(DOC_A, "Almaty").start
        await pilot.press("escape")
        assert article(app).has_focus
        await pilot.press("f3")
        assert article(app).cursor_offset == find(DOC_A, "Almaty", 1).start
        await pilot.press("3")  # the match is selected: label it
        assert own(app) == [span(DOC_A, "Almaty", "LOCATION", 1)]
        await pilot.press("slash", *"zzz")
        assert "No match" in str(app.screen.query_one(InfoLine).render())


async def test_document_list_filters_and_opens(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "d")  # doc-a done (its pending suggestions rejected)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, DocumentListScreen)
        text = screen_text(app)
        assert "done 1/3" in text and "doc-a" in text and "doc-c" in text
        list_screen = app.screen
        await pilot.press("f")  # status: todo
        await pilot.pause()
        assert [r["id"] for r in list_screen.visible_rows()] == ["doc-b", "doc-c"]
        await pilot.press("f")  # in progress
        await pilot.press("f", "f", "f")  # back to all
        await pilot.pause()
        assert len(list_screen.visible_rows()) == 3
        await pilot.press("F")  # language: all -> en
        await pilot.pause()
        assert list_screen.language_filter == "en" and len(list_screen.visible_rows()) == 3
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        assert app.session.doc_id == "doc-c"
        await pilot.press("l", "escape")
        assert app.session.doc_id == "doc-c"


async def test_help_lists_every_key(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            body = str(app.screen.query_one("#help-body").render())
            for k in ALL_KEYS:
                assert k.help in body
            assert "drag" in body and "ctrl+p" in body
            await pilot.press("escape")
            assert isinstance(app.screen, AnnotateScreen)


async def test_guidelines_are_shown_and_their_absence_is_handled(db, monkeypatch):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuidelinesScreen)
        if screens.find_guidelines() is not None:
            assert "guidelines" in screen_text(app).lower()
        await pilot.press("escape")
        assert isinstance(app.screen, AnnotateScreen)
    monkeypatch.setattr(screens, "find_guidelines", lambda: None)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "No guidelines found" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, AnnotateScreen)


async def test_command_palette_offers_every_action_and_runs_it(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = AnnotatorCommands(app.screen)
        texts = [hit.text async for hit in provider.discover()]
        assert len(texts) == len(ALL_KEYS)
        assert all(any(key.help in text for text in texts) for key in ALL_KEYS)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"accept ev")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert len(own(app)) == 6


async def test_keys_are_remappable_by_binding_id(db):
    app = make_app(db, keymap={"label.actor": "a", "suggestion.accept_all": "ctrl+a"})
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "people")
        await pilot.press("1")
        assert own(app) == []
        await pilot.press("a")
        assert own(app) == [span(DOC_A, "people", "ACTOR")]
        await pilot.press("ctrl+a")
        assert len(own(app)) == 7


async def test_span_panel_chooses_a_span(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        panel = app.screen.query_one(SpanPanel)
        assert panel.has_focus
        await pilot.press("down", "down", "enter")
        assert article(app).has_focus and token(app) == "Almaty"
        await pilot.click(SpanPanel, offset=(5, 3))  # the fourth item: TASS
        await pilot.pause()
        assert token(app) == "TASS"


# -- the mouse ----------------------------------------------------------------------------------
def cell_of(app: AnnotatorApp, offset: int) -> tuple[int, int]:
    view = article(app)
    row, column = view.text_layout.position(offset)
    return view._gutter + column, row - round(view.scroll_y)


async def test_click_places_the_cursor_drag_selects_and_a_click_on_a_span_selects_it(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(ArticleView, offset=cell_of(app, find(DOC_A, "people").start + 2))
        assert token(app) == "people" and selected(app) is None
        await pilot.mouse_down(ArticleView, offset=cell_of(app, find(DOC_A, "said").start))
        await pilot.mouse_up(ArticleView, offset=cell_of(app, find(DOC_A, "20.000").start + 1))
        await pilot.pause()
        assert selected(app) == "said that 20.000"
        await pilot.press("2")
        assert own(app) == [Span(find(DOC_A, "said").start, find(DOC_A, "20.000").end, "FIGURE")]
        await pilot.click(ArticleView, offset=cell_of(app, find(DOC_A, "Almaty").start + 1))
        await pilot.pause()
        assert selected(app) == "Almaty" and token(app) == "Almaty"
        await pilot.press("enter")
        assert span(DOC_A, "Almaty", "LOCATION") in own(app)


# -- safety ---------------------------------------------------------------------------------------
HOSTILE = "[bold]x[/bold] [link=http://e]y[/link] \x1b[31mred\x1b[0m [b]$name[/b] \x07 \r end"


async def test_markup_and_escape_sequences_render_literally(tmp_path):
    db = tmp_path / "hostile.sqlite"
    with Store.open(db) as store:
        add_document(store, "[red]evil[/red]", HOSTILE)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = article(app)
        rows = "\n".join(view.row_text(r) for r in range(view.text_layout.height))
        assert "[bold]x[/bold] [link=http://e]y[/link] ␛[31mred␛[0m [b]$name[/b] ␇ ␍ end" in rows
        text = screen_text(app)
        assert "[bold]x[/bold]" in text and "[link=http://e]y[/link]" in text and "␛[31mred␛[0m" in text
        assert "[red]evil[/red]" in text.splitlines()[0]
        assert "\x1b" not in text and "\x07" not in text
        view.move_cursor(0, select=(0, HOSTILE.index(" [link")))
        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        assert "[A [bold]x[/bold]]" in text
        assert "[bold]x[/bold]" in str(app.screen.query_one(InfoLine).render()) or True
        panel = app.screen.query_one(SpanPanel)
        assert panel.item_text(0) == "[bold]x[/bold]"
        await pilot.press("l")
        await pilot.pause()
        assert "[red]evil[/red]" in screen_text(app)


async def test_an_empty_database_opens_and_says_what_to_do(tmp_path):
    db = tmp_path / "empty.sqlite"
    Store.open(db).close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "1", "enter", "x", "A", "u", "tab", "n", "d", "slash")
        await pilot.pause()
        assert "No documents" in screen_text(app)
        await pilot.press("escape", "q")


async def test_the_position_is_restored_when_reopening(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await go_to(pilot, app, "troops")
        await pilot.press("q")
    assert Store.open(db).position(ANNOTATOR) == ("doc-b", DOC_B.index("troops"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.doc_id == "doc-b" and token(app) == "troops"
    app = make_app(db, doc_id="doc-c")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.doc_id == "doc-c"


async def test_a_long_document_renders_only_the_visible_rows(tmp_path):
    db = tmp_path / "long.sqlite"
    text = "\n\n".join([DOC_A] * 600)  # ~ 20,000 words
    with Store.open(db) as store:
        add_document(store, "long", text)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = article(app)
        assert view.text_layout.height > 1000
        first = view.rendered_rows
        assert 0 < first <= 2 * SIZE[1]
        await pilot.press("right", "right", "down", "1")
        await pilot.pause()
        assert view.rendered_rows - first <= 12  # a few rows, not the document
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert view.rendered_rows - first <= 12 + 2 * SIZE[1]


async def test_incremental_redraws_match_a_full_rebuild(db):
    """After each change the article and the span panel are patched, not rebuilt: the patched
    state must equal what a fresh load shows."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        keys = ["enter", "right", "right", "1", "shift+right", "2", "tab", "x", "tab", "3", "u", "u", "ctrl+y",
                "A", "u", "tab", "delete", "shift+tab", "4"]
        for key in keys:
            await pilot.press(key)
            view, panel, session = article(app), app.screen.query_one(SpanPanel), app.session
            assert (view.own, view.pending) == (session.own, session.pending)
            assert panel.items == session.items()
            before, after = view._marks()
            assert (view._before, view._after) == (before, after)
            fresh = type(view.text_layout)(view.text, view.text_layout.width, before=before, after=after)
            assert (view.text_layout.starts, view.text_layout.ends) == (fresh.starts, fresh.ends)


async def test_resizing_rewraps_and_a_narrow_terminal_hides_the_span_panel(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, app, "Reuters")
        wide_rows = article(app).text_layout.height
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        view = article(app)
        assert not app.screen.query_one(SpanPanel).display
        assert view.text_layout.height > wide_rows
        assert token(app) == "Reuters"
        row = view.text_layout.row_of(view.cursor_offset)
        assert round(view.scroll_y) <= row < round(view.scroll_y) + view.scrollable_content_region.height
        assert "Reuters" in screen_text(app)


async def test_a_failed_write_is_reported_and_the_screen_shows_the_database(db):
    app = make_app(db)
    notices: list[str] = []
    async with app.run_test(size=SIZE, message_hook=notices_into(notices)) as pilot:
        await go_to(pilot, app, "people")
        app.session.store.db.execute("pragma query_only = on")  # SQLite now refuses every write
        await pilot.press("1")
        await pilot.pause()
        app.session.store.db.execute("pragma query_only = off")
        assert own(app) == [] and article(app).own == []
        assert "database error: attempt to write a readonly database" in notices  # the message, no class name
        await pilot.press("1")  # the screen goes on working
        await pilot.pause()
        assert [s.label for s in own(app)] == ["ACTOR"]


async def test_a_bug_in_a_change_is_not_dressed_up_as_a_user_error(db, monkeypatch):
    app = make_app(db)
    notices: list[str] = []
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=SIZE, message_hook=notices_into(notices)) as pilot:
            await go_to(pilot, app, "people")

            def broken(*args, **kwargs):
                raise RuntimeError("a bug")

            monkeypatch.setattr(app.session.store, "apply", broken)
            await pilot.press("1")
            await pilot.pause()
    assert not any("a bug" in notice for notice in notices)
    assert own(app) == []


# -- team work: the annotator's queue and flags -------------------------------------------------------
async def test_the_queue_walks_assigned_documents_first_with_a_toggle_for_all(db):
    with Store.open(db) as store:
        add_document(store, "doc-d", "Another one about Almaty.", "en")
        store.assign({"doc-c": [ANNOTATOR], "doc-a": [ANNOTATOR], "doc-b": ["someone"]}, actor="curator")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.doc_id == "doc-a"  # the first of the queue not done
        assert app.session.order == ["doc-a", "doc-c"]
        await pilot.press("n")
        assert app.session.doc_id == "doc-c"
        await pilot.press("n")  # the end of the queue
        assert app.session.doc_id == "doc-c"
        assert "done 0/2" in app.screen.query_one(HeaderBar).render().plain
        await pilot.press("d")  # doc-c has no suggestions: done at once, back to the queue's other document
        assert app.session.doc_id == "doc-a"
        await pilot.press("l")
        await pilot.pause()
        assert [r["id"] for r in app.screen.visible_rows()] == ["doc-a", "doc-c"]
        await pilot.press("t")  # every document, the queue first
        await pilot.pause()
        assert [r["id"] for r in app.screen.visible_rows()] == ["doc-a", "doc-c", "doc-b", "doc-d"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n", "n")
        assert app.session.doc_id == "doc-b"
        await pilot.press("t")
        assert app.session.order == ["doc-a", "doc-c"]
        assert "Your queue" in str(app.screen.query_one(InfoLine).render())


async def test_flags_with_a_note_on_a_span_and_on_the_document(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        await pilot.press("exclamation_mark")  # the cursor is on the suggestion "Tokajev"
        await pilot.pause()
        await pilot.press(*"person or source?", "enter")
        await pilot.pause()
        tokajev = find(DOC_A, "Tokajev")
        assert [(f.start, f.end, f.note) for f in store.flags("doc-a", ANNOTATOR)] == [
            (tokajev.start, tokajev.end, "person or source?")]
        assert "person or source?" in str(app.screen.query_one(InfoLine).render())
        assert "⚑" in screen_text(app)  # beside the item in the span panel
        await go_to(pilot, app, "said")  # no span here: the flag is on the document
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press(*"opinion piece", "enter")
        await pilot.pause()
        assert "⚑ flagged" in app.screen.query_one(HeaderBar).render().plain
        await pilot.press("l")
        await pilot.pause()
        assert "⚑ person or source?; opinion piece" in screen_text(app) or "⚑ opinion piece" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")  # an empty note removes the flag (ctrl+u clears the line)
        await pilot.pause()
        assert [f.note for f in store.flags("doc-a", ANNOTATOR)] == ["person or source?"]
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        assert [f.note for f in store.flags("doc-a", ANNOTATOR)] == ["person or source?"]


async def test_gold_and_machine_cannot_be_opened_in_the_annotation_screen(db):
    for name in ("gold", "machine"):
        with pytest.raises(ValueError, match="protected layer"):
            AnnotatorApp(Store.open(db), annotator=name)
