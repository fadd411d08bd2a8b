"""Which files a command may open, create or migrate: reading commands never change a file;
writing commands create or migrate only a new, empty or annotator database; a database written
by a newer annotator, another program's database and a file that is not SQLite are refused and
left byte-identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Migrations

from annotator.cli import main
from annotator.model import Span
from annotator.store import Store, StoreError, database, schema
from tests.conftest import GOLD_DB, SEEDS
from tests.test_curation_fixtures import TEXT, make_store, span

READING = [
    ["status"], ["status", "--format", "json"], ["export"], ["export", "--format", "jsonl", "--layer", "alice"],
    ["agreement"], ["agreement", "--layers", "alice,bob", "--format", "json"], ["report", "--layer", "alice"],
    ["report", "--layer", "alice", "--format", "json"], ["evaluate"], ["evaluate", "--layer", "alice"],
    ["merge", "--dry-run"], ["consistency", "--layer", "alice"],
]
WRITING = [["import", str(SEEDS / "000_85ce295311e9b9c5.txt")], ["suggest"], ["merge"], ["curate", "--doc", "d1"], ["annotate"]]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder and a hash of its bytes. Reading a WAL database creates its -wal
    and -shm files if they are missing (SQLite's shared memory for readers, ignored by git):
    they are left out, but a -wal file must be empty (nothing written)."""
    files = {}
    for p in sorted(folder.iterdir()):
        if p.name.endswith("-wal"):
            assert p.stat().st_size == 0, f"{p.name} holds writes"
        elif p.is_file() and not p.name.endswith("-shm"):
            files[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return files


def annotator_db(path: Path, journal: str = "delete") -> Path:
    make_store(path, {"d1": TEXT}, {
        "alice": {"d1": [span("Vladimir Putin", "ACTOR"), span("Almaty", "LOCATION")]},
        "bob": {"d1": [span("Vladimir Putin", "ACTOR")]},
        "gold": {"d1": [span("Vladimir Putin", "ACTOR"), span("Almaty", "LOCATION")]},
        "machine": {"d1": [span("Almaty", "LOCATION")]},
    }).close()
    conn = sqlite3.connect(path)
    conn.execute(f"pragma journal_mode = {journal}")
    conn.close()
    return path


@pytest.fixture
def run(runner):
    def invoke(args: list[str], db: Path):
        return runner.invoke(main, [*args, "--db", str(db)], catch_exceptions=False)

    return invoke


def assert_refused(result, *, says: str) -> None:
    assert result.exit_code != 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and says in lines[0], result.output


# -- another program's files ------------------------------------------------------------------------
def test_another_programs_sqlite_database_is_refused_by_every_command_and_left_unchanged(tmp_path, run):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (id integer primary key, body text)")
    conn.execute("insert into notes (body) values ('mine, not annotator''s')")
    conn.commit()
    conn.close()
    before = fingerprint(tmp_path)
    for args in READING + WRITING:
        assert_refused(run(args, other), says="not an annotator database (an SQLite database of another program")
    assert fingerprint(tmp_path) == before  # no new table, no WAL, no -wal/-shm, no backup


def test_a_file_that_is_not_sqlite_is_refused_by_every_command_and_left_unchanged(tmp_path, run):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("shopping list: milk, bread\n" * 20)
    before = fingerprint(tmp_path)
    for args in READING + WRITING:
        assert_refused(run(args, notes), says="not an annotator database (not an SQLite file")
    assert fingerprint(tmp_path) == before


# -- reading never changes a file ---------------------------------------------------------------------
def test_reading_commands_never_change_an_annotator_database(tmp_path, run):
    db = annotator_db(tmp_path / "a.sqlite", journal="delete")  # not WAL: reading must not switch it
    before = fingerprint(tmp_path)
    for args in [*READING, ["backup", str(tmp_path / "copy" / "b.sqlite")]]:
        result = run(args, db)
        assert "not an annotator database" not in result.output, (args, result.output)
    assert fingerprint(tmp_path) == before
    assert sqlite3.connect(db).execute("pragma journal_mode").fetchone() == ("delete",)


def test_reading_commands_leave_the_shipped_gold_database_byte_identical(tmp_path, run):
    db = tmp_path / "gold.sqlite"
    shutil.copyfile(GOLD_DB, db)
    before = fingerprint(tmp_path)["gold.sqlite"]
    for args in (["status"], ["export"], ["agreement", "--layers", "machine,gold"], ["evaluate"],
                 ["report", "--layer", "machine"], ["backup", str(tmp_path / "b.sqlite")]):
        assert run(args, db).exit_code in (0, 1)
    after = fingerprint(tmp_path)
    assert after["gold.sqlite"] == before
    assert set(after) == {"gold.sqlite", "b.sqlite"}


def _newer_code(monkeypatch) -> Migrations:
    """This code with one more migration than the database has (the database is older)."""
    newer = Migrations(schema.MIGRATIONS.name)
    newer._migrations = [*schema.MIGRATIONS._migrations]

    @newer()
    def m900_notes(db):
        db["notes"].create({"doc_id": str, "note": str})

    monkeypatch.setattr(database, "MIGRATIONS", newer)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(newer._migrations))
    return newer


def test_an_older_database_is_read_as_it_is_and_migrated_only_by_a_writing_command(tmp_path, run, monkeypatch):
    db = annotator_db(tmp_path / "old.sqlite", journal="wal")
    before = fingerprint(tmp_path)
    newer = _newer_code(monkeypatch)
    for args in READING:
        result = run(args, db)
        assert "Error" not in result.output or "agreement needs" in result.output, (args, result.output)
    assert fingerprint(tmp_path) == before  # not migrated, no backup
    with Store.open(db, read_only=True) as store:
        assert store.schema_version() == len(newer._migrations) - 1 and not store.has_table("notes")
        assert store.spans("d1", "alice")[0] == span("Vladimir Putin", "ACTOR")
    assert run(["suggest"], db).exit_code == 0  # a writing command migrates (after a backup)
    with Store.open(db, read_only=True) as store:
        assert store.has_table("notes") and store.schema_version() == len(newer._migrations)
    assert (tmp_path / f"old.sqlite.before-v{len(newer._migrations)}.bak").exists()


def test_a_writing_command_fills_an_empty_file(tmp_path, run):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert_refused(run(["status"], empty), says="an empty database")
    assert empty.stat().st_size == 0
    result = run(["import", str(SEEDS / "000_85ce295311e9b9c5.txt"), "--no-suggest"], empty)
    assert result.exit_code == 0, result.output
    with Store.open(empty, read_only=True) as store:
        assert store.document_count() == 1


# -- newer databases ----------------------------------------------------------------------------------
def test_a_database_written_by_a_newer_annotator_is_refused(tmp_path, run, monkeypatch):
    db = annotator_db(tmp_path / "new.sqlite", journal="wal")
    conn = sqlite3.connect(db)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('annotator', 'm950_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = fingerprint(tmp_path)
    ours = schema.SCHEMA_VERSION
    for args in READING + WRITING:
        assert_refused(run(args, db), says=f"written by a newer annotator (schema {ours + 1} > {ours})")
    with pytest.raises(StoreError, match="newer annotator"):
        Store.open(db)
    assert fingerprint(tmp_path) == before


def test_a_database_with_more_migrations_than_this_code_knows_is_refused(tmp_path, monkeypatch):
    db = annotator_db(tmp_path / "a.sqlite")
    older = Migrations(schema.MIGRATIONS.name)
    older._migrations = []  # an annotator from before the first migration: every name is unknown
    monkeypatch.setattr(database, "MIGRATIONS", older)
    monkeypatch.setattr(database, "SCHEMA_VERSION", 0)
    with pytest.raises(StoreError, match=rf"written by a newer annotator \(schema {schema.SCHEMA_VERSION} > 0\)"):
        Store.open(db, read_only=True)


# -- what is really wrong ---------------------------------------------------------------------------
def test_unreadable_or_read_only_places_say_so(tmp_path, run, monkeypatch):
    db = annotator_db(tmp_path / "a.sqlite")
    folder = tmp_path / "folder.sqlite"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder, not a database"):
        Store.open(folder)
    real_access = os.access

    def denied(what: Path, modes: set[int]):
        def access(path, mode, *args, **kwargs):
            if Path(path) == what and mode in modes:
                return False
            return real_access(path, mode, *args, **kwargs)

        return access

    before = fingerprint(tmp_path)
    monkeypatch.setattr(database.os, "access", denied(db, {os.R_OK}))
    with pytest.raises(StoreError, match=r"a.sqlite: permission denied \(the file is not readable\)"):
        Store.open(db, read_only=True)
    monkeypatch.setattr(database.os, "access", denied(db, {os.W_OK}))
    with pytest.raises(StoreError, match=r"permission denied \(this command writes to the database; the file is"):
        Store.open(db)
    Store.open(db, read_only=True).close()  # reading a read-only file is fine
    monkeypatch.setattr(database.os, "access", denied(tmp_path, {os.W_OK}))
    with pytest.raises(StoreError, match=f"{tmp_path}: permission denied"):
        Store.open(db)
    assert fingerprint(tmp_path) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads and writes whatever the mode bits say")
def test_a_read_only_folder_and_file_for_real(tmp_path, run):
    (tmp_path / "ro").mkdir()
    db = annotator_db(tmp_path / "ro" / "a.sqlite", journal="wal")
    db.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        result = run(["status"], db)
        assert result.exit_code == 0, result.output  # a WAL database in a read-only folder can be read
        assert_refused(run(["suggest"], db), says="permission denied")
        db.chmod(0o000)
        assert_refused(run(["status"], db), says="permission denied")
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)


def test_store_read_only_cannot_write(tmp_path):
    db = annotator_db(tmp_path / "a.sqlite", journal="wal")
    with Store.open(db, read_only=True) as store, pytest.raises(StoreError, match="readonly"):
        store.add_span("d1", "alice", Span(0, 3, "ACTOR"), actor="alice")


def first_schema_copy(source: Path, target: Path) -> Path:
    """``source`` (made by this code) as a database of the first schema: only the first migration
    applied, and the rows of its tables copied over (the columns it has)."""
    import sqlite_utils

    first = Migrations(schema.MIGRATIONS.name)
    first._migrations = schema.MIGRATIONS._migrations[:1]
    db = sqlite_utils.Database(target)
    first.apply(db)
    db.execute("attach database ? as src", [str(source)])
    for table in db.table_names():
        if table.startswith("_"):
            continue
        columns = ", ".join(f'"{c}"' for c in db[table].columns_dict)
        db.execute(f'insert into main."{table}" ({columns}) select {columns} from src."{table}"')
    db.conn.commit()
    db.execute("detach database src")
    db.close()
    return target


def test_every_reading_command_reads_a_database_of_the_first_schema(tmp_path, run):
    """The rule for contributors (CONTRIBUTING.md): a reading command never migrates, so code
    that reads a table or column added by a later migration treats it as absent."""
    (tmp_path / "new").mkdir()
    (tmp_path / "old").mkdir()
    db = first_schema_copy(annotator_db(tmp_path / "new" / "a.sqlite"), tmp_path / "old" / "a.sqlite")
    before = fingerprint(db.parent)
    with Store.open(db, read_only=True) as store:
        assert store.schema_version() == 1
    others = [["search", "Putin"], ["team", "list"], ["layer", "list"], ["assign", "--list"]]
    for args in [*READING, *others]:
        result = run(args, db)
        assert "no such" not in result.output and "Traceback" not in result.output, (args, result.output)
        assert result.exit_code == 0 or "agreement needs" in result.output or "merge needs" in result.output, (
            args, result.output)
    assert fingerprint(db.parent) == before


def test_a_pipe_as_the_database_is_refused_not_waited_on(tmp_path):
    # ANNOTATOR_DB=some-fifo used to hang every command (reading and writing) forever
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a regular file"):
            Store.open(fifo, read_only=read_only)
