"""Screenshots of the annotation app compared with accepted SVGs (pytest-textual-snapshot).

Update after an intended change of the screen: ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the new SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.article import ArticleView
from tests.test_tui_support import ANNOTATOR, DOC_A, SIZE, find, make_db


def make_app(tmp_path: Path) -> AnnotatorApp:
    return AnnotatorApp(Store.open(make_db(tmp_path / "snap.sqlite")), annotator=ANNOTATOR)


async def _annotate_a_little(pilot) -> None:
    """Accept "Tokajev", label "people" ACTOR, reject "TASS", then select "26 people"."""
    await pilot.pause()
    view = pilot.app.screen.query_one(ArticleView)
    await pilot.press("enter")
    view.move_cursor(find(DOC_A, "people").start)
    await pilot.press("1")
    view.move_cursor(find(DOC_A, "TASS").start)
    await pilot.press("x")
    view.move_cursor(find(DOC_A, "26").start)
    await pilot.press("shift+right")
    await pilot.pause()


def test_main_screen_with_spans_suggestions_and_a_selection(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_annotate_a_little)


def test_help_screen(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, press=["question_mark", "_"])


def test_document_list(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, press=["d", "d", "l", "_"])


# -- 80x24, the default of most terminals, and without colour -------------------------------------
SMALL = (80, 24)
GUIDELINES = Path(__file__).parent / "data" / "guidelines-sample.md"


def test_main_screen_at_80x24(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=SMALL, run_before=_annotate_a_little)


def test_main_screen_without_colour(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(tmp_path), terminal_size=SMALL, run_before=_annotate_a_little)


def test_guidelines_at_80x24(snap_compare, tmp_path, monkeypatch):
    from annotator.tui import screens

    monkeypatch.setattr(screens, "find_guidelines", lambda: GUIDELINES)  # pinned: not the real text
    assert snap_compare(make_app(tmp_path), terminal_size=SMALL, press=["g", "_"])


def test_curator_at_80x24(snap_compare, tmp_path):
    from annotator.curation import CurationSession, merge_into_gold
    from annotator.tui.curate import CurateApp
    from tests.test_curation_fixtures import three_annotators

    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "unanimous", actor="carla")
    assert snap_compare(CurateApp(CurationSession(store, "carla")), terminal_size=SMALL, press=["_"])
