"""80x24 (the default of most terminals and SSH sessions) and 60x24: what each screen keeps
when space is short (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import RichLog

from annotator.curation import CurationSession, merge_into_gold
from annotator.store import Store
from annotator.tui import screens
from annotator.tui.app import AnnotatorApp
from annotator.tui.curate import ConflictPanel, CurateApp, CurateScreen, QueuePanel
from annotator.tui.screens import GuidelinesScreen
from tests.test_curation_fixtures import three_annotators
from tests.test_tui_support import ANNOTATOR, make_db, screen_lines

pytestmark = pytest.mark.anyio
GUIDELINES = Path(__file__).parent / "data" / "guidelines-sample.md"


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
async def test_help_quit_and_progress_stay_on_a_small_terminal(tmp_path, size):
    app = AnnotatorApp(Store.open(make_db(tmp_path / "s.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=size) as pilot:
        await pilot.press("d", "d")  # one document done (suggestions pending: d twice): "done 1/3"
        await pilot.pause()
        shown = screen_lines(app)
        header, footer = shown[0].rstrip(), shown[-1].rstrip()
        assert "done 1/3" in header and ANNOTATOR in header and "doc-b" in header
        assert "? Help" in footer and "q Quit" in footer
        assert cell_len(header) <= size[0] and cell_len(footer) <= size[0]
        if size[0] >= 80:
            assert "d Done" in footer and "Label" in footer


async def test_the_footer_drops_keys_from_its_list_not_help_or_quit(tmp_path):
    app = AnnotatorApp(Store.open(make_db(tmp_path / "s.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        wide = screen_lines(app)[-1]
        assert "A Accept all" in wide and "/ Find" in wide
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        narrow = screen_lines(app)[-1].rstrip()
        assert narrow.endswith("? Help  q Quit") and "Accept all" not in narrow


async def test_guidelines_are_wrapped_to_the_window_and_again_after_a_resize(tmp_path, monkeypatch):
    monkeypatch.setattr(screens, "find_guidelines", lambda: GUIDELINES)
    app = AnnotatorApp(Store.open(make_db(tmp_path / "s.sqlite")), annotator=ANNOTATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuidelinesScreen)
        log = app.screen.query_one(RichLog)
        for width in (80, 60):
            if width != 80:
                await pilot.resize_terminal(width, 24)
                await pilot.pause()
                await pilot.pause()
            room = log.scrollable_content_region.width
            assert room < width
            rendered = [strip.text.rstrip() for strip in log.lines]
            assert rendered and max(cell_len(line) for line in rendered) <= room
            text = " ".join(" ".join(rendered).split())
            assert "(FIGURE keeps its unit" in text
            assert "Tokajev, the police of Almaty" in text  # words are never cut at the edge


async def test_the_curator_at_80x24_gives_the_conflict_the_whole_width(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "unanimous", actor="carla")
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CurateScreen)
        assert not app.screen.query_one(QueuePanel).display
        conflict = app.screen.query_one(ConflictPanel)
        assert conflict.size.width >= 78
        text = conflict.render().plain
        assert "1 alice" in text and "take a version" not in text  # the keys are in the footer
        shown = screen_lines(app)
        assert "resolved 0/4" in shown[0] and "? Help" in shown[-1] and "q Quit" in shown[-1]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.screen.query_one(QueuePanel).display
        assert "take a version" in app.screen.query_one(ConflictPanel).render().plain
    store.close()
