"""Importing into a database that does not exist yet, with real processes: a refused import
never deletes a database another import wrote, and a refused or interrupted one (Ctrl-C: exit
130) leaves no new file behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import orjson

from tests.conftest import SEEDS

ANNOTATOR = [sys.executable, "-m", "annotator"]
GOOD = sorted(SEEDS.glob("*.txt"))[0]


def long_input(path: Path, n: int, *, bad_end: bool) -> Path:
    """``n`` small documents, and (if ``bad_end``) a malformed last line that refuses them all."""
    with path.open("wb") as f:
        for i in range(n):
            text = f"Document {i}: Putin met Tokayev in Almaty on Monday, TASS reported. " * 3
            f.write(orjson.dumps({"id": f"doc{i}", "text": text}) + b"\n")
        if bad_end:
            f.write(b"{not json\n")
    return path


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.Popen([*ANNOTATOR, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def started_on(folder: Path, name: str):
    """True once an import has begun to create ``name``: the database itself (as it used to),
    or the file it is built in until it is complete."""
    return lambda: (folder / name).exists() or any(folder.glob(f".{name}.new-*"))


def writing(db: Path) -> bool:
    """True while another process holds the database's write lock (the import's transaction)."""
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def documents(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("select id from documents order by id")]
    finally:
        conn.close()


def test_a_refused_import_never_deletes_the_database_another_import_just_wrote(tmp_path):
    db = tmp_path / "new.sqlite"
    for n in (2_000, 8_000):  # the refused import must still be running when the other one ends
        refused = start(["import", str(long_input(tmp_path / "long.jsonl", n, bad_end=True)), "--db", str(db),
                         "--no-suggest"], tmp_path)
        wait_until(started_on(tmp_path, db.name))
        good = start(["import", str(GOOD), "--db", str(db), "--no-suggest"], tmp_path)
        out, err = good.communicate(timeout=120)
        overlapped = refused.poll() is None
        _, refused_err = refused.communicate(timeout=300)
        assert good.returncode == 0, err
        assert "1 added" in out
        assert refused.returncode == 1 and "malformed JSON" in refused_err
        assert db.exists(), "the refused import deleted the database the other one had written"
        assert documents(db) == [GOOD.stem]
        if overlapped:
            break
        db.unlink()
    assert overlapped, "the refused import always finished first: the race was not exercised"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.jsonl", "new.sqlite"]


def test_two_imports_into_the_same_new_database_both_land(tmp_path):
    db = tmp_path / "new.sqlite"
    first = start(["import", str(long_input(tmp_path / "long.jsonl", 150, bad_end=False)), "--db", str(db),
                   "--no-suggest"], tmp_path)
    wait_until(started_on(tmp_path, db.name))
    second = start(["import", str(GOOD), "--db", str(db), "--no-suggest"], tmp_path)
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert len(documents(db)) == 151 and GOOD.stem in documents(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.jsonl", "new.sqlite"]


def test_ctrl_c_during_an_import_exits_130_and_leaves_no_new_file(tmp_path):
    db = tmp_path / "new.sqlite"
    process = start(["import", str(long_input(tmp_path / "long.jsonl", 3_000, bad_end=False)), "--db", str(db),
                     "--no-suggest"], tmp_path)
    wait_until(started_on(tmp_path, db.name))
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.jsonl"]


def test_ctrl_c_during_an_import_into_an_existing_database_changes_nothing(tmp_path, runner):
    from annotator.cli import main
    from tests.conftest import dump

    db = tmp_path / "old.sqlite"
    assert runner.invoke(main, ["import", str(GOOD), "--db", str(db), "--no-suggest"]).exit_code == 0
    before = dump(db)
    process = start(["import", str(long_input(tmp_path / "long.jsonl", 3_000, bad_end=False)), "--db", str(db),
                     "--no-suggest"], tmp_path)
    wait_until(lambda: writing(db))
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert dump(db) == before


def _journal_mode_in_header(db: Path) -> tuple[int, int]:
    """The file format's write and read versions (bytes 18 and 19): 2 and 2 for WAL, 1 and 1
    for a rollback journal; read from the file, which opening it could change."""
    header = db.read_bytes()[:20]
    return header[18], header[19]


def test_a_new_database_is_built_with_a_rollback_journal_and_published_in_wal_mode(tmp_path):
    from annotator.formats.importing import import_paths
    from annotator.store import Store
    from annotator.store.database import NewDatabase

    staged = NewDatabase(tmp_path / "new.sqlite")
    with Store.open(staged.path, private=True) as store:  # nobody else knows of the file yet
        assert store.db.execute("pragma journal_mode").fetchone()[0] == "delete"
        import_paths(store, [GOOD], actor="alice")
    assert _journal_mode_in_header(staged.path) == (1, 1)
    assert staged.publish()
    assert _journal_mode_in_header(tmp_path / "new.sqlite") == (2, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.sqlite"]
    assert documents(tmp_path / "new.sqlite") == [GOOD.stem]


def test_the_import_command_publishes_its_new_database_in_wal_mode(tmp_path, runner):
    from annotator.cli import main

    db = tmp_path / "new.sqlite"
    result = runner.invoke(main, ["import", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert _journal_mode_in_header(db) == (2, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.sqlite"]
    assert len(documents(db)) == len(list(SEEDS.glob("*.txt")))


def test_a_new_database_that_cannot_be_finished_is_one_line_exit_1_and_not_created(tmp_path, runner, monkeypatch):
    from annotator.cli import main
    from annotator.store import database

    connect = database.sqlite3.connect

    class Failing:
        """The connection ``publish`` opens: putting the file in WAL mode fails (a full disk)."""

        def __init__(self, *args, **kwargs):
            self._conn = connect(*args, **kwargs)

        def execute(self, sql, *args):
            if "journal_mode" in sql:
                raise sqlite3.OperationalError("database or disk is full")
            return self._conn.execute(sql, *args)

        def close(self):
            self._conn.close()

    monkeypatch.setattr(database.NewDatabase, "publish", _publish_with(database, Failing))
    db = tmp_path / "new.sqlite"
    result = runner.invoke(main, ["import", str(GOOD), "--db", str(db), "--no-suggest"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {db}: the new database could not be finished (database or disk is full); it was not created")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _publish_with(database, connection):
    """``NewDatabase.publish`` with ``sqlite3.connect`` giving ``connection`` instead."""
    publish = database.NewDatabase.publish

    def patched(self):
        real = database.sqlite3.connect
        database.sqlite3.connect = connection
        try:
            return publish(self)
        finally:
            database.sqlite3.connect = real

    return patched
