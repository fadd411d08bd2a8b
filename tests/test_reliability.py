"""Reliability: the event log agrees with the tables, backups (by command and before a migration),
and replacing a document's text.

``log_problems`` is shared with the crash and concurrency tests: it replays every event's
``removed``/``added`` spans, decisions and status for each (document, layer) from an empty
database and compares the result with the ``spans``, ``decisions`` and ``layer_status`` tables,
and the undo and redo stacks kept in ``undo_stack`` with those the log gives
(``annotator.store.stacks.replay``).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from sqlite_utils import Migrations

from annotator.cli import main
from annotator.model import Span
from annotator.store import Store, database, schema, stacks
from annotator.store.store import DocumentRow, checksum
from tests.conftest import dump

TEXT = "Putin met Tokajev in Almaty and TASS reported 20.000 people."
PUTIN, TOKAJEV, ALMATY, TASS = Span(0, 5, "ACTOR"), Span(10, 17, "ACTOR"), Span(21, 27, "LOCATION"), Span(32, 36, "SOURCE")


# -- the event log replays to the tables -------------------------------------------------------
class Replay:
    """The state of every (document, layer) rebuilt from the event log, event by event."""

    def __init__(self) -> None:
        self.spans: dict[tuple[str, str], set[tuple[int, int, str]]] = {}
        self.decisions: dict[tuple[str, str], dict[tuple[int, int, str], str]] = {}
        self.status: dict[tuple[str, str], str] = {}
        self.history: dict[tuple[str, str], list[tuple[int, str, int | None]]] = {}
        self.last_id = 0
        self.problems: list[str] = []

    def feed(self, conn: sqlite3.Connection) -> None:
        """Apply the events after the last one seen."""
        rows = conn.execute(
            "select id, doc_id, layer, action, payload, reverts from events where id > ? order by id", [self.last_id]
        ).fetchall()
        for event_id, doc_id, layer, action, payload, reverts in rows:
            self.last_id = event_id
            if layer is None:
                continue
            data = orjson.loads(payload)
            key = (doc_id, layer)
            self.history.setdefault(key, []).append((event_id, action, reverts))
            spans = self.spans.setdefault(key, set())
            for start, end, label, *_ in data.get("removed", []):
                if (start, end, label) not in spans:
                    self.problems.append(f"event {event_id} ({action}) removes {[start, end, label]}, not there")
                spans.discard((start, end, label))
            for start, end, label, *_ in data.get("added", []):
                if (start, end, label) in spans:
                    self.problems.append(f"event {event_id} ({action}) adds {[start, end, label]}, already there")
                spans.add((start, end, label))
            decisions = self.decisions.setdefault(key, {})
            for start, end, label, before, after in data.get("decisions", []):
                if decisions.get((start, end, label)) != before:
                    self.problems.append(f"event {event_id} ({action}): decision before is not {before!r}")
                if after is None:
                    decisions.pop((start, end, label), None)
                else:
                    decisions[(start, end, label)] = after
            if "status" in data:
                before, after = data["status"]
                if self.status.get(key, "todo") != before:
                    self.problems.append(f"event {event_id} ({action}): status before is not {before!r}")
                self.status[key] = after

    def compare(self, conn: sqlite3.Connection) -> list[str]:
        """Differences between the replayed state and the tables (plus problems met replaying)."""
        problems = list(self.problems)
        tables: dict[tuple[str, str], set] = {}
        for doc_id, layer, start, end, label in conn.execute("select doc_id, layer, start, end, label from spans"):
            tables.setdefault((doc_id, layer), set()).add((start, end, label))
        for key in set(tables) | set(self.spans):
            if tables.get(key, set()) != self.spans.get(key, set()):
                problems.append(f"{key}: spans {sorted(tables.get(key, set()))} but the log gives "
                                f"{sorted(self.spans.get(key, set()))}")
        decided: dict[tuple[str, str], dict] = {}
        for doc_id, layer, start, end, label, decision in conn.execute(
            "select doc_id, layer, start, end, label, decision from decisions"
        ):
            decided.setdefault((doc_id, layer), {})[(start, end, label)] = decision
        for key in set(decided) | set(self.decisions):
            if decided.get(key, {}) != self.decisions.get(key, {}):
                problems.append(f"{key}: decisions differ from the log")
        statuses = {(d, la): s for d, la, s in conn.execute("select doc_id, layer, status from layer_status")}
        for key in set(statuses) | set(self.status):
            if statuses.get(key, "todo") != self.status.get(key, "todo"):
                problems.append(f"{key}: status {statuses.get(key, 'todo')!r} but the log gives "
                                f"{self.status.get(key, 'todo')!r}")
        stored: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for doc_id, layer, stack, event_id in conn.execute(
            "select doc_id, layer, stack, event_id from undo_stack order by doc_id, layer, stack, depth"
        ):
            stored.setdefault((doc_id, layer), ([], []))[0 if stack == "undo" else 1].append(event_id)
        for key in set(stored) | set(self.history):
            replayed = stacks.replay(self.history.get(key, []))
            if stored.get(key, ([], [])) != replayed:
                problems.append(f"{key}: undo/redo stacks {stored.get(key)} but the log gives {replayed}")
        return problems


def log_problems(path: Path) -> list[str]:
    """Replay the whole log of the database at ``path`` and compare it with the tables."""
    conn = sqlite3.connect(path)
    try:
        replay = Replay()
        replay.feed(conn)
        return replay.compare(conn)
    finally:
        conn.close()


def integrity(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("pragma integrity_check").fetchall() + conn.execute("pragma foreign_key_check").fetchall()
    finally:
        conn.close()


@pytest.fixture
def doc_store(store: Store) -> Store:
    store.insert_document(DocumentRow("d", TEXT, "en", [], {}, checksum(TEXT), 0), actor="test")
    store.replace_layer("d", "machine", [PUTIN, ALMATY, TASS], None, actor="suggest", action="suggest")
    return store


def test_every_kind_of_change_replays_from_the_log(doc_store, db_path):
    s = doc_store
    s.add_span("d", "alice", TOKAJEV, actor="alice")
    s.accept_suggestions("d", "alice", [PUTIN], actor="alice")
    s.reject_suggestion("d", "alice", TASS, actor="alice")
    s.accept_all("d", "alice", actor="alice")
    s.replace_span("d", "alice", ALMATY, Span(21, 27, "ACTOR"), actor="alice")
    s.remove_span("d", "alice", TOKAJEV, actor="alice")
    s.set_status("d", "alice", "done", actor="alice")
    for _ in range(4):
        s.undo("d", "alice", actor="alice")
    s.redo("d", "alice", actor="alice")
    s.replace_layer("d", "gold", [PUTIN, TASS], "done", actor="curator", action="merge")
    assert log_problems(db_path) == []
    s.db.execute("delete from spans where layer = 'alice'")  # the check does see a difference
    assert log_problems(db_path)


def test_replacing_a_document_logs_what_each_layer_loses_and_undo_cannot_reach_back(doc_store, db_path):
    s = doc_store
    s.add_span("d", "alice", ALMATY, actor="alice")
    s.remove_span("d", "alice", ALMATY, actor="alice")
    s.accept_suggestions("d", "alice", [PUTIN], actor="alice")
    s.set_status("d", "alice", "done", actor="alice")
    new = "A short new text."
    assert s.insert_document(DocumentRow("d", new, "en", [], {}, checksum(new), 0), actor="importer",
                             replace=True) == "replaced"
    assert s.spans("d", "alice") == [] and s.spans("d", "machine") == [] and s.status("d", "alice") == "todo"
    # before the fix, undo "undid" changes made on the old text: a no-op, then a SpanError
    # (or, with a longer new text, a span at offsets that meant something else)
    assert s.undo("d", "alice", actor="alice") is None
    assert s.spans("d", "alice") == []
    assert log_problems(db_path) == []
    dropped = [e for e in s.history("d") if e["action"] == "import" and e["layer"] is not None]
    assert {e["layer"] for e in dropped} == {"alice", "machine"}


# -- backups -----------------------------------------------------------------------------------
WRITER = textwrap.dedent(
    """
    import sys, time
    from annotator.model import Span
    from annotator.store import Store
    store = Store.open(sys.argv[1], create=False)
    offsets = store.token_offsets("d")
    print("ready", flush=True)
    deadline = time.monotonic() + float(sys.argv[2])
    i = 0
    while time.monotonic() < deadline:
        start, end = offsets[i % len(offsets)]
        span = Span(start, end, "ACTOR")
        if i // len(offsets) % 2:
            store.remove_span("d", "w", span, actor="w")
        else:
            store.add_span("d", "w", span, actor="w")
        i += 1
    print(i, flush=True)
    """
)


def test_backup_command_takes_consistent_copies_while_another_process_writes(doc_store, db_path, tmp_path):
    doc_store.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), "1.5"], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        runner = CliRunner()
        for n in range(3):
            time.sleep(0.2)
            conn = sqlite3.connect(db_path)
            committed = conn.execute("select max(id) from events").fetchone()[0]
            conn.close()
            copy = tmp_path / f"copy{n}.sqlite"
            result = runner.invoke(main, ["backup", str(copy), "--db", str(db_path)])
            assert result.exit_code == 0, result.output
            assert result.output.strip() == f"Backed up {db_path} to {copy}"
            assert integrity(copy) == [("ok",)]
            assert log_problems(copy) == []
            with Store.open(copy, create=False) as backup:
                assert backup.db.execute("select max(id) from events").fetchone()[0] >= committed
                assert backup.document_ids() == ["d"]
            assert not list(tmp_path.glob(".*.tmp"))  # no temporary copy left behind
        out, _ = writer.communicate(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0 and int(out) > 50  # it did write all along


def test_backup_replaces_an_old_copy_and_refuses_the_database_itself_or_a_missing_folder(doc_store, db_path, tmp_path):
    runner = CliRunner()
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(b"an old, broken copy")
    assert runner.invoke(main, ["backup", str(copy), "--db", str(db_path)]).exit_code == 0
    assert integrity(copy) == [("ok",)] and dump(copy) == dump(db_path)
    before = dump(db_path)
    for target in (db_path, Path(f"{db_path}-wal"), db_path.parent / "." / db_path.name):
        result = runner.invoke(main, ["backup", str(target), "--db", str(db_path)])
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"Error: {target}: that is the database itself; back up to another file"
        ]
    missing = tmp_path / "no" / "such" / "copy.sqlite"
    result = runner.invoke(main, ["backup", str(missing), "--db", str(db_path)])
    assert result.exit_code == 1 and result.output.strip() == f"Error: {missing}: no such directory"
    assert dump(db_path) == before
    doc_store.add_span("d", "alice", PUTIN, actor="alice")  # the open store still works
    assert doc_store.spans("d", "alice") == [PUTIN]


def _newer_migrations(extra) -> Migrations:
    """The real migrations plus ``extra``: what a newer version of annotator would ship."""
    newer = Migrations(schema.MIGRATIONS.name)
    newer._migrations = [*schema.MIGRATIONS._migrations]
    newer()(extra)
    return newer


def test_migrating_an_existing_database_backs_it_up_first(doc_store, db_path, monkeypatch):
    doc_store.add_span("d", "alice", PUTIN, actor="alice")
    doc_store.close()
    before = dump(db_path)

    def m900_add_note(db):
        db["documents"].add_column("note", str)

    newer = _newer_migrations(m900_add_note)
    monkeypatch.setattr(database, "MIGRATIONS", newer)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(newer._migrations))
    with Store.open(db_path) as store:
        assert "note" in store.db["documents"].columns_dict
        assert [m.name for m in newer.applied(store.db)][-1] == "m900_add_note"
        assert store.spans("d", "alice") == [PUTIN]
    backup = db_path.with_name(f"{db_path.name}.before-v{len(newer._migrations)}.bak")
    assert backup.exists()
    assert dump(backup) == before  # the state just before the migration
    assert integrity(backup) == [("ok",)]
    with Store.open(db_path):  # up to date now: no second backup, nothing to do
        pass
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.endswith(".bak")) == [backup.name]


def test_a_failed_migration_leaves_the_database_as_it_was(doc_store, db_path, monkeypatch):
    doc_store.close()
    before = dump(db_path)

    def m900_broken(db):
        db["documents"].add_column("note", str)
        db.execute("update documents set note = 'x'")
        db.execute("insert into no_such_table values (1)")

    newer = _newer_migrations(m900_broken)
    monkeypatch.setattr(database, "MIGRATIONS", newer)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(newer._migrations))
    with pytest.raises(database.StoreError, match="no such table"):
        Store.open(db_path)
    assert dump(db_path) == before
    assert dump(db_path.with_name(f"{db_path.name}.before-v{len(newer._migrations)}.bak")) == before


def test_a_new_database_gets_no_backup(tmp_path):
    with Store.open(tmp_path / "new.sqlite"):
        pass
    assert not list(tmp_path.glob("*.bak"))


def test_sessions_opening_at_once_during_a_migration_migrate_once(doc_store, db_path, monkeypatch):
    """A new version ships and six sessions start it at the same moment. Before the migration
    took the write lock first, they ran it concurrently: "duplicate column name", "disk I/O
    error" (one process deleting the backup file another was writing), a missing backup."""
    doc_store.close()
    before = dump(db_path)

    def m900_add_note(db):
        time.sleep(0.05)  # a migration that takes a moment, as real ones do
        db["documents"].add_column("note", str)

    newer = _newer_migrations(m900_add_note)
    monkeypatch.setattr(database, "MIGRATIONS", newer)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(newer._migrations))
    start = threading.Barrier(6)
    errors: list[str] = []

    def session() -> None:
        start.wait()
        try:
            Store.open(db_path).close()
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=session) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with Store.open(db_path) as store:
        assert "note" in store.db["documents"].columns_dict
        assert [m.name for m in newer.applied(store.db)].count("m900_add_note") == 1
    backups = sorted(p.name for p in db_path.parent.iterdir() if p.name != db_path.name
                     and not p.name.endswith(("-wal", "-shm")))
    assert backups == [f"{db_path.name}.before-v{len(newer._migrations)}.bak"]
    assert dump(db_path.parent / backups[0]) == before
