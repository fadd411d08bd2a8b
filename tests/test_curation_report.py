"""An annotator against gold: figures on a hand-computed example, examples in context, output safety."""

import json

import pytest

from annotator.cli import main
from annotator.curation.report import ReportDocument, compare_layer, context_pieces, context_window, printable
from annotator.model import LABELS, Span
from tests.test_curation_fixtures import TEXT, make_store, span

GOLD = [span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("Almaty", "LOCATION"),
        span("TASS", "SOURCE"), span("20", "FIGURE")]
ALICE = [
    span("Vladimir Putin", "ACTOR"),  # exact
    span("Tokayev", "LOCATION"),  # label error
    span("in Almaty", "LOCATION"),  # boundary error
    span("Monday", "FIGURE"),  # extra
    span("20", "FIGURE"),  # exact
]  # and TASS is missed


def test_figures_by_hand():
    report = compare_layer([ReportDocument("d1", TEXT, GOLD, ALICE)], "alice", LABELS)
    c = report.per_label
    assert (c["ACTOR"].gold, c["ACTOR"].layer, c["ACTOR"].exact, c["ACTOR"].label) == (2, 1, 1, 1)
    assert (c["FIGURE"].gold, c["FIGURE"].layer, c["FIGURE"].exact, c["FIGURE"].extra) == (1, 2, 1, 1)
    assert (c["LOCATION"].gold, c["LOCATION"].layer, c["LOCATION"].exact, c["LOCATION"].boundary) == (1, 2, 0, 1)
    assert (c["SOURCE"].gold, c["SOURCE"].layer, c["SOURCE"].miss) == (1, 0, 1)
    assert c["ACTOR"].scores().values() == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3})
    assert c["FIGURE"].scores().values() == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3})
    assert c["LOCATION"].scores().values() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert c["SOURCE"].scores().values() == {"precision": None, "recall": 0.0, "f1": 0.0}
    assert report.total().scores().values() == pytest.approx({"precision": 0.4, "recall": 0.4, "f1": 0.4})
    assert report.errors() == {"miss": 1, "extra": 1, "boundary": 1, "label": 1}
    assert report.label_confusions == {("ACTOR", "LOCATION"): 1}
    (boundary,) = report.examples_of("boundary")
    assert boundary.gold == (span("Almaty", "LOCATION"),) and boundary.layer == (span("in Almaty", "LOCATION"),)
    assert (boundary.start, boundary.end) == (span("in Almaty", "X").start, span("in Almaty", "X").end)
    (extra,) = report.examples_of("extra")
    assert extra.layer == (span("Monday", "FIGURE"),) and extra.gold == ()


def test_context_is_cut_at_spaces_and_pieces_are_printable():
    text = "one two three\x1bfour five six"
    lo, hi = context_window(text, 8, 13, width=6)
    assert text[lo:hi] == "two three\x1bfour"
    pieces = context_pieces(text, (lo, hi), [Span(8, 13, "ACTOR")])
    assert pieces == [("two ", None), ("three", Span(8, 13, "ACTOR")), ("␛four", None)]
    assert printable("a\nb\u202ec") == "a⏎b\ufffdc"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "r.sqlite"
    make_store(path, {"d1": TEXT}, {"gold": {"d1": GOLD}, "alice": {"d1": ALICE}}).close()
    return path


def test_report_cli_text(runner, db):
    result = runner.invoke(main, ["report", "--db", str(db), "--layer", "alice"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Layer alice against gold on 1 document · exact F1 0.40 (precision 0.40, recall 0.40)" in out
    assert "Label confusions: gold ACTOR → LOCATION 1" in out
    for heading in ("Misses (1; 1 shown)", "Extras (1; 1 shown)", "Boundary errors (1; 1 shown)",
                    "Label errors (1; 1 shown)"):
        assert heading in out
    assert "met Tokayev [L in Almaty] on" in out and "met Tokayev in [L Almaty] on" in out


def test_report_cli_json(runner, db):
    result = runner.invoke(main, ["report", "--db", str(db), "--layer", "alice", "--format", "json",
                                  "--examples", "1"])
    data = json.loads(result.output)
    assert data["documents"] == 1 and data["total"]["f1"] == pytest.approx(0.4)
    assert data["per_label"]["SOURCE"]["precision"] is None
    (miss,) = data["examples"]["miss"]
    tass = span("TASS", "SOURCE")
    assert miss["text"] == "TASS" and miss["gold"] == [[tass.start, tass.end, "SOURCE"]] and miss["layer"] == []
    assert "TASS" in miss["context_text"]


def test_report_counts_only_documents_gold_has_finished(runner, tmp_path):
    path = tmp_path / "r.sqlite"
    store = make_store(path, {"d1": TEXT}, {"alice": {"d1": ALICE}})
    store.replace_layer("d1", "gold", GOLD, "in_progress", actor="carla", action="import")
    store.close()
    out = runner.invoke(main, ["report", "--db", str(path), "--layer", "alice"]).output
    assert "on 0 documents" in out and "nothing to compare yet" in out
    out = runner.invoke(main, ["report", "--db", str(path), "--layer", "alice", "--all-documents"]).output
    assert "on 1 document " in out


def test_report_prints_document_text_literally(runner, tmp_path):
    text = "[bold red]Putin[/bold red] met \x1b[31mTokayev\x07 today."
    putin = Span(text.index("Putin"), text.index("Putin") + 5, "ACTOR")
    tokayev = Span(text.index("Tokayev"), text.index("Tokayev") + 7, "ACTOR")
    path = tmp_path / "r.sqlite"
    make_store(path, {"[i]doc": text}, {"gold": {"[i]doc": [putin, tokayev]}, "alice": {"[i]doc": [putin]}}).close()
    result = runner.invoke(main, ["report", "--db", str(path), "--layer", "alice"])
    assert result.exit_code == 0, result.output
    assert "[i]doc" in result.output
    assert "[bold red]Putin[/bold red] met ␛[31m[A Tokayev]␇ today." in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_report_unknown_layer_is_a_clear_error(runner, db):
    result = runner.invoke(main, ["report", "--db", str(db), "--layer", "zed"])
    assert result.exit_code == 2 and "no layer named 'zed'" in result.output
