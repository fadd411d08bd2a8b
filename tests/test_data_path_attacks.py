"""Regressions found by attacking the data paths as a hostile or careless user would: each test
failed before its fix (see docs/reliability.md for the guarantee it keeps)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main

TEXT = "Angela Merkel visited Paris on Monday, said Reuters."
BIG = 123456789012345678901234567890


def _import(runner: CliRunner, db: Path, records: list[dict], *more: str) -> None:
    source = db.parent / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(main, ["import", str(source), "--db", str(db), "--no-suggest", *more])
    assert result.exit_code == 0, result.output


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner) -> Path:
    """One document with a meta integer wider than 64 bits and two gold spans."""
    path = tmp_path / "db.sqlite"
    _import(runner, path, [{"id": "d1", "text": TEXT, "layer": "gold",
                            "meta": {"n": BIG, "nested": {"a": [1, {"b": -BIG}]}},
                            "spans": [{"start": 0, "end": 13, "label": "ACTOR"},
                                      {"start": 22, "end": 27, "label": "LOCATION"}]}])
    _import(runner, path, [{"id": "d1", "text": TEXT, "layer": "alice", "status": "done",
                            "spans": [{"start": 0, "end": 13, "label": "ACTOR"}]}])
    return path


@pytest.mark.parametrize("command", [
    ["export", "--format", "jsonl"], ["export", "--format", "conll"], ["agreement", "--layers", "gold,alice", "--format", "json"],
    ["consistency", "--layer", "gold"], ["report", "--layer", "alice", "--format", "json"],
])
def test_an_output_path_holding_an_sqlite_database_is_never_replaced(db, runner, tmp_path, command):
    """`export -o db.sqlite` used to replace the database itself with the export (exit 0): every
    label gone. A file holding an SQLite database (the database, a backup) is refused, unchanged."""
    before = db.read_bytes()
    result = runner.invoke(main, [*command, "--db", str(db), "-o", str(db)])
    assert result.exit_code == 1, result.output
    assert "SQLite database" in result.output and len(result.output.strip().splitlines()) == 1
    assert db.read_bytes() == before
    backup = tmp_path / "copy.sqlite"
    assert runner.invoke(main, ["backup", str(backup), "--db", str(db)]).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(backup.name)
    copy_before = backup.read_bytes()
    result = runner.invoke(main, [*command, "--db", str(db), "-o", str(link)])
    assert result.exit_code == 1 and backup.read_bytes() == copy_before
    # a backup may still replace an old backup (that is what it is for)
    assert runner.invoke(main, ["backup", str(link), "--db", str(db)]).exit_code == 0


@pytest.mark.parametrize("fmt", ["doccano", "prodigy", "jsonl", "labelstudio"])
def test_every_json_export_writes_meta_integers_of_any_size_exactly(db, runner, tmp_path, fmt):
    """doccano and Prodigy exports used to end in a traceback on a meta integer wider than 64
    bits (imported and stored exactly since the meta work); now written exactly, and read back."""
    out = tmp_path / ("out.json" if fmt == "labelstudio" else "out.jsonl")
    result = runner.invoke(main, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert str(BIG) in text and str(-BIG) in text
    again = tmp_path / "again.sqlite"
    result = runner.invoke(main, ["import", str(out), "--db", str(again), "--no-suggest", "--format", fmt])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(again)
    try:
        meta = json.loads(conn.execute("select meta from documents").fetchone()[0])
    finally:
        conn.close()
    assert meta["n"] == BIG and meta["nested"]["a"][1]["b"] == -BIG


def test_spacy_export_refuses_a_meta_integer_it_cannot_store_naming_it(db, runner, tmp_path):
    """spaCy's DocBin (msgpack) holds integers of at most 64 bits: the export used to end in a
    traceback. It is now one line naming the document and the key, and no file is written."""
    pytest.importorskip("spacy")
    out = tmp_path / "out.spacy"
    result = runner.invoke(main, ["export", "--db", str(db), "--format", "spacy", "-o", str(out)])
    assert result.exit_code == 1
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "'d1'" in line and "'n'" in line and "64" in line, line
    assert not out.exists()
