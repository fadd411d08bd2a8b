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
