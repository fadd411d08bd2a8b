"""Consistency of a layer across documents: planted inconsistencies and the exact findings."""

from __future__ import annotations

import orjson
import pytest

from annotator.cli.main import main
from annotator.curation.consistency import (
    ConsistencyDocument,
    check_consistency,
    checkable,
    layer_consistency,
)
from annotator.model import Span
from annotator.store import DocumentRow, Store
from annotator.store.store import checksum

# Sentences from the seed articles (seeds/000, 001, 003, 004), shortened.
SK = ("Na námestí sú podľa spravodajcov agentúry Reuters vojaci a obrnené transportéry. "
      "Kazašský prezident Kasym-Žomart Tokajev v piatok oznámil, že bezpečnostným zložkám dovolil strieľať. "
      "\"Tí, ktorí sa nevzdajú, budú zlikvidovaní,\" povedal Tokajev.")
PL = ("Reuters informował, że w centrum Ałmatów rozległy się strzały z broni palnej. "
      "Tokajew w środę wieczorem poinformował, że zwrócił się o pomoc do państw członkowskich.")
NO = ("I en tv-sendt tale kom Kasakhstans president Kassym-Jomart Tokajev med alvorlige trusler mot "
      "demonstrantene. Ifølge Reuters sa presidenten at de har satt opp en egen gruppe.")
RO = ("Protestele din Kazahstan s-au amplificat. Forţele de ordine au deschis focul asupra demonstranţilor iar "
      "preşedintele Kazahstanului, Kassîm-Jomart Tokaev, a cerut ajutorul Rusiei. "
      "Ministerul Afacerilor Interne din Kazahstan anunță că 18 polițiști au decedat.")
LANGS = {"sk": "sk", "pl": "pl", "no": "no", "ro": "ro"}


def at(text: str, word: str, label: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), label)


# the layer "alice", with planted inconsistencies:
SPANS = {
    "sk": [at(SK, "Reuters", "SOURCE"), at(SK, "Tokajev", "ACTOR")],  # the second Tokajev is left unlabelled
    "pl": [at(PL, "Reuters", "ACTOR"), at(PL, "Tokajew", "ACTOR")],  # Reuters as ACTOR: another label
    "no": [at(NO, "Kassym-Jomart Tokajev", "ACTOR"), at(NO, "Reuters", "SOURCE")],
    # Kazahstan LOCATION once; "Kazahstanului" and the second "Kazahstan" unlabelled; "Kassîm-Jomart
    # Tokaev" unlabelled; one letter ("a"), a function word ("din") and a number ("18") are ignored
    "ro": [at(RO, "din", "ACTOR"), at(RO, "Kazahstan", "LOCATION"), at(RO, "a", "LOCATION", 3),
           at(RO, "18", "FIGURE")],
}
TEXTS = {"sk": SK, "pl": PL, "no": NO, "ro": RO}


def documents() -> list[ConsistencyDocument]:
    return [ConsistencyDocument(d, TEXTS[d], (LANGS[d],), tuple(SPANS[d])) for d in ("sk", "pl", "no", "ro")]


def findings(report) -> list[tuple]:
    return [(g.surface, g.majority, o.doc_id, o.text, o.label) for g, o in report.findings()]


def test_planted_inconsistencies_are_found_exactly():
    report = check_consistency(documents(), "alice")
    assert findings(report) == [
        ("Kazahstan", "LOCATION", "ro", "Kazahstanului", None),
        ("Kazahstan", "LOCATION", "ro", "Kazahstan", None),
        ("Kassym-Jomart Tokajev", "ACTOR", "ro", "Kassîm-Jomart Tokaev", None),
        ("Reuters", "SOURCE", "pl", "Reuters", "ACTOR"),
        ("Tokajev", "ACTOR", "sk", "Tokajev", None),
    ]
    groups = {g.surface: g for g in report.groups}
    assert set(groups) == {"Kazahstan", "Reuters", "Kassym-Jomart Tokajev", "Tokajev"}
    assert groups["Tokajev"].forms == ("Tokajev", "Tokajew")
    assert groups["Reuters"].counts == {"SOURCE": 2, "ACTOR": 1}
    # "Tokajev" inside the labelled "Kassym-Jomart Tokajev" (no) and inside the unlabelled
    # "Kassîm-Jomart Tokaev" (ro, the longer match wins) is not an occurrence of "Tokajev"
    assert [(o.doc_id, o.label) for o in groups["Tokajev"].occurrences] == [("sk", "ACTOR"), ("sk", None),
                                                                           ("pl", "ACTOR")]
    per_label = {r.label: (r.surfaces, r.occurrences, r.consistent, r.other_label, r.unlabelled)
                 for r in report.per_label()}
    assert per_label == {"ACTOR": (2, 5, 3, 0, 2), "FIGURE": (0, 0, 0, 0, 0), "LOCATION": (1, 3, 1, 0, 2),
                         "SOURCE": (1, 3, 2, 1, 0)}
    assert report.total().consistency == pytest.approx(6 / 11)
    assert report.ignored_surfaces == 3
    sk = groups["Tokajev"].findings[0]
    assert (sk.left.endswith("povedal "), sk.right) == (True, ".")


def test_ignored_surfaces():
    assert not checkable("a") and not checkable("din") and not checkable("18") and not checkable("the of")
    assert checkable("EU") and checkable("Reuters") and checkable("the Kremlin")


def test_a_consistent_layer_has_no_findings():
    docs = [ConsistencyDocument("a", "Reuters said so. REUTERS.", ("en",), (Span(0, 7, "SOURCE"), Span(17, 24, "SOURCE"))),
            ConsistencyDocument("b", "Then Reuters said.", ("en",), (Span(5, 12, "SOURCE"),)),
            # a lower-case word is not an occurrence of a capitalised name ("ruskému" of "Ruska")
            ConsistencyDocument("c", "Z Ruska poďakoval ruskému prezidentovi.", ("sk",), (Span(2, 7, "LOCATION"),))]
    report = check_consistency(docs, "bob")
    assert report.findings() == [] and report.total().consistency == 1.0


@pytest.fixture
def planted(tmp_path):
    path = tmp_path / "c.sqlite"
    with Store.open(path) as store:
        for n, doc_id in enumerate(("sk", "pl", "no", "ro")):
            text = TEXTS[doc_id]
            store.insert_document(DocumentRow(doc_id, text, LANGS[doc_id], [], {}, checksum(text), n), actor="t")
            store.replace_layer(doc_id, "alice", SPANS[doc_id], "done", actor="alice", action="import")
        text = "Reuters is not looked at here."
        store.insert_document(DocumentRow("untouched", text, "en", [], {}, checksum(text), 9), actor="t")
    return path


def test_layer_consistency_reads_the_documents_the_layer_touched(planted):
    with Store.open(planted) as store:
        report = layer_consistency(store, "alice")
    assert report.documents == 4
    assert findings(report) == findings(check_consistency(documents(), "alice"))


def test_consistency_command_formats_and_gate(runner, planted):
    result = runner.invoke(main, ["consistency", "--db", str(planted), "--layer", "alice", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.output)
    assert data["consistency"] == pytest.approx(6 / 11)
    reuters = next(f for f in data["findings"] if f["surface"] == "Reuters")
    assert [(o["doc_id"], o["label"]) for o in reuters["other_label"]] == [("pl", "ACTOR")]
    text = runner.invoke(main, ["consistency", "--db", str(planted), "--layer", "alice"])
    assert "Reuters: mostly SOURCE" in text.output and "ACTOR      pl @0-7  [Reuters] informował" in text.output
    md = runner.invoke(main, ["consistency", "--db", str(planted), "--layer", "alice", "--format", "markdown"])
    assert "| Reuters | SOURCE | ACTOR | pl @0-7 |" in md.output
    gate = runner.invoke(main, ["consistency", "--db", str(planted), "--layer", "alice", "--min-consistency", "0.6"])
    assert gate.exit_code == 1 and "below the minimum 0.6" in gate.output
    ok = runner.invoke(main, ["consistency", "--db", str(planted), "--layer", "alice", "--min-consistency", "0.5"])
    assert ok.exit_code == 0
    missing = runner.invoke(main, ["consistency", "--db", str(planted), "--layer", "nobody"])
    assert missing.exit_code == 2 and "no layer named 'nobody'" in missing.output


def test_report_has_the_consistency_section(runner, planted):
    with Store.open(planted) as store:
        store.replace_layer("sk", "gold", SPANS["sk"], "done", actor="carol", action="import")
    text = runner.invoke(main, ["report", "--db", str(planted), "--layer", "alice", "--examples", "1"])
    assert text.exit_code == 0, text.output
    assert "Consistency of layer alice on 4 document(s)" in text.output
    assert "Kazahstan: mostly LOCATION" in text.output and "… and 1 more" in text.output
    data = orjson.loads(runner.invoke(main, ["report", "--db", str(planted), "--layer", "alice",
                                             "--format", "json"]).output)
    assert data["consistency"]["consistency"] == pytest.approx(6 / 11)
    assert data["consistency"]["layer"] == "alice"
