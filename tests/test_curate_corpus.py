"""The curator's corpus search and consistency findings (pilot): the findings are a queue after
the conflicts, labelled in gold in one step that u undoes."""

import pytest
from textual.widgets import Input

from annotator.curation import CurationSession, merge_into_gold
from annotator.model import Span
from annotator.tui.corpus_search import CorpusSearchScreen, FindingsScreen
from annotator.tui.curate import CurateApp, CurateScreen
from annotator.tui.curate_edit import GoldEditScreen
from tests.test_curation_fixtures import three_annotators

SIZE = (120, 40)
pytestmark = pytest.mark.anyio
D2 = "Putin spoke first. Later Vladimir Putin left Almaty."


async def settled(app, pilot) -> None:
    """Wait for the consistency check's thread and for what it shows."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def store(tmp_path):
    from annotator.store import DocumentRow
    from annotator.store.store import checksum

    store = three_annotators(tmp_path / "c.sqlite")
    store.insert_document(DocumentRow("d2", D2, "en", [], {}, checksum(D2), 1), actor="test")
    merge_into_gold(store, "unanimous", actor="carla")  # gold: "Vladimir Putin" ACTOR in d1
    store.set_status("d2", "gold", "in_progress", actor="carla")  # the curator has started d2
    yield store
    store.close()


async def test_consistency_findings_take_their_usual_label_and_one_u_undoes_it(store):
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        assert [(h.doc_id, h.text, h.label, h.majority) for h in screen.hits] == [
            ("d2", "Vladimir Putin", None, "ACTOR")]
        await pilot.press("m")
        await settled(app, pilot)
        assert store.spans("d2", "gold") == [Span(25, 39, "ACTOR")]
        assert store.span_provenance("d2", "gold")[Span(25, 39, "ACTOR")] == "curator:carla:label-all"
        assert screen.hits == []
        await pilot.press("u")
        await settled(app, pilot)
        assert store.spans("d2", "gold") == [] and len(screen.hits) == 1
        await pilot.press("enter")  # opens the gold editor at the finding
        await pilot.pause()
        assert isinstance(app.screen, GoldEditScreen) and app.screen.doc_id == "d2"


async def test_search_labels_every_hit_in_gold_and_u_on_the_curator_screen_undoes_it(store):
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CorpusSearchScreen) and screen.own_layer == "gold"
        screen.query_one(Input).value = "putin"
        await pilot.press("enter")
        await settled(app, pilot)
        assert [(h.doc_id, h.label) for h in screen.hits] == [("d1", "ACTOR"), ("d2", None), ("d2", None)]
        await pilot.press("1")
        await settled(app, pilot)
        assert store.spans("d2", "gold") == [Span(0, 5, "ACTOR"), Span(34, 39, "ACTOR")]
        assert "skipped 1" in screen.last_action and "skipped 1" in screen.message  # inside gold's "Vladimir Putin" (other boundaries)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CurateScreen)
        await pilot.press("u")
        await pilot.pause()
        assert store.spans("d2", "gold") == []
