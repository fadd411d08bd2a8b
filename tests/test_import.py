"""`annotator import`: formats, languages, idempotence, and bad input that changes nothing."""

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import Store
from tests.conftest import SEEDS, dump

SEED_LANGS = {
    "000_85ce295311e9b9c5": "sk",
    "001_cc900549b10e308e": "pl",
    "002_7a4eea344678cd8c": "el",
    "003_65fcde87ccd456ed": "no",
    "004_8c8e98ba9c7e8aad": "ro",
}


def run(runner, *args):
    return runner.invoke(main, [*map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeded") / "seeds.sqlite"
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["import", str(SEEDS), "--db", str(path), "--no-suggest"])
    assert result.exit_code == 0, result.output
    return path


def test_seeds_import_with_languages_and_date_metadata(seeded):
    with Store.open(seeded) as store:
        docs = {d.id: d for d in store.documents()}
        assert {k: d.lang for k, d in docs.items()} == SEED_LANGS
        dated = {k for k, d in docs.items() if d.meta.get("date") == "2022-01"}
        assert dated == {"001_cc900549b10e308e", "002_7a4eea344678cd8c", "003_65fcde87ccd456ed"}
        for doc in docs.values():
            assert not doc.text.lstrip().startswith("date ")
            raw = (SEEDS / f"{doc.id}.txt").read_text(encoding="utf-8")
            assert raw.endswith(doc.text)  # nothing changed but the header
        # the embedded English tweets are marked as English paragraphs
        for doc_id in ("000_85ce295311e9b9c5", "002_7a4eea344678cd8c"):
            doc = docs[doc_id]
            english = [doc.text[p["start"] : p["end"]] for p in doc.paragraph_langs if p["lang"] == "en"]
            assert english, doc_id
            assert all(p["lang"] == "en" for p in doc.paragraph_langs)
        assert any("#Almaty tonight" in t for t in [
            docs["000_85ce295311e9b9c5"].text[p["start"] : p["end"]] for p in docs["000_85ce295311e9b9c5"].paragraph_langs
        ])


def test_reimport_is_a_no_op(seeded, runner):
    before = dump(seeded)
    result = run(runner, "import", SEEDS, "--db", seeded, "--no-suggest")
    assert result.exit_code == 0
    assert "0 added, 5 unchanged" in result.output
    after = dump(seeded)
    # only the log of the attempt may differ: no document, span or status changed
    strip = lambda rows: [r for r in rows if not r.startswith('INSERT INTO "events"')]  # noqa: E731
    assert strip(before) == strip(after)


@pytest.mark.parametrize(
    ("doc_id", "raw", "stored"),
    [
        pytest.param("doc", "Cafe\u0301 in Almaty.\r\nSecond line.\rThird.", "Café in Almaty.\nSecond line.\nThird.",
                     id="canonicalises-newlines-and-nfc"),
        pytest.param("bom", "\ufeffHello Almaty", "Hello Almaty", id="bom-is-dropped"),
    ],
)
def test_text_file_is_stored_canonical(doc_id, raw, stored, tmp_path, runner, db_path):
    f = tmp_path / f"{doc_id}.txt"
    f.write_bytes(raw.encode())
    assert run(runner, "import", f, "--db", db_path, "--no-suggest").exit_code == 0
    with Store.open(db_path) as store:
        assert store.document(doc_id).text == stored


def test_jsonl_with_layers_becomes_done_annotation(tmp_path, runner, db_path):
    f = tmp_path / "ann.jsonl"
    records = [
        {"id": "a", "text": "Putin met Tokajev in Almaty.", "meta": {"source": "x"}, "layer": "alice",
         "spans": [{"start": 0, "end": 5, "label": "ACTOR"}, {"start": 21, "end": 27, "label": "LOCATION"}]},
        {"id": "a", "text": "Putin met Tokajev in Almaty.", "annotator": "bob", "spans": []},
        {"id": "b", "text": "Nothing here."},
    ]
    f.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        assert store.document("a").meta == {"source": "x"}
        assert [s.label for s in store.spans("a", "alice")] == ["ACTOR", "LOCATION"]
        assert store.status("a", "alice") == "done"
        assert store.status("a", "bob") == "done" and store.spans("a", "bob") == []
        assert store.status("b", "alice") == "todo"


def test_folder_import_is_recursive(tmp_path, runner, db_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "one.txt").write_text("First text.", encoding="utf-8")
    (tmp_path / "in" / "sub" / "two.txt").write_text("Second text.", encoding="utf-8")
    assert run(runner, "import", tmp_path / "in", "--db", db_path, "--no-suggest").exit_code == 0
    with Store.open(db_path) as store:
        assert store.document_ids() == ["one", "two"]


def test_same_id_different_text_needs_replace(tmp_path, runner, db_path):
    f = tmp_path / "doc.txt"
    f.write_text("Version one.", encoding="utf-8")
    assert run(runner, "import", f, "--db", db_path, "--no-suggest").exit_code == 0
    f.write_text("Version two.", encoding="utf-8")
    before = dump(db_path)
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 1
    assert "already exists with a different text" in result.output and "--replace" in result.output
    assert dump(db_path) == before
    assert run(runner, "import", f, "--db", db_path, "--replace", "--no-suggest").exit_code == 0
    with Store.open(db_path) as store:
        assert store.document("doc").text == "Version two."


GOOD = {"id": "g", "text": "Putin met Tokajev."}
BAD_INPUTS = {
    "invalid_utf8.txt": (b"Caf\xe9 Almaty", "invalid UTF-8"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n ", "empty document"),
    "malformed.jsonl": (json.dumps(GOOD).encode() + b'\n{"id": "x", "text": \n', ":2: malformed JSON"),
    "out_of_range.jsonl": (
        json.dumps({**GOOD, "layer": "a", "spans": [{"start": 10, "end": 99, "label": "ACTOR"}]}).encode(),
        ":1: span 0 [10, 99) ACTOR: out of range",
    ),
    "overlap.jsonl": (
        json.dumps({**GOOD, "layer": "a", "spans": [{"start": 0, "end": 5, "label": "ACTOR"},
                                                     {"start": 3, "end": 9, "label": "ACTOR"}]}).encode(),
        "overlaps",
    ),
    "unknown_label.jsonl": (
        json.dumps({**GOOD, "layer": "a", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}).encode(),
        "unknown label 'PERSON'",
    ),
    "not_object.jsonl": (b"[1, 2]", "must be a JSON object"),
    "no_text.jsonl": (b'{"id": "x"}', '"text" must be a string'),
    "bad_id.jsonl": (json.dumps({"id": "../etc/passwd", "text": "x y"}).encode(), "invalid id"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_names_the_problem_and_changes_nothing(tmp_path, runner, db_path, name):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert run(runner, "import", good, "--db", db_path, "--no-suggest").exit_code == 0
    before = dump(db_path)
    content, message = BAD_INPUTS[name]
    bad = tmp_path / name
    bad.write_bytes(content)
    other = tmp_path / "another.txt"
    other.write_text("A fine document that comes first.", encoding="utf-8")
    result = run(runner, "import", other, bad, "--db", db_path, "--no-suggest")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and str(bad) in lines[0] and message in lines[0]
    assert dump(db_path) == before  # one transaction: the good file before it was not kept either


def test_missing_path_is_an_error(runner, db_path, tmp_path):
    result = run(runner, "import", tmp_path / "nope.txt", "--db", db_path)
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_span_text_must_match_when_given(tmp_path, runner, db_path):
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps({**GOOD, "layer": "a", "spans": [{"start": 0, "end": 5, "label": "ACTOR", "text": "Tokaj"}]}))
    result = run(runner, "import", f, "--db", db_path)
    assert result.exit_code == 1 and "does not match" in result.output


def test_control_characters_are_rejected(tmp_path, runner, db_path):
    f = tmp_path / "ctrl.txt"
    f.write_bytes(b"Hello \x1b[31mred\x1b[0m")
    result = run(runner, "import", f, "--db", db_path)
    assert result.exit_code == 1 and "control character U+001B" in result.output
    assert not Path(db_path).exists() or dump(db_path) == dump(db_path)


def test_refused_import_leaves_no_new_database(tmp_path, runner):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    target = tmp_path / "fresh.sqlite"
    result = run(runner, "import", bad, "--db", target)
    assert result.exit_code == 1
    assert not any(p.name.startswith("fresh.sqlite") for p in tmp_path.iterdir())


def test_import_computes_suggestions_for_new_documents(tmp_path, runner, db_path):
    f = tmp_path / "doc.txt"
    f.write_text("Reuters reported that 300 people gathered in Almaty.", encoding="utf-8")
    result = run(runner, "import", f, "--db", db_path)
    assert result.exit_code == 0
    assert "suggestions in 1 document(s)" in result.output
    with Store.open(db_path) as store:
        labels = {(s.span.label, store.document("doc").text[s.span.start : s.span.end]) for s in store.suggestions("doc")}
        assert ("SOURCE", "Reuters") in labels and ("LOCATION", "Almaty") in labels
        assert store.status("doc", "machine") == "done"


def _many_seed_documents(folder: Path, n: int) -> Path:
    """A JSONL file of n documents cycling through the seeds, each made unique by a last line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    f = folder / "many.jsonl"
    f.write_text("".join(json.dumps({"id": f"d{i}", "text": texts[i % len(texts)] + f"\n\nNr {i}."}) + "\n"
                         for i in range(n)), encoding="utf-8")
    return f


def test_parallel_analysis_stores_the_same_as_one_process(tmp_path):
    """Large imports analyse documents in worker processes; the result must not depend on it."""
    from annotator.formats.importing import BATCH, import_paths

    f = _many_seed_documents(tmp_path, BATCH + 40)
    results = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.sqlite") as store:
            summary = import_paths(store, [f], actor="test", workers=workers)
            assert summary.added == BATCH + 40
            results.append([(d.id, d.lang, d.paragraph_langs, d.n_tokens, store.token_offsets(d.id))
                            for d in store.documents()]
                           + store.db.conn.execute("select rowid, folded from documents_fts order by rowid").fetchall())
    assert results[0] == results[1]  # the search index too: the workers fold the texts


def test_parallel_suggestions_store_the_same_as_one_process(tmp_path, monkeypatch):
    """Many new documents are suggested in worker processes (gold forms learned, a document
    already suggested skipped); the machine layer must end exactly as with one process."""
    import re

    from annotator.formats.importing import import_paths
    from annotator.model import MACHINE, Span
    from annotator.suggest import runner

    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 8)
    monkeypatch.setattr(runner, "CHUNK", 3)
    f = _many_seed_documents(tmp_path, 14)
    results = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"s{workers}.sqlite") as store:
            ids = import_paths(store, [f], actor="test").added_ids
            name = re.search(r"[A-Z][a-z]{5,}", store.document("d1").text)
            store.add_span("d1", "gold", Span(name.start(), name.end(), "ACTOR"), actor="test")
            runner.suggest_documents(store, ["d2"])  # already suggested: skipped by both
            summary = runner.suggest_documents(store, ids, workers=workers)
            assert summary["documents"] == 13 and summary["skipped"] == 1
            results.append((summary, [(d, store.status(d, MACHINE), sorted(
                (s.span, s.confidence, s.provenance) for s in store.suggestions(d))) for d in ids]))
    assert results[0] == results[1]


def test_suggestions_computed_along_a_parallel_import_are_those_of_one_process(tmp_path, monkeypatch):
    """A parallel import's workers suggest its new documents beside their analysis, and the
    import writes them as it stores the documents; the machine layer ends exactly as when one
    process suggests them after the import."""
    from annotator.formats import importing
    from annotator.model import MACHINE
    from annotator.suggest import runner

    monkeypatch.setattr(importing, "BATCH", 6)
    f = _many_seed_documents(tmp_path, 14)
    results = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"a{workers}.sqlite") as store:
            presuggested = runner.Presuggested(store)
            ids = importing.import_paths(store, [f], actor="test", workers=workers, along=presuggested).added_ids
            assert len(presuggested.written) == (14 if workers == 2 else 0)  # in the import's transaction
            summary = runner.suggest_documents(store, ids, workers=1, presuggested=presuggested)
            assert not presuggested.results  # each written once, then let go
            results.append((summary, [(d, store.status(d, MACHINE), sorted(
                (s.span, s.confidence, s.provenance) for s in store.suggestions(d))) for d in ids]))
    assert results[0] == results[1]


def test_suggestions_computed_along_are_not_used_once_the_gold_forms_changed(tmp_path):
    from annotator.model import Span
    from annotator.store.store import DocumentRow, checksum
    from annotator.suggest.gold import GoldLexicon
    from annotator.suggest.runner import Presuggested

    text = "Reuters reported from Almaty."
    with Store.open(tmp_path / "g.sqlite") as store:
        store.insert_document(DocumentRow("d", text, "en", [], {}, checksum(text), 0), actor="test")
        presuggested = Presuggested(store)
        presuggested.start()
        presuggested.keep("d", [], checksum(text))
        assert presuggested.usable(GoldLexicon.from_store(store), True) == {"d": []}
        assert presuggested.usable(None, False) == {}
        store.add_span("d", "gold", Span(22, 28, "LOCATION"), actor="test")
        assert presuggested.usable(GoldLexicon.from_store(store), True) == {}


def test_a_document_named_twice_is_written_once_by_the_grouped_write_as_one_by_one(tmp_path):
    """An id given twice (``annotator suggest a b a``) with a worker's result for it: written once
    and then skipped, as the per-document path does, not the whole batch failed on a duplicate."""
    import pickle

    from annotator.store.store import DocumentRow, checksum
    from annotator.suggest.runner import Presuggested, suggest_documents

    text = "Putin met Tokajev in Almaty."
    with Store.open(tmp_path / "dup.sqlite") as store:
        for doc_id in "abc":
            store.insert_document(DocumentRow(doc_id, text, "en", [], {}, checksum(text), 0), actor="test")
        presuggested = Presuggested(store)
        presuggested.start()
        for doc_id in "abc":
            presuggested.keep(doc_id, pickle.dumps([(0, 5, "ACTOR", 0.9, "test")]), checksum(text))
        summary = suggest_documents(store, ["a", "b", "a", "c"], workers=1, presuggested=presuggested)
        assert summary["failed"] == [] and (summary["documents"], summary["skipped"]) == (3, 1)
        assert [len(store.spans(doc_id, "machine")) for doc_id in "abc"] == [1, 1, 1]
        assert len(store.event_log("a", "machine")) == 1


def test_suggestions_computed_along_are_not_written_on_a_text_replaced_since(tmp_path):
    """Another process replaces a document's text between this import's commit and the writing
    of its workers' suggestions: they are computed again on the new text, not written at the old
    text's offsets (a label moved silently)."""
    import pickle

    from annotator.store.store import DocumentRow, checksum
    from annotator.suggest.runner import Presuggested, suggest_documents

    old, new = "Putin met Tokajev in Almaty.", "Yesterday Putin met Tokajev."
    with Store.open(tmp_path / "r.sqlite") as store:
        store.insert_document(DocumentRow("d", old, "en", [], {}, checksum(old), 0), actor="test")
        presuggested = Presuggested(store)
        presuggested.start()
        presuggested.keep("d", pickle.dumps([(0, 5, "ACTOR", 0.9, "test")]), checksum(old))  # "Putin" in the old text
        store.insert_document(DocumentRow("d", new, "en", [], {}, checksum(new), 0), actor="other", replace=True)
        assert suggest_documents(store, ["d"], workers=1, presuggested=presuggested)["failed"] == []
        assert "Yeste" not in [new[s.start : s.end] for s in store.spans("d", "machine")]
        assert [new[s.start : s.end] for s in store.spans("d", "machine")][:1] == ["Putin"]
