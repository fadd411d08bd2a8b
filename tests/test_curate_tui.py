"""The curator screen, driven by its keys: decisions land in the store, with who and which layers."""

import pytest

from annotator.curation import CurationSession, merge_into_gold
from annotator.model import Span
from annotator.tui.curate import ConflictPanel, CurateApp, CurateScreen, QueuePanel
from annotator.tui.curate_edit import GoldEditScreen
from annotator.tui.curate_report import ReportScreen
from annotator.tui.panels import HeaderBar, InfoLine
from tests.test_curation_fixtures import TEXT, make_store, span, three_annotators

SIZE = (120, 40)
pytestmark = pytest.mark.anyio


def plain(widget) -> str:
    return widget.render().plain


async def started(app, pilot):
    await pilot.pause()
    assert isinstance(app.screen, CurateScreen)
    return app.screen


@pytest.fixture
def store(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "unanimous", actor="carla")
    yield store
    store.close()


async def test_number_keys_majority_and_reject_decide_and_move_on(store):
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        panel = plain(screen.query_one(ConflictPanel))
        assert "labels differ" in panel and "1 alice" in panel and "3 carol" in panel
        assert "m majority (alice, bob)" in panel
        await pilot.press("m")  # Tokayev: ACTOR, as alice and bob
        assert span("Tokayev", "ACTOR") in store.spans("d1", "gold")
        assert "Took the majority (alice, bob)" in plain(screen.query_one(InfoLine))
        assert "boundaries differ" in plain(screen.query_one(ConflictPanel))  # moved on to Almaty
        await pilot.press("2")  # bob's "in Almaty"
        assert span("in Almaty", "LOCATION") in store.spans("d1", "gold")
        await pilot.press("x")  # TASS: no span
        assert store.decisions("d1", "gold")[span("TASS", "SOURCE")] == "rejected"
        await pilot.press("1")  # "20": alice's
        assert span("20", "FIGURE") in store.spans("d1", "gold")
        assert "resolved 4/4" in plain(screen.query_one(HeaderBar))
        assert store.status("d1", "gold") == "done"
        events = [e for e in store.history("d1", "gold") if e["action"].startswith("curate")]
        assert [e["action"] for e in events] == ["curate_majority", "curate_take", "curate_reject", "curate_take"]
        assert {e["actor"] for e in events} == {"carla"}
        assert [e["payload"]["followed"] for e in events] == [["alice", "bob"], ["bob"], [], ["alice", "bob"]]
        assert store.span_provenance("d1", "gold")[span("in Almaty", "LOCATION")] == "curator:carla:followed=bob"


async def test_undo_reverts_the_last_decision_and_goes_back_to_it(store):
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        await pilot.press("3")  # Tokayev: carol's LOCATION
        assert span("Tokayev", "LOCATION") in store.spans("d1", "gold")
        await pilot.press("tab", "tab")  # wander off
        await pilot.press("u")
        assert span("Tokayev", "LOCATION") not in store.spans("d1", "gold")
        assert store.decisions("d1", "gold") == {}
        assert "Undid take" in plain(screen.query_one(InfoLine))
        assert screen.session.current.cluster.start == span("Tokayev", "ACTOR").start
        await pilot.press("ctrl+y")
        assert span("Tokayev", "LOCATION") in store.spans("d1", "gold")


async def test_tab_and_shift_tab_walk_the_queue_across_documents(tmp_path):
    other = "Reuters said Putin met 300 people."
    store = make_store(tmp_path / "c.sqlite", {"d1": TEXT, "d2": other}, {
        "alice": {"d1": [span("Putin", "ACTOR")], "d2": [span("Reuters", "SOURCE", other), span("300", "FIGURE", other)]},
        "bob": {"d1": [span("Vladimir Putin", "ACTOR")], "d2": [span("Reuters", "ACTOR", other)]},
    })
    session = CurationSession(store, "carla")
    assert session.order == ["d2", "d1"]  # both agree at F1 0: the one with more conflicts first
    app = CurateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        header = screen.query_one(HeaderBar)
        assert "d2" in plain(header) and "conflict 1/3" in plain(header)
        await pilot.press("tab")
        assert "conflict 2/3" in plain(header)
        await pilot.press("tab")
        assert "d1" in plain(header) and "conflict 3/3" in plain(header)
        await pilot.press("tab")
        assert "conflict 1/3" in plain(header)  # wraps around
        await pilot.press("shift+tab")
        assert "conflict 3/3" in plain(header)
        queue = plain(screen.query_one(QueuePanel))
        assert "▶" in queue and "d1" in queue and "d2" in queue
        await pilot.press("right_square_bracket")
        assert "d2" in plain(header) and "conflict 1/3" in plain(header)
        await pilot.press("left_square_bracket")
        assert "d1" in plain(header)
        await pilot.click(QueuePanel, offset=(5, 2))  # the first document row: d2
        assert "d2" in plain(header)


async def test_anonymous_curation_hides_the_annotators_names(store):
    app = CurateApp(CurationSession(store, "carla", anonymous=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        shown = plain(screen.query_one(ConflictPanel)) + plain(screen.query_one(HeaderBar))
        assert "annotator 1" in shown and "annotator 3" in shown
        assert "alice" not in shown and "bob" not in shown and "carol" not in shown
        await pilot.press("m")
        message = plain(screen.query_one(InfoLine))
        assert "annotator 1, annotator 2" in message and "alice" not in message
        # The record keeps the real names.
        assert store.history("d1", "gold")[-1]["payload"]["followed"] == ["alice", "bob"]


async def test_edit_gold_with_the_annotation_keys(store):
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("tab", "tab")  # TASS: only alice has it
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GoldEditScreen)
        await pilot.press("1")  # the selection (the conflict: "TASS") becomes ACTOR
        tass = span("TASS", "ACTOR")
        assert tass in store.spans("d1", "gold")
        assert store.span_provenance("d1", "gold")[tass] == "curator:carla:edited"
        await pilot.press("4")  # relabel the span under the cursor: SOURCE
        assert span("TASS", "SOURCE") in store.spans("d1", "gold") and tass not in store.spans("d1", "gold")
        assert store.decisions("d1", "gold")[tass] == "rejected"
        await pilot.press("u")
        assert tass in store.spans("d1", "gold")
        await pilot.press("x")
        assert tass not in store.spans("d1", "gold")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CurateScreen)
        assert store.history("d1", "gold")[-1]["action"] == "curate_edit"


async def test_report_screen_switches_layers(store):
    session = CurationSession(store, "carla")
    app = CurateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        for key in ("m", "2", "x", "1"):  # resolve everything: gold is done
            await pilot.press(key)
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert "Report alice" in plain(screen.query_one(HeaderBar))
        assert "1 document" in plain(screen.query_one(HeaderBar))
        examples = screen.query_one("#examples").render().plain
        assert "Boundary errors" in examples and "Extras" in examples  # "Almaty" vs "in Almaty"; TASS
        await pilot.press("n")
        assert "Report bob" in plain(screen.query_one(HeaderBar))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CurateScreen)


async def test_document_text_with_markup_and_escapes_is_shown_literally(tmp_path):
    text = "[bold red]Putin[/] met \x1b[31mTokayev."
    putin = Span(text.index("Putin"), text.index("Putin") + 5, "ACTOR")
    store = make_store(tmp_path / "c.sqlite", {"[doc]": text}, {
        "alice": {"[doc]": [putin]}, "bob": {"[doc]": []},
    })
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        panel = plain(screen.query_one(ConflictPanel))
        assert "[bold red][A Putin][/] met ␛[31mTokayev." in panel
        assert "[doc]" in plain(screen.query_one(HeaderBar))
        await pilot.press("1")
        assert "“Putin”" in plain(screen.query_one(InfoLine))


async def test_no_conflicts_is_said_and_keys_do_nothing(tmp_path):
    store = make_store(tmp_path / "c.sqlite", {"d1": TEXT}, {
        "alice": {"d1": [span("Putin", "ACTOR")]}, "bob": {"d1": [span("Putin", "ACTOR")]},
    })
    merge_into_gold(store, "unanimous", actor="carla")
    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        assert "No conflicts" in plain(screen.query_one(ConflictPanel))
        await pilot.press("tab", "1", "m", "x", "e", "u")
        assert isinstance(app.screen, CurateScreen)
        assert store.spans("d1", "gold") == [span("Putin", "ACTOR")]


async def test_help_lists_the_keys(store):
    from annotator.tui.curate import CurateHelpScreen

    app = CurateApp(CurationSession(store, "carla"))
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CurateHelpScreen)
        shown = app.screen.query_one("Static").render().plain
        assert "1-9" in shown and "Take the version more than half" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CurateScreen)


async def test_flagged_documents_come_first_with_the_notes_beside_the_conflict(tmp_path):
    other = "Reuters said Putin met 300 people."
    store = make_store(tmp_path / "c.sqlite", {"d1": TEXT, "d2": other}, {
        "alice": {"d1": [span("Putin", "ACTOR")], "d2": [span("Reuters", "SOURCE", other), span("300", "FIGURE", other)]},
        "bob": {"d1": [span("Vladimir Putin", "ACTOR")], "d2": [span("Reuters", "ACTOR", other)]},
    })
    assert CurationSession(store, "carla").order == ["d2", "d1"]  # without flags: fewer agreements first
    putin = span("Vladimir Putin", "ACTOR")
    store.set_flag("d1", "bob", "full name or surname?", (putin.start, putin.end), actor="bob")
    store.set_flag("d1", "alice", "whole article unclear", actor="alice")
    store.set_flag("d2", "stray", "not a compared layer", actor="stray")
    session = CurationSession(store, "carla")
    assert session.order == ["d1", "d2"]  # the flagged document first
    app = CurateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(app, pilot)
        panel = plain(screen.query_one(ConflictPanel))
        assert "⚑ bob: full name or surname?" in panel and "⚑ alice: whole article unclear" in panel
        assert "not a compared layer" not in panel
        assert "⚑ d1" in plain(screen.query_one(QueuePanel))
    store.close()
