"""Import never loses, shifts or silently changes a span or a value (issue 12, items 3-7)."""

import json

from annotator.cli import main
from annotator.store import Store
from tests.conftest import dump


def run(runner, *args):
    return runner.invoke(main, [*map(str, args)], catch_exceptions=False)


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def stored(store, doc_id, layer):
    text = store.document(doc_id).text
    return [(text[s.start:s.end], s.label) for s in store.spans(doc_id, layer)]


# -- item 3: spans through canonicalisation -------------------------------------------------------
def test_spans_are_carried_through_bom_header_crlf_and_nfc(tmp_path, runner, db_path):
    raw = "\ufeff date 2022-01\r\nKasym-Z\u030comart Tokajev\r\nmet Putin in Alma\u0301ty.\r\n"
    surfaces = [("Kasym-Z\u030comart Tokajev", "ACTOR"), ("Putin", "ACTOR"), ("Alma\u0301ty", "LOCATION")]
    spans = []
    for surface, label in surfaces:
        start = raw.index(surface)
        spans.append({"start": start, "end": start + len(surface), "label": label, "text": surface})
    f = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": raw, "layer": "alice", "spans": spans})
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        assert store.document("d").text == "Kasym-Žomart Tokajev\nmet Putin in Almáty.\n"
        assert store.document("d").meta == {"date": "2022-01"}
        assert stored(store, "d", "alice") == [("Kasym-Žomart Tokajev", "ACTOR"), ("Putin", "ACTOR"),
                                                ("Almáty", "LOCATION")]


def test_a_span_inside_a_composed_character_is_refused_naming_it(tmp_path, runner, db_path):
    raw = "Putin met Tokaje\u0301v."
    f = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": raw, "layer": "alice",
                                            "spans": [{"start": 10, "end": 16, "label": "ACTOR"}]})
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 1
    assert "in.jsonl:1: span 0 [10, 16) ACTOR: ends inside U+0065 U+0301, which NFC makes U+00E9" in result.output


# -- item 4: whitespace -----------------------------------------------------------------------------
def test_whitespace_around_a_span_is_trimmed_and_the_import_says_so(tmp_path, runner, db_path):
    text = "Putin met Tokayev in Almaty."
    f = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": text, "layer": "alice", "spans": [
        {"start": 0, "end": 6, "label": "ACTOR", "text": "Putin "},
        {"start": 20, "end": 27, "label": "LOCATION"},
    ]})
    result = runner.invoke(main, ["import", str(f), "--db", str(db_path), "--no-suggest"])
    assert result.exit_code == 0, result.output
    assert "whitespace trimmed around 2 span(s)" in result.stdout
    assert "in.jsonl:1: span 0 [0, 6) ACTOR: whitespace around 'Putin' trimmed" in result.stderr
    assert "in.jsonl:1: span 1 [20, 27) LOCATION: whitespace around 'Almaty' trimmed" in result.stderr
    with Store.open(db_path) as store:
        assert stored(store, "d", "alice") == [("Putin", "ACTOR"), ("Almaty", "LOCATION")]


def test_a_span_of_only_whitespace_is_refused_and_nothing_is_stored(tmp_path, runner, db_path):
    good = tmp_path / "good.txt"
    good.write_text("A good document first.", encoding="utf-8")
    assert run(runner, "import", good, "--db", db_path, "--no-suggest").exit_code == 0
    before = dump(db_path)
    f = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "Putin met\u00a0\u2003Tokayev.", "layer": "alice",
                                            "spans": [{"start": 9, "end": 11, "label": "ACTOR"}]})
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 1
    assert "in.jsonl:1: span 0 [9, 11) ACTOR: covers only whitespace ('\\xa0\\u2003')" in result.output
    assert dump(db_path) == before
