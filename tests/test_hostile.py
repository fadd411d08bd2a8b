"""Hostile input: every file of the corpus in tests/data/hostile/ (and the big or oddly named ones
made here at test time) is either refused with one clear line naming the file (and the line) or
accepted as valid, and a refused import leaves the database file byte for byte as it was.

"Byte for byte" is checked honestly under WAL: the database starts closed (no -wal file); after
the command every connection it left is collected and the WAL checkpointed into the main file,
so any change that had been committed would show in the main file's bytes; the main file and a
full SQL dump are then compared with before.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.formats.importing import import_paths
from annotator.formats.reading import InputError
from annotator.model import Span
from annotator.store import Store
from annotator.store.store import DocumentRow, checksum

CORPUS = Path(__file__).resolve().parent / "data" / "hostile"
T = "Putin met Tokayev in Almaty."

# file -> what the one-line message must say after "Error: <path>"
REFUSED = {
    "invalid_utf8.txt": r":2: invalid UTF-8 at byte 29",
    "invalid_utf8_line3.jsonl": r":3: invalid UTF-8",
    "truncated_utf8.txt": r":1: invalid UTF-8",
    "binary.txt": r": binary content \(NUL bytes\)",
    "binary.jsonl": r":2: binary content \(NUL bytes\)",
    "nul_in_text.txt": r": binary content \(NUL bytes\)",
    "nul_escape_in_json.jsonl": r":1: line 1: control character U\+0000",
    "empty.txt": r": empty file",
    "empty.jsonl": r": empty file",
    "whitespace_only.txt": r": empty document",
    "blank_lines_only.jsonl": r": no records",
    "malformed_line4.jsonl": r":4: malformed JSON at column \d+: ",
    "not_an_object.jsonl": r":1: a record must be a JSON object",
    "text_not_string.jsonl": r':1: "text" must be a string',
    "meta_not_object.jsonl": r':1: "meta" must be an object',
    "spans_not_list.jsonl": r':1: "spans" must be a list',
    "span_float_offsets.jsonl": r':1: span 0: "start" and "end" must be integers',
    "span_bool_offsets.jsonl": r':1: span 0: "start" and "end" must be integers',
    "span_out_of_range.jsonl": r":1: span 0 \[21, 99\) LOCATION: out of range \(text has 28 characters\)",
    "span_negative.jsonl": r":1: span 0 \[-3, 5\) ACTOR: out of range",
    "span_empty.jsonl": r":1: span 0 \[5, 5\) ACTOR: out of range",
    "span_overlap_line2.jsonl": r":2: span 1 \[14, 27\) LOCATION overlaps span 0 \[10, 17\) ACTOR",
    "span_duplicate.jsonl": r":1: span 1 \[0, 5\) ACTOR duplicates span 0 \[0, 5\) ACTOR",
    "span_inside_crlf.jsonl": r":1: span 0 \[19, 22\) LOCATION: starts inside a CRLF line break, which becomes one '\\n'",
    "span_inside_nfd.jsonl": r":1: span 0 \[0, 7\) ACTOR: ends inside U\+005A U\+030C, which NFC makes U\+017D",
    "span_in_date_header.jsonl": r":1: span 0 \[1, 5\) FIGURE: starts inside the date header ' date 2022-01\\n'",
    "span_whitespace_only.jsonl": r":1: span 1 \[17, 18\) LOCATION: covers only whitespace \(' '\)",
    "span_text_not_string.jsonl": r':1: span 0 \[0, 5\) ACTOR: "text" must be a string',
    "meta_false.jsonl": r':1: "meta" must be an object',
    "date_header_disagrees_with_meta.jsonl": r":1: the text starts with the date header 2022-01 but \"meta\" has date '2021-05'",
    "span_text_mismatch.jsonl": r":1: span 0 \[0, 5\) ACTOR: text 'Putin' does not match 'Tokayev'",
    "unknown_label.jsonl": r":1: span 0 \[0, 5\): unknown label 'PERSON'",
    "label_lowercase.jsonl": r":1: span 0 \[0, 5\): unknown label 'actor'",
    "label_markup.jsonl": r":1: span 0 \[0, 5\): unknown label '\[bold\]ACTOR\[/bold\]'",
    "label_escape.jsonl": r":1: span 0 \[0, 5\): unknown label '\\x1b\[31mACTOR'",
    "layer_markup.jsonl": r":1: invalid layer name '\[bold\]alice'",
    "layer_escape.jsonl": r":1: invalid layer name '\\x1b\[31malice'",
    "annotator_escape.jsonl": r":1: invalid layer name 'alice\\x1b\]0;pwned\\x07'",
    "layer_path.jsonl": r":1: invalid layer name '\.\./alice'",
    "unknown_status.jsonl": r":1: unknown status 'finished'",
    "status_not_string.jsonl": r":1: unknown status \['done'\]",
    "spans_without_layer.jsonl": r':1: spans given without a "layer"',
    "escape_in_text.jsonl": r":1: line 1: control character U\+001B in the text",
    "lone_high_surrogate.jsonl": r":1: malformed JSON at column \d+: .*surrogate",
    "lone_low_surrogate.jsonl": r":1: malformed JSON at column \d+: .*surrogate",
    "surrogate_in_id.jsonl": r":1: malformed JSON at column \d+: .*surrogate",
    "deep_nesting.jsonl": r":1: malformed JSON at column \d+: depth limit exceeded",
    "huge_number.jsonl": r":1: malformed JSON at column \d+: number is infinity",
    "id_slash.jsonl": r":1: invalid id '\.\./\.\./etc/passwd' \(at most 200 characters; no path separators",
    "id_backslash.jsonl": r":1: invalid id '\.\.\\\\\.\.\\\\windows'",
    "id_nul.jsonl": r":1: invalid id 'a\\x00b'",
    "id_newline.jsonl": r":1: invalid id 'a\\nb'",
    "id_escape.jsonl": r":1: invalid id '\\x1b\[31mred'",
    "id_c1_csi.jsonl": r":1: invalid id 'a\\x9b31mb'",
    "id_bidi_override.jsonl": r":1: invalid id 'abc\\u202etxt\.exe'",
    "id_too_long.jsonl": r":1: invalid id 'x{80}'\.\.\. \(201 characters\)",
    "id_blank.jsonl": r':1: "id" must be a non-empty string',
    "id_number.jsonl": r':1: "id" must be a non-empty string',
    "unsupported.csv": r": unsupported file type '\.csv' \(known: \.txt \.jsonl ",
}

# file -> {document id: stored text}: valid input, accepted and canonicalised
ACCEPTED = {
    "ok_crlf.txt": {"ok_crlf": "Putin met Tokayev.\nIn Almaty.\n\nTASS reported.\n"},
    "ok_cr_only.txt": {"ok_cr_only": "Putin met Tokayev.\nIn Almaty.\n"},
    "ok_crlf.jsonl": {"crlf-json": "Putin met Tokayev.\nIn Almaty.\n"},
    "ok_bom.txt": {"ok_bom": "Putin met Tokayev in Almaty.\n"},
    "ok_bom.jsonl": {"bom-json": T},
    "ok_id_sql.jsonl": {"'; drop table documents; --": T},
    "ok_id_quotes.jsonl": {"O'Brien \"quoted\" `back`": T},
    "ok_id_markup.jsonl": {"[bold red]x %s {0} $(rm -rf ~)": T},
    "ok_surrogate_pair.jsonl": {"emoji": "Putin \U0001F600 met Tokayev."},
}


def test_every_corpus_file_has_an_expectation():
    files = {p.name for p in CORPUS.iterdir() if p.name != "README.md"}
    assert files == set(REFUSED) | set(ACCEPTED)
    assert all(p.stat().st_size < 64 * 1024 for p in CORPUS.iterdir()), "big inputs are made at test time"


# -- helpers -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A closed database with documents, annotations, statuses and history."""
    path = tmp_path_factory.mktemp("template") / "gold.sqlite"
    with Store.open(path) as store:
        for doc_id in ("m1", "existing"):  # m1 is also the first record of malformed_line4.jsonl
            store.insert_document(DocumentRow(doc_id, T, "en", [], {}, checksum(T), 0), actor="setup")
        store.replace_layer("existing", "machine", [Span(0, 5, "ACTOR"), Span(21, 27, "LOCATION")], None,
                            actor="suggest", action="suggest")
        store.add_span("existing", "alice", Span(10, 17, "ACTOR"), actor="alice")
        store.accept_all("existing", "alice", actor="alice")
        store.set_status("existing", "alice", "done", actor="alice")
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def db(template, tmp_path) -> Path:
    path = tmp_path / "gold.sqlite"
    shutil.copyfile(template, path)
    return path


def settle(path: Path) -> None:
    """Checkpoint the whole WAL into the main file (a connection the command left open is idle,
    so nothing can stay behind in the WAL: ``busy`` must be 0)."""
    if not path.exists():
        return
    conn = sqlite3.connect(path)
    try:
        busy, _, _ = conn.execute("pragma wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        conn.close()


def snapshot(path: Path) -> tuple[bytes, list[str]]:
    settle(path)
    conn = sqlite3.connect(path)
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    settle(path)
    return path.read_bytes(), dump


def run_import(db: Path, *paths: Path):
    result = CliRunner().invoke(main, ["import", *map(str, paths), "--db", str(db), "--no-suggest"])
    settle(db)
    return result


def assert_refused(result, db: Path, before: tuple[bytes, list[str]], shown: str, pattern: str) -> str:
    """One printable line ``Error: <file>...`` matching ``pattern``, exit status 1, no change."""
    assert isinstance(result.exception, SystemExit), result.exception  # never a traceback
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    line = lines[0]
    assert line.isprintable(), f"unescaped control characters reach the terminal: {line!r}"
    assert line.startswith(f"Error: {shown}"), line
    assert re.search(re.escape(shown) + pattern, line), line
    after = snapshot(db)
    assert after[1] == before[1], "the database content changed"
    assert after[0] == before[0], "the database file changed"
    return line


# -- the committed corpus ----------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_is_refused_with_one_line_and_changes_nothing(name, db, tmp_path):
    first = tmp_path / "fine.txt"  # a good file imported first in the same command: not kept either
    first.write_text("A good document that comes first.", encoding="utf-8")
    before = snapshot(db)
    result = run_import(db, first, CORPUS / name)
    assert_refused(result, db, before, str(CORPUS / name), REFUSED[name])


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_valid_oddity_is_accepted_and_canonicalised(name, db):
    result = run_import(db, CORPUS / name)
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        for doc_id, text in ACCEPTED[name].items():
            assert store.document(doc_id).text == text
        assert "\r" not in "".join(d.text for d in store.documents())
        assert not any(d.text.startswith("\ufeff") for d in store.documents())
        assert store.document_count() == 2 + len(ACCEPTED[name])


def test_sql_in_an_id_is_data(db, tmp_path):
    nasty = "'; drop table documents; --"
    assert run_import(db, CORPUS / "ok_id_sql.jsonl").exit_code == 0
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "--layer", "alice", "--output", str(out)]).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records if r["id"] == nasty] == [nasty]
    with Store.open(db) as store:
        assert {"documents", "spans", "events"} <= set(store.db.table_names())
        assert store.spans(nasty, "alice") == [Span(0, 5, "ACTOR")]
        assert store.history(nasty, "alice")[-1]["action"] == "import"
    status = runner.invoke(main, ["status", "--db", str(db)])
    assert status.exit_code == 0, status.output
    before = snapshot(db)
    again = run_import(db, CORPUS / "ok_id_sql.jsonl")  # the same again: nothing to do
    assert again.exit_code == 0 and "0 added, 1 unchanged" in again.output
    assert snapshot(db)[1] == before[1]


# -- made at test time: big files and hostile file names ---------------------------------------
def _sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize(("name", "head", "pattern"), [
    ("huge.txt", b"", r": file too large \(209715200 bytes\) for one document"),
    ("huge.jsonl", b"", r":1: line too long \(more than 30000000 bytes\)"),
    ("huge_line2.jsonl", json.dumps({"id": "h1", "text": T}).encode() + b'\n{"id": "h2", "text": "',
     r":2: line too long \(more than 30000000 bytes\)"),
])
def test_a_200_mb_file_is_refused_without_reading_it_whole(name, head, pattern, db, tmp_path):
    big = _sparse(tmp_path / name, 200 * 1024 * 1024, head)
    before = snapshot(db)
    tracemalloc.start()
    try:
        result = run_import(db, big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_refused(result, db, before, str(big), pattern)  # how fast: benchmarks/bench_refuse_large.py
    assert peak < 80 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB: the file was read into memory"


def test_a_document_over_the_length_limit_is_refused(db, tmp_path):
    f = tmp_path / "long.jsonl"
    f.write_text(json.dumps({"id": "long", "text": "ab " * 1_666_667}) + "\n", encoding="utf-8")
    before = snapshot(db)
    assert_refused(run_import(db, f), db, before, str(f),
                   r":1: document too long \(5000001 characters, limit 5000000\)")


@pytest.mark.parametrize(("stem", "accepted"), [
    ("'; drop table documents; --", True),
    ('quote " and \' and `tick`', True),
    ("[bold red]markup", True),
    ("\x1b[31mred", False),
    ("new\nline", False),
    ("bidi\u202eexe", False),
])
def test_hostile_file_names(stem, accepted, db, tmp_path):
    f = tmp_path / f"{stem}.txt"
    f.write_text(T, encoding="utf-8")
    before = snapshot(db)
    result = run_import(db, f)
    if accepted:
        assert result.exit_code == 0, result.output
        with Store.open(db) as store:
            assert store.document(stem).text == T
    else:
        shown = repr(str(f))[1:-1]
        assert_refused(result, db, before, shown, r": invalid id '.*' \(at most 200 characters")


def test_a_file_name_that_is_not_utf8_is_refused(db, tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 name: undecodable bytes become surrogates
    f = tmp_path / name
    f.write_text(T, encoding="utf-8")
    before = snapshot(db)
    shown = repr(str(f))[1:-1]
    line = assert_refused(run_import(db, f), db, before, shown, r": invalid id 'caf\\udce9'")
    assert "\\udce9" in line


def test_an_unreadable_file_is_a_clear_error(db, tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text(T, encoding="utf-8")

    read_bytes = Path.read_bytes

    def refuse(self, *args, **kwargs):
        if self.name == f.name:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    before = snapshot(db)
    assert_refused(run_import(db, f), db, before, str(f), r": cannot read \(Permission denied\)")


def test_the_same_id_twice_with_different_texts_names_the_second_line(db, tmp_path):
    f = tmp_path / "twice.jsonl"
    f.write_text(json.dumps({"id": "t", "text": T}) + "\n" + json.dumps({"id": "t", "text": T + " Again."}) + "\n",
                 encoding="utf-8")
    before = snapshot(db)
    assert_refused(run_import(db, f), db, before, str(f),
                   r":2: document 't' appears twice in this import with different texts")


def test_an_existing_id_with_another_text_names_the_file_and_line(db, tmp_path):
    f = tmp_path / "clash.jsonl"
    f.write_text(json.dumps({"id": "new", "text": T}) + "\n" + json.dumps({"id": "existing", "text": "Other."}) + "\n",
                 encoding="utf-8")
    before = snapshot(db)
    assert_refused(run_import(db, f), db, before, str(f),
                   r":2: document 'existing' already exists with a different text \(use --replace\)")


def test_a_later_bad_file_undoes_the_earlier_good_ones(db, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}_good.txt").write_text(f"Good document number {i}.", encoding="utf-8")
    (folder / "9_bad.txt").write_bytes(b"\xff")
    before = snapshot(db)
    assert_refused(run_import(db, folder), db, before, str(folder / "9_bad.txt"), r":1: invalid UTF-8")


def test_importer_api_raises_input_error_and_stores_nothing(db):
    with Store.open(db) as store:
        before = store.document_ids()
        for name in sorted(REFUSED):
            with pytest.raises(InputError):
                import_paths(store, [CORPUS / name], actor="test")
            assert store.document_ids() == before
            assert not store.db.conn.in_transaction
