"""The agreement screen: the figures of ``annotator agreement`` on screen, computed in the background."""

import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest
from textual.geometry import Region
from textual.widgets import Static

from annotator.agreement import compute_agreement
from annotator.agreement.loading import default_layers, load_documents
from annotator.agreement.report import number
from annotator.cli import main as cli
from annotator.curation import CurationSession
from annotator.formats.importing import import_paths
from annotator.model import LABELS, Span
from annotator.store import DocumentRow, Store
from annotator.store.store import checksum
from annotator.tui.agreement_screen import COMPUTING, AgreementApp, AgreementScreen
from annotator.tui.app import AnnotatorApp
from annotator.tui.curate import CurateApp, CurateHelpScreen, CurateScreen
from annotator.tui.panels import HeaderBar

SIZE = (120, 40)
pytestmark = pytest.mark.anyio

TEXT = "Tokayev met Putin in Almaty on Monday, TASS reported."
OTHER = "Officials in Astana said nothing."


def at(text: str, phrase: str, label: str) -> dict:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "label": label}


def build(tmp_path: Path, records: list[dict]) -> Path:
    """A database imported from a JSONL file (records with a layer are done annotations)."""
    source = tmp_path / "input.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    path = tmp_path / "a.sqlite"
    with Store.open(path) as store:
        import_paths(store, [source], actor="test")
    return path


@pytest.fixture
def two_layers(tmp_path) -> Path:
    """alice and bob agree on 3 of their 4 spans each: exact span F1 0.750."""
    alice = [at(TEXT, "Tokayev", "ACTOR"), at(TEXT, "Putin", "ACTOR"), at(TEXT, "Almaty", "LOCATION")]
    bob = [at(TEXT, "Tokayev", "ACTOR"), at(TEXT, "Putin", "ACTOR"), at(TEXT, "TASS", "SOURCE")]
    astana = [at(OTHER, "Astana", "LOCATION")]
    return build(tmp_path, [
        {"id": "d1", "text": TEXT, "layer": "alice", "spans": alice},
        {"id": "d1", "text": TEXT, "layer": "bob", "spans": bob},
        {"id": "d2", "text": OTHER, "layer": "alice", "spans": astana},
        {"id": "d2", "text": OTHER, "layer": "bob", "spans": astana},
    ])


def expected_f1(path: Path) -> str:
    with Store.open(path, create=False) as store:
        layers = default_layers(store)
        result = compute_agreement(load_documents(store, layers), layers, LABELS).to_json()
    assert layers == ["alice", "bob"]
    return number(result["pairs"][0]["spans"]["exact"]["f1"])


def shown(widget) -> str:
    """What a widget shows, as plain text (rendered at its size on screen)."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text for strip in strips)


async def computed(app, pilot) -> AgreementScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, AgreementScreen) and not screen.computing
    return screen


def report_text(screen: AgreementScreen) -> list[str]:
    return [shown(static) for static in screen.query("#report Static").results(Static)]


def table_rows(section: str) -> list[list[str]]:
    """The body rows of a Rich table drawn on screen, as lists of cell texts."""
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in section.splitlines() if line.startswith("│")]


async def open_from_curator(path: Path, pilot, app):
    await pilot.pause()
    assert isinstance(app.screen, CurateScreen)
    await pilot.press("a")
    return await computed(app, pilot)


async def test_curator_a_opens_the_figures_of_the_agreement_command(two_layers):
    expected = expected_f1(two_layers)
    assert expected == "0.750"
    with Store.open(two_layers, create=False) as store:
        app = CurateApp(CurationSession(store, "carla"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_from_curator(two_layers, pilot, app)
            sections = report_text(screen)
            pairs = next(s for s in sections if s.startswith("Pairs"))
            [row] = table_rows(pairs)
            assert row[:2] == ["alice", "bob"] and row[5] == expected  # exact F1
            assert any("Fleiss' κ" in s for s in sections)
            header = shown(screen.query_one(HeaderBar))
            assert "2 of 2 documents compared" in header and COMPUTING not in header
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CurateScreen)


async def test_curator_shows_the_key_in_its_help_and_footer(two_layers):
    with Store.open(two_layers, create=False) as store:
        app = CurateApp(CurationSession(store, "carla"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "a" in app.screen.active_bindings
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, CurateHelpScreen)
            assert "Agreement between the layers" in shown(app.screen.query_one(Static))


async def test_anonymous_curation_shows_no_layer_name(two_layers):
    with Store.open(two_layers, create=False) as store:
        app = CurateApp(CurationSession(store, "carla", anonymous=True))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_from_curator(two_layers, pilot, app)
            text = "\n".join(report_text(screen))
            assert "annotator 1" in text and "annotator 2" in text
            assert "alice" not in text and "bob" not in text
            pairs = next(s for s in report_text(screen) if s.startswith("Pairs"))
            assert table_rows(pairs)[0][:2] == ["annotator 1", "annotator 2"]
            assert "0.750" in text


async def test_fewer_than_two_layers_is_said_instead_of_tables(tmp_path):
    path = build(tmp_path, [{"id": "d1", "text": TEXT, "layer": "alice", "spans": [at(TEXT, "Putin", "ACTOR")]}])
    app = AgreementApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await computed(app, pilot)
        [message] = report_text(screen)
        assert "at least two annotator layers" in message and "(alice)" in message
        assert not any("Pairs" in s for s in report_text(screen))
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_a_document_id_with_markup_is_shown_literally(tmp_path):
    # Import refuses "/" in ids; the store does not, so this id is put there directly.
    weird = "[bold]x[/bold]"
    path = tmp_path / "m.sqlite"
    with Store.open(path) as store:
        store.insert_document(DocumentRow(weird, TEXT, "en", [], {}, checksum(TEXT), 0), actor="test")
        start = TEXT.index("Tokayev")
        for layer, label in (("alice", "ACTOR"), ("bob", "SOURCE")):
            store.replace_layer(weird, layer, [Span(start, start + 7, label)], "done", actor=layer, action="import")
    app = AgreementApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await computed(app, pilot)
        lowest = next(s for s in report_text(screen) if "Lowest agreement" in s)
        assert weird in lowest


async def test_the_annotation_app_stays_blind(two_layers):
    """Annotators never see each other's work: the agreement report, which names every layer,
    is for curators (the curator app, the CLI), not in the annotation app's palette."""
    with Store.open(two_layers, create=False) as store:
        app = AnnotatorApp(store, annotator="alice")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Agreement report" not in titles
            assert not hasattr(app, "action_agreement")


async def test_computing_is_shown_meanwhile_and_r_recomputes(two_layers, monkeypatch):
    import annotator.tui.agreement_screen as module

    gate, real = threading.Event(), module.compute
    calls = []

    def slow(*args):
        calls.append(args)
        assert gate.wait(10)
        return real(*args)

    monkeypatch.setattr(module, "compute", slow)
    app = AgreementApp(two_layers)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert COMPUTING in shown(screen.query_one(HeaderBar))
        assert [text.strip() for text in report_text(screen)] == [COMPUTING]
        await pilot.press("down", "up")  # the screen answers keys meanwhile
        gate.set()
        screen = await computed(app, pilot)
        assert COMPUTING not in shown(screen.query_one(HeaderBar))
        gate.clear()
        await pilot.press("r")
        assert screen.computing and COMPUTING in shown(screen.query_one(HeaderBar))
        gate.set()
        screen = await computed(app, pilot)
        assert any(s.startswith("Pairs") and table_rows(s)[0][5] == "0.750" for s in report_text(screen))
        assert len(calls) == 2


def test_the_curator_palette_offers_the_report(two_layers):
    with Store.open(two_layers, create=False) as store:
        app = CurateApp(CurationSession(store, "carla"))
        assert "Agreement report" in [c.title for c in app.get_system_commands(CurateScreen(app.session))]


def test_tui_option_refuses_print_options(runner, two_layers):
    out = runner.invoke(cli, ["agreement", "--db", str(two_layers), "--tui", "--format", "json"])
    assert out.exit_code == 2 and "--tui" in out.output
    out = runner.invoke(cli, ["agreement", "--db", str(two_layers), "--tui", "--min-f1", "0.5"])
    assert out.exit_code == 2


def test_tui_option_opens_the_screen_on_the_chosen_layers(runner, two_layers, monkeypatch):
    calls = []
    monkeypatch.setattr("annotator.tui.agreement_screen.run_agreement",
                        lambda path, **kw: calls.append((path, kw)))
    out = runner.invoke(cli, ["agreement", "--db", str(two_layers), "--tui", "--labels", "ACTOR,SOURCE"])
    assert out.exit_code == 0, out.output
    assert calls == [(two_layers, {"layers": None, "labels": ["ACTOR", "SOURCE"]})]
    out = runner.invoke(cli, ["agreement", "--db", str(two_layers), "--tui", "--layers", "alice"])
    assert out.exit_code == 2 and "at least two layers" in out.output


def test_the_tables_module_imports_rich_but_not_textual():
    code = "import sys, annotator.tui.agreement_tables; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
