"""Other tools' formats: doccano, Label Studio (JSON, JSON-MIN), Prodigy, brat, CoNLL, spaCy DocBin.

Imports of the tools' own example files (tests/data/formats, see its README), refusals that name
file and line and leave the database unchanged, a round trip per format, and exports checked
against each tool's documented schema (spaCy's DocBin with spaCy itself).
"""

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.foreign import ImportNotes, parse_label_map, resolve_span, utf16_to_code_points
from annotator.formats.reading import InputError
from annotator.store import Store
from tests.conftest import dump

FIXTURES = Path(__file__).parent / "data" / "formats"
CONLL_MAP = "PER=ACTOR,LOC=LOCATION,ORG=ACTOR,MISC="


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args])


def imported(runner, db, *args):
    result = run(runner, "import", *args, "--db", db, "--no-suggest")
    assert result.exit_code == 0, result.output
    return result.output


def refused(runner, db, *args) -> str:
    """The one-line error of a refused import; the database is unchanged."""
    before = dump(db)
    result = run(runner, "import", *args, "--db", db, "--no-suggest")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert dump(db) == before
    return lines[0]


def layer_spans(db, layer):
    """{document id: [(covered text, label)]} of a layer."""
    with Store.open(db) as store:
        return {doc.id: [(doc.text[s.start:s.end], s.label) for s in store.spans(doc.id, layer)]
                for doc in store.documents() if store.spans(doc.id, layer)}


@pytest.fixture
def db(tmp_path):
    """A database with one unrelated document, so that refusals have something to leave alone."""
    path = tmp_path / "db.sqlite"
    f = tmp_path / "seed.jsonl"
    f.write_text(json.dumps({"id": "keep", "text": "Nothing to see."}) + "\n")
    from click.testing import CliRunner

    assert CliRunner().invoke(main, ["import", str(f), "--db", str(path), "--no-suggest"]).exit_code == 0
    return path


# ---------------------------------------------------------------- pure pieces


def test_label_map_parsing():
    assert parse_label_map(CONLL_MAP) == {"PER": "ACTOR", "LOC": "LOCATION", "ORG": "ACTOR", "MISC": None}
    for bad in ("PER", "=ACTOR", "PER=PERSON", "PER=ACTOR,PER=LOCATION"):
        with pytest.raises(ValueError, match="--label-map"):
            parse_label_map(bad)


def test_utf16_offsets_are_converted_only_where_the_quote_matches():
    text = "🇰🇿 Almaty 🙂 Astana"
    units = utf16_to_code_points(text)
    notes = ImportNotes()
    assert resolve_span(text, 3, 9, "Almaty", "f:1", units, notes) == (3, 9)  # code points
    assert resolve_span(text, 15, 21, "Astana", "f:1", units, notes) == (12, 18)  # UTF-16 units
    assert notes.utf16 == 1
    with pytest.raises(InputError, match=r"f:1: span \[4, 9\) quotes 'Almaty'.*neither"):
        resolve_span(text, 4, 9, "Almaty", "f:1", units, notes)
    with pytest.raises(InputError, match="quotes no text"):
        resolve_span(text, 5, 11, None, "f:1", units, notes)
    assert resolve_span("plain", 0, 5, None, "f:1", None, notes) == (0, 5)


# ---------------------------------------------------------------- doccano


def test_doccano_export_example_imports_with_layer_and_label_map(runner, db):
    out = imported(runner, db, FIXTURES / "doccano/export_example.jsonl", "--layer", "ann",
                   "--label-map", "ORG=ACTOR,PERSON=ACTOR,MISC=")
    assert "format doccano" in out and "spans dropped by --label-map: MISC 1" in out
    spans = layer_spans(db, "ann")
    assert sorted(spans.values()) == [[("EU", "ACTOR")], [("Obama", "ACTOR")], [("Peter Blackburn", "ACTOR")]]


def test_doccano_refusals_name_the_problem_and_change_nothing(runner, db, tmp_path):
    example = FIXTURES / "doccano/export_example.jsonl"
    line = refused(runner, db, example, "--label-map", "ORG=ACTOR,PERSON=ACTOR,MISC=")
    assert "export_example.jsonl:1: the file does not say who annotated" in line and "--layer" in line
    line = refused(runner, db, example, "--layer", "ann")
    for label in ("'ORG'", "'MISC'", "'PERSON'"):
        assert label in line
    assert "--label-map ORG=LABEL" in line and "export_example.jsonl:1: label 0" in line
    line = refused(runner, db, FIXTURES / "doccano/api_test_overlapping.jsonl", "--layer", "ann",
                   "--label-map", "LOC=LOCATION,ORG=ACTOR,PER=ACTOR")
    assert re.search(r"api_test_overlapping\.jsonl:1: .*overlaps", line)
    newer = tmp_path / "relations.jsonl"
    newer.write_text(json.dumps({"id": "x", "text": "Google was founded by Larry Page.",
                                 "entities": [{"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"}],
                                 "relations": [{"from_id": 0, "to_id": 1, "type": "foundedBy"}]}) + "\n")
    assert "relations.jsonl:1: field 'relations' holds annotations" in refused(runner, db, newer, "--layer", "a")
    # annotator's own JSONL reader never ignores doccano's label field silently
    assert "--format doccano" in refused(runner, db, example, "--format", "jsonl")


def test_doccano_string_ids_and_entities_form(runner, db, tmp_path):
    f = tmp_path / "entities.jsonl"
    f.write_text(json.dumps({"id": "art-7", "text": "Reuters reports from Almaty.", "Comments": [],
                             "entities": [{"id": 3, "start_offset": 0, "end_offset": 7, "label": "SOURCE"},
                                          {"id": 4, "start_offset": 21, "end_offset": 27, "label": "LOCATION"}]})
                 + "\n")
    imported(runner, db, f, "--layer", "ann")
    assert layer_spans(db, "ann") == {"art-7": [("Reuters", "SOURCE"), ("Almaty", "LOCATION")]}
    with Store.open(db) as store:
        assert store.document("art-7").meta == {"Comments": []}  # unread fields kept, not lost


# ---------------------------------------------------------------- Label Studio


def test_labelstudio_docs_predictions_go_to_the_machine_layer(runner, db):
    mapping = "Location=LOCATION,Person=ACTOR,Percent=FIGURE,Date=,Time=,Money=,Product=,Fact="
    out = imported(runner, db, FIXTURES / "labelstudio/docs_preannotated_ner_tasks.json", "--label-map", mapping)
    assert "format labelstudio" in out
    machine = sorted(layer_spans(db, "machine").values())
    assert machine == [
        [("Jerusalem", "LOCATION"), ("Easter", "LOCATION")],
        [("one", "FIGURE"), ("Sunny", "ACTOR"), ("Easter", "LOCATION"), ("hundreds", "FIGURE"), ("Niyati", "ACTOR")],
    ]


def test_labelstudio_refuses_results_it_cannot_store(runner, db):
    line = refused(runner, db, FIXTURES / "labelstudio/tasks_annotations_predictions.json")
    assert re.search(r"tasks_annotations_predictions\.json:2: annotation 0, result 0: a 'choices' result", line)


def _ls_task(text, start, end, quoted, user="alice@example.org"):
    return {"id": 7, "data": {"text": text, "source": "wire"},
            "annotations": [{"completed_by": {"id": 3, "email": user}, "was_cancelled": False,
                             "result": [{"type": "labels", "from_name": "label", "to_name": "text",
                                         "value": {"start": start, "end": end, "text": quoted, "labels": ["LOC"]}}]}]}


def test_labelstudio_utf16_offsets_converted_and_mismatches_refused(runner, db, tmp_path):
    text = "🇰🇿🙂 Protests in Almaty."
    f = tmp_path / "tasks.json"
    f.write_text(json.dumps([_ls_task(text, 19, 25, "Almaty")], ensure_ascii=False, indent=1))
    out = imported(runner, db, f, "--label-map", "LOC=LOCATION")
    assert "1 span(s) had UTF-16 offsets, converted to code points" in out
    assert layer_spans(db, "alice") == {"7": [("Almaty", "LOCATION")]}
    with Store.open(db) as store:
        assert store.document("7").meta == {"source": "wire"}
    bad = tmp_path / "bad.json"
    bad.write_text("[\n" + json.dumps(_ls_task(text, 18, 24, "Almaty"), ensure_ascii=False) + "\n]\n")
    line = refused(runner, db, bad, "--label-map", "LOC=LOCATION")
    assert re.search(r"bad\.json:2: annotation 0, result 0: span \[18, 24\) quotes 'Almaty'", line)


def test_labelstudio_json_min(runner, db, tmp_path):
    f = tmp_path / "min.json"
    f.write_text(json.dumps([{"text": "Reuters in Almaty", "id": 4,
                              "label": [{"start": 0, "end": 7, "text": "Reuters", "labels": ["SOURCE"]},
                                        {"start": 11, "end": 17, "text": "Almaty", "labels": ["LOCATION"]}],
                              "annotator": "bob@example.org", "annotation_id": 9, "created_at": "2024-01-01",
                              "updated_at": "2024-01-01", "lead_time": 3.2}]))
    imported(runner, db, f)
    assert layer_spans(db, "bob") == {"4": [("Reuters", "SOURCE"), ("Almaty", "LOCATION")]}


# ---------------------------------------------------------------- Prodigy


def test_prodigy_db_out_answers_counted_and_annotator_id_names_the_layer(runner, db, tmp_path):
    f = tmp_path / "answers.jsonl"
    lines = (FIXTURES / "prodigy/ner_manual_db_out.jsonl").read_text().splitlines()
    rejected = json.loads(lines[0]) | {"answer": "reject", "text": "Rejected text."}
    ignored = json.loads(lines[1]) | {"answer": "ignore", "text": "Ignored text."}
    kept = json.loads(lines[2]) | {"meta": {"source": "forum", "score": 12345678901234567890}}
    f.write_text("\n".join([lines[0], lines[1], json.dumps(kept), json.dumps(rejected), json.dumps(ignored)]) + "\n")
    out = imported(runner, db, f, "--label-map", "PERSON=ACTOR,GPE=LOCATION")
    assert "answers: accept 3 imported; not imported: ignore 1, reject 1" in out
    spans = layer_spans(db, "2024-02-06_10-17-19")
    assert sorted(spans.values()) == [[("Berlin", "LOCATION")], [("Freya", "ACTOR")], [("London", "LOCATION")]]
    with Store.open(db) as store:
        berlin = next(d for d in store.documents() if "Berlin" in d.text)
        assert berlin.meta == {"source": "forum", "score": 12345678901234567890}
        assert not any("Rejected" in d.text or "Ignored" in d.text for d in store.documents())


def test_prodigy_binary_answers_are_refused(runner, db, tmp_path):
    f = tmp_path / "teach.jsonl"
    record = json.loads((FIXTURES / "prodigy/ner_manual_db_out.jsonl").read_text().splitlines()[0])
    f.write_text(json.dumps(record | {"_view_id": "ner"}) + "\n")
    assert "teach.jsonl:1: a binary answer" in refused(runner, db, f, "--label-map", "PERSON=ACTOR")


# ---------------------------------------------------------------- brat


def test_brat_folder_with_the_issue_label_map(runner, db):
    out = imported(runner, db, FIXTURES / "brat/conll2002", "--layer", "ann", "--label-map", CONLL_MAP)
    assert "spans dropped by --label-map: MISC 3" in out
    spans = layer_spans(db, "ann")["ned.train-doc-123"]
    assert len(spans) == 21 and spans[0] == ("Hoverspeed", "ACTOR") and ("Groot-Brittannië", "LOCATION") in spans


def test_brat_events_relations_and_discontinuous_spans_are_listed_by_line(runner, db, tmp_path):
    line = refused(runner, db, FIXTURES / "brat/bionlp", "--layer", "ann", "--label-map", "Protein=ACTOR")
    assert "PMID-16583246.ann: annotator stores text-bound spans (T lines) only" in line
    assert "line(s) 6 (event E1), 7 (event E2), 8 (event E3)" in line and "11 (event E6)" in line
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("New York and Almaty")
    (folder / "a.ann").write_text("T1\tLOCATION 0 3;4 8\tNew York\nT2\tLOCATION 13 19\tAlmaty\n"
                                  "R1\tNear Arg1:T1 Arg2:T2\nA1\tNegated T2\n#1\tAnnotatorNotes T2\tcheck\n")
    line = refused(runner, db, folder / "a.ann", "--layer", "ann")
    assert "line(s) 1 (discontinuous span T1), 3 (relation R1), 4 (attribute A1), 5 (note #1)" in line
    (folder / "a.ann").write_text("T1\tLOCATION 13 19\tAstana\n")
    assert "a.ann:1: T1 [13, 19) quotes 'Astana'" in refused(runner, db, folder, "--layer", "ann")
    # a brat .txt is never imported without its annotations, nor a brat folder without every .ann
    (folder / "a.ann").write_text("T1\tLOCATION 13 19\tAlmaty\n")
    (folder / "b.txt").write_text("Unannotated.")
    assert "b.txt: no " in refused(runner, db, folder, "--layer", "ann")
    imported(runner, db, folder / "a.txt", "--layer", "ann")
    assert layer_spans(db, "ann") == {"a": [("Almaty", "LOCATION")]}


# ---------------------------------------------------------------- CoNLL


def test_conll2003_iob1_text_rebuilt(runner, db):
    out = imported(runner, db, FIXTURES / "conll/eng.train.head.conll", "--layer", "ann", "--label-map", CONLL_MAP)
    assert "text of 1 document(s) rebuilt from tokens" in out and "tags read as iob1" in out
    with Store.open(db) as store:
        assert store.document("eng.train.head").text == (
            "EU rejects German call to boycott British lamb .\nPeter Blackburn")
    assert layer_spans(db, "ann") == {"eng.train.head": [("EU", "ACTOR"), ("Peter Blackburn", "ACTOR")]}


def test_conll_iob2_and_bioes(runner, db, tmp_path):
    imported(runner, db, FIXTURES / "conll/spacy_converter_sample.conll", "--layer", "ann", "--label-map",
             "GPE=LOCATION")
    assert layer_spans(db, "ann")["spacy_converter_sample"] == [("London", "LOCATION"), ("New York City", "LOCATION")]
    f = tmp_path / "bioes.conll"
    f.write_text("Kasym\tB-ACTOR\nTokajev\tE-ACTOR\nin\tO\nAlmaty\tS-LOCATION\n")
    out = imported(runner, db, f, "--layer", "b")
    assert "tags read as bioes" in out
    assert layer_spans(db, "b")["bioes"] == [("Kasym Tokajev", "ACTOR"), ("Almaty", "LOCATION")]
    f = tmp_path / "broken.conll"
    f.write_text("Kasym\tB-ACTOR\nTokajev\tO\nAlmaty\tS-LOCATION\n")
    assert "broken.conll:2: O follows an entity 'ACTOR' not closed by E-" in refused(runner, db, f, "--layer", "c")
    f.write_text("Kasym\tB-ACTOR\nTokajev\tPERSON\n")
    assert "broken.conll:2: tag 'PERSON'" in refused(runner, db, f, "--layer", "c")


def test_a_txt_file_that_is_conll_columns_is_refused(runner, db, tmp_path):
    f = tmp_path / "train.txt"
    f.write_text((FIXTURES / "conll/eng.train.head.conll").read_text())
    assert "train.txt: looks like CoNLL columns" in refused(runner, db, f)
    imported(runner, db, f, "--format", "conll", "--layer", "ann", "--label-map", CONLL_MAP)


# ---------------------------------------------------------------- round trips and schemas

TEXTS = {
    "d1": "Kasym-Žomart Tokajev told TASS that 20.000 people 🇰🇿 gathered in Almaty.\nReuters confirmed it.",
    "d2": "Protests in Aktobe 🙂 and Taraz; 3 dead.",
}


@pytest.fixture
def annotated(tmp_path, runner):
    path = tmp_path / "src.sqlite"
    f = tmp_path / "src.jsonl"

    def spans(text, *items):
        return [{"start": text.index(s), "end": text.index(s) + len(s), "label": label} for s, label in items]

    records = [
        {"id": "d1", "text": TEXTS["d1"], "meta": {"date": "2022-01", "n": [1, 2]}, "layer": "alice",
         "spans": spans(TEXTS["d1"], ("Kasym-Žomart Tokajev", "ACTOR"), ("TASS", "SOURCE"), ("20.000", "FIGURE"),
                        ("Almaty", "LOCATION"), ("Reuters", "SOURCE"))},
        {"id": "d2", "text": TEXTS["d2"], "layer": "alice",
         "spans": spans(TEXTS["d2"], ("Aktobe", "LOCATION"), ("Taraz", "LOCATION"), ("3", "FIGURE"))},
        {"id": "d2", "text": TEXTS["d2"], "layer": "gold", "spans": spans(TEXTS["d2"], ("Taraz", "LOCATION"))},
    ]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    imported(runner, path, f)
    return path


def export(runner, db, fmt, *args):
    result = run(runner, "export", "--db", db, "--format", fmt, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def content(db):
    """Every layer's spans with their text, and the documents' texts and metadata."""
    with Store.open(db) as store:
        docs = {d.id: (d.text, d.meta) for d in store.documents()}
        layers = {layer: layer_spans(db, layer) for layer in store.layers()}
    return docs, layers


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio", "prodigy"])
def test_json_formats_round_trip_text_meta_layers_and_spans(fmt, annotated, runner, tmp_path):
    first = export(runner, annotated, fmt, "--layer", "alice", "--layer", "gold")
    f = tmp_path / ("export.json" if fmt == "labelstudio" else "export.jsonl")
    f.write_text(first, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    imported(runner, other, f)
    assert content(other) == content(annotated)
    assert export(runner, other, fmt, "--layer", "alice", "--layer", "gold") == first


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "labelstudio", "prodigy", "conll"])
def test_a_layer_given_twice_is_exported_once(fmt, annotated, runner):
    assert export(runner, annotated, fmt, "--layer", "alice", "--layer", "alice") == export(
        runner, annotated, fmt, "--layer", "alice")


def test_brat_round_trip(annotated, runner, tmp_path):
    out = tmp_path / "brat"
    assert run(runner, "export", "--db", annotated, "--format", "brat", "--layer", "alice", "-o", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["d1.ann", "d1.txt", "d2.ann", "d2.txt"]
    other = tmp_path / "other.sqlite"
    imported(runner, other, out, "--layer", "alice")
    assert layer_spans(other, "alice") == layer_spans(annotated, "alice")
    with Store.open(other) as a, Store.open(annotated) as b:
        assert [d.text for d in a.documents()] == [d.text for d in b.documents()]
    again = tmp_path / "again"
    assert run(runner, "export", "--db", other, "--format", "brat", "--layer", "alice", "-o", again).exit_code == 0
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}
    # a folder that holds anything is never overwritten; several layers are refused
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run(runner, "export", "--db", annotated, "--format", "brat", "--layer", "gold", "-o", out)
    assert result.exit_code != 0 and {p.name: p.read_bytes() for p in out.iterdir()} == before
    result = run(runner, "export", "--db", annotated, "--format", "brat", "--layer", "alice", "--layer", "gold",
                 "-o", tmp_path / "two")
    assert result.exit_code == 2 and not (tmp_path / "two").exists()


def test_conll_round_trip_same_tokens_and_tags(annotated, runner, tmp_path):
    first = export(runner, annotated, "conll", "--layer", "alice")
    f = tmp_path / "alice.conll"
    f.write_text(first, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    imported(runner, other, f, "--layer", "alice")
    second = export(runner, other, "conll", "--layer", "alice")

    def pairs(text):
        return [line for line in text.splitlines() if line and not line.startswith("-DOCSTART-")]

    assert pairs(second) == pairs(first)

    def spelled(db):  # the text is rebuilt from tokens: a span is the same tokens, spaced apart
        return [("".join(t.split()), label) for spans in layer_spans(db, "alice").values() for t, label in spans]

    assert spelled(other) == spelled(annotated)


def test_spacy_docbin_loads_in_spacy_and_round_trips(annotated, runner, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "alice.spacy"
    assert run(runner, "export", "--db", annotated, "--format", "spacy", "--layer", "alice", "--layer", "gold",
               "-o", out).exit_code == 0
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    assert [d.text for d in docs] == [TEXTS["d1"], TEXTS["d2"], TEXTS["d2"]]
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("Kasym-Žomart Tokajev", "ACTOR"), ("TASS", "SOURCE"), ("20.000", "FIGURE"), ("Almaty", "LOCATION"),
        ("Reuters", "SOURCE")]
    other = tmp_path / "other.sqlite"
    imported(runner, other, out)
    assert content(other) == content(annotated)
    again = tmp_path / "again.spacy"
    assert run(runner, "export", "--db", other, "--format", "spacy", "--layer", "alice", "--layer", "gold",
               "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_exports_follow_each_tools_documented_schema(annotated, runner):
    text_of = TEXTS
    # doccano: the sequence-labelling import format, as in doccano's own example file
    example = json.loads((FIXTURES / "doccano/export_example.jsonl").read_text().splitlines()[0])
    for line in export(runner, annotated, "doccano", "--layer", "alice").splitlines():
        record = json.loads(line)
        assert set(example) <= set(record) and isinstance(record["text"], str)
        assert all(isinstance(s, int) and isinstance(e, int) and isinstance(lab, str) for s, e, lab in record["label"])
    # Label Studio: tasks with data.text, results of type labels quoting their text, as in its docs
    docs_task = json.loads((FIXTURES / "labelstudio/docs_preannotated_ner_tasks.json").read_text())[0]
    docs_result = docs_task["predictions"][0]["result"][0]
    tasks = json.loads(export(runner, annotated, "labelstudio", "--layer", "alice", "--layer", "gold"))
    assert isinstance(tasks, list) and len(tasks) == 2
    for task in tasks:
        text = task["data"]["text"]
        assert text == text_of[task["data"]["id"]]
        for annotation in task["annotations"]:
            assert isinstance(annotation["completed_by"], dict) and "@" in annotation["completed_by"]["email"]
            for result in annotation["result"]:
                assert set(docs_result) - {"score"} <= set(result) and result["type"] == "labels"
                value = result["value"]
                assert text[value["start"]:value["end"]] == value["text"] and len(value["labels"]) == 1
    # Prodigy: ner_manual records with the fields db-out writes, tokens and spans consistent
    fixture = json.loads((FIXTURES / "prodigy/ner_manual_db_out.jsonl").read_text().splitlines()[0])
    for line in export(runner, annotated, "prodigy", "--layer", "alice").splitlines():
        record = json.loads(line)
        assert {"text", "tokens", "spans", "answer", "_view_id", "_annotator_id"} <= set(record)
        assert set(record["tokens"][0]) == set(fixture["tokens"][0])
        for token in record["tokens"]:
            assert record["text"][token["start"]:token["end"]] == token["text"]
        for span in record["spans"]:
            assert set(fixture["spans"][0]) <= set(span)
            assert record["tokens"][span["token_start"]]["start"] == span["start"]
            assert record["tokens"][span["token_end"]]["end"] == span["end"]


def test_brat_export_lines_follow_the_standoff_format(annotated, runner, tmp_path):
    out = tmp_path / "brat"
    run(runner, "export", "--db", annotated, "--format", "brat", "--layer", "alice", "-o", out)
    standoff = re.compile(r"T\d+\t[^\s]+ \d+ \d+\t[^\n]*")
    for fixture in (FIXTURES / "brat/conll2002/ned.train-doc-123.ann", *out.glob("*.ann")):
        text = fixture.with_suffix(".txt").read_text(encoding="utf-8")
        for line in fixture.read_text(encoding="utf-8").splitlines():
            assert standoff.fullmatch(line), line
            _, middle, quoted = line.split("\t")
            _, start, end = middle.split(" ")
            assert text[int(start):int(end)].replace("\n", " ") == quoted


def test_layer_option_is_refused_where_the_file_names_who_annotated(runner, db):
    # Prodigy's _annotator_id names the layer: --layer must not be dropped without a word.
    f = FIXTURES / "prodigy/ner_manual_db_out.jsonl"
    result = runner.invoke(main, ["import", str(f), "--db", str(db), "--no-suggest", "--layer", "alice",
                                  "--label-map", "PERSON=ACTOR,GPE=LOCATION"])
    assert result.exit_code == 1
    assert "the file names the layer '2024-02-06_10-17-19'; --layer names the layer only" in result.output
    assert len(result.output.strip().splitlines()) == 1
