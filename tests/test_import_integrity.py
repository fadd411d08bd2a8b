"""Import never loses, shifts or silently changes a span or a value (issue 12, items 3-7)."""

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# -- item 5: meta values exactly ----------------------------------------------------------------
def same(a, b) -> bool:
    """Equal and of the same JSON type all the way down (1 is not 1.0 or True; -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


BIG = {"tweet": 1480000000000000000000000001, "neg": -(2**64) - 7, "u64": 2**64 - 1, "nested": [{"x": 10**40}],
       "float": 0.1, "exp": 1e300, "text": "123456789012345678901234"}


def test_meta_integers_wider_than_64_bits_are_kept_exactly(tmp_path, runner, db_path):
    f = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "Putin met Tokayev.", "meta": BIG, "layer": "alice",
                                            "spans": []})
    assert run(runner, "import", f, "--db", db_path, "--no-suggest").exit_code == 0
    with Store.open(db_path) as store:
        assert same(store.document("d").meta, BIG)
    out = tmp_path / "out.jsonl"
    assert run(runner, "export", "--db", db_path, "--format", "jsonl", "--layer", "alice", "-o", out).exit_code == 0
    assert same(json.loads(out.read_text(encoding="utf-8"))["meta"], BIG)
    again = run(runner, "import", out, "--db", db_path, "--no-suggest")
    assert again.exit_code == 0 and "1 unchanged" in again.output


@given(st.lists(st.sampled_from([b"0", b"9", b"12345678", b"1234567890", b"x", b" ", b"\xd9\xa3", b"-"]), max_size=40))
def test_the_long_digit_run_check_is_the_regex(pieces):
    """``exactjson`` reads again with the standard library exactly where ``\\d{19}`` matches."""
    import re

    from annotator.model.exactjson import has_long_digit_run

    raw = b"".join(pieces)
    assert has_long_digit_run(raw) == (re.search(rb"\d{19}", raw) is not None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2**62) | st.integers(max_value=-(2**62))
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def meta_store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("meta") / "meta.sqlite") as store:
        yield store


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=5))
def test_any_json_meta_value_is_stored_and_exported_exactly(meta_store, tmp_path_factory, meta):
    from annotator.formats.importing import import_paths
    from annotator.formats.jsonl import jsonl_lines

    doc_id = f"d{meta_store.document_count()}"
    f = tmp_path_factory.mktemp("m") / "in.jsonl"
    f.write_text(json.dumps({"id": doc_id, "text": "Putin met Tokayev.", "meta": meta}) + "\n", encoding="utf-8")
    import_paths(meta_store, [f], actor="test")
    assert same(meta_store.document(doc_id).meta, meta)
    [line] = jsonl_lines(iter([(meta_store.document(doc_id), "gold", "todo", [], [])]))
    assert same(json.loads(line)["meta"], meta)


def test_new_metadata_for_the_same_text_is_merged_a_changed_value_needs_replace(tmp_path, runner, db_path):
    record = {"id": "d", "text": "Putin met Tokayev."}
    f = write_jsonl(tmp_path / "in.jsonl", record)
    assert run(runner, "import", f, "--db", db_path, "--no-suggest").exit_code == 0
    write_jsonl(f, {**record, "meta": {"n": 1}})  # metadata added later: kept, and said
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 0 and "1 with new metadata" in result.output
    write_jsonl(f, {**record, "meta": {"n": 1.0}})
    before = dump(db_path)
    result = run(runner, "import", f, "--db", db_path, "--no-suggest")
    assert result.exit_code == 1
    assert "in.jsonl:1: document 'd' already has meta \"n\": 1, this input gives 1.0 (use --replace)" in result.output
    assert dump(db_path) == before
    write_jsonl(f, {**record, "layer": "alice", "spans": []})  # no metadata given: kept
    assert run(runner, "import", f, "--db", db_path, "--no-suggest").exit_code == 0
    write_jsonl(f, {**record, "meta": {"n": 2, "m": [3]}})
    result = run(runner, "import", f, "--db", db_path, "--no-suggest", "--replace")
    assert result.exit_code == 0 and "1 with new metadata" in result.output
    with Store.open(db_path) as store:
        assert same(store.document("d").meta, {"n": 2, "m": [3]})
        assert store.history("d")[-1]["payload"] == {"document": "meta_updated", "meta": [{"n": 1}, {"m": [3], "n": 2}]}


# -- item 7: the suggestion phase after the import's commit --------------------------------------
THREE = [{"id": doc_id, "text": text} for doc_id, text in
         [("a", "Putin met Tokayev in Almaty."), ("b", "Reuters reported 300 people in Astana."),
          ("c", "TASS said 20 soldiers left Almaty.")]]


def fail_on(monkeypatch, doc_text_part: str, exc: BaseException):
    from annotator.suggest.suggester import DefaultSuggester

    original = DefaultSuggester.suggest

    def suggest(self, text, languages=()):
        if doc_text_part in text:
            raise exc
        return original(self, text, languages)

    monkeypatch.setattr(DefaultSuggester, "suggest", suggest)


@pytest.mark.parametrize("new_database", [False, True])
def test_a_suggestion_failure_says_the_import_is_committed_and_a_reimport_fills_in(
        tmp_path, runner, db_path, monkeypatch, new_database):
    if not new_database:
        assert run(runner, "import", write_jsonl(tmp_path / "first.jsonl", {"id": "z", "text": "Zero."}),
                   "--db", db_path).exit_code == 0
    f = write_jsonl(tmp_path / "in.jsonl", *THREE)
    fail_on(monkeypatch, "Reuters", RuntimeError("boom"))
    result = run(runner, "import", f, "--db", db_path)
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: Imported 1 file(s): 3 added, 0 unchanged; ")
    assert " suggestions in 2 document(s); suggestions failed for 1 of 3 document(s) (first: 'b': RuntimeError: boom): " \
           "run 'annotator suggest'" in line
    with Store.open(db_path) as store:
        assert {"a", "b", "c"} <= set(store.document_ids())
        assert store.unsuggested_documents() == ["b"]
    monkeypatch.undo()
    again = run(runner, "import", f, "--db", db_path)
    assert again.exit_code == 0, again.output
    assert "0 added, 3 unchanged; " in again.output and " suggestions in 1 document(s)" in again.output
    with Store.open(db_path) as store:
        assert store.unsuggested_documents() == [] and store.spans("b", "machine")


def test_a_failure_of_the_whole_suggestion_phase_counts_what_is_missing(tmp_path, runner, db_path, monkeypatch):
    from annotator.suggest import gold

    def broken(store):
        raise OSError("disk gone")

    monkeypatch.setattr(gold.GoldLexicon, "from_store", staticmethod(broken))
    result = run(runner, "import", write_jsonl(tmp_path / "in.jsonl", *THREE), "--db", db_path)
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: Imported 1 file(s): 3 added, 0 unchanged; suggestions failed for 3 of 3 "
                                     "document(s) (OSError: disk gone): run 'annotator suggest'")
    monkeypatch.undo()
    result = run(runner, "suggest", "--db", db_path)  # without --all: fills in what is missing
    assert result.exit_code == 0 and result.output.startswith("Suggested 3 document(s), skipped 0:")
    result = run(runner, "suggest", "--db", db_path)
    assert result.output.startswith("Suggested 0 document(s), skipped 3:")


def test_suggest_reports_a_failed_document_and_stores_the_others(tmp_path, runner, db_path, monkeypatch):
    assert run(runner, "import", write_jsonl(tmp_path / "in.jsonl", *THREE), "--db", db_path,
               "--no-suggest").exit_code == 0
    fail_on(monkeypatch, "TASS", ValueError("bad rule"))
    result = run(runner, "suggest", "--db", db_path)
    assert result.exit_code == 1
    assert "Suggested 2 document(s), skipped 0: " in result.output
    assert "failed for 1 document(s) (first: 'c': ValueError: bad rule); run 'annotator suggest' again" in result.output
    with Store.open(db_path) as store:
        assert store.unsuggested_documents() == ["c"]


def test_ctrl_c_while_suggesting_says_the_import_was_committed(tmp_path, runner, db_path, monkeypatch):
    assert run(runner, "import", write_jsonl(tmp_path / "first.jsonl", {"id": "z", "text": "Zero."}),
               "--db", db_path).exit_code == 0
    fail_on(monkeypatch, "Reuters", KeyboardInterrupt())
    result = runner.invoke(main, ["import", str(write_jsonl(tmp_path / "in.jsonl", *THREE)), "--db", str(db_path)])
    assert result.exit_code == 130
    assert ("Interrupted while computing suggestions: Imported 1 file(s): 3 added, 0 unchanged (committed); "
            "3 document(s) have no suggestions yet: run 'annotator suggest' or import again") in result.stderr
    with Store.open(db_path) as store:
        assert {"a", "b", "c"} <= set(store.document_ids())


KILL_IN_SUGGESTIONS = """
import os, sys
import annotator.suggest.runner as runner
runner.BATCH = 1
original, calls = runner._suggest_one, []
def killed_at_the_second(*args, **kwargs):
    calls.append(1)
    if len(calls) == 2:
        os.kill(os.getpid(), 9)
    return original(*args, **kwargs)
runner._suggest_one = killed_at_the_second
from annotator.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("finish", ["import", "suggest"])
def test_a_kill_while_suggesting_leaves_the_documents_and_the_next_command_fills_in(tmp_path, db_path, finish):
    import signal
    import sqlite3
    import subprocess
    import sys

    from click.testing import CliRunner

    first = write_jsonl(tmp_path / "first.jsonl", {"id": "z", "text": "Zero."})
    assert CliRunner().invoke(main, ["import", str(first), "--db", str(db_path)]).exit_code == 0
    f = write_jsonl(tmp_path / "in.jsonl", *THREE)
    killed = subprocess.run([sys.executable, "-c", KILL_IN_SUGGESTIONS, "import", str(f), "--db", str(db_path)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()
    with Store.open(db_path) as store:
        assert store.document_ids() == ["z", "a", "b", "c"]
        assert store.unsuggested_documents() == ["b", "c"]  # the first batch (one document) was committed
    args = ["import", str(f)] if finish == "import" else ["suggest"]
    result = CliRunner().invoke(main, [*args, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert ("0 added, 3 unchanged; " if finish == "import" else "Suggested 2 document(s), skipped 2:") in result.output
    with Store.open(db_path) as store:
        assert store.unsuggested_documents() == []


# -- item 6: import --replace ------------------------------------------------------------------------
OLD = "Putin met Tokayev in Almaty."
NEW = "Reuters: Tokayev met Putin in Astana and Almaty."


def annotated_document(tmp_path, runner, db_path):
    f = write_jsonl(tmp_path / "old.jsonl",
                    {"id": "d", "text": OLD, "layer": "gold", "spans": [{"start": 0, "end": 5, "label": "ACTOR"},
                                                                        {"start": 21, "end": 27, "label": "LOCATION"}]},
                    {"id": "d", "text": OLD, "layer": "alice", "spans": [{"start": 10, "end": 17, "label": "ACTOR"}]},
                    {"id": "other", "text": "Nothing changes here."})
    assert run(runner, "import", f, "--db", db_path).exit_code == 0
    with Store.open(db_path) as store:
        assert store.spans("d", "machine")
    return write_jsonl(tmp_path / "new.jsonl", {"id": "d", "text": NEW})


def backups(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir() if ".before-replace-" in p.name)


def test_replace_is_refused_while_other_layers_have_work_on_the_document(tmp_path, runner, db_path):
    new = annotated_document(tmp_path, runner, db_path)
    before = dump(db_path)
    result = run(runner, "import", new, "--db", db_path, "--replace")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {new}:1: replacing document 'd' would drop alice (1 spans, done), gold (2 spans, done); "
        "use --drop-layers to drop them (a backup of the database is written first)")
    assert dump(db_path) == before and backups(tmp_path) == []
    assert run(runner, "import", new, "--db", db_path, "--drop-layers").exit_code == 2  # only with --replace


def test_replace_with_drop_layers_backs_up_lists_logs_and_suggests_again(tmp_path, runner, db_path):
    new = annotated_document(tmp_path, runner, db_path)
    result = runner.invoke(main, ["import", str(new), "--db", str(db_path), "--replace", "--drop-layers"])
    assert result.exit_code == 0, result.output
    [backup] = backups(tmp_path)
    assert result.stdout.startswith("Imported 1 file(s): 0 added, 0 unchanged, 1 replaced; layers dropped from 1 "
                                    f"replaced document(s): alice (1 spans), gold (2 spans); backup of the database "
                                    f"before: {tmp_path / backup}; ")
    assert " suggestions in 1 document(s)" in result.stdout
    assert f"Note: {new}:1: document 'd' replaced: dropped alice (1 spans, done), gold (2 spans, done)" in result.stderr
    with Store.open(tmp_path / backup) as old:
        assert old.document("d").text == OLD and len(old.spans("d", "gold")) == 2
    with Store.open(db_path) as store:
        assert store.document("d").text == NEW
        assert store.spans("d", "gold") == [] and store.spans("d", "alice") == []
        suggested = {NEW[s.start:s.end] for s in store.spans("d", "machine")}
        assert {"Reuters", "Putin", "Almaty"} <= suggested  # computed on the new text
        event = [e for e in store.history("d") if e["layer"] is None][-1]
        assert event["payload"]["document"] == "replaced"
        assert {k: v for k, v in event["payload"]["dropped"].items() if k != "machine"} == {"alice": 1, "gold": 2}


def test_a_layer_the_import_gives_again_is_not_counted_as_dropped(tmp_path, runner, db_path):
    annotated_document(tmp_path, runner, db_path)
    new = write_jsonl(tmp_path / "new.jsonl", {"id": "d", "text": NEW, "layer": "gold", "spans": []},
                      {"id": "d", "text": NEW, "layer": "alice", "spans": [{"start": 9, "end": 16, "label": "ACTOR"}]})
    result = run(runner, "import", new, "--db", db_path, "--replace")
    assert result.exit_code == 0, result.output
    assert "layers dropped" not in result.output and "1 replaced" in result.output
    with Store.open(db_path) as store:
        assert [NEW[s.start:s.end] for s in store.spans("d", "alice")] == ["Tokayev"]


def test_replacing_a_document_with_only_suggestions_needs_no_drop_layers(tmp_path, runner, db_path):
    f = write_jsonl(tmp_path / "old.jsonl", {"id": "d", "text": OLD})
    assert run(runner, "import", f, "--db", db_path).exit_code == 0
    result = run(runner, "import", write_jsonl(tmp_path / "new.jsonl", {"id": "d", "text": NEW}), "--db", db_path,
                 "--replace")
    assert result.exit_code == 0 and "1 replaced" in result.output and "suggestions in 1 document(s)" in result.output
    assert backups(tmp_path) == []
    with Store.open(db_path) as store:
        assert "Reuters" in {NEW[s.start:s.end] for s in store.spans("d", "machine")}


def test_layer_option_on_records_that_name_their_layer_is_refused_not_ignored(tmp_path, runner, db_path):
    # annotator's JSONL names each record's layer: "--layer alice" must not quietly import into
    # "gold" what the user meant for alice.
    text = "Tokajev spoke in Almaty."
    f = write_jsonl(tmp_path / "gold.jsonl",
                    {"id": "d1", "text": text},
                    {"id": "d2", "text": text, "layer": "gold", "spans": [{"start": 0, "end": 7, "label": "ACTOR"}]})
    result = runner.invoke(main, ["import", str(f), "--layer", "alice", "--db", str(db_path), "--no-suggest"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {f}:2: the file names the layer 'gold'; --layer names the layer only in files that do "
        "not say who annotated: import without --layer, or rename the layer in the file"]
    assert not db_path.exists()
    # the same layer named twice is no contradiction
    result = run(runner, "import", f, "--layer", "gold", "--db", db_path, "--no-suggest")
    assert result.exit_code == 0, result.output
